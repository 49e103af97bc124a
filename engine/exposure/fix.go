package exposure

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/policy"
)

// placeholderAccount is the account a fix names when nothing names the owner's: AWS's own
// documentation account, which the message asks the reader to replace.
const placeholderAccount = "111122223333"

// fix writes the edit that adds the pinning condition to a public statement, or nil when no
// edit of one range would make it private.
func fix(doc *policy.Document, st *policy.Statement, owner Owner) *Fix {
	f := &Fix{}
	f.Key, f.Value, f.Placeholder = pinFor(doc, owner)
	entry := jsonText(f.Key) + ": " + jsonText(f.Value)
	f.Condition = `"StringEquals": {` + entry + `}`
	src := doc.Source
	c := st.Condition
	switch {
	case c == nil:
		// after the principal's value: "Principal": "*", "Condition": {...}
		n := principalNode(st)
		if n == nil {
			return nil
		}
		f.Path, f.Range = n.Path, n.Range
		f.Replacement = text(src, n.Range) + `, "Condition": {` + f.Condition + `}`
	case len(c.Operators) == 0:
		f.Path, f.Range, f.Replacement = c.Path, c.Range, "{"+f.Condition+"}"
	default:
		op := stringEquals(c)
		switch {
		case op == nil:
			f.Path, f.Range, f.Replacement = c.Path, first(c.Range), "{"+f.Condition+", "
		case len(op.Keys) == 0:
			f.Path, f.Range, f.Replacement = op.Body.Path, op.Body.Range, "{"+entry+"}"
		default:
			if k := keyNamed(op, f.Key); k != nil {
				f.Path, f.Range, f.Replacement = k.Values.Path, k.Values.Range, jsonText(f.Value)
			} else {
				f.Path, f.Range, f.Replacement = op.Body.Path, first(op.Body.Range), "{"+entry+", "
			}
		}
	}
	if !works(doc, st, f) {
		return nil
	}
	return f
}

// pinFor chooses the key and value of the fix: the owner's organization, else its account,
// else an account the policy names, else the placeholder.
func pinFor(doc *policy.Document, owner Owner) (key, value string, placeholder bool) {
	switch {
	case owner.OrgID != "":
		return "aws:PrincipalOrgID", owner.OrgID, false
	case owner.Account != "":
		return "aws:PrincipalAccount", owner.Account, false
	}
	if a := namedAccount(doc); a != "" {
		return "aws:PrincipalAccount", a, false
	}
	return "aws:PrincipalAccount", placeholderAccount, true
}

// namedAccount is the first account the policy names in a Resource ARN or a principal.
func namedAccount(doc *policy.Document) string {
	for _, st := range doc.Statements {
		if st.Resource != nil {
			for _, it := range st.Resource.Items {
				if parts := strings.SplitN(it.Value, ":", 6); len(parts) == 6 && policy.IsAccountID(parts[4]) {
					return parts[4]
				}
			}
		}
		if st.Principal != nil {
			for _, e := range st.Principal.Entries {
				for _, it := range e.Values.Items {
					if policy.IsAccountID(it.Value) {
						return it.Value
					}
					if fixedAccountARN(it.Value) {
						return strings.SplitN(it.Value, ":", 6)[4]
					}
				}
			}
		}
	}
	return ""
}

func principalNode(st *policy.Statement) *policy.Node {
	switch {
	case st.NotPrincipal != nil:
		return &st.NotPrincipal.Node
	case st.Principal != nil:
		return &st.Principal.Node
	}
	return nil
}

func stringEquals(c *policy.Condition) *policy.ConditionOperator {
	for i := range c.Operators {
		if c.Operators[i].Name.Value == "StringEquals" {
			return &c.Operators[i]
		}
	}
	return nil
}

func keyNamed(op *policy.ConditionOperator, key string) *policy.ConditionKey {
	for i := range op.Keys {
		if strings.EqualFold(op.Keys[i].Name.Value, key) {
			return &op.Keys[i]
		}
	}
	return nil
}

// first is the range of the first character of r: the "{" of an object, which a fix
// replaces with "{" and the new members.
func first(r policy.Range) policy.Range {
	s := r.Start
	return policy.Range{Start: s, End: policy.Pos{Line: s.Line, Column: s.Column + 1, Offset: s.Offset + 1}}
}

// text is the source of a range, or "" when the range is not in it.
func text(src []byte, r policy.Range) string {
	if r.Start.Offset < 0 || r.End.Offset > len(src) || r.Start.Offset > r.End.Offset {
		return ""
	}
	return string(src[r.Start.Offset:r.End.Offset])
}

// works applies the fix to the statement's text and checks that the statement parses and
// is private: a fix is offered only when it does what it says.
func works(doc *policy.Document, st *policy.Statement, f *Fix) bool {
	src, s, r := doc.Source, st.Range, f.Range
	if s.Start.Offset < 0 || s.End.Offset > len(src) || r.Start.Offset < s.Start.Offset || r.End.Offset > s.End.Offset || r.Start.Offset > r.End.Offset {
		return false
	}
	if f.Replacement != "" && f.Replacement[0] == '{' && r.End.Offset-r.Start.Offset == 1 && src[r.Start.Offset] != '{' {
		return false
	}
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	b.Write(src[s.Start.Offset:r.Start.Offset])
	b.WriteString(f.Replacement)
	b.Write(src[r.End.Offset:s.End.Offset])
	b.WriteString("]}")
	d, fs := policy.Parse([]byte(b.String()))
	if d == nil || len(d.Statements) != 1 {
		return false
	}
	for _, x := range fs {
		if strings.HasPrefix(x.Code, "json.") {
			return false
		}
	}
	after := decide(d, d.Statements[0], Owner{}, false)
	return !after.Public
}

// jsonText writes s as a JSON string.
func jsonText(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return string(b)
}
