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
	// BaseURL is the site's address for canonical links, sitemap.xml and link previews;
	// Netlify's URL variable, else DefaultBaseURL, when empty.
	BaseURL string
	// Wasm, when set, is a playground.wasm built before, copied instead of compiling the engine
	// again (iamplay serve rebuilding after a change of a page or a scenario).
	Wasm string
}

// File is one written file with its size, raw and gzip-compressed.
type File struct {
	Path     string // relative to Out
	Bytes    int64
	GzipSize int64
}

// PlaygroundDir is where the playground lives under the output directory and on the server.
const PlaygroundDir = "playground"

// checked says what is missing from the options, and makes the root absolute.
func (o Options) checked() (Options, error) {
	if o.Root == "" || o.Out == "" {
		return o, errors.New("site: Options.Root and Options.Out are both required")
	}
	root, err := filepath.Abs(o.Root)
	o.Root = root
	return o, err
}

// buildPlayground writes the playground page, the embed demonstration page (embed.html:
// several playgrounds on one page), their bundles, the engine, the curated examples
// (examples.json) and wasm_exec.js to Out/playground.
func buildPlayground(o Options) error {
	dir := filepath.Join(o.Out, PlaygroundDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := bundle(o.Root, dir); err != nil {
		return err
	}
	if o.Wasm != "" {
		if err := copyFile(o.Wasm, filepath.Join(dir, "playground.wasm")); err != nil {
			return err
		}
	} else if err := buildWasm(o.Root, filepath.Join(dir, "playground.wasm")); err != nil {
		return err
	}
	if err := copyWasmExec(filepath.Join(dir, "wasm_exec.js")); err != nil {
		return err
	}
	// The curated examples are data the page fetches beside the engine, not part of the
	// engine's download: the menu needs them only when opened.
	if err := os.WriteFile(filepath.Join(dir, "examples.json"), playground.Examples(), 0o644); err != nil {
		return err
	}
	// The catalogue, with the operations' shapes for world mode's call form, fetched beside
	// the engine's start.
	if err := os.WriteFile(filepath.Join(dir, "catalog.json"), playground.CatalogFile(), 0o644); err != nil {
		return err
	}
	for _, page := range []string{"index.html", "embed.html"} {
		if err := copyFile(filepath.Join(o.Root, "site", "web", page), filepath.Join(dir, page)); err != nil {
			return err
		}
	}
	return nil
}

// sizes lists the files under dir with their sizes, and their gzip sizes when gz, for the
// build's report.
func sizes(out, dir string, gz bool) ([]File, error) {
	var fs []File
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		f := File{Path: filepath.ToSlash(rel)}
		if gz {
			f.Bytes, f.GzipSize, err = gzipSize(p)
		} else if info, e := d.Info(); e == nil {
			f.Bytes = info.Size()
		} else {
			err = e
		}
		fs = append(fs, f)
		return err
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
