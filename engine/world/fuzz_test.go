package world

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead: Read never panics, and a world read without errors exports to a file that
// reads back without errors to the same export.
func FuzzRead(f *testing.F) {
	f.Add(DefaultFile())
	paths, _ := filepath.Glob("testdata/*/*.json")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		w, fs := Read(src)
		if w == nil || fs.HasErrors() {
			return
		}
		out, err := w.Export(ExportOptions{Values: true})
		if err != nil {
			t.Fatal(err)
		}
		w2, fs2 := Read(out)
		if w2 == nil || fs2.HasErrors() {
			t.Fatalf("the export of a valid world reads with errors: %v\n%s", fs2, out)
		}
		again, _ := w2.Export(ExportOptions{Values: true})
		if string(again) != string(out) {
			t.Fatalf("export is not stable:\n%s\n---\n%s", out, again)
		}
	})
}
