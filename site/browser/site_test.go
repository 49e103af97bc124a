package browser

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// visit opens a page of the site in a fresh tab (empty storage) and waits for its script.
func visit(t testing.TB, path string) *page {
	t.Helper()
	p := newPage(t)
	p.do(chromedp.Navigate(env.origin + path))
	p.do(chromedp.WaitReady(chromedp.CSS("body")))
	return p
}

// widgetResult is what a live widget showed for one of its requests.
type widgetResult struct {
	Widget, Request int
	Name            string
	Expect, Got     string
	Agrees          string
}

// checkWidgets scrolls to each <iamplay-scenario> of the page in turn, lets it go live, picks
// each of its requests and reads the decision it shows (data-decision); it returns them all.
// It fails when a widget does not go live within the timeout.
func (p *page) checkWidgets() []widgetResult {
	p.tb.Helper()
	js := `(async () => {
		const sleep = (ms) => new Promise(r => setTimeout(r, ms));
		// settled waits until the widget's playground has answered every change.
		const settled = async (el) => {
			for (let t = 0; t < 400; t++) {
				const r = el.querySelector('.iamplay'), d = r && r.querySelector('.decision');
				const n = r && r.dataset.evaluations;
				if (n && d && d.dataset.decision) { await sleep(80); if (n === r.dataset.evaluations) return d.dataset.decision; }
				else await sleep(50);
			}
			throw new Error('widget ' + [...document.querySelectorAll('iamplay-scenario')].indexOf(el) + ' shows no decision');
		};
		const out = [];
		const widgets = [...document.querySelectorAll('iamplay-scenario')];
		for (const [i, el] of widgets.entries()) {
			el.scrollIntoView({block: 'center'});
			for (let t = 0; t < 400 && !el.widget; t++) await sleep(50);
			if (!el.widget) throw new Error('widget ' + i + ' did not start');
			for (const [j, req] of el.widget.requests.entries()) {
				const sel = el.querySelector('select.request-pick');
				await settled(el);
				if (sel && sel.value !== String(j)) {
					const before = el.querySelector('.iamplay').dataset.evaluations;
					sel.value = String(j); sel.dispatchEvent(new Event('change'));
					for (let t = 0; t < 200 && el.querySelector('.iamplay').dataset.evaluations === before; t++) await sleep(25);
				}
				const got = await settled(el);
				out.push({Widget: i, Request: j, Name: req.name || '', Expect: req.expect || '', Got: got,
					Agrees: el.querySelector('.widget-bar .expect')?.dataset.ok || ''});
			}
		}
		return out;
	})()`
	return eval[[]widgetResult](p, js)
}

// Every scenario page, opened in Chromium, shows in its widgets the decision the scenario
// states for each request, with no console error and no CSP violation.
func TestScenarioPages(t *testing.T) {
	setup(t)
	pages, err := filepath.Glob(filepath.Join(env.dist, "scenarios", "*.json"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no scenario JSON in the built site (%v)", err)
	}
	total := 0
	for _, f := range pages {
		slug := strings.TrimSuffix(filepath.Base(f), ".json")
		var pub struct {
			Checks []struct {
				Want string `json:"want"`
			} `json:"checks"`
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &pub); err != nil {
			t.Fatal(err)
		}
		t.Run(slug, func(t *testing.T) {
			p := visit(t, "/course/"+slug+"/")
			results := p.checkWidgets()
			if len(results) != len(pub.Checks) {
				t.Errorf("the page's widgets hold %d requests; the scenario has %d checks", len(results), len(pub.Checks))
			}
			for i, r := range results {
				if i < len(pub.Checks) && r.Expect != pub.Checks[i].Want {
					t.Errorf("widget %d request %d expects %s; the scenario states %s", r.Widget, r.Request, r.Expect, pub.Checks[i].Want)
				}
				if r.Got != r.Expect {
					t.Errorf("widget %d request %d (%s): the page shows %s, the scenario states %s", r.Widget, r.Request, r.Name, r.Got, r.Expect)
				}
				if r.Agrees != "true" {
					t.Errorf("widget %d request %d: the widget does not say the engine agrees (data-ok=%q)", r.Widget, r.Request, r.Agrees)
				}
			}
			total += len(results)
			if bad := p.problems(); len(bad) > 0 {
				t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
			}
		})
	}
	t.Logf("%d scenario pages, %d decisions shown as stated", len(pages), total)
}

// A widget's Reset brings back what the page gave after an edit; "Open in the playground"
// carries the current state.
func TestWidgetResetAndOpen(t *testing.T) {
	p := visit(t, "/course/explicit-deny/")
	first := p.checkWidgets()[0]
	p.do(chromedp.Evaluate[chromedp.Void](`(() => { const el = document.querySelector('iamplay-scenario');
		const i = el.querySelector('input[id$="-resource"]'); i.value = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf'; i.dispatchEvent(new Event('input')); })()`))
	changed := p.widgetDecision(0)
	if first.Got != "ExplicitDeny" || changed != "Allow" {
		t.Errorf("the widget decides %s, then %s after the resource moved off the denied secret; want ExplicitDeny, then Allow", first.Got, changed)
	}
	link := eval[string](p, `document.querySelector('iamplay-scenario a.open-link').href`)
	if !strings.HasPrefix(link, env.origin+"/playground/#s=") {
		t.Errorf("the widget opens %q, want the playground with the state", link)
	}
	state := decodeShare(t, strings.TrimPrefix(link, env.origin+"/playground/#s="))
	if !strings.Contains(state, "TestEnv/db-AbCdEf") {
		t.Errorf("the playground link does not carry the edit: %s", state)
	}
	p.do(chromedp.Click(chromedp.CSS("iamplay-scenario button.reset")))
	if d := p.widgetDecision(0); d != first.Expect {
		t.Errorf("after Reset the widget shows %s, want the stated %s", d, first.Expect)
	}
	// The playground opens the carried state.
	q := newPage(t)
	q.do(chromedp.Navigate(link))
	if d := q.waitDecision(); d != changed {
		t.Errorf("the playground opened from the widget decides %s, want the widget's %s", d, changed)
	}
}

// widgetDecision waits until widget i has answered every change and returns its decision.
func (p *page) widgetDecision(i int) string {
	p.tb.Helper()
	d, err := chromedp.Run(p.ctx, chromedp.Poll[string](fmt.Sprintf(`(async () => { const el = document.querySelectorAll('iamplay-scenario')[%d];
		const r = el && el.querySelector('.iamplay'); const n = r && r.dataset.evaluations; if (!n) return '';
		await new Promise(res => setTimeout(res, 100)); return n === r.dataset.evaluations ? r.querySelector('.decision').dataset.decision || '' : '' })()`, i),
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		p.tb.Fatalf("widget %d shows no decision: %v", i, err)
	}
	return d
}

// The WebAssembly is fetched only when a widget is about to be seen: a page whose widgets are
// far below starts no worker until the reader scrolls to them.
func TestWidgetsLoadWhenNear(t *testing.T) {
	p := newPage(t)
	p.do(chromedp.EmulateViewport(1280, 500))
	p.do(chromedp.Navigate(env.origin + "/course/explicit-deny/"))
	p.do(chromedp.WaitReady(chromedp.CSS("body")))
	time.Sleep(700 * time.Millisecond)
	loaded := `performance.getEntriesByType('resource').some(e => e.name.endsWith('/playground/iamplay.js'))`
	if eval[bool](p, loaded) {
		t.Error("the widget script loaded before any widget came near the viewport")
	}
	p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('iamplay-scenario').scrollIntoView()`))
	if d := p.widgetDecision(0); d == "" {
		t.Error("the widget did not go live after scrolling to it")
	}
	if !eval[bool](p, loaded) {
		t.Error("the widget went live without loading iamplay.js")
	}
}

// The home page says what iamplay is and gets a reader to a live example in one click; search
// finds an action of the reference and a scenario; a scenario marked done shows in the course.
func TestSitePages(t *testing.T) {
	p := visit(t, "/")
	p.screenshot("home")
	axeScan(t, p, "home page")
	href := eval[string](p, `document.querySelector('.cta a.primary').getAttribute('href')`)
	p.do(chromedp.Click(chromedp.CSS(".cta a.primary")))
	p.do(chromedp.WaitReady(chromedp.CSS("iamplay-scenario")))
	if !strings.HasPrefix(href, "/course/") {
		t.Errorf("the home page's first link goes to %q, want a scenario", href)
	}
	if d := p.widgetDecision(0); d == "" {
		t.Error("one click from the home page shows no live decision")
	}
	p.screenshot("scenario")
	axeScan(t, p, "scenario page")

	// Search, from the box every page has.
	p.do(chromedp.Click(chromedp.CSS("#search-q")), chromedp.SendKeys(chromedp.CSS("#search-q"), "GetSecretValue"))
	p.do(chromedp.WaitVisible(chromedp.CSS("#search-results a")))
	results := eval[[]string](p, `[...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'))`)
	if len(results) == 0 || results[0] != "/reference/secretsmanager/#GetSecretValue" {
		t.Errorf("searching GetSecretValue finds %v first, want the reference's entry", results)
	}
	p.do(chromedp.Evaluate[chromedp.Void](`(() => { const q = document.querySelector('#search-q'); q.value = 'explicit deny'; q.dispatchEvent(new Event('input')) })()`))
	time.Sleep(200 * time.Millisecond)
	if got := eval[string](p, `document.querySelector('#search-results a')?.getAttribute('href') || ''`); got != "/course/explicit-deny/" {
		t.Errorf("searching 'explicit deny' finds %q first, want the scenario", got)
	}

	// Progress: mark the scenario done; the course index counts it.
	slug := eval[string](p, `document.querySelector('button.mark-done').dataset.slug`)
	p.do(chromedp.Click(chromedp.CSS("button.mark-done")))
	p.do(chromedp.Navigate(env.origin + "/course/"))
	p.do(chromedp.WaitVisible(chromedp.CSS("#progress")))
	if got := eval[string](p, `document.querySelector('#progress').textContent`); !strings.Contains(got, "done 1 of") {
		t.Errorf("the course says %q after one scenario was marked done", got)
	}
	if !eval[bool](p, `document.querySelector('.course-list li[data-slug=`+jsString(slug)+`]').classList.contains('done')`) {
		t.Errorf("the course index does not mark %s done", slug)
	}

	p.do(chromedp.Navigate(env.origin + "/reference/secretsmanager/#GetSecretValue"))
	p.do(chromedp.WaitReady(chromedp.CSS("#GetSecretValue")))
	p.screenshot("reference")
	axeScan(t, p, "reference page")
	res, err := http.Get(env.origin + "/no/such/page/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing page answers %d, want 404", res.StatusCode)
	}
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
	}
}

// embedTestPage is a plain documentation page on another site: one script tag, one element
// pointing at a published scenario, one with the policies inline.
const embedTestPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Docs elsewhere</title>
<script src="ORIGIN/playground/iamplay.js" defer></script></head>
<body><main><h1>Somebody else's documentation</h1>
<p>A scenario of the course, by address:</p>
<iamplay-scenario id="bysrc" src="ORIGIN/scenarios/explicit-deny.json"></iamplay-scenario>
<p>And policies written inline:</p>
<iamplay-scenario id="inline" request="1"><script type="application/json">
{"policies": [{"kind": "identity", "name": "ReadAll", "text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}]}"}],
 "requests": [{"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:GetSecretValue",
   "resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf", "expect": "Allow"}]}
</script></iamplay-scenario>
</main></body></html>`

// The embed works from a page on another origin: the widgets load the published scenario and
// the engine across origins and decide as stated.
func TestEmbedCrossOrigin(t *testing.T) {
	setup(t)
	page := strings.ReplaceAll(embedTestPage, "ORIGIN", env.origin)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer other.Close()
	if other.URL == env.origin {
		t.Fatal("the embedding page must be on another origin")
	}
	var pub struct {
		Checks []struct {
			Want string `json:"want"`
		} `json:"checks"`
	}
	b, err := os.ReadFile(filepath.Join(env.dist, "scenarios", "explicit-deny.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pub); err != nil || len(pub.Checks) == 0 {
		t.Fatalf("explicit-deny.json: %v", err)
	}
	p := newPage(t)
	p.do(chromedp.Navigate(other.URL + "/docs.html"))
	results := p.checkWidgets()
	if len(results) != len(pub.Checks)+1 {
		t.Fatalf("the embedding page's widgets hold %d requests, want %d", len(results), len(pub.Checks)+1)
	}
	for i, r := range results {
		want := "Allow"
		if i < len(pub.Checks) {
			want = pub.Checks[i].Want
		}
		if r.Got != want || r.Agrees != "true" {
			t.Errorf("cross-origin widget %d request %d shows %s (agrees %q), want %s", r.Widget, r.Request, r.Got, r.Agrees, want)
		}
	}
	if origin := eval[string](p, `location.origin`); origin != other.URL {
		t.Errorf("the page ran on %s", origin)
	}
	p.screenshot("embed_cross_origin")
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
	}
}
