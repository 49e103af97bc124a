package policy_test

import (
	"fmt"

	"github.com/iamplay/iamplay/engine/policy"
)

// Validate checks a parsed policy for its kind; each finding has a code, a position and,
// when there is one, the replacement text that fixes it.
func ExampleValidate() {
	src := []byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
  "Action": "secretsmanager:GetSecretValu", "Resource": "*"}}`)
	doc, _ := policy.Parse(src)
	for _, f := range policy.Validate(doc, policy.KindIdentity) {
		fmt.Println(f.Range, f.Severity, f.Code, f.Path, "->", f.Suggestion)
	}
	// Output:
	// 2:13 error policy.unknown_action /Statement/Action -> "secretsmanager:GetSecretValue"
}

// LookupCode describes a finding code, as the reference page lists it.
func ExampleLookupCode() {
	c, _ := policy.LookupCode("policy.missing_resource")
	fmt.Println(c.Severity, "-", c.Summary)
	// Output:
	// error - an identity, boundary or session policy statement has no Resource or NotResource
}
