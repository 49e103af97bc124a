package authz_test

import (
	"fmt"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/internal/workload"
)

// workloadData is the shared benchmark workload (internal/workload).
type workloadData struct{ *workload.Workload }

func loadWorkload(tb testing.TB) workloadData {
	tb.Helper()
	w, err := workload.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return workloadData{w}
}

// prepared compiles the workload policy and prepares every request, as the peers do
// before their timed loops.
func (w workloadData) prepared(tb testing.TB, policyJSON []byte) (*authz.Input, []*authz.Prepared) {
	tb.Helper()
	prog := &authz.Input{Identity: []*authz.Policy{authz.NewPolicy(policy.KindIdentity, "workload", policyJSON)}}
	if !prog.Valid() {
		tb.Fatalf("workload policy has errors: %v", prog.Findings())
	}
	reqs := make([]*authz.Prepared, len(w.Requests))
	for i, r := range w.Requests {
		ctx := map[string][]string{}
		for k, v := range r.Context {
			ctx[k] = []string{v}
		}
		reqs[i] = authz.Prepare(authz.Request{Principal: r.Principal(), Action: r.Action, Resource: r.Resource, Context: ctx})
	}
	return prog, reqs
}

func TestWorkload(t *testing.T) {
	t.Parallel()
	w := loadWorkload(t)
	prog, reqs := w.prepared(t, w.Policy)
	counts := map[authz.Decision]int{}
	for i, r := range reqs {
		got := prog.Decide(r)
		if string(got) != w.Requests[i].Want {
			t.Fatalf("request %d (%s %s %v): Decide = %s, want %s", i, w.Requests[i].Action, w.Requests[i].Resource, w.Requests[i].Context, got, w.Requests[i].Want)
		}
		if i%50 == 0 {
			if e := prog.Explain(r).Decision; e != got {
				t.Fatalf("request %d: Explain = %s, Decide = %s", i, e, got)
			}
		}
		counts[got]++
	}
	if counts[authz.Allow] != 5491 || counts[authz.ExplicitDeny] != 991 || counts[authz.ImplicitDeny] != 3518 {
		t.Errorf("decision mix %v; the workload says 5,491 / 991 / 3,518", counts)
	}
}

func TestDecideAllocatesNothing(t *testing.T) {
	w := loadWorkload(t)
	prog, reqs := w.prepared(t, w.Policy)
	i := 0
	n := testing.AllocsPerRun(5000, func() {
		prog.Decide(reqs[i%len(reqs)])
		i++
	})
	if n != 0 {
		t.Fatalf("Decide allocates %v times per call", n)
	}
}

func BenchmarkWorkload(b *testing.B) {
	w := loadWorkload(b)
	prog, reqs := w.prepared(b, w.Policy)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		prog.Decide(reqs[i%len(reqs)])
	}
}

func BenchmarkWorkloadExplain(b *testing.B) {
	w := loadWorkload(b)
	prog, reqs := w.prepared(b, w.Policy)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		prog.Explain(reqs[i%len(reqs)])
	}
}

func TestScaledPolicyAgrees(t *testing.T) {
	t.Parallel()
	w := loadWorkload(t)
	for _, n := range []int{20, 209, 2099} {
		prog, reqs := w.prepared(t, workload.Teams(n+1))
		for i := 0; i < len(reqs); i += 7 {
			if d, e := prog.Decide(reqs[i]), prog.Explain(reqs[i]).Decision; d != e {
				t.Fatalf("%d statements, request %d: Decide %s, Explain %s", n+1, i, d, e)
			}
		}
	}
}

func BenchmarkScale(b *testing.B) {
	w := loadWorkload(b)
	for _, n := range []int{20, 209, 2099} {
		b.Run(fmt.Sprintf("statements=%d", n+1), func(b *testing.B) {
			prog, reqs := w.prepared(b, workload.Teams(n+1))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				prog.Decide(reqs[i%len(reqs)])
			}
		})
	}
}
