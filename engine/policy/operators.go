package policy

import (
	"strings"

	"github.com/iamplay/iamplay/engine/internal/operators"
)

// Family groups condition operators by the kind of value they compare: "String",
// "Numeric", "Date", "Bool", "Binary", "IPAddress", "ARN" or "Null" (the families of the IAM
// "Condition operators" page). It and its constants are declared once, in
// engine/internal/operators.
type Family = operators.Family

// OperandKind is the kind of value a policy must give an operator: "string", "number",
// "date", "bool", "base64", "ip", "arn", or "presence" (Null's "true" or "false").
type OperandKind = operators.OperandKind

// Operator is one condition operator of the catalogue (name, family, value kind, which
// qualifiers apply, a description): the validator, the evaluator, the site's reference page
// and the playground's completion all read it. The catalogue and each operator's semantics
// are declared once, as static data, in engine/internal/operators.
type Operator = operators.Operator

// Operators returns the catalogue of condition operators in catalogue order. The slice is a
// copy; changing it does not change the catalogue.
func Operators() []Operator { return append([]Operator(nil), operators.All()...) }

// SetQualifier is the ForAnyValue: or ForAllValues: prefix of an operator, or none.
type SetQualifier uint8

// The set qualifiers.
const (
	SetNone SetQualifier = iota
	SetForAnyValue
	SetForAllValues
)

var setNames = [...]string{"", "ForAnyValue", "ForAllValues"}

func (s SetQualifier) String() string {
	if int(s) < len(setNames) {
		return setNames[s]
	}
	return ""
}

// MarshalText writes the qualifier's name ("" for none).
func (s SetQualifier) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParsedOperator is an operator name as a policy writes it, split into its parts:
// "ForAllValues:StringLikeIfExists" is Set ForAllValues, Operator StringLike, IfExists.
type ParsedOperator struct {
	Set      SetQualifier `json:"set"`
	Operator *Operator    `json:"operator"`
	IfExists bool         `json:"ifExists"`
}

// String is the canonical spelling of the parsed operator.
func (p ParsedOperator) String() string {
	if p.Operator == nil {
		return ""
	}
	s := p.Operator.Name
	if p.IfExists {
		s += "IfExists"
	}
	if p.Set != SetNone {
		s = p.Set.String() + ":" + s
	}
	return s
}

// LookupOperator splits and finds an operator name. Names are case-sensitive, as IAM reads
// them: IAM rejects "stringEquals" with "MalformedPolicyDocument: Invalid Condition type :
// stringEquals" (reported in github.com/ministryofjustice/modernisation-platform-environments
// pull request 8893, a CreateRole call). The IAM pages spell every operator in one casing and
// say only context key names are case-insensitive. It reports ok=false for an unknown name;
// "NullIfExists" and "ForAnyValue:Null" parse (the validator reports them).
func LookupOperator(name string) (ParsedOperator, bool) {
	var p ParsedOperator
	switch {
	case strings.HasPrefix(name, "ForAnyValue:"):
		p.Set, name = SetForAnyValue, name[len("ForAnyValue:"):]
	case strings.HasPrefix(name, "ForAllValues:"):
		p.Set, name = SetForAllValues, name[len("ForAllValues:"):]
	}
	if op := operators.ByName(name); op != nil {
		p.Operator = op
		return p, true
	}
	if base, ok := strings.CutSuffix(name, "IfExists"); ok {
		if op := operators.ByName(base); op != nil {
			p.Operator, p.IfExists = op, true
			return p, true
		}
	}
	return ParsedOperator{}, false
}

// operatorSpellings lists every valid spelling (with IfExists and set qualifiers where they
// apply): the candidates for "did you mean".
var operatorSpellings = func() []string {
	var out []string
	all := operators.All()
	for i := range all {
		op := &all[i]
		forms := []string{op.Name}
		if op.IfExists {
			forms = append(forms, op.Name+"IfExists")
		}
		out = append(out, forms...)
		if op.SetOperators {
			for _, f := range forms {
				out = append(out, "ForAnyValue:"+f, "ForAllValues:"+f)
			}
		}
	}
	return out
}()
