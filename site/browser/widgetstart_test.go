package browser

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// watchLayout records, from the start of every document of the tab, each layout shift's
// moved elements (the Layout Instability API, as the CLS metric reads it) and the computed
// display of each widget bar as it enters the page.
const watchLayout = `window.__shifts = []; window.__bars = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) for (const s of e.sources) window.__shifts.push({node: s.node || null,
	from: JSON.stringify(s.previousRect), to: JSON.stringify(s.currentRect)}); }).observe({type: 'layout-shift', buffered: true});
new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes)
	if (n.nodeType === 1 && n.classList.contains('widget-bar')) window.__bars.push(getComputedStyle(n).display); })
	.observe(document, {childList: true, subtree: true});`

// A scenario page whose first widget is in view when it loads: the widget going live moves
// nothing before it (the header, the navigation, the prose above it; the widget's style sheet
// restyles nothing of the page, the search box keeps its place until it works), and the live
// widget appears with its style, not unstyled first. What follows the widget moves down as the
// widget grows from its static side: that is the widget appearing.
func TestWidgetStartMovesNothingBefore(t *testing.T) {
	p := newPage(t)
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: watchLayout})
		return err
	}))
	p.do(chromedp.Navigate(env.origin + "/course/explicit-deny/"))
	if top := eval[float64](p, `document.querySelector('iamplay-scenario').getBoundingClientRect().top`); top > 1200 {
		t.Fatalf("the first widget is %.0f px down, not in view: the page no longer tests a widget starting in view", top)
	}
	if d := p.widgetDecision(0); d == "" {
		t.Fatal("the first widget shows no decision")
	}
	// Let the search box and anything late settle.
	eval[bool](p, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 300))))`)
	got := eval[struct {
		Bad   []string
		Bars  []string
		Moves int
	}](p, `(() => { const widgets = [...document.querySelectorAll('iamplay-scenario')];
		const after = (n) => !!n && widgets.some(w => w.contains(n) || (w.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING));
		const name = (n) => !n ? '(gone)' : n.nodeName + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ').join('.') : '');
		return {Bad: window.__shifts.filter(s => !after(s.node)).map(s => name(s.node) + ' ' + s.from + ' -> ' + s.to),
			Bars: window.__bars, Moves: window.__shifts.length} })()`)
	if len(got.Bad) > 0 {
		t.Errorf("the page moved before or around its widgets (%d moves in all):\n%s", got.Moves, strings.Join(got.Bad, "\n"))
	}
	if len(got.Bars) == 0 {
		t.Error("no widget bar entered the page")
	}
	for i, d := range got.Bars {
		if d != "flex" {
			t.Errorf("widget bar %d entered the page unstyled (display %s): the widget showed before its style sheet applied", i, d)
		}
	}
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
	}
}
