package secrets

import (
	"encoding/json"
	"strings"
	"testing"
)

// A read answers the version's labels as they stand, however often the same version was
// read before (entry.valueOutput keeps the last output), and an output already returned
// never changes.
func TestValueOutputFollowsLabels(t *testing.T) {
	s := newStore(t)
	read := func(in string) (string, []byte) {
		t.Helper()
		r := s.run(t, step{op: "GetSecretValue", in: in})
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		var out struct {
			SecretString  string
			VersionStages []string
		}
		if err := json.Unmarshal(r.Output, &out); err != nil {
			t.Fatal(err)
		}
		return out.SecretString + " " + strings.Join(out.VersionStages, ","), r.Output
	}
	byID := `{"SecretId":"TestEnv/db","VersionId":"` + cur + `"}`
	first, firstOut := read(byID)
	kept := string(firstOut)
	steps := []struct{ op, in, want string }{
		{"", "", first},
		{"PutSecretValue", `{"SecretId":"TestEnv/db","SecretString":"three","ClientRequestToken":"` + token + `"}`, strings.Split(first, " ")[0] + " AWSPREVIOUS"},
		{"UpdateSecretVersionStage", `{"SecretId":"TestEnv/db","VersionStage":"blue","MoveToVersionId":"` + cur + `"}`, strings.Split(first, " ")[0] + " AWSPREVIOUS,blue"},
		{"UpdateSecretVersionStage", `{"SecretId":"TestEnv/db","VersionStage":"blue","RemoveFromVersionId":"` + cur + `"}`, strings.Split(first, " ")[0] + " AWSPREVIOUS"},
	}
	for _, st := range steps {
		if st.op != "" {
			if r := s.run(t, step{op: st.op, in: st.in}); r.Err != nil {
				t.Fatalf("%s: %v", st.op, r.Err)
			}
		}
		for range 2 {
			if got, _ := read(byID); got != st.want {
				t.Errorf("after %s %s: %q, want %q", st.op, st.in, got, st.want)
			}
		}
	}
	if got, _ := read(`{"SecretId":"TestEnv/db"}`); got != "three AWSCURRENT" {
		t.Errorf("the current version: %q", got)
	}
	if string(firstOut) != kept {
		t.Errorf("the first output changed: %s, was %s", firstOut, kept)
	}
}
