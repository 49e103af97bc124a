package authz_test

import (
	"fmt"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// Policies are compiled once; an input assembles them by reference and decides many
// requests. Decide is the fast path, Explain says why.
func ExampleInput_Decide() {
	read := authz.NewPolicy(policy.KindIdentity, "ReadTestEnv", []byte(`{
		"Version": "2012-10-17",
		"Statement": {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
			"Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/*"}}`))
	in := &authz.Input{Identity: []*authz.Policy{read}}
	for _, name := range []string{"TestEnv/db-AbCdEf", "Prod/db-AbCdEf"} {
		r := authz.Prepare(authz.Request{
			Principal: "arn:aws:iam::111122223333:user/alice",
			Action:    "secretsmanager:GetSecretValue",
			Resource:  "arn:aws:secretsmanager:us-east-1:111122223333:secret:" + name,
		})
		fmt.Println(name, in.Decide(r))
	}
	// Output:
	// TestEnv/db-AbCdEf Allow
	// Prod/db-AbCdEf ImplicitDeny
}

// Evaluate reads a whole evaluation document and explains the decision.
func ExampleEvaluate() {
	_, res := authz.Evaluate([]byte(`{
	  "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}}],
	  "resourcePolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*",
	    "Action": "secretsmanager:DeleteSecret", "Resource": "*"}},
	  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:DeleteSecret",
	    "resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}
	}`))
	fmt.Println(res.Decision)
	fmt.Println(res.Reason)
	for _, p := range res.Policies {
		fmt.Println(p.Kind, p.Verdict)
	}
	fmt.Println("row", res.Row.Index, res.Row.PolicyA, res.Row.PolicyB, res.Row.Effective)
	// Output:
	// ExplicitDeny
	// User: arn:aws:iam::111122223333:user/alice is not authorized to perform: secretsmanager:DeleteSecret on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf with an explicit deny in a resource-based policy
	// resource Denies
	// identity Allows
	// row 3 Allows Denies Access denied
}
