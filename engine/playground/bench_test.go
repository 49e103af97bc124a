package playground

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/internal/workload"
)

// benchState is the playground state for the shared workload's identity policy repeated n
// times (21*n statements) and one request.
func benchState(b *testing.B, n int) []byte {
	text, err := workload.Repeated(n)
	if err != nil {
		b.Fatal(err)
	}
	st, _ := json.Marshal(State{Policies: []Tab{{Kind: policy.KindIdentity, Enabled: true, Text: string(text)}},
		Request: StateRequest{Principal: "arn:aws:iam::123456789012:user/u1", Action: "secretsmanager:GetSecretValue",
			Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:team-3/db-AbCdEf"}})
	return st
}

// BenchmarkEvaluate is one playground re-evaluation (decode, parse, validate, compile,
// explain, encode) for the workload policy and a 100 times larger one, natively.
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{1, 100} {
		st := benchState(b, n)
		b.Run(fmt.Sprintf("%d_statements", 21*n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Evaluate(st)
			}
		})
		b.Run(fmt.Sprintf("%d_statements_phases", 21*n), func(b *testing.B) {
			doc, _ := authz.ReadDocument(st)
			text := doc.Entries[0].Policy.Doc.Source
			for b.Loop() {
				in := &authz.Input{Identity: []*authz.Policy{authz.NewPolicy(policy.KindIdentity, "", text)}}
				in.Explain(authz.Prepare(doc.Request))
			}
		})
	}
}
