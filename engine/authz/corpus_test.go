package authz_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
)

// TestCorpus runs every case of testdata/cases: each is an evaluation document whose
// "want" rests on a quoted AWS documentation statement ("doc").
func TestCorpus(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/cases/*.json")
	if err != nil || len(files) < 300 {
		t.Fatalf("the corpus has %d cases (%v); it must have at least 300", len(files), err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, res := authz.Evaluate(src)
			if doc == nil {
				t.Fatalf("unreadable: %v", res.Findings)
			}
			if doc.Want == "" {
				t.Fatalf("the case has no want.decision")
			}
			var meta struct {
				Name string `json:"name"`
				Doc  string `json:"doc"`
			}
			if err := json.Unmarshal(src, &meta); err != nil || len(meta.Doc) < 20 || meta.Name == "" {
				t.Fatalf("every case names itself and the AWS documentation it rests on (name, doc): %q %q", meta.Name, meta.Doc)
			}
			if res.Decision != doc.Want {
				t.Errorf("%s: decision %s, want %s\nreason: %s", f, res.Decision, doc.Want, res.Reason)
			}
			if d := doc.Input.Decide(authz.Prepare(doc.Request)); d != res.Decision {
				t.Errorf("%s: Decide says %s, Explain says %s", f, d, res.Decision)
			}
		})
	}
}
