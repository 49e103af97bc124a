package policy_test

import (
	"fmt"

	"github.com/iamplay/iamplay/engine/policy"
)

// Parse keeps every element's JSON pointer and source position.
func ExampleParse() {
	src := []byte(`{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
   "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalTag/team": "red-*"}}}]}`)
	doc, findings := policy.Parse(src)
	st := doc.Statements[0]
	v := st.Condition.Operators[0].Keys[0].Values.Items[0]
	fmt.Println(len(findings), "findings")
	fmt.Println(st.Action.Items[0].Path, st.Action.Items[0].Range)
	fmt.Println(v.Path, v.Range, v.Text)
	// Output:
	// 0 findings
	// /Statement/0/Action/0 2:47
	// /Statement/0/Condition/StringLike/aws:PrincipalTag~1team 3:75 red-*
}

// Compile turns a document into matchers; Evaluate decides a request without allocating and
// Explain says why, statement by statement.
func ExampleCompile() {
	doc, _ := policy.Parse([]byte(`{"Version": "2012-10-17", "Statement": [
	  {"Sid": "OwnSecrets", "Effect": "Allow", "Action": "secretsmanager:Get*",
	   "Resource": "arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*"}]}`))
	p := policy.Compile(doc)
	ctx := policy.NewContext(map[string][]string{"aws:username": {"alice"}})
	for _, name := range []string{"alice/db-AbCdEf", "bob/db-AbCdEf"} {
		r := policy.NewRequest("arn:aws:iam::111122223333:user/alice", "secretsmanager:GetSecretValue",
			"arn:aws:secretsmanager:us-east-1:111122223333:secret:"+name, ctx)
		fmt.Println(name, p.Evaluate(r).Allow, "-", p.Explain(r).Statements[0].Resource.Why)
	}
	// Output:
	// alice/db-AbCdEf true - the resource matches "arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*"
	// bob/db-AbCdEf false - the resource does not match "arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*"
}
