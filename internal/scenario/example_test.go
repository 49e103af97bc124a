package scenario_test

import (
	"fmt"

	"github.com/iamplay/iamplay/internal/scenario"
)

// A scenario states a policy, a request and the decision it must get; Test says where an
// expectation fails.
func Example() {
	src := "---\ntitle: Deny wins\nsummary: An explicit deny beats an allow.\n---\n\n" +
		"```json policy name=Allow\n" +
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]}` + "\n```\n\n" +
		"```json policy name=Deny\n" +
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}` + "\n```\n\n" +
		"```json request\n" +
		`{"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:DeleteSecret", "resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf"}` + "\n```\n\n" +
		"```text expect\nAllow\n```\n\n" +
		"| action | decision |\n|---|---|\n| `secretsmanager:DescribeSecret` | `Allow` |\n"
	s, err := scenario.Parse("deny.md", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Title, len(s.Policies), "policies,", len(s.Checks), "requests")
	fmt.Println(scenario.Test(s))
	// Output:
	// Deny wins 2 policies, 2 requests
	// deny.md:19: request at line 15: want Allow, got ExplicitDeny: User: arn:aws:iam::111122223333:user/alice is not authorized to perform: secretsmanager:DeleteSecret on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf with an explicit deny in an identity-based policy
}
