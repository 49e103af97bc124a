package exposure

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
)

// FuzzCheck: any text, checked as a resource policy, never panics; every range the answer
// gives lies in the source; every fix, applied, makes its statement private.
func FuzzCheck(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.json")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var c corpusCase
		if json.Unmarshal(b, &c) == nil {
			f.Add([]byte(c.Policy))
		}
	}
	f.Add([]byte(`{"Statement": {"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": {}}}}`))
	f.Add([]byte(`{"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": []}, "Condition": []}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, _ := policy.Parse(src)
		r := Check(doc, Owner{Account: "111122223333"})
		for _, s := range r.Statements {
			inSource(t, src, s.Range)
			if s.Public != (s.Rule == RuleWildcardPrincipal || s.Rule == RuleAccountWildcard || s.Rule == RuleNotPrincipal) {
				t.Fatalf("statement %d: public %v under rule %s", s.Index, s.Public, s.Rule)
			}
			if s.Fix == nil {
				continue
			}
			inSource(t, src, s.Fix.Range)
			fixed := string(src[:s.Fix.Range.Start.Offset]) + s.Fix.Replacement + string(src[s.Fix.Range.End.Offset:])
			d, _ := policy.Parse([]byte(fixed))
			after := Check(d, Owner{})
			if d == nil || s.Index >= len(after.Statements) || after.Statements[s.Index].Public {
				t.Fatalf("the fix of statement %d does not make it private:\n%s", s.Index, fixed)
			}
		}
		for _, fd := range Findings(doc, policy.KindResource, Owner{}) {
			inSource(t, src, fd.Range)
		}
	})
}

func inSource(t *testing.T, src []byte, r policy.Range) {
	t.Helper()
	if r.Start.Offset < 0 || r.End.Offset > len(src) || r.Start.Offset > r.End.Offset {
		t.Fatalf("range %+v outside the source of %d bytes", r, len(src))
	}
}

// principalForms are the principal elements the structured fuzz chooses from; the fuzzer's
// own string is a further one.
var principalForms = []string{`"Principal": "*"`, `"Principal": {"AWS": "*"}`, `"Principal": {"AWS": "arn:aws:iam::*:root"}`,
	`"NotPrincipal": {"AWS": "111122223333"}`, `"Principal": {"AWS": "111122223333"}`, `"Principal": {"Service": "lambda.amazonaws.com"}`}

// FuzzAddCondition: adding a condition (a new operator and key, or a new key in an existing
// operator) to a statement never turns a private statement public: conditions only narrow.
func FuzzAddCondition(f *testing.F) {
	f.Add(uint8(0), "", "StringEquals", "aws:PrincipalAccount", "111122223333", "StringNotEquals", "aws:PrincipalAccount", "*")
	f.Add(uint8(1), "", "ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/*", "StringEqualsIfExists", "aws:SourceVpc", "vpc-1")
	f.Add(uint8(3), "", "StringEquals", "aws:userid", "AROAID:*", "StringEquals", "aws:username", "${aws:username}")
	f.Add(uint8(6), "arn:aws:iam::*:role/x", "ArnLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:*", "ArnLike", "aws:SourceArn", "*")
	f.Add(uint8(2), "", "IpAddress", "aws:SourceIp", "10.0.0.0/8", "StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")
	f.Fuzz(func(t *testing.T, form uint8, principal, op1, key1, val1, op2, key2, val2 string) {
		if strings.EqualFold(key1, key2) && op1 == op2 {
			return // the same key twice in one operator is one key, not an added condition
		}
		p := `"Principal": {"AWS": ` + jsonText(principal) + `}`
		if int(form) < len(principalForms) {
			p = principalForms[form]
		}
		cond := map[string]map[string]any{op1: {key1: values(val1)}}
		before := statement(t, p, cond)
		if cond[op2] == nil {
			cond[op2] = map[string]any{}
		}
		cond[op2][key2] = values(val2)
		after := statement(t, p, cond)
		if before == nil || after == nil {
			return
		}
		if !before.Public && after.Public {
			t.Fatalf("adding %s %s %q made a private statement public: before %s (%s), after %s (%s)",
				op2, key2, val2, before.Rule, before.Why, after.Rule, after.Why)
		}
	})
}

// values reads a fuzzed value list: comma-separated values are a JSON list.
func values(s string) any {
	if strings.Contains(s, ",") {
		return strings.Split(s, ",")
	}
	return s
}

// statement checks one Allow statement with the principal element and condition; nil when
// the text does not parse as one statement.
func statement(t *testing.T, principal string, cond map[string]map[string]any) *Statement {
	c, err := json.Marshal(cond)
	if err != nil {
		return nil
	}
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ` + principal + `, "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": ` + string(c) + `}]}`
	doc, _ := policy.Parse([]byte(src))
	r := Check(doc, Owner{})
	if len(r.Statements) != 1 {
		return nil
	}
	return &r.Statements[0]
}
