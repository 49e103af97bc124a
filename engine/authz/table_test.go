package authz_test

import (
	"fmt"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/internal/workload"
)

// TestSeedTable builds, for each row of the seed's table "Effective permissions when multiple
// policies apply", an identity policy (Policy A) and a secret's resource policy (Policy B) with
// the row's verdicts, and checks the decision, the verdicts and the row Explain reports.
func TestSeedTable(t *testing.T) {
	t.Parallel()
	const alice = "arn:aws:iam::111122223333:user/alice"
	stmt := map[authz.Verdict]string{
		authz.Allows: `{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"%s}`,
		authz.Denies: `{"Effect":"Deny","Action":"secretsmanager:GetSecretValue","Resource":"*"%s}`,
		authz.Silent: `{"Effect":"Allow","Action":"secretsmanager:DescribeSecret","Resource":"*"%s}`,
	}
	doc := func(v authz.Verdict, principal string) []byte {
		return []byte(`{"Version":"2012-10-17","Statement":[` + fmt.Sprintf(stmt[v], principal) + `]}`)
	}
	for _, row := range authz.Table {
		t.Run(fmt.Sprintf("row%d_%s_%s", row.Index, row.PolicyA, row.PolicyB), func(t *testing.T) {
			t.Parallel()
			prog := &authz.Input{
				Identity: []*authz.Policy{authz.NewPolicy(policy.KindIdentity, "", doc(row.PolicyA, ""))},
				Resource: authz.NewPolicy(policy.KindResource, "", doc(row.PolicyB, `,"Principal":{"AWS":"`+alice+`"}`)),
			}
			if !prog.Valid() {
				t.Fatalf("findings: %v", prog.Findings())
			}
			r := authz.Prepare(authz.Request{Principal: alice, Action: "secretsmanager:GetSecretValue",
				Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"})
			res := prog.Explain(r)
			wantAllow := row.Effective == "Access allowed"
			if (res.Decision == authz.Allow) != wantAllow {
				t.Errorf("decision %s; the table says %s", res.Decision, row.Effective)
			}
			if res.Decision != row.Decision {
				t.Errorf("decision %s; the row stands for %s", res.Decision, row.Decision)
			}
			if res.Row != row {
				t.Errorf("row %+v; want %+v", res.Row, row)
			}
			if res.Policies[0].Verdict != row.PolicyB || res.Policies[1].Verdict != row.PolicyA {
				t.Errorf("verdicts resource %s identity %s; want %s %s", res.Policies[0].Verdict, res.Policies[1].Verdict, row.PolicyB, row.PolicyA)
			}
			if d := prog.Decide(r); d != res.Decision {
				t.Errorf("Decide %s, Explain %s", d, res.Decision)
			}
		})
	}
}

func TestSeedTableRow(t *testing.T) {
	t.Parallel()
	if len(authz.Table) != 9 {
		t.Fatalf("the seed table has nine rows, not %d", len(authz.Table))
	}
	for _, r := range authz.Table {
		if got := authz.SeedTableRow(r.PolicyA, r.PolicyB); got != r {
			t.Errorf("SeedTableRow(%s, %s) = %+v", r.PolicyA, r.PolicyB, got)
		}
	}
}

func TestExplainTrimmedKeepsWhatMatters(t *testing.T) {
	t.Parallel()
	w := loadWorkload(t)
	prog, reqs := w.prepared(t, workload.Teams(210))
	for i := 0; i < len(reqs); i += 97 {
		full := prog.Explain(reqs[i])
		res := prog.ExplainTrimmed(reqs[i], 64)
		if res.Decision != full.Decision || res.Decision != prog.Decide(reqs[i]) {
			t.Fatalf("request %d: trimmed %s, full %s", i, res.Decision, full.Decision)
		}
		p := res.Policies[0]
		if p.Omitted == 0 || len(p.Statements)+p.Omitted != len(full.Policies[0].Statements) {
			t.Fatalf("kept %d, omitted %d of %d", len(p.Statements), p.Omitted, len(full.Policies[0].Statements))
		}
		for _, s := range full.Policies[0].Statements {
			kept := false
			for _, k := range p.Statements {
				kept = kept || k.Index == s.Index
			}
			if want := s.Action.Matched && s.Resource.Matched; kept != want {
				t.Fatalf("statement %d kept %v; action %v resource %v", s.Index, kept, s.Action.Matched, s.Resource.Matched)
			}
		}
	}
	if small := prog.ExplainTrimmed(reqs[0], 10000); small.Policies[0].Omitted != 0 {
		t.Errorf("a policy under the limit must not be trimmed")
	}
}

// TestIntersectionTable holds the derived "both must allow" table to its rule: allowed only when
// both policies allow; an explicit deny when either denies; implicit otherwise.
func TestIntersectionTable(t *testing.T) {
	if len(authz.IntersectionTable) != len(authz.Table) {
		t.Fatalf("%d rows, the seed's table has %d", len(authz.IntersectionTable), len(authz.Table))
	}
	for i, r := range authz.IntersectionTable {
		if s := authz.Table[i]; r.Index != s.Index || r.PolicyA != s.PolicyA || r.PolicyB != s.PolicyB {
			t.Errorf("row %d is %s × %s, the seed's row is %s × %s", r.Index, r.PolicyA, r.PolicyB, s.PolicyA, s.PolicyB)
		}
		want, words := authz.ImplicitDeny, "Access denied"
		switch {
		case r.PolicyA == authz.Denies || r.PolicyB == authz.Denies:
			want = authz.ExplicitDeny
		case r.PolicyA == authz.Allows && r.PolicyB == authz.Allows:
			want, words = authz.Allow, "Access allowed"
		}
		if r.Decision != want || r.Effective != words {
			t.Errorf("row %d (%s × %s): %s %q, want %s %q", r.Index, r.PolicyA, r.PolicyB, r.Decision, r.Effective, want, words)
		}
	}
}
