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
		args:    "[--out DIR] [--root DIR]",
		summary: "build the static site: the playground page, its scripts and the engine as WebAssembly",
		detail: "Bundles site/web with esbuild, compiles wasm/playground with GOOS=js GOARCH=wasm,\n" +
			"copies wasm_exec.js from the Go toolchain, and prints each file's size (raw and gzip).\n" +
			"Needs the source tree (--root, found from the current directory) and its node_modules.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			out := fs.String("out", "dist", "the output `directory`")
			root := fs.String("root", "", "the iamplay source `directory` (default: found from the current directory)")
			return func(s stdio, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(s.err, "iamplay build: unexpected argument %q\n", args[0])
					return exitUsage
				}
				if _, err := buildSite(s, *root, *out); err != nil {
					fmt.Fprintf(s.err, "iamplay build: %v\n", err)
					return exitUsage
				}
				return exitOK
			}
		},
	})
}

// buildSite builds the site into out and reports the sizes; it returns out as an absolute path.
func buildSite(s stdio, root, out string) (string, error) {
	if root == "" {
		r, err := findRoot()
		if err != nil {
			return "", err
		}
		root = r
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	files, err := site.BuildPlayground(site.Options{Root: root, Out: abs})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(s.out, "built %s\n%s", abs, site.FormatSizes(files))
	return abs, nil
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
