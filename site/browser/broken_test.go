package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A policy that does not parse is never silent: the decision panel says AWS would refuse it
// and names its tab with a link to the error, the tab carries a marker that is not colour
// alone, and its explanation says it could not be read instead of "No statements".
func TestBrokenPolicyIsNotSilent(t *testing.T) {
	p := open(t, "")
	p.typeText(`{"Version": "2012-10-17", "Statement": [`)
	if d := p.decision(); d != "Refused" {
		t.Fatalf("decision %q with a policy cut short, want Refused", d)
	}
	if li := eval[string](p, `document.querySelector('#refused li')?.textContent ?? ''`); !strings.Contains(li, "Identity: AliceReadsTestEnv") || !strings.Contains(li, "AWS would refuse") {
		t.Errorf("the decision panel says %q; want it to name the tab and that AWS would refuse it", li)
	}
	if marker := eval[string](p, `document.querySelector('#tab-0 .tab-error')?.textContent ?? ''`); !strings.Contains(marker, "⚠") || !strings.Contains(marker, "error") {
		t.Errorf("the tab's marker reads %q, want a sign and the word error", marker)
	}
	text := eval[string](p, `document.querySelector('#explain').textContent`)
	if !strings.Contains(text, "could not be read") || strings.Contains(text, "No statements") {
		t.Errorf("the explanation says %q; want that the policy could not be read, not No statements", text)
	}
	// The link selects the error in the editor.
	p.do(chromedp.Click(chromedp.CSS(`#explain .refused-note button`)))
	if f := p.focused(); f != "editor" {
		t.Errorf("the link to the error focuses %q, want the editor", f)
	}
	p.screenshot("broken")
	// An error AWS only reports: the panel names the tab, the policy is evaluated.
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}]}`)
	if d := p.decision(); d == "Refused" {
		t.Errorf("an unknown action refuses the policy; AWS stores and evaluates it")
	}
	if li := eval[string](p, `document.querySelector('#problems:not([hidden]) li')?.textContent ?? ''`); !strings.Contains(li, "Identity: AliceReadsTestEnv: 1 error") {
		t.Errorf("the decision panel says %q; want it to name the tab with its error", li)
	}
	p.screenshot("reported")
}

// The request form checks its fields with the findings the editors show: an unknown action
// with its fix, a principal and a resource that are not ARNs, each field marked invalid.
func TestRequestFieldFindings(t *testing.T) {
	p := open(t, "")
	set := func(field, value string) {
		p.do(chromedp.SetValue(chromedp.CSS("#"+field), value),
			chromedp.Evaluate[chromedp.Void](`document.querySelector('#`+field+`').dispatchEvent(new Event('input'))`))
	}
	set("action", "secretsmanager:GetSecretValu")
	set("principal", "alice")
	set("resource", "prod/db")
	p.settle()
	for field, code := range map[string]string{"action": "request.unknown_action", "principal": "request.bad_principal", "resource": "request.bad_resource"} {
		got := eval[[]string](p, `(() => { const i = document.querySelector('#`+field+`'); const f = document.querySelector('#`+field+`-findings li');
			return [i.getAttribute('aria-invalid') || '', String(i.classList.contains('squiggle')), f ? f.dataset.code : ''] })()`)
		if got[0] != "true" || got[1] != "true" || got[2] != code {
			t.Errorf("#%s: aria-invalid %q, squiggle %s, finding %q; want true, true, %s", field, got[0], got[1], got[2], code)
		}
	}
	p.screenshot("request_findings")
	p.do(chromedp.Click(chromedp.CSS(`#action-findings button.fix`)))
	p.settle()
	if a := eval[string](p, `document.querySelector('#action').value`); a != "secretsmanager:GetSecretValue" {
		t.Errorf("after the fix the action is %q", a)
	}
	if n := eval[int](p, `document.querySelectorAll('#action-findings li').length`); n != 0 {
		t.Errorf("%d findings remain under the fixed action", n)
	}
	if f := p.focused(); f != "action" {
		t.Errorf("after the fix the focus is on %q, want the action field", f)
	}
}

// A finding's code is one click from what it means and an example that produces it.
func TestFindingCodeInfo(t *testing.T) {
	p := open(t, "")
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}]}`)
	p.settle()
	const info = `#findings li[data-code="policy.unknown_action"] details.code-info`
	p.do(chromedp.Click(chromedp.CSS(info + " summary")))
	got := eval[[]string](p, `(() => { const d = document.querySelector(`+jsString(info)+`); return [String(d.open), d.querySelector('p').textContent, d.querySelector('pre')?.textContent ?? ''] })()`)
	if got[0] != "true" || len(got[1]) < 20 || !strings.Contains(got[2], "Statement") {
		t.Errorf("the code's details: open %s, says %q, example %.60q; want its meaning and an example policy", got[0], got[1], got[2])
	}
	p.screenshot("code_info")
}
