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
