package secrets_test

import (
	"encoding/json"
	"fmt"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// A rotation function written in Go, registered under the default world's function ARN: its
// steps call Secrets Manager as the function's role. This one sets a fixed value; the labels
// move as AWS moves them.
func ExampleStore_RegisterRotationFunc() {
	w := world.Default()
	st := secrets.New(w, secrets.Options{Seed: 1})
	fn := "arn:aws:lambda:us-east-1:111122223333:function:rotate"
	st.RegisterRotationFunc(fn, func(step, arn, token string, call secrets.CallFunc) error {
		switch step {
		case secrets.StepCreate:
			_, err := call("PutSecretValue", map[string]any{"SecretId": arn, "ClientRequestToken": token, "SecretString": "EXAMPLE-new", "VersionStages": []string{"AWSPENDING"}})
			return err
		case secrets.StepFinish:
			_, err := call("UpdateSecretVersionStage", map[string]any{"SecretId": arn, "VersionStage": "AWSCURRENT", "MoveToVersionId": token, "RemoveFromVersionId": "c1b2c3d4-0000-4000-8000-000000000001"})
			return err
		}
		return nil
	})
	admin, _ := w.Caller("arn:aws:iam::111122223333:user/admin")
	r := st.Call(secrets.Call{Caller: admin, Region: "us-east-1", Network: secrets.DefaultNetwork, Operation: "RotateSecret",
		Input: []byte(`{"SecretId": "Prod/db", "RotationLambdaARN": "` + fn + `", "ClientRequestToken": "00000000-0000-4000-8000-0000000000aa"}`)})
	fmt.Println(r.Err, r.Rotation.OK())
	for _, s := range r.Rotation.Steps {
		fmt.Println(s.Step, len(s.Calls), s.Err)
	}
	got := st.Call(secrets.Call{Caller: admin, Region: "us-east-1", Network: secrets.DefaultNetwork, Operation: "GetSecretValue", Input: []byte(`{"SecretId": "Prod/db"}`)})
	var v struct {
		SecretString  string
		VersionId     string
		VersionStages []string
	}
	_ = json.Unmarshal(got.Output, &v)
	fmt.Println(v.SecretString, v.VersionId, v.VersionStages)
	// Output:
	// <nil> true
	// createSecret 1 <nil>
	// setSecret 0 <nil>
	// testSecret 0 <nil>
	// finishSecret 1 <nil>
	// EXAMPLE-new 00000000-0000-4000-8000-0000000000aa [AWSCURRENT]
}
