package browser

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/iamplay/iamplay/internal/scenario"
)

// "Save as scenario" downloads the page's state as a scenario document that reads, whose
// expectation is the decision the page shows, and that passes as the test suite runs it.
func TestSaveAsScenario(t *testing.T) {
	p := open(t, "")
	want := p.decision()
	md := p.download(t, "#save-scenario", "saved-scenario.md", func(b []byte) bool { return strings.HasSuffix(string(b), "Its page, with a link.\n") })
	file := "saved-scenario.md"
	s, err := scenario.Parse(file, md)
	if err != nil {
		t.Fatalf("the saved scenario does not read:\n%v\n%s", err, md)
	}
	if len(s.Checks) != 1 || string(s.Checks[0].Want) != want {
		t.Fatalf("the saved scenario expects %+v; the page shows %s", s.Checks, want)
	}
	if err := scenario.Test(s); err != nil {
		t.Errorf("the saved scenario fails:\n%v", err)
	}
	if note := eval[string](p, `document.querySelector('#share-note').textContent`); !strings.Contains(note, "expects "+want) {
		t.Errorf("the page says %q after saving", note)
	}
}

// download clicks the button css names and returns the file it downloads once complete
// says it is whole, within 10 s.
func (p *page) download(t *testing.T, css, name string, complete func([]byte) bool) []byte {
	t.Helper()
	dir := t.TempDir()
	p.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
		})
		return err
	}), chromedp.Click(chromedp.CSS(css)))
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil && len(b) > 0 && complete(b) {
			return b
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no complete %s after 10 s; the download directory holds %v", name, entries)
		}
	}
}
