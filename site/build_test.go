package site

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// built is one build of the whole site without compiling the engine (a stand-in wasm file),
// shared by the tests that read it.
var built struct {
	once sync.Once
	dir  string
	err  error
}

func buildSite(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "iamplay-site-")
		if err != nil {
			built.err = err
			return
		}
		wasm := filepath.Join(dir, "stand-in.wasm")
		if err := os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
			built.err = err
			return
		}
		built.dir = filepath.Join(dir, "dist")
		_, built.err = Build(Options{Root: "..", Out: built.dir, Wasm: wasm, BaseURL: "https://iamplay.example"})
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.dir
}

var (
	hrefRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	idRe   = regexp.MustCompile(` id="([^"]+)"`)
)

// TestLinks: every internal link and anchor of every page resolves to a file of the site and
// an id on that page.
func TestLinks(t *testing.T) {
	t.Parallel()
	dir := buildSite(t)
	ids := map[string]map[string]bool{} // page path -> ids
	links := map[string][]string{}      // page path -> its links
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		page := "/" + filepath.ToSlash(rel)
		ids[page] = map[string]bool{}
		for _, m := range idRe.FindAllStringSubmatch(string(b), -1) {
			if ids[page][m[1]] {
				t.Errorf("%s: id %q twice", page, m[1])
			}
			ids[page][m[1]] = true
		}
		for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
			links[page] = append(links[page], strings.ReplaceAll(m[1], "&amp;", "&"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 20 {
		t.Fatalf("only %d pages built", len(ids))
	}
	n := 0
	for page, ls := range links {
		for _, l := range ls {
			if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "data:") || strings.HasPrefix(l, "mailto:") {
				continue
			}
			n++
			target, frag, _ := strings.Cut(l, "#")
			if target == "" {
				target = page
			} else if !strings.HasPrefix(target, "/") {
				target = filepath.ToSlash(filepath.Join(filepath.Dir(page), target))
			}
			if strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target))); err != nil {
				t.Errorf("%s links to %s: no such file", page, l)
				continue
			}
			// The playground's pages are built by their script (their ids are made at run time).
			scripted := strings.HasPrefix(target, "/"+PlaygroundDir+"/")
			if frag != "" && !scripted && strings.HasSuffix(target, ".html") && !ids[target][frag] {
				t.Errorf("%s links to %s: %s has no id %q", page, l, target, frag)
			}
		}
	}
	t.Logf("%d pages, %d internal links", len(ids), n)
}

// TestServedHeaders: every file of the built site is served with the headers netlify.toml
// gives its path, compressed when the client accepts it; what is not there gets 404.html.
func TestServedHeaders(t *testing.T) {
	t.Parallel()
	dir := buildSite(t)
	cfg, err := LoadNetlify("../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(dir, cfg))
	defer srv.Close()
	check := func(path string, wantStatus int) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != wantStatus {
			t.Errorf("%s: status %d, want %d", path, res.StatusCode, wantStatus)
		}
		for k, v := range cfg.HeadersFor(path) {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, netlify.toml says %q", path, k, got, v)
			}
		}
		return res
	}
	files := 0
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		res := check("/"+filepath.ToSlash(rel), http.StatusOK)
		files++
		if st, _ := d.Info(); st.Size() > 1024 && strings.HasSuffix(p, ".html") && res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s is not compressed", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res := check("/no/such/page/", http.StatusNotFound)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("the 404 page is %s", ct)
	}
	t.Logf("%d files served with their headers", files)
}

// TestSitemapAndSearch: the sitemap names every indexed page and nothing else; every search
// entry leads to a page of the site; every scenario has its page and its JSON.
func TestSitemapAndSearch(t *testing.T) {
	t.Parallel()
	dir := buildSite(t)
	sm, err := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	locs := regexp.MustCompile(`<loc>https://iamplay\.example(/[^<]*)</loc>`).FindAllStringSubmatch(string(sm), -1)
	if len(locs) < 20 {
		t.Errorf("sitemap.xml lists %d pages", len(locs))
	}
	for _, l := range locs {
		if _, err := os.Stat(filepath.Join(dir, pageFile(l[1]))); err != nil {
			t.Errorf("sitemap.xml lists %s, which is not built", l[1])
		}
		if l[1] == "/404.html" {
			t.Error("sitemap.xml lists the 404 page")
		}
	}
	var entries []searchEntry
	b, err := os.ReadFile(filepath.Join(dir, "search-index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range entries {
		target, _, _ := strings.Cut(e.URL, "#")
		if _, err := os.Stat(filepath.Join(dir, pageFile(target))); err != nil {
			t.Errorf("search entry %q leads to %s, which is not built", e.Title, e.URL)
		}
		kinds[strings.SplitN(e.Kind, " ", 2)[0]]++
	}
	if kinds["scenario"] == 0 || kinds["condition"] == 0 || kinds["finding"] == 0 {
		t.Errorf("the search index lacks scenarios, operators or findings: %v", kinds)
	}
	scen, _ := filepath.Glob(filepath.Join("..", ScenariosDir, "*.md"))
	for _, s := range scen {
		slug := strings.TrimSuffix(filepath.Base(s), ".md")
		if slug == "README" {
			continue
		}
		for _, f := range []string{"course/" + slug + "/index.html", "scenarios/" + slug + ".json"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("scenario %s: %s not built", slug, f)
			}
		}
	}
}

// scenarioPageBudget is the most a scenario page may weigh, gzip-compressed, before any live
// widget comes near the viewport: its HTML, style and script.
const scenarioPageBudget = 60 << 10

// TestScenarioPageWeight holds every scenario page (HTML, site.css, site.js) to the budget.
func TestScenarioPageWeight(t *testing.T) {
	t.Parallel()
	dir := buildSite(t)
	assets, _ := filepath.Glob(filepath.Join(dir, "assets", "*"))
	var shared int64
	for _, a := range assets {
		_, gz, err := gzipSize(a)
		if err != nil {
			t.Fatal(err)
		}
		shared += gz
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "course", "*", "index.html"))
	if len(pages) == 0 {
		t.Fatal("no scenario pages")
	}
	var most int64
	for _, p := range pages {
		_, gz, err := gzipSize(p)
		if err != nil {
			t.Fatal(err)
		}
		most = max(most, gz+shared)
		if gz+shared > scenarioPageBudget {
			t.Errorf("%s weighs %d bytes gzip with its assets, over %d", p, gz+shared, scenarioPageBudget)
		}
	}
	t.Logf("the heaviest scenario page: %d bytes gzip (assets %d)", most, shared)
}

// BenchmarkBuild builds the whole site, every page, scenario, bundle and index, with the engine
// already compiled (a wasm file copied, as iamplay serve does after a page or scenario changes).
// Run: go test -run '^$' -bench Build ./site
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	wasm := filepath.Join(dir, "engine.wasm")
	if err := os.WriteFile(wasm, make([]byte, 5<<20), 0o644); err != nil {
		b.Fatal(err)
	}
	scen, _ := filepath.Glob(filepath.Join("..", ScenariosDir, "*.md"))
	for b.Loop() {
		if _, err := Build(Options{Root: "..", Out: filepath.Join(dir, "dist"), Wasm: wasm}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(scen)), "scenarios")
}

// A published scenario names its file as the repository does, never as this machine keeps it.
func TestPublishedScenarioFile(t *testing.T) {
	t.Parallel()
	dir := buildSite(t)
	b, err := os.ReadFile(filepath.Join(dir, "scenarios", "explicit-deny.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pub struct{ File string }
	if err := json.Unmarshal(b, &pub); err != nil {
		t.Fatal(err)
	}
	if pub.File != "scenarios/explicit-deny.md" {
		t.Errorf("explicit-deny.json names its file %q, want scenarios/explicit-deny.md", pub.File)
	}
}

// A world scenario's page shows every call of its transcript with the answer of the run the
// build made, as published in its JSON.
func TestTranscripts(t *testing.T) {
	t.Parallel()
	dir := buildSite(t)
	files, _ := filepath.Glob(filepath.Join(dir, "scenarios", "*.json"))
	worlds := 0
	for _, f := range files {
		var pub struct {
			Slug       string
			Transcript []struct {
				Command string
				Output  json.RawMessage
				Error   *struct {
					Type string `json:"__type"`
				}
			}
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &pub); err != nil {
			t.Fatal(err)
		}
		if len(pub.Transcript) == 0 {
			continue
		}
		worlds++
		page, err := os.ReadFile(filepath.Join(dir, "course", pub.Slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		html := string(page)
		if n := strings.Count(html, `<pre class="call">`); n != len(pub.Transcript) {
			t.Errorf("%s shows %d calls; its transcript has %d", pub.Slug, n, len(pub.Transcript))
		}
		for _, c := range pub.Transcript {
			if c.Error != nil && !strings.Contains(html, "An error occurred ("+c.Error.Type+")") {
				t.Errorf("%s does not show the %s its call %q answered", pub.Slug, c.Error.Type, c.Command)
			}
		}
	}
	if worlds == 0 {
		t.Error("no world scenario with a transcript was built")
	}
}
