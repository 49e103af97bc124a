package browser

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// firstWidgetDecision records, before any of the page's scripts run, the performance.now() at
// which a widget first shows a decision.
const firstWidgetDecision = `new MutationObserver((ms, o) => { for (const m of ms) {
	const t = m.target; if (t.classList && t.classList.contains('decision') && t.dataset.decision && t.closest('iamplay-scenario')) {
		window.__firstWidgetDecision = performance.now(); o.disconnect(); return; } } })
	.observe(document, {subtree: true, attributes: true, attributeFilter: ['data-decision']});`

// BenchmarkScenarioPage measures, in headless Chromium, a scenario page from navigation to the
// first live decision in its widget (the page, its script, the widget script, the worker and
// the WebAssembly, all from a fresh cache), and what the page transferred before the
// WebAssembly: its own HTML, style and script (page-KB) and with the widget's script and style
// (before-wasm-KB), as the wire carries them (gzip).
// Run: go test -run '^$' -bench ScenarioPage ./site/browser
func BenchmarkScenarioPage(b *testing.B) {
	var ms, pageKB, beforeKB []float64
	for b.Loop() {
		p := newPage(b)
		p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: firstWidgetDecision}); err != nil {
				return err
			}
			// A first visit: nothing from the HTTP cache of earlier iterations.
			if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
			return err
		}))
		p.do(chromedp.Navigate(env.origin + "/course/explicit-deny/"))
		v, err := chromedp.Run(p.ctx, chromedp.Poll[float64](`window.__firstWidgetDecision || 0`))
		if err != nil {
			b.Fatal(err)
		}
		ms = append(ms, v)
		sizes := eval[[]float64](p, `(() => { const nav = performance.getEntriesByType('navigation')[0];
			const rs = performance.getEntriesByType('resource');
			const own = rs.filter(r => r.name.includes('/assets/')).reduce((s, r) => s + r.encodedBodySize, 0);
			const all = rs.filter(r => !r.name.endsWith('.json')).reduce((s, r) => s + r.encodedBodySize, 0);
			return [(nav.encodedBodySize + own) / 1024, (nav.encodedBodySize + all) / 1024] })()`)
		pageKB = append(pageKB, sizes[0])
		beforeKB = append(beforeKB, sizes[1])
	}
	b.ReportMetric(percentile(ms, 50), "ms-p50")
	b.ReportMetric(percentile(ms, 95), "ms-p95")
	b.ReportMetric(percentile(pageKB, 50), "page-KB")
	b.ReportMetric(percentile(beforeKB, 50), "before-wasm-KB")
}
