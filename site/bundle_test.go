package site

import (
	"path/filepath"
	"testing"
)

// bundleBudget is the most a page's script may weigh, gzip-compressed: the playground must
// start fast on a phone, and a documentation page carries the same component.
const bundleBudget = 200 << 10

// TestBundleBudget builds the bundles and holds each page's script to the budget.
func TestBundleBudget(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if err := bundle(root, dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"app.js", "embed.js", "worker.js", "boot.js"} {
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
