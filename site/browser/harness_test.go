package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/iamplay/iamplay/site"
)

// env is the one built site, server and browser every test of the package shares.
var env struct {
	once    sync.Once
	err     error
	skip    string
	url     string // http://127.0.0.1:PORT/playground/
	origin  string
	browser context.Context
	dist    string        // the built site
	netlify *site.Netlify // netlify.toml, as the server applies it
}

// chromiumPath finds the browser; empty when there is none.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

var cleanup []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanup) - 1; i >= 0; i-- {
		cleanup[i]()
	}
	os.Exit(code)
}

// setup builds the site, serves it and starts the browser, once.
func setup(tb testing.TB) {
	tb.Helper()
	env.once.Do(func() {
		path := chromiumPath()
		if path == "" {
			env.skip = "chromium is not installed (scripts/test installs Debian's chromium)"
			return
		}
		tmp, err := os.MkdirTemp("", "iamplay-browser-")
		if err != nil {
			env.err = err
			return
		}
		cleanup = append(cleanup, func() { os.RemoveAll(tmp) })
		out := filepath.Join(tmp, "dist")
		if _, err := site.Build(site.Options{Root: filepath.Join("..", ".."), Out: out}); err != nil {
			env.err = err
			return
		}
		cfg, err := site.LoadNetlify(filepath.Join("..", "..", "netlify.toml"))
		if err != nil {
			env.err = err
			return
		}
		env.dist, env.netlify = out, cfg
		srv := httptest.NewServer(site.Handler(out, cfg))
		cleanup = append(cleanup, srv.Close)
		env.origin = srv.URL
		env.url = srv.URL + "/" + site.PlaygroundDir + "/"
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.UserDataDir(filepath.Join(tmp, "profile")),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.WindowSize(1280, 1400),
		)
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		cleanup = append(cleanup, acancel, bcancel)
		if err := chromedp.Do(bctx); err != nil {
			env.err = fmt.Errorf("starting chromium: %w", err)
			return
		}
		env.browser = bctx
	})
	if env.skip != "" {
		if os.Getenv("IAMPLAY_CI") == "1" {
			tb.Fatalf("%s, and IAMPLAY_CI=1 forbids skipping", env.skip)
		}
		tb.Skip(env.skip)
	}
	if env.err != nil {
		tb.Fatal(env.err)
	}
}

// page is one browser tab on the playground with what its console said.
type page struct {
	tb  testing.TB
	ctx context.Context
	// close closes the tab (else it closes when the test ends)
	close context.CancelFunc
	mu    sync.Mutex
	logs  []chromedp.ConsoleMessage
	shot  int
	dir   string
}

// open starts a tab with empty storage and loads the playground at url (the playground
// itself when url is ""), waiting for the first decision.
func open(tb testing.TB, url string) *page {
	tb.Helper()
	p := newPage(tb)
	if url == "" {
		url = env.url
	}
	p.do(chromedp.Navigate(url))
	p.waitDecision()
	return p
}

// newPage starts a tab with empty storage on the site's origin, recording its console.
func newPage(tb testing.TB) *page {
	tb.Helper()
	setup(tb)
	ctx, cancel := chromedp.NewContext(env.browser)
	tb.Cleanup(cancel)
	ctx, tcancel := context.WithTimeout(ctx, 45*time.Second)
	tb.Cleanup(tcancel)
	p := &page{tb: tb, ctx: ctx, close: cancel}
	if d := os.Getenv("IAMPLAY_SCREENSHOTS"); d != "" {
		p.dir = filepath.Join(d, strings.ReplaceAll(tb.Name(), "/", "_"))
	} else if t, ok := tb.(*testing.T); ok {
		p.dir = t.ArtifactDir()
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.logs = append(p.logs, m)
			p.mu.Unlock()
		}
	}()
	// Clear what earlier tests saved, on the same origin, before the playground loads.
	p.do(chromedp.Navigate(env.origin + "/" + site.PlaygroundDir + "/wasm_exec.js"))
	p.do(chromedp.Evaluate[chromedp.Void](`localStorage.clear()`))
	return p
}

func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.tb.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.tb.Fatal(err)
	}
}

// eval runs JavaScript in the page and decodes its (awaited) result into T.
func eval[T any](p *page, js string) T {
	p.tb.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.tb.Fatalf("evaluating %.80s: %v", js, err)
	}
	return v
}

// waitDecision waits until the page has rendered an answer, then returns its decision.
func (p *page) waitDecision() string {
	p.tb.Helper()
	const decided = `document.body.dataset.evaluations && document.querySelector('#decision').dataset.decision`
	var d string
	var err error
	for try := 0; ; try++ {
		d, err = chromedp.Run(p.ctx, chromedp.Poll[string](decided, chromedp.WithPollingTimeout(20*time.Second)))
		// A poll begun in the document the navigation replaced fails so; poll the new one.
		if err == nil || try == 3 || !strings.Contains(err.Error(), "Cannot find context with specified id") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		p.tb.Fatalf("no decision shown: %v", err)
	}
	return d
}

// settle waits until the worker has answered every edit and the matrix followed.
func (p *page) settle() {
	p.tb.Helper()
	time.Sleep(50 * time.Millisecond)
	// Nothing in flight (data-busy, set while the playground evaluates or draws its matrix),
	// and the count of evaluations still for 60 ms: however slow the machine, no answer is
	// read before it is drawn.
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`(async () => { const n = document.body.dataset.evaluations;
		if (document.documentElement.dataset.busy) return false;
		await new Promise(r => setTimeout(r, 60));
		return !document.documentElement.dataset.busy && n === document.body.dataset.evaluations })()`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		p.tb.Fatal(err)
	}
}

// decision is the decision the page shows after every edit was evaluated.
func (p *page) decision() string {
	p.settle()
	return eval[string](p, `document.querySelector('#decision').dataset.decision || ''`)
}

// typeText replaces the current editor tab's text through the keyboard: select all, then
// insert the text as an input method does.
func (p *page) typeText(text string) {
	p.tb.Helper()
	p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#editor').shadowRoot.querySelector('.cm-content').focus()`),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			return err
		}))
}

// editorText is the current tab's text.
func (p *page) editorText() string {
	return eval[string](p, `iamplayTest.text()`)
}

// screenshot saves the viewport as NN_name.png in the test's output directory.
func (p *page) screenshot(name string) {
	p.tb.Helper()
	if p.dir == "" {
		return
	}
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.tb.Fatal(err)
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		p.tb.Fatal(err)
	}
	p.shot++
	f := filepath.Join(p.dir, fmt.Sprintf("%02d_%s.png", p.shot, name))
	if err := os.WriteFile(f, buf, 0o644); err != nil {
		p.tb.Fatal(err)
	}
	p.tb.Logf("screenshot %s", f)
}

// problems lists console errors, uncaught exceptions and CSP violations seen so far.
func (p *page) problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, m := range p.logs {
		s := m.String()
		if m.IsException() || m.Type == chromedp.ConsoleError || strings.Contains(s, "Content Security Policy") || strings.Contains(s, "Refused to") {
			out = append(out, s)
		}
	}
	return out
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// center is the viewport centre of the element the JavaScript expression finds (it may
// reach into the editor's shadow root); it fails the test when there is none.
func (p *page) center(find string) (x, y float64) {
	p.tb.Helper()
	r := eval[[]float64](p, `(() => { const e = `+find+`; if (!e) return []; e.scrollIntoView({block: 'center'});
		const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
	if len(r) != 2 {
		p.tb.Fatalf("no element for %s", find)
	}
	return r[0], r[1]
}

// press sends one key to the focused element, as a keyboard does.
func (p *page) press(key string) {
	p.tb.Helper()
	p.do(chromedp.KeyEvent(key))
}

// focused describes the focused element: its id, or "editor" inside the policy editor.
func (p *page) focused() string {
	return eval[string](p, `(() => { const a = document.activeElement; if (!a) return '';
		if (a.id === 'editor') return a.shadowRoot.activeElement && a.shadowRoot.activeElement.classList.contains('cm-content') ? 'editor' : 'editor-host';
		return a.id || a.tagName.toLowerCase() + (a.className ? '.' + a.className : '') })()`)
}
