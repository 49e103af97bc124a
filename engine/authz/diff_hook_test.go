package authz_test

import (
	"fmt"

	"github.com/iamplay/iamplay/engine/authz"
)

// evaluateForDiff decides one evaluation document (JSON, the format of DESIGN.md) with our
// evaluator and returns "Allow", "ExplicitDeny" or "ImplicitDeny". TestDifferential compares
// it with the oracle. It also checks that Decide and Explain agree on the document.
func evaluateForDiff(doc []byte) (decision string, err error) {
	d, res := authz.Evaluate(doc)
	if d == nil {
		return "", fmt.Errorf("unreadable document: %v", res.Findings)
	}
	if fast := d.Input.Decide(authz.Prepare(d.Request)); fast != res.Decision {
		return "", fmt.Errorf("Decide says %s, Explain says %s", fast, res.Decision)
	}
	return string(res.Decision), nil
}
