package playground

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
)

// Every curated example decides what it says it does, cites the AWS page it rests on, has a
// one-line description and a unique id; together they cover what issue 10 lists.
func TestExamples(t *testing.T) {
	t.Parallel()
	list, err := ExampleList()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 15 {
		t.Fatalf("%d examples; the menu needs at least 15", len(list))
	}
	seen := map[string]bool{}
	kinds := map[policy.Kind]bool{}
	for _, ex := range list {
		if seen[ex.ID] || ex.ID == "" {
			t.Errorf("example id %q is empty or repeated", ex.ID)
		}
		seen[ex.ID] = true
		if ex.Title == "" || ex.Description == "" || strings.Contains(ex.Description, "\n") || len(ex.Doc) < 40 {
			t.Errorf("%s: every example has a title, a one-line description and the AWS sentence it rests on", ex.ID)
		}
		state, err := json.Marshal(ex.State)
		if err != nil {
			t.Fatal(err)
		}
		var a Answer
		if err := json.Unmarshal(Evaluate(state), &a); err != nil || a.Result == nil {
			t.Fatalf("%s: %v", ex.ID, err)
		}
		if a.Decision != ex.Want {
			t.Errorf("%s: decides %s, want %s (%s)", ex.ID, a.Decision, ex.Want, a.Reason)
		}
		for _, f := range a.Findings {
			if f.Severity == policy.SeverityError {
				t.Errorf("%s: error finding %s: %s", ex.ID, f.Code, f.Message)
			}
		}
		for _, tab := range ex.State.Policies {
			kinds[tab.Kind] = true
		}
	}
	for _, k := range []policy.Kind{policy.KindIdentity, policy.KindResource, policy.KindBoundary, policy.KindSCP, policy.KindSession, policy.KindKey} {
		if !kinds[k] {
			t.Errorf("no example has a %s policy", k)
		}
	}
}
