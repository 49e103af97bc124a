package browser

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// geometry is where a widget's policy text and what follows the widget are on the page.
type geometry struct {
	Top, Height, NextTop float64
	Editor               bool
}

const widgetGeometry = `(() => { const el = document.querySelector('iamplay-scenario'), host = el.querySelector('.editor');
	const r = host.getBoundingClientRect(), next = el.nextElementSibling;
	return {Top: r.top + scrollY, Height: r.height, NextTop: next ? next.getBoundingClientRect().top + scrollY : 0,
		Editor: !!(host.shadowRoot && host.shadowRoot.querySelector('.cm-content'))} })()`

// A widget shows its policies as highlighted text without the editor; pressing the text loads
// the editor in its place, at the same height (the page does not move), with the same text of
// the same tab, the caret in it, and an edit is evaluated.
func TestWidgetEditorTakesOver(t *testing.T) {
	p := visit(t, "/course/explicit-deny/")
	first := p.checkWidgets()[0]
	loaded := `performance.getEntriesByType('resource').some(e => e.name.endsWith('/playground/editor.js'))`
	if eval[bool](p, loaded) {
		t.Error("the widget loaded the editor before anyone edited")
	}
	// The second policy (the Deny) is the one to edit.
	p.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('iamplay-scenario [role="tab"]')[1].click()`))
	static := eval[string](p, `document.querySelector('iamplay-scenario .editor pre.policy-static')?.innerText || ''`)
	if !strings.Contains(static, `"Deny"`) {
		t.Fatalf("the second tab shows %q, want the Deny policy", static)
	}
	if !strings.Contains(static, `"Statement"`) {
		t.Fatalf("the widget shows no policy text before the editor: %q", static)
	}
	if n := eval[int](p, `document.querySelectorAll('iamplay-scenario .editor pre.policy-static .j-k').length`); n == 0 {
		t.Error("the static policy text is not highlighted")
	}
	p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('iamplay-scenario .editor').scrollIntoView({block: 'center'})`))
	before := eval[geometry](p, widgetGeometry)
	p.screenshot("widget_static")
	x, y := p.center(`document.querySelector('iamplay-scenario .editor pre.policy-static .sl:nth-child(2)')`)
	p.do(chromedp.MouseClickXY(x, y))
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`(() => { const host = document.querySelector('iamplay-scenario .editor');
		const c = host.shadowRoot && host.shadowRoot.querySelector('.cm-content'); return !!c && host.shadowRoot.activeElement === c })()`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("pressing the policy text did not open the editor with the focus in it: %v", err)
	}
	// Let the editor measure itself and lay out (it does so in animation frames).
	eval[bool](p, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 100))))`)
	after := eval[geometry](p, widgetGeometry)
	p.screenshot("widget_editor")
	if !after.Editor {
		t.Fatal("the editor is not in the widget")
	}
	if math.Abs(after.Top-before.Top) > 0.5 || math.Abs(after.Height-before.Height) > 0.5 || math.Abs(after.NextTop-before.NextTop) > 0.5 {
		t.Errorf("the page moved when the editor took the static text's place: %+v, then %+v", before, after)
	}
	text := eval[string](p, `document.querySelector('iamplay-scenario .editor').shadowRoot.querySelector('.cm-content').innerText`)
	if strings.Join(strings.Fields(strings.Map(dropDigits, text)), "") != strings.Join(strings.Fields(strings.Map(dropDigits, static)), "") {
		t.Errorf("the editor holds other text than the static view showed:\n%s\n---\n%s", text, static)
	}
	// An edit through the keyboard is evaluated: without the Deny, the request is allowed.
	evals := eval[string](p, `document.querySelector('iamplay-scenario .iamplay').dataset.evaluations`)
	p.do(chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: `{"Version": "2012-10-17", "Statement": []}`})
			return err
		}))
	if d := p.widgetDecision(0); first.Got != "ExplicitDeny" || d != "Allow" || eval[string](p, `document.querySelector('iamplay-scenario .iamplay').dataset.evaluations`) == evals {
		t.Errorf("the widget shows %s, then %s after the Deny policy was emptied in the editor; want ExplicitDeny, then Allow", first.Got, d)
	}
	if !eval[bool](p, loaded) {
		t.Error("the editor came from somewhere else than editor.js")
	}
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
	}
}

// dropDigits drops the static text's line numbers (the editor draws its own in a gutter).
func dropDigits(r rune) rune {
	if r >= '0' && r <= '9' {
		return -1
	}
	return r
}

// Keys typed into a widget's policy text while the editor is still loading go into the editor
// once it is there, at the point the reader pressed: none is lost. The editor's script is held
// back by the browser until the keys are typed, so the test does not race it.
func TestTypedBeforeEditorKept(t *testing.T) {
	p := visit(t, "/course/explicit-deny/")
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/playground/editor.js*"}}})
		return err
	}))
	paused := chromedp.Events(p.ctx, fetch.RequestPaused)
	p.checkWidgets()
	p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('iamplay-scenario .editor').scrollIntoView({block: 'center'})`))
	line := eval[string](p, `document.querySelector('iamplay-scenario .editor pre.policy-static .sl:nth-child(2) .sl-t').textContent.replace(/\n$/, '')`)
	// Let the widgets settle (the second one starts as checkWidgets passes it).
	eval[bool](p, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 300))))`)
	x, y := p.center(`document.querySelector('iamplay-scenario .editor pre.policy-static .sl:nth-child(2)')`)
	scrolled := eval[float64](p, `scrollY`)
	// Past the end of the line: the caret lands at its end.
	p.do(chromedp.MouseClickXY(x, y), chromedp.KeyEvent("x! y"))
	if eval[bool](p, `!!document.querySelector('iamplay-scenario .editor').shadowRoot`) {
		t.Fatal("the editor was in place before its script was let through")
	}
	var id fetch.RequestID
	for ev, err := range paused { // the tab's deadline bounds the wait
		if err != nil {
			t.Fatalf("waiting for the editor's script: %v", err)
		}
		id = ev.RequestID
		break
	}
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		return err
	}))
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`(() => { const host = document.querySelector('iamplay-scenario .editor');
		const c = host.shadowRoot && host.shadowRoot.querySelector('.cm-content'); return !!c && host.shadowRoot.activeElement === c })()`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("the editor did not open with the focus in it: %v", err)
	}
	second := `document.querySelector('iamplay-scenario .editor').shadowRoot.querySelector('.cm-content .cm-line:nth-child(2)').textContent`
	want := line + "x! y"
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](second+` === `+jsString(want), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the policy's second line is %q after typing \"x! y\" at its end before the editor loaded; want %q",
			eval[string](p, second), want)
	}
	if now := eval[float64](p, `scrollY`); now != scrolled {
		t.Errorf("the page scrolled from %v to %v while the keys were typed and the editor took over", scrolled, now)
	}
	// Typing goes on where the typed keys ended.
	p.do(chromedp.KeyEvent("z"))
	if got := eval[string](p, second); got != line+"x! yz" {
		t.Errorf("after one more key the line is %q, want %q", got, line+"x! yz")
	}
}
