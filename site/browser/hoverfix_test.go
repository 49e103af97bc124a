package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// squiggleJS finds the first error squiggle in the editor's shadow root.
const squiggleJS = `document.querySelector('#editor').shadowRoot.querySelector('.cm-lintRange-error')`

// Hovering a squiggle shows its message in a tooltip; the tooltip's Fix repairs the text
// and the decision follows.
func TestHoverTooltipFix(t *testing.T) {
	p := open(t, "")
	// The resource policy off, so the identity policy alone decides.
	// (Each answer re-renders the tabs, so the page settles before the next tab is clicked.)
	p.do(chromedp.Click(chromedp.CSS("#tab-1")), chromedp.Click(chromedp.CSS("#tab-enabled")))
	p.settle()
	p.do(chromedp.Click(chromedp.CSS("#tab-0")))
	// StringNotEquals on a key the request lacks holds, so the fixed policy allows; IAM refuses
	// a policy with a misspelt operator (MalformedPolicyDocument: Invalid Condition type), so
	// with the typo nothing is decided (issue 8: the answer says AWS would refuse the policy).
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*", "Condition": {"StringNotEqual": {"aws:username": "bob"}}}]}`)
	if d := p.decision(); d != "Refused" {
		t.Errorf("with the misspelt operator the decision is %s, want Refused", d)
	}
	const tooltipJS = `document.querySelector('#editor').shadowRoot.querySelector('.cm-tooltip-lint')`
	const fixJS = tooltipJS + `?.querySelector('.cm-diagnosticAction')`
	// Hover the squiggle until its tooltip shows a Fix button, and click it. The editor may
	// redraw its diagnostics once more after the answer (the linter's own pass), which closes
	// an open tooltip: then hover again, as a person would.
	for attempt := 1; ; attempt++ {
		x, y := p.center(squiggleJS)
		p.do(chromedp.MouseEvent(chromedp.MouseMoved, x-5, y), chromedp.MouseEvent(chromedp.MouseMoved, x, y))
		if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!!(`+fixJS+`)`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Fatalf("no tooltip with a Fix button after hovering the squiggle: %v", err)
		}
		if msg := eval[string](p, tooltipJS+`?.textContent ?? ""`); !strings.Contains(msg, "StringNotEquals") {
			t.Errorf("the tooltip says %q, want the suggestion StringNotEquals", msg)
		}
		if attempt == 1 {
			p.screenshot("tooltip")
		}
		box := eval[[]float64](p, `(() => { const b = `+fixJS+`; if (!b) return []; const r = b.getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2] })()`)
		if len(box) == 2 {
			p.do(chromedp.MouseEvent(chromedp.MouseMoved, box[0], box[1]), chromedp.MouseClickXY(box[0], box[1]))
			p.settle()
			if strings.Contains(p.editorText(), `"StringNotEquals"`) {
				break
			}
		}
		if attempt == 3 {
			t.Fatal("the tooltip closed before its Fix button could be clicked, three times")
		}
	}
	if d := p.decision(); d != "Allow" {
		t.Errorf("after the tooltip's fix the decision is %s, want Allow", d)
	}
	if text := p.editorText(); !strings.Contains(text, `"StringNotEquals"`) || strings.Contains(text, `"StringNotEqual"`) {
		t.Errorf("after the tooltip's fix the policy is %s", text)
	}
	if n := eval[int](p, `document.querySelector('#editor').shadowRoot.querySelectorAll('.cm-lintRange-error').length`); n != 0 {
		t.Errorf("%d squiggles remain after the fix", n)
	}
	p.screenshot("tooltip_fixed")
}
