package site

import (
	"path/filepath"
	"testing"
)

// wasmBudget is the most the playground's engine may weigh, gzip-compressed, with the
// in-memory Secrets Manager and the world inside for world mode: 1.5 MB, counted in binary
// units as bundleBudget is.
const wasmBudget = 3 << 19

// TestWasmBudget builds the playground's .wasm as the site ships it and holds it to the budget.
func TestWasmBudget(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "playground.wasm")
	if err := buildWasm("..", out); err != nil {
		t.Fatal(err)
	}
	raw, gz, err := gzipSize(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("playground.wasm: %d bytes, %d gzip (budget %d)", raw, gz, wasmBudget)
	if gz > wasmBudget {
		t.Errorf("playground.wasm is %d bytes gzip-compressed, over the budget of %d", gz, wasmBudget)
	}
}
