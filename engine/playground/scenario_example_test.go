package playground_test

import (
	"encoding/json"
	"fmt"

	"github.com/iamplay/iamplay/engine/playground"
)

// The state of the playground, saved as a scenario document: its policies, its request and
// the decision it gets now, as the expectation.
func ExampleSaveScenario() {
	state := `{"policies": [{"kind": "identity", "name": "Alice reads", "enabled": true,
		"text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}]}"}],
		"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:GetSecretValue",
		"resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf"}}`
	var saved playground.SavedScenario
	_ = json.Unmarshal(playground.SaveScenario([]byte(state)), &saved)
	fmt.Print(saved.Markdown)
	// Output:
	// ---
	// title: Saved from the playground
	// summary: "User: arn:aws:iam::111122223333:user/alice is authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf because an identity-based policy allows it"
	// tags: [playground]
	// ---
	//
	// # Saved from the playground
	//
	// Say here what the reader should see, and why.
	//
	// ```json policy kind=identity name="Alice reads"
	// {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}
	// ```
	//
	// ```json request
	// {
	//   "principal": "arn:aws:iam::111122223333:user/alice",
	//   "action": "secretsmanager:GetSecretValue",
	//   "resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf"
	// }
	// ```
	//
	// ```text expect
	// Allow
	// ```
	//
	// ## Exercise
	//
	// Change one line so that ...
	//
	// ## Sources
	//
	// > The sentence of the AWS documentation this outcome rests on.
	//
	// Its page, with a link.
}
