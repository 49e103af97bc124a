package playground

import (
	"strings"
	"testing"
)

// A thousand edits of one tab of a two-tab state leave the cache holding the policies of the
// last two reads, not a compiled policy per keystroke. Not parallel: the cache is the
// package's one.
func TestCacheKeepsRecentStatesOnly(t *testing.T) {
	state := []byte(`{"policies":[{"kind":"identity","name":"a","enabled":true},{"kind":"resource","name":"b","enabled":true}],
	  "request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"secretsmanager:GetSecretValue","resource":"*"}}`)
	res := `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}}`
	for i := range 1000 {
		id := `{"Version":"2012-10-17","Statement":{"Sid":"S` + strings.Repeat("x", i%50) + `","Effect":"Allow","Action":"*","Resource":"*"}}` + strings.Repeat(" ", i)
		if out := Evaluate(state, id, res); !strings.Contains(string(out), `"decision":"ExplicitDeny"`) {
			t.Fatalf("edit %d: %s", i, out)
		}
		Matrix(state, id, res)
	}
	if n := cacheLen(); n > 4 {
		t.Errorf("after 1000 edits the cache holds %d compiled policies; two reads of two tabs need at most 4", n)
	}
}
