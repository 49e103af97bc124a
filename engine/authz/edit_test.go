package authz_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/internal/workload"
)

// assertSamePolicy checks that got, compiled as an edit, is what NewPolicy makes of its text:
// document, findings, validity, and every request's decision and explanations (whole and
// trimmed, with every position).
func assertSamePolicy(t *testing.T, got *authz.Policy, kind policy.Kind, src []byte, reqs []*authz.Prepared) {
	t.Helper()
	want := authz.NewPolicy(kind, got.Name, src)
	if !reflect.DeepEqual(got.Doc, want.Doc) || !reflect.DeepEqual(got.Findings, want.Findings) || got.Valid() != want.Valid() {
		t.Fatalf("%s: the edited policy's document (same: %v) or findings differ from NewPolicy's:\n%v\n%v", kind, reflect.DeepEqual(got.Doc, want.Doc), got.Findings, want.Findings)
	}
	in := func(p *authz.Policy) *authz.Input {
		if kind == policy.KindResource {
			return &authz.Input{Resource: p}
		}
		return &authz.Input{Identity: []*authz.Policy{p}}
	}
	a, b := in(got), in(want)
	for i, r := range reqs {
		if a.Decide(r) != b.Decide(r) {
			t.Fatalf("request %d: the edited policy decides %s, NewPolicy's %s", i, a.Decide(r), b.Decide(r))
		}
		if !reflect.DeepEqual(a.Explain(r), b.Explain(r)) || !reflect.DeepEqual(a.ExplainTrimmed(r, 8), b.ExplainTrimmed(r, 8)) {
			t.Fatalf("request %d: the edited policy's explanation differs from NewPolicy's for %q", i, src)
		}
	}
}

// chainWorkload is the workload policy (three copies, 63 statements) and up to 40 of its
// prepared requests, which the edit tests hold edited policies to.
func chainWorkload(t *testing.T) ([]byte, []*authz.Prepared) {
	w := loadWorkload(t)
	text, err := workload.Repeated(3)
	if err != nil {
		t.Fatal(err)
	}
	_, reqs := w.prepared(t, text)
	return text, reqs[:min(len(reqs), 40)]
}

// TestEditPolicyChain edits the workload policy (three copies, 63 statements) a hundred
// times, each edit from the previous policy, and holds each to NewPolicy: statements read
// anew, moved (with their conditions) and kept, and the index kept, remapped or rebuilt.
func TestEditPolicyChain(t *testing.T) {
	t.Parallel()
	text, reqs := chainWorkload(t)
	inserts := []string{" ", "\n", "x", "*", "Deny", "secretsmanager:Get*", "arn:aws:secretsmanager:us-east-1:123456789012:secret:", "\"", "}", ","}
	for _, c := range []struct {
		kind  policy.Kind
		owned bool // each policy is edited with EditPolicyOwned and used no more
	}{{policy.KindIdentity, false}, {policy.KindResource, false}, {policy.KindIdentity, true}, {policy.KindResource, true}} {
		kind, edit := c.kind, authz.EditPolicy
		if c.owned {
			edit = authz.EditPolicyOwned
		}
		r := rand.New(rand.NewPCG(3, 4)) // the same edits for each
		p, cur := authz.EditPolicy(nil, kind, "w", text), string(text)
		for range 100 {
			at := r.IntN(len(cur) + 1)
			del := min(r.IntN(6), len(cur)-at)
			next := cur[:at] + inserts[r.IntN(len(inserts))] + cur[at+del:]
			if r.IntN(5) == 0 {
				next = string(text)
			}
			p = edit(p, kind, "w", []byte(next))
			assertSamePolicy(t, p, kind, []byte(next), reqs)
			cur = next
		}
	}
}

// An owned edit writes over only what the policy it takes holds alone: a policy an earlier
// edit kept whole (the same statements, index and all) is left as it was.
func TestEditPolicyOwnedLeavesSharers(t *testing.T) {
	t.Parallel()
	text, reqs := chainWorkload(t)
	spaced := append(append([]byte(nil), text...), ' ') // kept whole: shares a's compiled statements
	mid := workload.Middle(text)
	moved := append(append(append([]byte(nil), text[:mid]...), "  "...), text[mid:]...) // moves half of the statements
	for _, kind := range []policy.Kind{policy.KindIdentity, policy.KindResource} {
		a := authz.EditPolicy(nil, kind, "w", text)
		b := authz.EditPolicy(a, kind, "w", spaced)
		c := authz.EditPolicyOwned(b, kind, "w", moved)
		assertSamePolicy(t, c, kind, moved, reqs)
		assertSamePolicy(t, a, kind, text, reqs)
	}
}

// FuzzEditPolicy checks one edit of a policy against NewPolicy of the edited text.
func FuzzEditPolicy(f *testing.F) {
	base := `{"Version":"2012-10-17","Statement":[
 {"Sid":"A","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:123456789012:secret:team-3/*",
  "Condition":{"StringEquals":{"aws:username":"u1"}}},
 {"Sid":"B","Effect":"Deny","Action":["secretsmanager:*"],"Resource":"*","Condition":{"Null":{"aws:ResourceTag/x":"false"}}},
 {"Sid":"C","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:Get*","Resource":"*"}]}`
	f.Add(base, 60, 0, " ")
	f.Add(base, 200, 3, "\n")
	f.Add(base, 120, 0, "Get")
	f.Add(base, 330, 4, "Allow")
	reqs := []*authz.Prepared{
		authz.Prepare(authz.Request{Principal: "arn:aws:iam::123456789012:user/u1", Action: "secretsmanager:GetSecretValue",
			Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:team-3/db-AbCdEf", Context: map[string][]string{"aws:username": {"u1"}}}),
		authz.Prepare(authz.Request{Principal: "arn:aws:iam::123456789012:user/u2", Action: "secretsmanager:DeleteSecret",
			Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf", Context: map[string][]string{"aws:ResourceTag/x": {"1"}}}),
	}
	f.Fuzz(func(t *testing.T, base string, at, del int, ins string) {
		if len(base) > 4096 || len(ins) > 64 {
			return
		}
		at = max(0, min(at, len(base)))
		del = max(0, min(del, len(base)-at))
		to := []byte(base[:at] + ins + base[at+del:])
		for _, kind := range []policy.Kind{policy.KindIdentity, policy.KindResource} {
			assertSamePolicy(t, authz.EditPolicy(authz.EditPolicy(nil, kind, "f", []byte(base)), kind, "f", to), kind, to, reqs)
			// An owned edit there and back: the second moves what the first moved or read.
			there := authz.EditPolicyOwned(authz.EditPolicy(nil, kind, "f", []byte(base)), kind, "f", to)
			assertSamePolicy(t, there, kind, to, reqs)
			assertSamePolicy(t, authz.EditPolicyOwned(there, kind, "f", []byte(base)), kind, []byte(base), reqs)
		}
	})
}
