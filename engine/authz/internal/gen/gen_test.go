package gen

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestDocumentsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := Documents(7, 50), Documents(7, 50)
	if len(a) != 50 || len(b) != 50 {
		t.Fatalf("got %d and %d documents, want 50", len(a), len(b))
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("document %d differs between two runs with the same seed", i)
		}
	}
	if c := Documents(8, 1); bytes.Equal(a[0], c[0]) {
		t.Fatalf("seeds 7 and 8 made the same first document")
	}
}

func TestDocumentsShape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		n    int
	}{{"none", 0}, {"negative", -3}, {"one", 1}, {"many", 300}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			docs := Documents(1, tt.n)
			want := max(tt.n, 0)
			if len(docs) != want {
				t.Fatalf("len = %d, want %d", len(docs), want)
			}
			for i, d := range docs {
				var doc Document
				if err := json.Unmarshal(d, &doc); err != nil {
					t.Fatalf("document %d is not JSON: %v", i, err)
				}
				if doc.Request.Principal == "" || doc.Request.Action == "" || doc.Request.Resource == "" {
					t.Fatalf("document %d has an incomplete request: %s", i, d)
				}
			}
		})
	}
}

// TestDocumentsCoverage checks that a modest run already mixes every policy kind,
// cross-account requests, absent and multi-valued keys.
func TestDocumentsCoverage(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, d := range Documents(3, 500) {
		var doc Document
		if err := json.Unmarshal(d, &doc); err != nil {
			t.Fatal(err)
		}
		seen["identity"] = seen["identity"] || len(doc.IdentityPolicies) > 0
		seen["resource"] = seen["resource"] || doc.ResourcePolicy != nil
		seen["boundary"] = seen["boundary"] || doc.PermissionBoundaries != nil
		seen["scp"] = seen["scp"] || len(doc.SCPs) > 1
		seen["session"] = seen["session"] || doc.SessionPolicy != nil
		seen["cross"] = seen["cross"] || account(doc.Request.Resource) != "" && account(doc.Request.Resource) != account(doc.Request.Principal)
		if v, ok := doc.Request.Context["aws:TagKeys"].([]any); ok {
			seen["multi"] = seen["multi"] || len(v) > 1
			seen["empty"] = seen["empty"] || len(v) == 0
		}
		seen["absent"] = seen["absent"] || len(doc.Request.Context) < 3
		seen["notprincipal"] = seen["notprincipal"] || bytes.Contains(d, []byte(`"NotPrincipal"`))
		seen["ifexists"] = seen["ifexists"] || bytes.Contains(d, []byte(`IfExists"`))
		seen["forall"] = seen["forall"] || bytes.Contains(d, []byte(`ForAllValues:`))
		seen["variable"] = seen["variable"] || bytes.Contains(d, []byte(`${aws:`))
	}
	for _, k := range []string{"identity", "resource", "boundary", "scp", "session", "cross", "multi", "empty", "absent", "notprincipal", "ifexists", "forall", "variable"} {
		if !seen[k] {
			t.Errorf("500 documents never showed %s", k)
		}
	}
}
