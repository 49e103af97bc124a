package site

import (
	"context"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Sources names what a rebuild depends on, under the module root: Pages are read by the
// page build (scenarios, the TypeScript and CSS, netlify.toml), Engine by the WebAssembly
// build (the engine's and the browser binding's Go files and data).
var Sources = struct{ Pages, Engine []string }{
	Pages:  []string{"scenarios", "site/web", "netlify.toml"},
	Engine: []string{"engine", "wasm"},
}

// Fingerprint sums the names, sizes and modification times of every file under the paths
// (relative to root), skipping node_modules and dot directories; it changes when any file is
// added, removed or written. Missing paths count as empty.
func Fingerprint(root string, paths []string) (string, error) {
	h := fnv.New64a()
	for _, p := range paths {
		err := filepath.WalkDir(filepath.Join(root, p), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if d.IsDir() {
				if n := d.Name(); n == "node_modules" || (strings.HasPrefix(n, ".") && path != filepath.Join(root, p)) {
					return filepath.SkipDir
				}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s\x00%d\x00%d\n", path, info.Size(), info.ModTime().UnixNano())
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%016x", h.Sum64()), nil
}

// Watch polls the sources every interval until ctx ends and calls rebuild when they change:
// engine is true when the engine's sources changed (the WebAssembly must be compiled again).
// Polling needs no dependency and no file-system notification limits.
func Watch(ctx context.Context, root string, interval time.Duration, rebuild func(engine bool)) error {
	pages, err := Fingerprint(root, Sources.Pages)
	if err != nil {
		return err
	}
	eng, err := Fingerprint(root, Sources.Engine)
	if err != nil {
		return err
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		p, err1 := Fingerprint(root, Sources.Pages)
		e, err2 := Fingerprint(root, Sources.Engine)
		if err1 != nil || err2 != nil {
			continue // a file vanished while we walked: look again next tick
		}
		if p != pages || e != eng {
			rebuild(e != eng)
			pages, eng = p, e
		}
	}
}
