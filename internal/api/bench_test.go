package api_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/iamplay/iamplay/internal/api"
	"github.com/iamplay/iamplay/internal/workload"
)

// BenchmarkEvaluateWorkload posts the shared workload's requests (the 21-statement policy)
// as evaluation documents to the native handler, in process: what one evaluate costs
// without the network and without the Worker's fresh Go instance per request
// (scripts/worker-load measures those).
func BenchmarkEvaluateWorkload(b *testing.B) {
	w, err := workload.Load()
	if err != nil {
		b.Fatal(err)
	}
	bodies := make([][]byte, 0, 256)
	for _, r := range w.Requests[:256] {
		body, err := json.Marshal(map[string]any{
			"identityPolicies": []json.RawMessage{w.Policy},
			"request":          map[string]any{"principal": r.Principal(), "action": r.Action, "resource": r.Resource, "context": r.Context},
		})
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	h := api.New(api.Options{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r := httptest.NewRequest("POST", "/api/v1/evaluate", bytes.NewReader(bodies[i%len(bodies)]))
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body.Bytes())
		}
		i++
	}
}
