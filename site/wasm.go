package site

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// noInline turns inlining off for the .wasm, in every package but the runtime's: inlined
// copies cost about 125 KB gzip (8%) of the 1.5 MB budget (TestWasmBudget). Off in the
// module's own packages alone saved 77 KB with BenchmarkEvaluate unchanged; off in the
// standard library too saved 39 KB more, with site/browser BenchmarkPlayground's edits as
// fast within its noise (interleaved runs, load 13: 2,100 statements p50 12.6-20.0 ms
// against 14.7-22.1 ms with inlining in the standard library). Off in internal/runtime (maps,
// atomics) saved 9.4 KB more, with engine/playground's BenchmarkEdit and BenchmarkWorldAppend
// under node as fast within their noise (4 interleaved runs at load 6-9: 2,100-statement edit
// 13.4-17.8 ms against 16.0-17.7 ms, a world call 3.4-6.4 ms against 4.6-5.9 ms). The runtime
// itself keeps it: allocation is on every path.
var noInline = []string{"all=-l", "runtime/...="}

// buildWasm compiles wasm/playground for js/wasm, stripped, to out.
func buildWasm(root, out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	args := []string{"build", "-trimpath", "-ldflags=-s -w"}
	for _, g := range noInline {
		args = append(args, "-gcflags="+g)
	}
	cmd := exec.Command("go", append(args, "-o", abs, "./wasm/playground")...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("site: building the wasm: %v\n%s", err, stderr.String())
	}
	return nil
}

// copyWasmExec copies the wasm_exec.js that matches the Go toolchain building the wasm:
// $(go env GOROOT)/lib/wasm/wasm_exec.js.
func copyWasmExec(to string) error {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("site: go env GOROOT: %v", err)
	}
	return copyFile(filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js"), to)
}
