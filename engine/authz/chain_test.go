package authz_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
)

// TestChainEqualsDecision holds the chain to the decision on every corpus case (each rests
// on an AWS sentence, see its "doc"): the last step's running result is the decision, each
// step's row is the row of its table for its verdicts, exactly one step decides and it has
// the decision as its result. A refused document keeps the chain of the policies as written.
func TestChainEqualsDecision(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/cases/*.json")
	if err != nil || len(files) == 0 {
		t.Fatal("no corpus", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, res := authz.Evaluate(src)
		if doc == nil || res.Decision == authz.Refused {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		checkChain(t, name, res)
	}
}

func checkChain(t *testing.T, name string, res *authz.Result) {
	t.Helper()
	if len(res.Chain) < 2 {
		t.Errorf("%s: chain has %d steps; the identity side and the resource policy are always compared", name, len(res.Chain))
		return
	}
	decides := 0
	for i, s := range res.Chain {
		if i == 0 {
			if s.Table != "" || s.Row != 0 {
				t.Errorf("%s: the first step has a table %q row %d", name, s.Table, s.Row)
			}
		} else {
			row := authz.TableRow(s.Table, s.A, s.Verdict)
			if row.Index != s.Row || row.Decision != s.Result {
				t.Errorf("%s step %d: row %d result %s; the %s table says row %d %s", name, i, s.Row, s.Result, s.Table, row.Index, row.Decision)
			}
			if s.Why == "" || s.Cite == "" {
				t.Errorf("%s step %d: no why or cite", name, i)
			}
		}
		if s.Decides {
			decides++
			if s.Result != res.Decision {
				t.Errorf("%s: the deciding step %d (%s) results in %s, the decision is %s", name, i, s.Name, s.Result, res.Decision)
			}
		}
	}
	if last := res.Chain[len(res.Chain)-1]; last.Result != res.Decision {
		t.Errorf("%s: the chain ends in %s, the decision is %s (%s)", name, last.Result, res.Decision, res.Reason)
	}
	if decides != 1 {
		t.Errorf("%s: %d steps decide, want 1", name, decides)
	}
}

// TestChainTeaches checks the four cases of issue 10 step by step: the table each pair is
// under, the lit row and where AWS departs from the seed's union table.
func TestChainTeaches(t *testing.T) {
	t.Parallel()
	const (
		alice    = "arn:aws:iam::111122223333:user/alice"
		secret   = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"
		other    = "arn:aws:secretsmanager:us-east-1:444455556666:secret:prod/db-AbCdEf"
		allowGet = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
		denyGet  = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
		silent   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:DescribeSecret","Resource":"*"}]}`
		resAlice = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + alice + `"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
		resRoot  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	)
	doc := func(id, res, bound, scp, resource string) string {
		s := `{"identityPolicies":[` + id + `],"resourcePolicy":` + res
		if bound != "" {
			s += `,"permissionBoundaries":[` + bound + `]`
		}
		if scp != "" {
			s += `,"scps":[[` + scp + `]]`
		}
		return s + `,"request":{"principal":"` + alice + `","action":"secretsmanager:GetSecretValue","resource":"` + resource + `"}}`
	}
	for _, c := range []struct {
		name     string
		doc      string
		decision authz.Decision
		step     string // the deciding step
		table    authz.TableKind
		row      int
		departs  bool
	}{
		// Cross-account: "You must also attach an identity-based policy" (citeCrossAccount).
		{"cross-account, resource allows, identity silent", doc(silent, resAlice, "", "", other), authz.ImplicitDeny, "resource policy", authz.Intersection, 5, true},
		// Account principal: "This delegates authority to the account" (citeAccountPrincipal).
		{"same account, :root principal, identity off", doc("", resRoot, "", "", secret), authz.ImplicitDeny, "resource policy", authz.Intersection, 5, true},
		{"same account, :root principal, identity silent", doc(silent, resRoot, "", "", secret), authz.ImplicitDeny, "resource policy", authz.Intersection, 5, true},
		// SCP deny: any Deny wins, in both tables.
		{"SCP denies", doc(allowGet, "null", "", denyGet, secret), authz.ExplicitDeny, "SCP level 0", authz.Intersection, 3, false},
		// Boundary silent: "allowed by both its identity-based policies and its permissions boundaries" (citeBoundary).
		{"boundary silent", doc(allowGet, "null", silent, "", secret), authz.ImplicitDeny, "permissions boundary", authz.Intersection, 1, true},
		// The seed's own case: a resource policy naming alice allows on its own (union row 5).
		{"same account, resource names alice", doc(silent, resAlice, "", "", secret), authz.Allow, "resource policy", authz.Union, 5, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, res := authz.Evaluate([]byte(c.doc))
			if res.Decision != c.decision {
				t.Fatalf("decision %s, want %s (%s)", res.Decision, c.decision, res.Reason)
			}
			checkChain(t, c.name, res)
			for _, s := range res.Chain {
				if !s.Decides {
					continue
				}
				if s.Name != c.step || s.Table != c.table || s.Row != c.row || s.Departs != c.departs {
					t.Errorf("deciding step %s table %s row %d departs %v; want %s %s %d %v", s.Name, s.Table, s.Row, s.Departs, c.step, c.table, c.row, c.departs)
				}
			}
		})
	}
}
