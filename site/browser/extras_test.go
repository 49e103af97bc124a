package browser

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/iamplay/iamplay/engine/playground"
)

// The examples menu lists every curated example (engine/playground/examples.json) with its
// one-line description; choosing one loads it, it decides what it says, and Undo is offered.
func TestExamplesMenu(t *testing.T) {
	list, err := playground.ExampleList()
	if err != nil {
		t.Fatal(err)
	}
	p := open(t, "")
	p.do(chromedp.Click(chromedp.CSS("#examples-menu summary")))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelectorAll('#examples button.example').length > 0`)); err != nil {
		t.Fatal(err)
	}
	if n := eval[int](p, `document.querySelectorAll('#examples button.example').length`); n != len(list) || n < 15 {
		t.Errorf("the menu lists %d examples, want all %d (at least 15)", n, len(list))
	}
	p.screenshot("examples_menu")
	for _, ex := range list {
		if desc := eval[string](p, `document.querySelector('#ex-`+ex.ID+`')?.textContent ?? ''`); desc != ex.Description {
			t.Errorf("%s: the menu describes it as %q", ex.ID, desc)
		}
	}
	for _, ex := range list {
		p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#examples-menu').open = true`),
			chromedp.Click(chromedp.CSS(`#examples button[data-example="`+ex.ID+`"]`)))
		if d := p.decision(); d != string(ex.Want) {
			t.Errorf("%s: the page decides %s, the example says %s", ex.ID, d, ex.Want)
		}
		if lit, _ := litRow(p); lit != string(ex.Want) {
			t.Errorf("%s: the lit row says %s, the decision is %s", ex.ID, lit, ex.Want)
		}
	}
	if msg := eval[string](p, `document.querySelector('#toast:not([hidden])')?.textContent ?? ''`); !strings.Contains(msg, "Loaded the example") {
		t.Errorf("after choosing an example the toast says %q, want Undo offered", msg)
	}
	p.screenshot("example_loaded")
}

// Format lays a policy out with two-space indents and leaves text that is not JSON alone.
func TestFormatButton(t *testing.T) {
	p := open(t, "")
	p.typeText(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}]}`)
	p.settle()
	p.do(chromedp.Click(chromedp.CSS("#format")))
	p.settle()
	want := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"secretsmanager:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
	if got := p.editorText(); got != want {
		t.Errorf("formatted:\n%s\nwant\n%s", got, want)
	}
	broken := `{"Version": "2012-10-17", "Statement": [`
	p.typeText(broken)
	p.settle()
	p.do(chromedp.Click(chromedp.CSS("#format")))
	if got := p.editorText(); got != broken {
		t.Errorf("Format changed text that is not JSON: %q", got)
	}
	if msg := eval[string](p, `document.querySelector('#toast-text').textContent`); !strings.Contains(msg, "Format needs valid JSON") {
		t.Errorf("Format on broken JSON says %q", msg)
	}
}

// The access matrix has a legend and is one tab stop: the arrow keys move between cells.
func TestMatrixLegendAndArrows(t *testing.T) {
	p := open(t, "")
	p.settle()
	legend := eval[string](p, `document.querySelector('#matrix-legend').textContent`)
	for _, want := range []string{"Allow", "explicit deny", "implicitly denied", "Columns:"} {
		if !strings.Contains(legend, want) {
			t.Errorf("the legend does not say %q: %s", want, legend)
		}
	}
	if n := eval[int](p, `document.querySelectorAll('#matrix button[tabindex="0"]').length`); n != 1 {
		t.Errorf("%d matrix cells take the Tab key, want one", n)
	}
	p.do(chromedp.Focus(chromedp.CSS(`#matrix button[tabindex="0"]`)))
	start := eval[string](p, `document.activeElement.dataset.action`)
	p.press(kb.ArrowDown)
	next := eval[[]string](p, `[document.activeElement.dataset.action || '', document.activeElement.tabIndex + '']`)
	if next[0] == start || next[0] == "" || next[1] != "0" {
		t.Errorf("ArrowDown from %s focuses %v, want the next action's cell with the Tab stop", start, next)
	}
	p.press(kb.ArrowUp)
	if a := eval[string](p, `document.activeElement.dataset.action`); a != start {
		t.Errorf("ArrowUp goes back to %s, want %s", a, start)
	}
}

// A check pins the request with its expected decision; it passes or fails live as the
// policies change, and a share link keeps it.
func TestChecks(t *testing.T) {
	p := open(t, "")
	p.settle()
	p.do(chromedp.Click(chromedp.CSS("#pin")))
	p.settle()
	check := func() string {
		if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!!document.querySelector('#checks li')`)); err != nil {
			t.Fatal(err)
		}
		p.settle()
		return eval[string](p, `document.querySelector('#checks li').dataset.pass`)
	}
	if c := check(); c != "true" {
		t.Errorf("the pinned request fails at once: %s", c)
	}
	// The resource policy off: the pinned request now allows, so the check fails.
	p.do(chromedp.Click(chromedp.CSS("#tab-1")), chromedp.Click(chromedp.CSS("#tab-enabled")))
	p.settle()
	time.Sleep(200 * time.Millisecond)
	if c := check(); c != "false" {
		t.Errorf("after turning off the deny the check says pass=%s, want it to fail", c)
	}
	p.screenshot("check_fails")
	p.do(chromedp.Click(chromedp.CSS("#share")), chromedp.WaitVisible(chromedp.CSS("#share-url")))
	link := eval[string](p, `document.querySelector('#share-url').value`)
	var st struct {
		Assertions []struct {
			Want string `json:"want"`
		} `json:"assertions"`
	}
	if err := json.Unmarshal([]byte(decodeShare(t, link[strings.Index(link, "#s=")+3:])), &st); err != nil || len(st.Assertions) != 1 || st.Assertions[0].Want != "ExplicitDeny" {
		t.Errorf("the share link keeps the checks %+v (%v), want the one pinned with ExplicitDeny", st.Assertions, err)
	}
	q := open(t, link)
	if _, err := chromedp.Run(q.ctx, chromedp.Poll[bool](`document.querySelector('#checks li')?.dataset.pass === 'false'`)); err != nil {
		t.Errorf("the shared link does not show the failing check: %v", err)
	}
}
