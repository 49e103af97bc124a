package browser

import (
	"encoding/json"
	"testing"
	"time"
)

// MaxEngineMemory is the most WebAssembly memory the engine may grow to over a thousand edits
// of the default two-policy state (issue 10: about 90 MiB before; the goal at most 32 MiB).
const MaxEngineMemory = 32 << 20

// A thousand edits, each evaluated and its matrix drawn as the page does, leave the engine's
// WebAssembly memory (which never shrinks: its high-water mark) within MaxEngineMemory.
func TestEngineMemoryAfterEdits(t *testing.T) {
	p := open(t, "")
	p.settle()
	start := time.Now()
	bytes := eval[float64](p, `iamplayTest.edits(1000)`)
	t.Logf("WebAssembly memory after 1000 edits: %.1f MiB (%s)", bytes/(1<<20), time.Since(start).Round(time.Millisecond))
	if bytes > MaxEngineMemory {
		t.Errorf("the engine grew to %.1f MiB over 1000 edits, more than %d MiB", bytes/(1<<20), MaxEngineMemory>>20)
	}
}

// After the page's first evaluation the worker warms the engine up while idle
// (site/web/worker.ts warmSlice, engine/playground Warm): calls made meanwhile get their own
// answers, the warm-up finishes, and it leaves the page's answers and the engine's memory
// as they were.
func TestEngineWarmsUpWhenIdle(t *testing.T) {
	p := open(t, "")
	p.settle()
	const evaluate = `iamplayTest.call("evaluate", ...iamplayTest.engineArgs()).then((r) => r.result)`
	want := eval[string](p, evaluate)
	got := eval[[]string](p, `(async () => { const out = [];
		for (let i = 0; i < 20; i++) { out.push((await iamplayTest.call("evaluate", ...iamplayTest.engineArgs())).result);
			await new Promise((r) => setTimeout(r, 40)) }
		return out })()`)
	for i, g := range got {
		if g != want {
			t.Fatalf("call %d during the warm-up answered differently:\n%.300s\nnot\n%.300s", i, g, want)
		}
	}
	if calls, _ := waitWarm(t, p); calls == 0 {
		t.Fatal("the worker finished warming up without a single call")
	}
	if after := eval[string](p, evaluate); after != want {
		t.Errorf("after the warm-up the page's state answers differently:\n%.300s\nnot\n%.300s", after, want)
	}
	if bytes := eval[float64](p, `iamplayTest.call("memory").then((r) => JSON.parse(r.result).bytes)`); bytes > MaxEngineMemory {
		t.Errorf("the warm-up grew the engine to %.1f MiB, more than %d MiB", bytes/(1<<20), MaxEngineMemory>>20)
	}
}

// waitWarm waits until the page's worker has finished warming the engine up and returns
// the calls and the milliseconds it took.
func waitWarm(tb testing.TB, p *page) (calls int, ms float64) {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var m struct {
			Warm struct {
				Calls int     `json:"calls"`
				Ms    float64 `json:"ms"`
				Done  bool    `json:"done"`
			} `json:"warm"`
		}
		raw := eval[string](p, `iamplayTest.call("memory").then((r) => r.result)`)
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			tb.Fatalf("the worker's memory answer %q: %v", raw, err)
		}
		if m.Warm.Done {
			tb.Logf("warm-up: %d calls, %.0f ms", m.Warm.Calls, m.Warm.Ms)
			return m.Warm.Calls, m.Warm.Ms
		}
		if time.Now().After(deadline) {
			tb.Fatalf("the worker had not finished warming up after 30 s: %d calls, %.0f ms", m.Warm.Calls, m.Warm.Ms)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
