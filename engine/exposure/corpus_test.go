package exposure

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
)

// corpusCase is one file of testdata/cases: a policy, who owns the secret, and what the
// check must answer, with the AWS page and sentence the answer rests on.
type corpusCase struct {
	Name   string          `json:"name"`
	Doc    string          `json:"doc"`
	Kind   policy.Kind     `json:"kind"`
	Owner  *Owner          `json:"owner"`
	Policy json.RawMessage `json:"policy"`
	Want   struct {
		Public      bool   `json:"public"`
		Rules       []Rule `json:"rules"` // per statement
		FixKey      string `json:"fixKey"`
		FixValue    string `json:"fixValue"`
		Placeholder *bool  `json:"placeholder"`
	} `json:"want"`
}

// UnmarshalJSON reads owner's lower-case members.
func (o *Owner) UnmarshalJSON(b []byte) error {
	var v struct {
		Account string `json:"account"`
		OrgID   string `json:"orgId"`
	}
	err := json.Unmarshal(b, &v)
	o.Account, o.OrgID = v.Account, v.OrgID
	return err
}

func readCorpus(t testing.TB) map[string]corpusCase {
	t.Helper()
	files, err := filepath.Glob("testdata/cases/*.json")
	if err != nil || len(files) < 60 {
		t.Fatalf("the corpus has %d cases, want at least 60 (%v)", len(files), err)
	}
	out := map[string]corpusCase{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c corpusCase
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if c.Name == "" || !strings.Contains(c.Doc, "(") && !strings.Contains(c.Doc, "seed") {
			t.Fatalf("%s: a case needs a name and the AWS page it rests on", f)
		}
		if c.Kind == "" {
			c.Kind = policy.KindResource
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = c
	}
	return out
}

// source is the case's policy as a person writes it: indented JSON.
func (c *corpusCase) source(t testing.TB) []byte {
	var v any
	if err := json.Unmarshal(c.Policy, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCorpus holds the check to every case: the policy's verdict, each statement's rule,
// and for each public statement a fix that, applied as the playground applies a finding's
// suggestion, makes the statement private and leaves the rest as they were.
func TestCorpus(t *testing.T) {
	t.Parallel()
	rulesSeen := map[Rule]map[bool]bool{}
	for name, c := range readCorpus(t) {
		t.Run(name, func(t *testing.T) {
			src := c.source(t)
			doc, fs := policy.Check(src, c.Kind)
			if fs.CountRefused() > 0 && !strings.HasPrefix(name, "account_wildcard") && name != "named_role_path_wildcard" {
				t.Fatalf("the case's policy is one AWS refuses: %v", fs)
			}
			owner := Owner{}
			if c.Owner != nil {
				owner = *c.Owner
			}
			r := Check(doc, owner)
			if r.Public != c.Want.Public {
				t.Errorf("public = %v, want %v (%s)", r.Public, c.Want.Public, c.Name)
			}
			if len(r.Statements) != len(c.Want.Rules) {
				t.Fatalf("%d statements, want rules for %d", len(r.Statements), len(c.Want.Rules))
			}
			findings := Findings(doc, c.Kind, owner)
			public := 0
			for i, s := range r.Statements {
				if s.Rule != c.Want.Rules[i] {
					t.Errorf("statement %d: rule %s, want %s: %s", i, s.Rule, c.Want.Rules[i], s.Why)
				}
				if rulesSeen[s.Rule] == nil {
					rulesSeen[s.Rule] = map[bool]bool{}
				}
				rulesSeen[s.Rule][s.Public] = true
				if s.Why == "" || s.Range.IsZero() {
					t.Errorf("statement %d: no reason or no range", i)
				}
				if !s.Public {
					if s.Fix != nil {
						t.Errorf("statement %d is private but has a fix", i)
					}
					continue
				}
				public++
				checkFix(t, c, src, doc, s)
			}
			if len(findings) != public {
				t.Errorf("%d findings for %d public statements", len(findings), public)
			}
		})
	}
	// every rule is tested both ways: as the rule that makes a statement public or private,
	// and its counterpart case in the corpus
	t.Cleanup(func() {
		for _, rule := range []Rule{RuleWildcardPrincipal, RuleAccountWildcard, RuleNotPrincipal} {
			if !rulesSeen[rule][true] {
				t.Errorf("no case where %s makes a statement public", rule)
			}
		}
		for _, rule := range []Rule{RuleDeny, RuleNamed, RulePinned} {
			if !rulesSeen[rule][false] {
				t.Errorf("no case where %s makes a statement private", rule)
			}
		}
	})
}

// checkFix applies a public statement's fix to the source and checks the statement is then
// private, its message names it, and the fix names the key and value the case wants.
func checkFix(t *testing.T, c corpusCase, src []byte, doc *policy.Document, s Statement) {
	t.Helper()
	if s.Fix == nil {
		t.Errorf("statement %d is public without a fix", s.Index)
		return
	}
	if c.Want.FixKey != "" && s.Fix.Key != c.Want.FixKey || c.Want.FixValue != "" && s.Fix.Value != c.Want.FixValue {
		t.Errorf("fix %s = %s, want %s = %s", s.Fix.Key, s.Fix.Value, c.Want.FixKey, c.Want.FixValue)
	}
	if c.Want.Placeholder != nil && s.Fix.Placeholder != *c.Want.Placeholder {
		t.Errorf("placeholder %v, want %v", s.Fix.Placeholder, *c.Want.Placeholder)
	}
	if m := s.Message(); !strings.Contains(m, s.Name()) || !strings.Contains(m, s.Fix.Condition) {
		t.Errorf("the message does not name the statement and the fix: %s", m)
	}
	fixed := string(src[:s.Fix.Range.Start.Offset]) + s.Fix.Replacement + string(src[s.Fix.Range.End.Offset:])
	d, fs := policy.Check([]byte(fixed), c.Kind)
	if fs.CountRefused() > 0 && !strings.HasPrefix(c.Name, "A wildcard") && !strings.Contains(c.Name, "account") {
		t.Errorf("the fixed policy is refused: %v\n%s", fs, fixed)
	}
	after := Check(d, Owner{})
	if len(after.Statements) != len(doc.Statements) {
		t.Fatalf("the fix changed the statements:\n%s", fixed)
	}
	if a := after.Statements[s.Index]; a.Public || a.Rule != RulePinned {
		t.Errorf("after the fix statement %d is %s (%s):\n%s", s.Index, a.Rule, a.Why, fixed)
	}
	for i, a := range after.Statements {
		if i != s.Index && a.Rule != Check(doc, Owner{}).Statements[i].Rule {
			t.Errorf("the fix changed statement %d", i)
		}
	}
}

// The code catalogue's example of policy.public_access produces it here, where it is
// emitted, with the catalogue's severity.
func TestCodeExample(t *testing.T) {
	t.Parallel()
	info, ok := policy.LookupCode(policy.CodePublicAccess)
	if !ok {
		t.Fatal("policy.public_access is not in the code catalogue")
	}
	doc, _ := policy.Check([]byte(info.Example), info.Kind)
	fs := Findings(doc, info.Kind, Owner{})
	if len(fs) != 1 || fs[0].Code != policy.CodePublicAccess || fs[0].Severity != info.Severity || fs[0].Suggestion == "" {
		t.Fatalf("the example gives %+v", fs)
	}
	if fs := Findings(doc, policy.KindIdentity, Owner{}); fs != nil {
		t.Errorf("an identity policy names no principal, yet: %v", fs)
	}
}
