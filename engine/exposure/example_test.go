package exposure_test

import (
	"fmt"

	"github.com/iamplay/iamplay/engine/exposure"
	"github.com/iamplay/iamplay/engine/policy"
)

// A secret's policy that lets everyone read it: the check names the statement, says why, and
// proposes the condition that pins the caller to the owner's organization.
func ExampleCheck() {
	src := []byte(`{"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`)
	doc, _ := policy.Parse(src)
	r := exposure.Check(doc, exposure.Owner{Account: "111122223333", OrgID: "o-a1b2c3d4e5"})
	s := r.Statements[0]
	fmt.Println(r.Public, s.Rule)
	fmt.Println(s.Message())
	fmt.Println(s.Fix.Replacement)
	// Output:
	// true wildcard_principal
	// statement "Everyone" (line 1) is public: Principal "*" allows every principal of every AWS account, and anonymous callers, and no condition pins the caller to named accounts, an organization or a network; add "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}} to allow only your organization
	// "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
}
