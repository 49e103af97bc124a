package api

import (
	"github.com/iamplay/iamplay/engine/exposure"
	"github.com/iamplay/iamplay/engine/policy"
)

// publicAccess is the engine's public-access check (engine/exposure) of a resource-based
// policy (a secret's, a KMS key's, a role's trust policy), for POST /api/v1/validate: every
// statement, whether it lets in principals outside a fixed set of accounts, why, and the fix.
// The findings already carry its policy.public_access warnings; this is the whole report.
// Other kinds name no principal: nil, and the reply has no "publicAccess". The owner is not
// known here, so a fix pins to the account the policy's own ARNs name.
func publicAccess(text []byte, kind string) any {
	k, err := policy.ParseKind(kind)
	if err != nil || !k.ResourceBased() {
		return nil
	}
	doc, _ := policy.Parse(text)
	if doc == nil {
		return nil
	}
	r := exposure.Check(doc, exposure.Owner{})
	return &r
}
