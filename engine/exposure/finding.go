package exposure

import (
	"strconv"

	"github.com/iamplay/iamplay/engine/policy"
)

// Findings are the check as validation findings: one policy.public_access security warning
// per public statement of a resource-based policy (a secret's, a key's or a trust policy),
// its suggestion the fix. Other kinds name no principal and give none.
func Findings(doc *policy.Document, kind policy.Kind, owner Owner) policy.Findings {
	if doc == nil || !kind.ResourceBased() {
		return nil
	}
	var out policy.Findings
	for _, s := range Check(doc, owner).Statements {
		if s.Public {
			out = append(out, s.Finding())
		}
	}
	return out
}

// Finding is a public statement as a finding: at the fix's range when there is a fix (so
// that applying the suggestion is the fix), else at the principal that opens it.
func (s *Statement) Finding() policy.Finding {
	path, r, sugg := s.Path, s.Range, ""
	if s.Opening != nil {
		path, r = s.Opening.Path, s.Opening.Range
	}
	if s.Fix != nil {
		path, r, sugg = s.Fix.Path, s.Fix.Range, s.Fix.Replacement
	}
	return policy.NewFinding(policy.CodePublicAccess, path, r, s.Message(), sugg)
}

// Name is how a message names the statement: its Sid, or its index.
func (s *Statement) Name() string {
	if s.Sid != "" {
		return "statement " + quote(s.Sid)
	}
	return "statement #" + strconv.Itoa(s.Index)
}

// Message is the answer in a sentence: the statement and its line, why it is public or
// private, and for a public one the condition that would make it private.
func (s *Statement) Message() string {
	m := s.Name() + " (line " + strconv.Itoa(s.Range.Start.Line) + ")"
	if !s.Public {
		return m + " is not public: " + s.Why
	}
	m += " is public: " + s.Why
	if s.Fix != nil {
		m += "; add \"Condition\": {" + s.Fix.Condition + "}"
		if s.Fix.Placeholder {
			m += " with your account ID in place of " + placeholderAccount
		} else if s.Fix.Key == "aws:PrincipalOrgID" {
			m += " to allow only your organization"
		} else {
			m += " to allow only account " + s.Fix.Value
		}
	}
	return m
}
