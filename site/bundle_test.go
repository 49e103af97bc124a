package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// bundleBudget is the most a page's script may weigh, gzip-compressed: the playground must
// start fast on a phone, and a documentation page carries the same component.
const bundleBudget = 200 << 10

// widgetBudget is the most the widget's script (iamplay.js) may weigh, gzip-compressed: a page
// with widgets fetches it before the engine's WebAssembly, within 60 KB with the page itself
// (site/browser TestScenarioPageBeforeWasm measures the whole).
const widgetBudget = 24 << 10

// TestBundleBudget builds the bundles and holds each page's script to the budget.
func TestBundleBudget(t *testing.T) {
	t.Parallel()
	dir := bundled(t)
	for _, name := range []string{"app.js", "embed.js", "worker.js", "boot.js", "editor.js"} {
		raw, gz, err := gzipSize(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes, %d gzip", name, raw, gz)
		if gz > bundleBudget {
			t.Errorf("%s is %d bytes gzip-compressed, over the budget of %d", name, gz, bundleBudget)
		}
	}
}

// TestWidgetBundle holds the widget's script to its budget, without the policy editor
// (CodeMirror), which editor.js carries and the widget imports when the reader edits.
func TestWidgetBundle(t *testing.T) {
	t.Parallel()
	dir := bundled(t)
	raw, gz, err := gzipSize(filepath.Join(dir, "iamplay.js"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("iamplay.js: %d bytes, %d gzip", raw, gz)
	if gz > widgetBudget {
		t.Errorf("iamplay.js is %d bytes gzip-compressed, over the widget's budget of %d", gz, widgetBudget)
	}
	// CodeMirror's editor marks its text with this class; the static text does not.
	const marker = "cm-content"
	for name, want := range map[string]bool{"iamplay.js": false, "editor.js": true} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(b, []byte(marker)); got != want {
			t.Errorf("%s holds CodeMirror: %v, want %v", name, got, want)
		}
	}
}

// bundled builds the bundles into a directory of the test's.
func bundled(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if err := bundle(root, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}
