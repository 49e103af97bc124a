package site

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// noInline turns inlining off in the module's own packages for the .wasm: inlined copies of
// the engine's and the store's helpers cost about 77 KB gzip (5%) of the 1.5 MB budget
// (TestWasmBudget), and BenchmarkEvaluate measures the same time per evaluation without them.
const noInline = "github.com/iamplay/iamplay/...=-l"

// buildWasm compiles wasm/playground for js/wasm, stripped, to out.
func buildWasm(root, out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-gcflags="+noInline, "-o", abs, "./wasm/playground")
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
