package playground_test

import (
	"encoding/json"
	"fmt"

	"github.com/iamplay/iamplay/engine/playground"
)

func ExampleEvaluate() {
	state := `{"policies": [{"kind": "identity", "name": "ReadAll", "enabled": true,
	  "text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}]}"}],
	  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:GetSecretValue",
	  "resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}}`
	var a struct {
		Decision string `json:"decision"`
		Layers   []struct {
			Kind    string `json:"kind"`
			Verdict string `json:"verdict"`
		} `json:"layers"`
	}
	_ = json.Unmarshal(playground.Evaluate([]byte(state)), &a)
	fmt.Println(a.Decision, a.Layers)
	// Output: Allow [{identity Allows}]
}
