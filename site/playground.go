// Package site builds the static site's browser parts: the playground page (TypeScript
// bundled with esbuild's Go API), the engine compiled to WebAssembly, and Go's wasm_exec.js.
package site

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iamplay/iamplay/engine/playground"
)

// Options says where the module is and where the site goes.
type Options struct {
	Root string // the module root: holds site/web, wasm/playground and node_modules
	Out  string // the output directory (dist); the playground goes to Out/playground
}

// File is one written file with its size, raw and gzip-compressed.
type File struct {
	Path     string // relative to Out
	Bytes    int64
	GzipSize int64
}

// PlaygroundDir is where the playground lives under the output directory and on the server.
const PlaygroundDir = "playground"

// BuildPlayground writes the playground page, the embed demonstration page (embed.html:
// several playgrounds on one page), their bundles, the engine and wasm_exec.js to
// Out/playground and returns what it wrote.
func BuildPlayground(o Options) ([]File, error) {
	if o.Root == "" || o.Out == "" {
		return nil, errors.New("site: Options.Root and Options.Out are both required")
	}
	root, err := filepath.Abs(o.Root)
	if err != nil {
		return nil, err
	}
	o.Root = root
	dir := filepath.Join(o.Out, PlaygroundDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := bundle(o.Root, dir); err != nil {
		return nil, err
	}
	if err := buildWasm(o.Root, filepath.Join(dir, "playground.wasm")); err != nil {
		return nil, err
	}
	if err := copyWasmExec(filepath.Join(dir, "wasm_exec.js")); err != nil {
		return nil, err
	}
	// The catalogue as the engine answers it, fetched beside the engine's start.
	if err := os.WriteFile(filepath.Join(dir, "catalog.json"), playground.Catalog(), 0o644); err != nil {
		return nil, err
	}
	for _, page := range []string{"index.html", "embed.html"} {
		if err := copyFile(filepath.Join(o.Root, "site", "web", page), filepath.Join(dir, page)); err != nil {
			return nil, err
		}
	}
	return sizes(o.Out, dir)
}

// sizes lists the files under dir with their gzip sizes, for the build's report.
func sizes(out, dir string) ([]File, error) {
	var fs []File
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, gz, err := gzipSize(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		fs = append(fs, File{Path: filepath.ToSlash(rel), Bytes: raw, GzipSize: gz})
		return nil
	})
	sort.Slice(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
	return fs, err
}

func gzipSize(p string) (raw, gz int64, err error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	cw := &countWriter{}
	w, _ := gzip.NewWriterLevel(cw, gzip.BestCompression)
	raw, err = io.Copy(w, f)
	if err != nil {
		return 0, 0, err
	}
	if err := w.Close(); err != nil {
		return 0, 0, err
	}
	return raw, cw.n, nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// FormatSizes renders the size report a person reads after a build.
func FormatSizes(fs []File) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%-32s %9d bytes  %8d gzip\n", f.Path, f.Bytes, f.GzipSize)
	}
	return b.String()
}
