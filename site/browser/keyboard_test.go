package browser

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The page works from the keyboard: Tab reaches the policy tabs, the editor and the request
// fields; the arrow keys move between policy tabs; Enter and Space on a matrix cell load it.
func TestKeyboard(t *testing.T) {
	p := open(t, "")
	p.settle()
	// Tab through the page from the top, recording where the focus goes.
	p.do(chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))
	var order []string
	for range 40 {
		p.press(kb.Tab)
		f := p.focused()
		order = append(order, f)
		if f == "open" && eval[string](p, `getComputedStyle(document.querySelector('label[for=open]')).outlineStyle`) != "solid" {
			t.Errorf("the focused file input shows no outline on its Open JSON label")
		}
		if f == "resource" {
			break
		}
	}
	t.Logf("focus order: %s", strings.Join(order, " → "))
	pos := func(id string) int { return slices.Index(order, id) }
	for _, id := range []string{"tab-0", "editor", "principal", "action", "resource"} {
		if pos(id) < 0 {
			t.Errorf("Tab never reaches #%s; the focus went %s", id, strings.Join(order, " → "))
		}
	}
	if pos("tab-1") >= 0 {
		t.Errorf("Tab stops on the inactive tab-1 too; a tab list is one stop (arrow keys move inside it): %s", strings.Join(order, " → "))
	}
	if !(pos("tab-0") < pos("editor") && pos("editor") < pos("principal") && pos("principal") < pos("action")) {
		t.Errorf("the focus order is %s, want the tabs, the editor, then the request", strings.Join(order, " → "))
	}

	// Arrow keys move between the policy tabs and select them.
	p.do(chromedp.Focus(chromedp.CSS("#tab-0")))
	p.press(kb.ArrowRight)
	if f := p.focused(); f != "tab-1" {
		t.Errorf("ArrowRight on tab-0 focuses %q, want tab-1", f)
	}
	if sel := eval[string](p, `document.querySelector('#tab-1').getAttribute('aria-selected')`); sel != "true" {
		t.Errorf("ArrowRight leaves tab-1 aria-selected=%q", sel)
	}
	if text := p.editorText(); !strings.Contains(text, "DenyOutsideOffice") {
		t.Errorf("after ArrowRight the editor shows %.60q, want the resource policy", text)
	}
	p.press(kb.ArrowRight) // wraps around
	if f := p.focused(); f != "tab-0" {
		t.Errorf("ArrowRight on the last tab focuses %q, want tab-0", f)
	}
	p.press(kb.ArrowLeft)
	p.press(kb.ArrowLeft)
	if f := p.focused(); f != "tab-0" {
		t.Errorf("ArrowLeft twice from tab-0 focuses %q, want tab-0", f)
	}
	p.press(kb.End)
	if f := p.focused(); f != "tab-1" {
		t.Errorf("End focuses %q, want tab-1", f)
	}
	p.press(kb.Home)
	if text := p.editorText(); p.focused() != "tab-0" || !strings.Contains(text, "ReadTestEnv") {
		t.Errorf("Home focuses %q showing %.60q, want tab-0 and the identity policy", p.focused(), text)
	}
	p.screenshot("tabs_by_keyboard")

	// Enter and Space on matrix cells load their requests.
	for _, c := range []struct{ key, action string }{{kb.Enter, "secretsmanager:DescribeSecret"}, {" ", "secretsmanager:ListSecretVersionIds"}} {
		cell := `#matrix button[data-action="` + c.action + `"]`
		want := eval[string](p, `document.querySelector(`+jsString(cell)+`).dataset.decision`)
		p.do(chromedp.Focus(chromedp.CSS(cell)))
		p.press(c.key)
		if a := eval[string](p, `document.querySelector('#action').value`); a != c.action {
			t.Errorf("%q on the %s cell loads action %q", c.key, c.action, a)
		}
		if d := p.decision(); d != want {
			t.Errorf("%q on the %s cell: the request decides %s, the cell said %s", c.key, c.action, d, want)
		}
	}
	p.screenshot("matrix_by_keyboard")
}
