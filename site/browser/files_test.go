package browser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Download JSON saves the state as a file that holds exactly the state; Open JSON reads a
// state file back, restoring the tabs, the request and the decision.
func TestDownloadAndOpenJSON(t *testing.T) {
	p := open(t, "")
	// A state unlike the example: the resource policy off, a context key set.
	p.do(chromedp.Click(chromedp.CSS("#tab-1")), chromedp.Click(chromedp.CSS("#tab-enabled")))
	if d := p.decision(); d != "Allow" {
		t.Fatalf("with the resource policy off the decision is %s, want Allow", d)
	}
	want := eval[string](p, `JSON.stringify(iamplayTest.state())`)

	saved := p.download(t, "#download", "iamplay-playground.json", json.Valid)
	if mustCanon(t, string(saved)) != mustCanon(t, want) {
		t.Errorf("the downloaded file holds\n%s\nwant the state\n%s", saved, want)
	}
	p.screenshot("downloaded")

	// Back to the example, then open the downloaded file with a new policy tab added to it.
	p.do(chromedp.Click(chromedp.CSS("#reset")))
	if d := p.decision(); d != "ExplicitDeny" {
		t.Fatalf("after reset the decision is %s, want ExplicitDeny", d)
	}
	var st map[string]any
	_ = json.Unmarshal(saved, &st)
	st["policies"] = append(st["policies"].([]any), map[string]any{"kind": "boundary", "name": "Fence", "enabled": true,
		"text": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:Describe*", "Resource": "*"}]}`})
	st["request"].(map[string]any)["context"] = map[string]any{"aws:SourceIp": "192.0.2.7", "aws:TagKeys": []string{"team", "env"}}
	edited, _ := json.MarshalIndent(st, "", "  ")
	dir := t.TempDir()
	opened := filepath.Join(dir, "edited.json")
	if err := os.WriteFile(opened, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#open"), []string{opened}))
	// The boundary allows only Describe*, so GetSecretValue is now an implicit deny.
	if d := p.decision(); d != "ImplicitDeny" {
		t.Errorf("the opened file decides %s, want ImplicitDeny (the boundary does not allow GetSecretValue)", d)
	}
	if g := eval[string](p, `JSON.stringify(iamplayTest.state())`); mustCanon(t, g) != mustCanon(t, string(edited)) {
		t.Errorf("after opening the file the state is\n%s\nwant\n%s", g, edited)
	}
	tabs := eval[[]string](p, `[...document.querySelectorAll('#tabs [role=tab]')].map(b => b.textContent)`)
	if strings.Join(tabs, "|") != "Identity: AliceReadsTestEnv|Resource: SecretPolicy (off)|Boundary: Fence" {
		t.Errorf("the tabs after opening are %q", tabs)
	}
	if v := eval[string](p, `document.querySelector('#ctx-val-1').value`); v != `["team","env"]` {
		t.Errorf("the multi-valued context key shows %q", v)
	}
	p.screenshot("opened")

	// A file that is not a state is refused with a message, and the state stays.
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"Version": "2012-10-17"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#open"), []string{bad}))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelector('#open-note').textContent.includes('Could not open bad.json')`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("no message for a file that is not a state: %v", err)
	}
	if d := p.decision(); d != "ImplicitDeny" {
		t.Errorf("after a refused file the decision is %s, want the opened state's ImplicitDeny", d)
	}
}

// mustCanon re-encodes JSON text compactly with Go's key order (sorted), to compare states.
func mustCanon(tb testing.TB, s string) string {
	tb.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		tb.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
