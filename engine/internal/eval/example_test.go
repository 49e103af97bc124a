package eval_test

import (
	"fmt"

	"github.com/iamplay/iamplay/engine/internal/eval"
	"github.com/iamplay/iamplay/engine/policy"
)

// Compile turns a document into matchers; Evaluate decides a request without allocating and
// Explain says why, statement by statement.
func ExampleCompile() {
	doc, _ := policy.Parse([]byte(`{"Version": "2012-10-17", "Statement": [
	  {"Sid": "OwnSecrets", "Effect": "Allow", "Action": "secretsmanager:Get*",
	   "Resource": "arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*"}]}`))
	p := eval.Compile(doc)
	ctx := eval.NewContext(map[string][]string{"aws:username": {"alice"}})
	for _, name := range []string{"alice/db-AbCdEf", "bob/db-AbCdEf"} {
		r := eval.NewRequest("arn:aws:iam::111122223333:user/alice", "secretsmanager:GetSecretValue",
			"arn:aws:secretsmanager:us-east-1:111122223333:secret:"+name, ctx)
		e, _ := p.Explain(r)
		fmt.Println(name, p.Evaluate(r).Allow, "-", e.Statements[0].Resource.Why)
	}
	// Output:
	// alice/db-AbCdEf true - the resource matches "arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*"
	// bob/db-AbCdEf false - the resource does not match "arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*"
}
