package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The combination table's lit row shows the decision the page shows, read from the row's
// data; a finding's `code spans` are set as code.
func TestPageReadsData(t *testing.T) {
	p := open(t, "")
	litRow := func() string {
		return eval[string](p, `(() => { const c = document.querySelector('#combos tr.lit td[data-decision]'); return c ? c.dataset.decision : '' })()`)
	}
	if d, lit := p.decision(), litRow(); d != "ExplicitDeny" || lit != d {
		t.Errorf("the example decides %s and its lit row says %s; want ExplicitDeny for both", d, lit)
	}
	// The resource policy off: identity Allows, resource Silent, row 1.
	p.do(chromedp.Click(chromedp.CSS("#tab-1")), chromedp.Click(chromedp.CSS("#tab-enabled")))
	if d, lit := p.decision(), litRow(); d != "Allow" || lit != d {
		t.Errorf("with the resource policy off the page decides %s and its lit row says %s; want Allow for both", d, lit)
	}
	p.do(chromedp.Click(chromedp.CSS("#tab-0")))
	p.settle()
	// An unknown action: AWS stores and evaluates the policy, and the finding suggests the name.
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}]}`)
	if d, lit := p.decision(), litRow(); lit != d {
		t.Errorf("with an unknown action the page decides %s and its lit row says %q", d, lit)
	}
	const finding = `document.querySelector('#findings li[data-code="policy.unknown_action"]')`
	if code := eval[string](p, `(() => { const c = `+finding+`?.querySelector('code'); return c ? c.textContent : '' })()`); code != "secretsmanager:GetSecretValue" {
		t.Errorf("the finding's code span shows %q, want secretsmanager:GetSecretValue set as code", code)
	}
	if text := eval[string](p, finding+`.textContent`); strings.Contains(text, "`") {
		t.Errorf("the finding still shows backticks: %s", text)
	}
}
