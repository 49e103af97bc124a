package authz_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
)

// FuzzEvaluate feeds arbitrary evaluation documents to the evaluator: it must never panic,
// Decide and Explain must always agree, and the chain of combinations must end in the
// decision (the playground lights its row).
func FuzzEvaluate(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.json")
	for i, name := range files {
		if i%4 != 0 { // a quarter of the corpus keeps seeding fast
			continue
		}
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"request":{"action":"secretsmanager:GetSecretValu","resource":"not-an-arn","principal":"??"}}`))
	f.Add([]byte(`{"identityPolicies":[{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}],"request":{"action":"s3:GetObject","resource":"arn:aws:s3:::b/k","context":{"k":[1,true,"x"]}}}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, res := authz.Evaluate(src)
		if doc == nil {
			return
		}
		if d := doc.Input.Decide(authz.Prepare(doc.Request)); d != res.Decision {
			t.Fatalf("Decide %s, Explain %s", d, res.Decision)
		}
		if res.Decision != authz.Refused {
			checkChain(t, "fuzz", res)
		}
	})
}
