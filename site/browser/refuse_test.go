package browser

import (
	"strings"
	"testing"
)

// A policy AWS refuses (here a Sid with a hyphen in an identity policy) makes the page say
// that AWS refuses it, name it, light no row and mark the finding; an error AWS only reports
// (an unknown action) leaves the decision to the policies, and its finding says AWS stores
// and evaluates the policy.
func TestRefusedPolicyShown(t *testing.T) {
	p := open(t, "")
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Sid": "read-secrets", "Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]}`)
	if d := p.decision(); d != "Refused" {
		t.Errorf("decision %q with a Sid IAM rejects, want Refused", d)
	}
	if text := eval[string](p, `document.querySelector('#decision').textContent`); text != "AWS refuses a policy" {
		t.Errorf("the decision reads %q", text)
	}
	if r := eval[string](p, `document.querySelector('#reason').textContent`); !strings.HasPrefix(r, "AWS would refuse identityPolicies/0") {
		t.Errorf("the reason is %q, want it to name the refused policy", r)
	}
	if ok := eval[bool](p, `(() => { const l = document.querySelector('#refused'); return !l.hidden && !!l.querySelector('li[data-policy="identityPolicies/0"] button[data-code="policy.sid_characters"]') })()`); !ok {
		t.Error("the refused policy is not listed with its finding")
	}
	if aws := eval[string](p, `document.querySelector('#findings li[data-code="policy.sid_characters"]')?.dataset.aws ?? ''`); aws != "refuses" {
		t.Errorf("the Sid finding is marked %q, want refuses", aws)
	}
	if lit := eval[int](p, `document.querySelectorAll('#combos tr.lit').length`); lit != 0 {
		t.Errorf("%d rows lit while AWS refuses a policy, want none", lit)
	}
	p.screenshot("refused")

	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Sid": "ReadSecrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}]}`)
	if d := p.decision(); d == "Refused" || d == "" {
		t.Errorf("decision %q with an unknown action, want the policies' decision", d)
	}
	if hidden := eval[bool](p, `document.querySelector('#refused').hidden`); !hidden {
		t.Error("the refused list is shown though no policy is refused")
	}
	if aws := eval[string](p, `document.querySelector('#findings li[data-code="policy.unknown_action"]')?.dataset.aws ?? ''`); aws != "reports" {
		t.Errorf("the unknown-action finding is marked %q, want reports", aws)
	}
	if lit := eval[int](p, `document.querySelectorAll('#combos tr.lit').length`); lit != 1 {
		t.Errorf("%d rows lit, want one", lit)
	}
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations: %v", bad)
	}
}
