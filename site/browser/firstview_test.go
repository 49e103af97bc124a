package browser

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/iamplay/iamplay/site"
)

// The first screen says what this is, shows the rule and links to the AWS pages; at
// 1440×900 the decision and the lit row are in view without scrolling.
func TestFirstView(t *testing.T) {
	p := newPage(t)
	p.do(chromedp.EmulateViewport(1440, 900), chromedp.Navigate(env.url))
	p.waitDecision()
	p.settle()
	intro := eval[string](p, `document.querySelector('.intro').textContent`)
	for _, want := range []string{"Edit AWS IAM policies for Secrets Manager", "Explicit deny > explicit allow > implicit deny"} {
		if !strings.Contains(intro, want) {
			t.Errorf("the first screen does not say %q", want)
		}
	}
	if n := eval[int](p, `[...document.querySelectorAll('.intro a')].filter(a => a.href.startsWith('https://docs.aws.amazon.com/')).length`); n < 3 {
		t.Errorf("the first screen links %d AWS pages, want the pages the seeds come from", n)
	}
	for _, sel := range []string{"#decision", "#combos tr.lit"} {
		if !eval[bool](p, `(() => { window.scrollTo(0, 0); const r = document.querySelector(`+jsString(sel)+`).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight })()`) {
			t.Errorf("%s is not in view at 1440×900 without scrolling", sel)
		}
	}
	p.screenshot("first_view_1440x900")
}

// On a phone, a one-line decision stays in view while the policy is edited.
func TestPhoneSummary(t *testing.T) {
	p := newPage(t)
	p.do(chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.url))
	p.waitDecision()
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "secretsmanager:*", "Resource": "*"}]}`)
	p.settle()
	got := eval[[]string](p, `(() => { const s = document.querySelector('#summary'); const r = s.getBoundingClientRect();
		return [s.textContent, String(r.top >= 0 && r.bottom <= innerHeight && s.checkVisibility())] })()`)
	if !strings.Contains(got[0], "Explicit deny") || got[1] != "true" {
		t.Errorf("on a phone the summary reads %q, in view: %s; want the decision in view while editing", got[0], got[1])
	}
	p.screenshot("phone_summary")
}

// The engine failing to load (here a 404 for playground.wasm) shows a plain message with
// Retry, not a raw TypeError; Retry, once the file is there, brings the decision.
func TestEngineLoadFailure(t *testing.T) {
	setup(t)
	var fail atomic.Bool
	fail.Store(true)
	files := site.Handler(env.dist, env.netlify)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() && strings.HasSuffix(r.URL.Path, "/playground.wasm") {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p := newPage(t)
	p.do(chromedp.Navigate(srv.URL + "/" + site.PlaygroundDir + "/"))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!!document.querySelector('#decision button.retry')`)); err != nil {
		t.Fatalf("no Retry: the decision reads %q", eval[string](p, `document.querySelector('#decision').textContent`))
	}
	text := eval[string](p, `document.querySelector('#decision').textContent`)
	if !strings.Contains(text, "could not be loaded") || !strings.Contains(text, "404") || strings.Contains(text, "TypeError") {
		t.Errorf("the failure reads %q; want a plain sentence naming the 404", text)
	}
	if f := p.focused(); f != "button.retry" {
		t.Errorf("the focus is on %q, want Retry", f)
	}
	p.screenshot("engine_failed")
	fail.Store(false)
	p.press(kb.Enter)
	if d := p.waitDecision(); d != "ExplicitDeny" {
		t.Errorf("after Retry the example decides %q, want ExplicitDeny", d)
	}
}

// The focus never drops to the page body when a redraw replaces what had it: a context
// key renamed, a matrix cell loaded.
func TestFocusSurvivesRedraws(t *testing.T) {
	p := open(t, "")
	p.do(chromedp.Click(chromedp.CSS("#add-context")))
	p.settle()
	p.do(chromedp.SendKeys(chromedp.CSS("#ctx-key-0"), "SourceIp"))
	p.press(kb.Tab)
	p.settle()
	if f := p.focused(); f != "ctx-val-0" {
		t.Errorf("after naming a context key and Tab the focus is on %q, want its value", f)
	}
	cell := `#matrix button[data-action="secretsmanager:DescribeSecret"]`
	p.do(chromedp.Focus(chromedp.CSS(cell)))
	p.press(kb.Enter)
	p.settle()
	if f := eval[string](p, `document.activeElement?.dataset?.action ?? document.activeElement?.tagName`); f != "secretsmanager:DescribeSecret" {
		t.Errorf("after loading a matrix cell the focus is on %q, want the cell", f)
	}
}

// The editor shows a focus ring in the accent colour in both themes.
func TestEditorFocusRing(t *testing.T) {
	p := open(t, "")
	ring := func() string {
		x, y := p.center(`document.querySelector('#editor').shadowRoot.querySelector('.cm-line')`)
		p.do(chromedp.MouseClickXY(x, y))
		if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!!document.querySelector('#editor').shadowRoot.querySelector('.cm-editor.cm-focused')`)); err != nil {
			t.Fatalf("the editor never takes the focus: %v", err)
		}
		return eval[string](p, `(() => { const s = getComputedStyle(document.querySelector('#editor').shadowRoot.querySelector('.cm-editor'));
			return s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor })()`)
	}
	light := ring()
	p.do(chromedp.Click(chromedp.CSS("#theme")))
	dark := ring()
	for theme, r := range map[string]string{"light": light, "dark": dark} {
		if !strings.HasPrefix(r, "solid 2px") {
			t.Errorf("in the %s theme the focused editor's outline is %q, want a 2px solid ring", theme, r)
		}
	}
	if light == dark {
		t.Errorf("the ring has the same colour in both themes (%s); it follows the theme's accent", light)
	}
}
