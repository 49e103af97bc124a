package browser

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/iamplay/iamplay/internal/percentile"
	"github.com/iamplay/iamplay/site"
)

// firstWidgetDecision records, before any of the page's scripts run, the performance.now() at
// which a widget first shows a decision.
const firstWidgetDecision = `new MutationObserver((ms, o) => { for (const m of ms) {
	const t = m.target; if (t.classList && t.classList.contains('decision') && t.dataset.decision && t.closest('iamplay-scenario')) {
		window.__firstWidgetDecision = performance.now(); o.disconnect(); return; } } })
	.observe(document, {subtree: true, attributes: true, attributeFilter: ['data-decision']});`

// beforeWasmBudget is the most a scenario page may fetch before its first request for the
// engine's WebAssembly, gzip-compressed as served (issue 13: at most 60 KB).
const beforeWasmBudget = 60_000

// fetchLog records what a server sent, in the order the requests arrived: each path with the
// bytes of its response body as written (gzip-compressed when the browser asks for it, as
// `iamplay serve` and Netlify send it).
type fetchLog struct {
	mu   sync.Mutex
	sent []*sent
}

type sent struct {
	path  string
	bytes int64
}

type countingWriter struct {
	http.ResponseWriter
	mu *sync.Mutex
	s  *sent
}

func (w countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.mu.Lock()
	w.s.bytes += int64(n)
	w.mu.Unlock()
	return n, err
}

func (l *fetchLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := &sent{path: r.URL.Path}
		l.mu.Lock()
		l.sent = append(l.sent, s)
		l.mu.Unlock()
		h.ServeHTTP(countingWriter{ResponseWriter: w, mu: &l.mu, s: s}, r)
	})
}

func (l *fetchLog) reset() {
	l.mu.Lock()
	l.sent = nil
	l.mu.Unlock()
}

// beforeWasm is what was sent for the requests that arrived before the first request for a
// .wasm file: their bytes and paths; ok is false when no .wasm was asked for.
func (l *fetchLog) beforeWasm() (bytes int64, paths []string, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.sent {
		if strings.HasSuffix(s.path, ".wasm") {
			return bytes, paths, true
		}
		bytes += s.bytes
		paths = append(paths, s.path)
	}
	return bytes, paths, false
}

// paths lists every path asked for so far.
func (l *fetchLog) paths() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.sent {
		out = append(out, s.path)
	}
	return out
}

// counted is a server of the built site of its own (the handler `iamplay serve` runs, under
// netlify.toml), whose log the byte measures read without other tests' requests in it.
var counted struct {
	once   sync.Once
	origin string
	log    fetchLog
}

func countedOrigin(tb testing.TB) (string, *fetchLog) {
	tb.Helper()
	setup(tb)
	counted.once.Do(func() {
		srv := httptest.NewServer(counted.log.wrap(site.Handler(env.dist, env.netlify)))
		cleanup = append(cleanup, srv.Close)
		counted.origin = srv.URL
		// The server compresses each file the first time it is asked for it (Netlify serves
		// them compressed already): not part of a first visit.
		for _, p := range []string{"/playground/playground.wasm", "/playground/iamplay.js", "/playground/wasm_exec.js"} {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+p, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}
	})
	counted.log.reset()
	return counted.origin, &counted.log
}

// coldVisit opens path on origin in a fresh tab as a first visit (the browser's HTTP cache
// off, so nothing comes from earlier visits, the engine's compiled code neither) and returns
// the ms from navigation to the first live decision in a widget.
func coldVisit(tb testing.TB, origin, path string) (*page, float64) {
	tb.Helper()
	p := newPage(tb)
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: firstWidgetDecision}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	p.do(chromedp.Navigate(origin + path))
	v, err := chromedp.Run(p.ctx, chromedp.Poll[float64](`window.__firstWidgetDecision || 0`))
	if err != nil {
		tb.Fatal(err)
	}
	return p, v
}

// BenchmarkScenarioPage measures, in headless Chromium, a first visit of a scenario page: the
// ms from navigation to the first live decision in its widget (the page, its script, the
// widget's script, the worker and the WebAssembly, nothing from a cache), and the KB
// (gzip-compressed, as served) fetched before the first request for the WebAssembly, by the
// page and by the engine's worker.
// Run: go test -run '^$' -bench ScenarioPage ./site/browser
func BenchmarkScenarioPage(b *testing.B) {
	origin, log := countedOrigin(b)
	p, _ := coldVisit(b, origin, "/course/explicit-deny/") // the server's and the browser's own start
	p.close()
	var ms, beforeKB []float64
	for b.Loop() {
		log.reset()
		p, v := coldVisit(b, origin, "/course/explicit-deny/")
		// Closed before the next visit: nothing it still asks for is counted in the next.
		p.close()
		ms = append(ms, v)
		n, paths, ok := log.beforeWasm()
		if !ok {
			b.Fatalf("no request for the WebAssembly: %v", log.paths())
		}
		if len(beforeKB) == 0 {
			b.Logf("fetched before the WebAssembly: %d bytes: %s", n, strings.Join(paths, " "))
		}
		beforeKB = append(beforeKB, float64(n)/1000)
	}
	b.ReportMetric(percentile.Of(ms, 50), "ms-p50")
	b.ReportMetric(percentile.Of(ms, 95), "ms-p95")
	b.ReportMetric(percentile.Of(beforeKB, 50), "before-wasm-KB")
}

// A scenario page, on a first visit, fetches at most 60 KB (gzip, as served) before its first
// request for the engine's WebAssembly: the page, its style and script, the widget's script
// and style, the engine's worker. The policy editor is not among them: it comes when the
// reader starts editing. The largest scenario page is the one measured.
func TestScenarioPageBeforeWasm(t *testing.T) {
	origin, log := countedOrigin(t)
	pages, err := filepath.Glob(filepath.Join(env.dist, "course", "*", "index.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no scenario pages in the built site (%v)", err)
	}
	largest, size := "", int64(0)
	for _, f := range pages {
		gz := gzipLen(t, f)
		if gz > size {
			largest, size = f, gz
		}
	}
	slug := filepath.Base(filepath.Dir(largest))
	p, ms := coldVisit(t, origin, "/course/"+slug+"/")
	n, paths, ok := log.beforeWasm()
	if !ok {
		t.Fatalf("the page showed a decision after %.0f ms without asking for the WebAssembly: %v", ms, log.paths())
	}
	t.Logf("%s (%d bytes gzip, the largest scenario page): %d bytes before the WebAssembly (%s); first decision at %.0f ms", slug, size, n, strings.Join(paths, " "), ms)
	if n > beforeWasmBudget {
		t.Errorf("%s fetched %d bytes before the WebAssembly, over the budget of %d: %v", slug, n, beforeWasmBudget, paths)
	}
	for _, q := range log.paths() {
		if strings.HasSuffix(q, "/editor.js") {
			t.Errorf("the page fetched the editor (%s) though nobody edited", q)
		}
	}
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
	}
	if _, err := os.Stat(filepath.Join(env.dist, "playground", "editor.js")); err != nil {
		t.Errorf("the build wrote no editor for the widgets: %v", err)
	}
}

// gzipLen is the size of file f gzip-compressed.
func gzipLen(tb testing.TB, f string) int64 {
	tb.Helper()
	raw, err := os.ReadFile(f)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write(raw)
	_ = w.Close()
	return int64(b.Len())
}
