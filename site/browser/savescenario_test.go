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
	dir := t.TempDir()
	p.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
		})
		return err
	}), chromedp.Click(chromedp.CSS("#save-scenario")))
	file := filepath.Join(dir, "saved-scenario.md")
	var md []byte
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(file); err == nil && strings.HasSuffix(string(b), "Its page, with a link.\n") {
			md = b
			break
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no complete saved-scenario.md after 10 s; the download directory holds %v", entries)
		}
	}
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
