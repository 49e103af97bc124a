package playground

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/internal/workload"
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
	if n := cache.len(); n > 4 {
		t.Errorf("after 1000 edits the cache holds %d compiled policies; two reads of two tabs need at most 4", n)
	}
}

// With take (WebAssembly's way), an edit takes the tab's previous policy for itself and
// moves its statements where they are: every policy of a chain of edits in the middle and
// at the end of a long policy is still what a full compile of its text gives, with every
// position of its explanation; a policy world mode keeps (compiledShared) is never taken,
// nor one the read at hand uses. Not parallel: take and the cache are the package's.
func TestEditsTakeThePreviousPolicy(t *testing.T) {
	takeAsWasm(t)
	raw, err := workload.Repeated(3)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	mid := workload.Middle(raw)
	req := authz.Prepare(authz.Request{Principal: "arn:aws:iam::123456789012:user/svc-1", Action: "secretsmanager:GetSecretValue",
		Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:team-20/db-AbCdEf", Context: map[string][]string{"aws:username": {"svc-1"}}})
	same := func(step string, got *authz.Policy, text string) {
		t.Helper()
		want := authz.NewPolicy(got.Kind, got.Name, []byte(text))
		if !reflect.DeepEqual(got.Doc, want.Doc) || !reflect.DeepEqual(got.Findings, want.Findings) {
			t.Fatalf("%s: the policy differs from a full compile of its text", step)
		}
		a, b := &authz.Input{Identity: []*authz.Policy{got}}, &authz.Input{Identity: []*authz.Policy{want}}
		if !reflect.DeepEqual(a.Explain(req), b.Explain(req)) {
			t.Fatalf("%s: the explanation differs from a full compile's", step)
		}
	}
	kept := cache.compiledShared(policy.KindIdentity, "t", text) // world mode's
	for i := range 30 {
		next := text[:mid] + strings.Repeat(" ", i%7) + strings.Repeat("\n", i%3) + text[mid:]
		if i%5 == 4 {
			next = text + strings.Repeat(" ", i) // at the end
		}
		cache.nextGeneration()
		p := cache.compiled(policy.KindIdentity, "t", next)
		same(fmt.Sprint("edit ", i), p, next)
		if i%4 == 0 { // a second tab of the same name in the same read: it may not take the first
			other := next[:mid] + "  " + next[mid:]
			same(fmt.Sprint("edit ", i, ", second tab"), cache.compiled(policy.KindIdentity, "t", other), other)
			same(fmt.Sprint("edit ", i, ", first tab after the second"), p, next)
		}
	}
	same("world mode's policy", kept, text)
}

// Warming up (Warm) reads with a cache of its own: with take on, a hundred warm-up edits of
// the state a page last read neither take nor evict the page's compiled policies, the page's
// next read finds them as they were, and an empty Warm empties only the warm-up's cache. Bad
// input is ignored, not a panic. Not parallel: take and the caches are the package's.
func TestWarmLeavesThePageCache(t *testing.T) {
	takeAsWasm(t)
	raw, err := workload.Repeated(1)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	state := []byte(`{"policies":[{"kind":"identity","name":"a","enabled":true}],
	  "request":{"principal":"arn:aws:iam::123456789012:user/svc-1","action":"secretsmanager:GetSecretValue","resource":"*"}}`)
	want := Evaluate(state, text)
	before := cache.compiled(policy.KindIdentity, "a", text)
	n := cache.len()
	for i := range 100 {
		Warm(state, text+strings.Repeat(" ", 1+i%7))
	}
	Warm([]byte(`{"policies":`), "not a policy") // unreadable: ignored
	if got := cache.len(); got != n {
		t.Errorf("the page's cache holds %d policies after warming up, %d before", got, n)
	}
	if warmCache.len() == 0 {
		t.Error("the warm-up's cache is empty after warming up: Warm did not read through it")
	}
	if got := cache.compiled(policy.KindIdentity, "a", text); got != before {
		t.Error("the page's compiled policy was replaced while warming up")
	}
	if got := Evaluate(state, text); string(got) != string(want) {
		t.Errorf("after warming up the answer differs:\n%s\nwant\n%s", got, want)
	}
	Warm(nil)
	if warmCache.len() != 0 || cache.len() == 0 {
		t.Errorf("after an empty Warm the caches hold %d (warm-up) and %d (page) policies; want 0 and more", warmCache.len(), cache.len())
	}
}

// takeAsWasm makes edits take the previous policy, as in WebAssembly (take), until tb ends.
// Not for parallel tests: take is the package's.
func takeAsWasm(tb testing.TB) {
	take = true
	tb.Cleanup(func() { take = runtime.GOARCH == "wasm" })
}
