package secrets

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// appendEpoch writes the text strconv writes for the float seconds, on either side of the
// range it writes from the integer milliseconds.
func TestAppendEpoch(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	ms := []int64{0, 1, 10, 100, 999, 1000, 1001, 1010, 1100, 1764493200000, 1764493200500, 1764493200050, 1764493200005, 99999999999999, 1e14, 1e14 + 1, -1, -1500, 253402300799999}
	for range 10000 {
		ms = append(ms, rnd.Int64N(1e14), rnd.Int64N(1e11)*1000+rnd.Int64N(1000))
	}
	for _, m := range ms {
		want := strconv.AppendFloat(nil, float64(m)/1000, 'f', -1, 64)
		if got := appendEpoch(nil, time.UnixMilli(m)); string(got) != string(want) {
			t.Fatalf("%d ms: %s, want %s", m, got, want)
		}
	}
}

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
