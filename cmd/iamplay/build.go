package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/iamplay/iamplay/site"
)

func init() {
	register(&command{
		name:    "build",
		args:    "[--out DIR] [--root DIR] [--base-url URL]",
		summary: "build the static site: home, course, scenarios, reference, playground and the engine as WebAssembly",
		detail: "Bundles site/web with esbuild, compiles wasm/playground with GOOS=js GOARCH=wasm,\n" +
			"copies wasm_exec.js from the Go toolchain, writes every page, each scenario as JSON, the\n" +
			"search index and sitemap.xml, and prints each file's size (raw and gzip). Needs the source\n" +
			"tree (--root, found from the current directory) and its node_modules.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			out := fs.String("out", "dist", "the output `directory`")
			root := fs.String("root", "", "the iamplay source `directory` (default: found from the current directory)")
			baseURL := fs.String("base-url", "", "the site's `address` for canonical links and sitemap.xml (default: $URL, as Netlify sets it, else "+site.DefaultBaseURL+")")
			return func(s stdio, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(s.err, "iamplay build: unexpected argument %q\n", args[0])
					return exitUsage
				}
				if _, err := buildSite(s, site.Options{Root: *root, Out: *out, BaseURL: *baseURL}); err != nil {
					fmt.Fprintf(s.err, "iamplay build: %v\n", err)
					return exitUsage
				}
				return exitOK
			}
		},
	})
}

// buildSite builds the site into o.Out and reports the sizes; it returns the options with
// the root found and the output directory made absolute.
func buildSite(s stdio, o site.Options) (site.Options, error) {
	if o.Root == "" {
		r, err := findRoot()
		if err != nil {
			return o, err
		}
		o.Root = r
	}
	abs, err := filepath.Abs(o.Out)
	if err != nil {
		return o, err
	}
	o.Out = abs
	if _, err := site.Build(o); err != nil {
		return o, err
	}
	files, err := site.Sizes(abs)
	if err != nil {
		return o, err
	}
	fmt.Fprintf(s.out, "built %s\n%s", abs, site.FormatSizes(files))
	return o, nil
}

// findRoot walks up from the current directory to the iamplay module's go.mod.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/iamplay/iamplay\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the iamplay source tree (no go.mod of github.com/iamplay/iamplay above here); give --root")
		}
		dir = parent
	}
}
