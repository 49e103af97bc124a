package browser

import (
	"fmt"
	"testing"

	"github.com/iamplay/iamplay/internal/percentile"
	"github.com/iamplay/iamplay/internal/workload"
)

// workloadPolicy is the 21-statement identity policy of the shared workload
// (internal/workload), repeated n times with distinct Sids.
func workloadPolicy(tb testing.TB, n int) string {
	tb.Helper()
	text, err := workload.Repeated(n)
	if err != nil {
		tb.Fatal(err)
	}
	return string(text)
}

// BenchmarkPlayground measures, in headless Chromium, the time from navigation to the first
// decision shown and the round trip of a re-evaluation after an edit (page -> worker ->
// wasm -> page, measured with performance.now()) for the workload policy and a version
// 100 times larger. Run: go test -run '^$' -bench Playground ./site/browser
func BenchmarkPlayground(b *testing.B) {
	b.Run("first_decision", func(b *testing.B) {
		var ms []float64
		for b.Loop() {
			p := open(b, "")
			ms = append(ms, eval[float64](p, `window.iamplayFirstDecision`))
			p.close() // a first visit is measured alone: the last page's worker would warm up beside it
		}
		b.ReportMetric(percentile.Of(ms, 50), "ms-p50")
		b.ReportMetric(percentile.Of(ms, 95), "ms-p95")
	})
	for _, c := range []struct {
		n      int
		middle bool
	}{{1, false}, {100, false}, {100, true}} {
		text := workloadPolicy(b, c.n)
		name, at := fmt.Sprintf("reevaluate_%d_statements", 21*c.n), ""
		if c.middle {
			// The edit is in the middle statement (spaces after its "Sid":), so the half
			// after it moves: a person typing inside a large policy.
			mid := workload.Middle([]byte(text)) // the workload is ASCII: bytes are characters
			name, at = name+"_middle", fmt.Sprintf(", %d", mid)
		}
		b.Run(name, func(b *testing.B) {
			p := open(b, "")
			rounds := 200
			if c.n > 1 {
				rounds = 40
			}
			// The figures are the steady state a person meets a few seconds after the page
			// loads: the worker warms the engine up while idle (site/web/worker.ts), and 40
			// edits warm the path from the page to the worker.
			waitWarm(b, p)
			eval[[]float64](p, fmt.Sprintf(`iamplayTest.bench(%s, %d%s)`, jsString(text), 40, at))
			var ms []float64
			for b.Loop() {
				r := eval[[]float64](p, fmt.Sprintf(`iamplayTest.bench(%s, %d%s)`, jsString(text), rounds, at))
				b.Logf("round: p50 %.1f, p95 %.1f, max %.1f ms", percentile.Of(r, 50), percentile.Of(r, 95), percentile.Of(r, 100))
				ms = append(ms, r...)
			}
			b.ReportMetric(percentile.Of(ms, 50), "ms-p50")
			b.ReportMetric(percentile.Of(ms, 95), "ms-p95")
		})
	}
}
