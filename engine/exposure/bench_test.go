package exposure

import (
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
)

// BenchmarkCheck is the check of every corpus policy, parsed once: what it adds to compiling
// a resource policy (authz.NewPolicy runs it once per policy written).
func BenchmarkCheck(b *testing.B) {
	var docs []*policy.Document
	for _, c := range readCorpus(b) {
		doc, _ := policy.Parse(c.source(b))
		docs = append(docs, doc)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			Check(d, Owner{Account: "111122223333"})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/policy")
}
