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
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "alice"}}}]}`)
	if d, lit := p.decision(), litRow(); lit != d {
		t.Errorf("with an unknown operator the page decides %s and its lit row says %s", d, lit)
	}
	const finding = `document.querySelector('#findings li[data-code="condition.unknown_operator"]')`
	if code := eval[string](p, `(() => { const c = `+finding+`?.querySelector('code'); return c ? c.textContent : '' })()`); code != "StringEquals" {
		t.Errorf("the finding's code span shows %q, want StringEquals set as code", code)
	}
	if text := eval[string](p, finding+`.textContent`); strings.Contains(text, "`") {
		t.Errorf("the finding still shows backticks: %s", text)
	}
}
