package exposure

import (
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/policy"
)

// Rule names the rule of the package doc that decided a statement.
type Rule string

// The rules (package doc).
const (
	RuleDeny              Rule = "deny"
	RuleNamed             Rule = "named"
	RuleWildcardPrincipal Rule = "wildcard_principal"
	RuleAccountWildcard   Rule = "account_wildcard"
	RuleNotPrincipal      Rule = "not_principal"
	RulePinned            Rule = "pinned"
)

// Owner is who owns the resource: the fix pins the caller to its organization when it is
// known, else to its account.
type Owner struct {
	Account string // 12-digit account ID; "" when unknown
	OrgID   string // the organization's ID (o-...); "" when the account is in none or it is unknown
}

// Report is the check of one policy.
type Report struct {
	Public     bool        `json:"public"`
	Statements []Statement `json:"statements"`
}

// Statement is the answer for one statement: public or not, by which rule, why, and the fix.
type Statement struct {
	Index  int          `json:"index"`
	Sid    string       `json:"sid,omitempty"`
	Path   string       `json:"path"`
	Range  policy.Range `json:"range"` // the whole statement
	Public bool         `json:"public"`
	Rule   Rule         `json:"rule"`
	// Opening is the principal element that lets in callers outside named accounts; nil
	// for a Deny or a statement that names a fixed set.
	Opening *Element `json:"opening,omitempty"`
	// Pin is the condition that makes an open statement private (rule pinned).
	Pin *Element `json:"pin,omitempty"`
	// Unpinned are the conditions on pinning keys that do not pin, each with the reason.
	Unpinned []Element `json:"unpinned,omitempty"`
	Why      string    `json:"why"`
	Fix      *Fix      `json:"fix,omitempty"` // for a public statement, when one can be written
}

// Element is a part of the statement the answer points at.
type Element struct {
	Path  string       `json:"path"`
	Range policy.Range `json:"range"`
	Text  string       `json:"text"`            // as people read it: Principal "*", StringLike aws:PrincipalArn
	Why   string       `json:"why,omitempty"`   // for an unpinned condition: why it does not pin
	Rule  Rule         `json:"rule,omitempty"`  // for an opening: which rule opens
	Key   string       `json:"key,omitempty"`   // for a condition: its key as written
	Kind  string       `json:"kind,omitempty"`  // for a pin: accounts, organization, principal or source ARN, network, unique ID
	Value string       `json:"value,omitempty"` // for a pin: the first value
}

// Fix is the edit that makes a public statement private: Replacement replaces Range of the
// policy's source (the finding's Suggestion).
type Fix struct {
	Condition   string       `json:"condition"` // what it adds, as JSON: "StringEquals": {"aws:PrincipalOrgID": "o-..."}
	Key         string       `json:"key"`
	Value       string       `json:"value"`
	Placeholder bool         `json:"placeholder,omitempty"` // the value is an example: no account is known
	Path        string       `json:"path"`
	Range       policy.Range `json:"range"`
	Replacement string       `json:"replacement"`
}

// Check decides every statement of a parsed policy. A nil document (one that did not parse)
// gives an empty, private report.
func Check(doc *policy.Document, owner Owner) Report {
	r := Report{}
	if doc == nil {
		return r
	}
	r.Statements = make([]Statement, 0, len(doc.Statements))
	for _, st := range doc.Statements {
		s := decide(doc, st, owner, true)
		r.Public = r.Public || s.Public
		r.Statements = append(r.Statements, s)
	}
	return r
}

// decide applies the rules to one statement; withFix writes the fix of a public one.
func decide(doc *policy.Document, st *policy.Statement, owner Owner, withFix bool) Statement {
	s := Statement{Index: st.Index, Path: st.Path, Range: st.Range}
	if st.Sid != nil {
		s.Sid = st.Sid.Value
	}
	if st.Effect == nil || st.Effect.Value != "Allow" {
		s.Rule, s.Why = RuleDeny, "a Deny statement grants nothing"
		return s
	}
	s.Opening = opening(st)
	if s.Opening == nil {
		s.Rule, s.Why = RuleNamed, "it names a fixed set of principals"
		return s
	}
	s.Rule = s.Opening.Rule
	pin, unpinned := conditions(st)
	s.Unpinned = unpinned
	if pin != nil {
		s.Pin, s.Rule = pin, RulePinned
		s.Why = s.Opening.Text + " is pinned by " + pin.Text + " to " + pin.Kind + " " + quote(pin.Value)
		return s
	}
	s.Public = true
	s.Why = why(s.Opening, unpinned)
	if withFix {
		s.Fix = fix(doc, st, owner)
	}
	return s
}

// why says, in a sentence, why an open statement is public.
func why(open *Element, unpinned []Element) string {
	var b strings.Builder
	b.WriteString(open.Text)
	switch open.Rule {
	case RuleWildcardPrincipal:
		b.WriteString(" allows every principal of every AWS account, and anonymous callers")
	case RuleAccountWildcard:
		b.WriteString(" has a wildcard where an account goes, so it names no fixed account")
	case RuleNotPrincipal:
		b.WriteString(" with Allow allows everyone it does not name, in every AWS account, anonymous callers included")
	}
	if len(unpinned) == 0 {
		b.WriteString(", and no condition pins the caller to named accounts, an organization or a network")
		return b.String()
	}
	b.WriteString("; no condition pins the caller to named accounts, an organization or a network (")
	for i, u := range unpinned {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(u.Text + ": " + u.Why)
	}
	b.WriteString(")")
	return b.String()
}

// opening finds the principal element that lets in principals outside named accounts.
func opening(st *policy.Statement) *Element {
	if st.NotPrincipal != nil {
		return &Element{Path: st.NotPrincipal.Path, Range: st.NotPrincipal.KeyRange, Text: "NotPrincipal", Rule: RuleNotPrincipal}
	}
	p := st.Principal
	if p == nil {
		return nil
	}
	if p.Wildcard {
		return &Element{Path: p.Path, Range: p.Range, Text: `Principal "*"`, Rule: RuleWildcardPrincipal}
	}
	for i := range p.Entries {
		e := &p.Entries[i]
		if e.Type.Value != "AWS" {
			continue
		}
		for j := range e.Values.Items {
			it := &e.Values.Items[j]
			switch {
			case it.Value == "*":
				return &Element{Path: it.Path, Range: it.Range, Text: `Principal {"AWS": "*"}`, Rule: RuleWildcardPrincipal}
			case strings.ContainsAny(it.Value, "*?") && !fixedAccountARN(it.Value):
				return &Element{Path: it.Path, Range: it.Range, Text: "Principal " + strconv.Quote(it.Value), Rule: RuleAccountWildcard}
			}
		}
	}
	return nil
}

// fixedAccountARN reports whether s is an ARN whose account field is 12 digits: whatever
// wildcards the rest holds, it names principals of that one account.
func fixedAccountARN(s string) bool {
	parts := strings.SplitN(s, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && policy.IsAccountID(parts[4])
}
