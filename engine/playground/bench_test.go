package playground

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
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

// BenchmarkEdit is the browser benchmark's edit path natively (site/browser
// BenchmarkPlayground): every round evaluates one of seven texts (the workload policy with
// 0-6 trailing spaces) and a new request context, so the compile cache, which keeps the last
// two reads, never holds the text: each round is a real edit. "middle" edits a Sid of the
// middle statement instead.
func BenchmarkEdit(b *testing.B) {
	for _, n := range []int{1, 100} {
		text, err := workload.Repeated(n)
		if err != nil {
			b.Fatal(err)
		}
		st := benchState(b, n)
		var doc map[string]any
		if err := json.Unmarshal(st, &doc); err != nil {
			b.Fatal(err)
		}
		delete(doc["policies"].([]any)[0].(map[string]any), "text")
		for _, where := range []string{"end", "middle"} {
			texts := make([]string, 7)
			for i := range texts {
				texts[i] = string(text) + strings.Repeat(" ", i)
			}
			if where == "middle" {
				at := bytes.Index(text, []byte(`"Sid"`)) // the first Sid, then the middle one
				for k := 0; k < 21*n/2; k++ {
					at += 5 + bytes.Index(text[at+5:], []byte(`"Sid"`))
				}
				at += bytes.IndexByte(text[at+5:], '"') + 6 // inside the Sid's value
				for i := range texts {
					texts[i] = string(text[:at]) + strings.Repeat("X", i) + string(text[at:])
				}
			}
			b.Run(fmt.Sprintf("%d_statements_%s", 21*n, where), func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					doc["request"].(map[string]any)["context"] = map[string]any{"aws:username": fmt.Sprint("u", i)}
					s, _ := json.Marshal(doc)
					Evaluate(s, texts[i%7])
					i++
				}
			})
		}
	}
}

// BenchmarkEditAsBrowser is the browser benchmark's edit exactly as the page's worker makes
// it (site/browser BenchmarkPlayground reevaluate_2100_statements and _middle): the page's
// request, spaces added at the end or after the middle statement's "Sid":, each edit taking
// the previous policy (take, as in WebAssembly) and the answer written over the last one
// (EvaluateInto, as wasm/playground does). Its B/op, with the 600 KB text the worker copies
// into the engine on top, is what sets how often a collection lands in an edit.
func BenchmarkEditAsBrowser(b *testing.B) {
	takeAsWasm(b)
	text, err := workload.Repeated(100)
	if err != nil {
		b.Fatal(err)
	}
	for _, where := range []string{"end", "middle"} {
		head, tail := string(text), ""
		if where == "middle" {
			mid := workload.Middle(text)
			head, tail = string(text[:mid]), string(text[mid:])
		}
		var states [][]byte
		var texts []string
		for i := range 7 {
			st, err := json.Marshal(State{Policies: []Tab{{Kind: policy.KindIdentity, Name: "bench", Enabled: true}},
				Request: StateRequest{Principal: "arn:aws:iam::111122223333:user/alice", Action: "secretsmanager:GetSecretValue",
					Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf", Context: map[string][]string{"aws:username": {fmt.Sprint("u", i)}}}})
			var doc map[string]any
			if err == nil {
				err = json.Unmarshal(st, &doc)
			}
			if err != nil {
				b.Fatal(err)
			}
			delete(doc["policies"].([]any)[0].(map[string]any), "text") // the text comes beside the state, as the page sends it
			st, _ = json.Marshal(doc)
			states, texts = append(states, st), append(texts, head+strings.Repeat(" ", i)+tail)
		}
		// "with_matrix" is a person's keystroke: the page asks for the matrix of the same
		// state next.
		for _, matrix := range []bool{false, true} {
			name := fmt.Sprintf("2100_statements_%s", where)
			if matrix {
				name += "_with_matrix"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				var buf []byte
				i := 0
				for b.Loop() {
					buf = EvaluateInto(buf, states[i%7], texts[i%7])
					if matrix {
						Matrix(states[i%7], texts[i%7])
					}
					i++
				}
			})
		}
	}
}
