package authz_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/internal/chaincases"
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

// TestChainTeaches checks the cases of issue 10 step by step (internal/chaincases, which the
// playground's browser test shares): the table each pair is under, the lit row and where AWS
// departs from the seed's union table.
func TestChainTeaches(t *testing.T) {
	t.Parallel()
	list := func(policy string) string {
		if policy == "" {
			return "null"
		}
		return "[" + policy + "]"
	}
	for _, c := range chaincases.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			identity, resource, scps := c.Identity, c.Resource, "null"
			if c.IdentityOff {
				identity = ""
			}
			if resource == "" {
				resource = "null"
			}
			if c.SCP != "" {
				scps = "[[" + c.SCP + "]]"
			}
			doc := `{"identityPolicies":` + list(identity) + `,"resourcePolicy":` + resource +
				`,"permissionBoundaries":` + list(c.Boundary) + `,"scps":` + scps +
				`,"request":{"principal":"` + chaincases.Alice + `","action":"secretsmanager:GetSecretValue","resource":"` + c.Secret + `"}}`
			_, res := authz.Evaluate([]byte(doc))
			if string(res.Decision) != c.Decision {
				t.Fatalf("decision %s, want %s (%s; %s)", res.Decision, c.Decision, res.Reason, c.Cite)
			}
			checkChain(t, c.Name, res)
			decided := false
			for _, s := range res.Chain {
				if !s.Decides {
					continue
				}
				decided = true
				if s.Name != c.Step || string(s.Table) != c.Table || s.Row != c.Row || s.Departs != c.Departs {
					t.Errorf("deciding step %s table %s row %d departs %v; want %s %s %d %v", s.Name, s.Table, s.Row, s.Departs, c.Step, c.Table, c.Row, c.Departs)
				}
			}
			if !decided {
				t.Error("no step decides")
			}
		})
	}
}
