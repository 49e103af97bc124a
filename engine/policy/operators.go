package policy

import (
	"strings"

	"github.com/iamplay/iamplay/engine/internal/operators"
)

// Family groups condition operators by the kind of value they compare.
type Family string

// The operator families of the IAM "Condition operators" page.
const (
	FamilyString    Family = "String"
	FamilyNumeric   Family = "Numeric"
	FamilyDate      Family = "Date"
	FamilyBool      Family = "Bool"
	FamilyBinary    Family = "Binary"
	FamilyIPAddress Family = "IPAddress"
	FamilyARN       Family = "ARN"
	FamilyNull      Family = "Null"
)

// OperandKind is the kind of value a policy must give an operator.
type OperandKind string

// The operand kinds. OperandPresence is Null's "true" (key absent) or "false" (key present).
const (
	OperandString   OperandKind = "string"
	OperandNumber   OperandKind = "number"
	OperandDate     OperandKind = "date"
	OperandBool     OperandKind = "bool"
	OperandBase64   OperandKind = "base64"
	OperandIP       OperandKind = "ip"
	OperandARN      OperandKind = "arn"
	OperandPresence OperandKind = "presence"
)

// Operator is one condition operator of the catalogue: the validator, the evaluator, the site's
// reference page and the playground's completion all read it. The catalogue and each
// operator's semantics are declared once, in engine/internal/operators; this is what people
// and programs read of it.
type Operator struct {
	Name         string      `json:"name"`         // e.g. StringLike
	Family       Family      `json:"family"`       // String, Numeric, ...
	ValueKind    OperandKind `json:"valueKind"`    // what the policy's values must be
	Negated      bool        `json:"negated"`      // true when the key must match none of the values
	IfExists     bool        `json:"ifExists"`     // the ...IfExists suffix applies
	SetOperators bool        `json:"setOperators"` // ForAnyValue: and ForAllValues: apply
	Variables    bool        `json:"variables"`    // ${...} policy variables expand in values
	Wildcards    bool        `json:"wildcards"`    // * and ? are wildcards in values
	Description  string      `json:"description"`  // one line for people
}

// catalogue is the operators' public view, in catalogue order (the IAM "Condition operators" page).
var catalogue = func() []Operator {
	all := operators.All()
	out := make([]Operator, len(all))
	for i := range all {
		o := &all[i]
		out[i] = Operator{Name: o.Name, Family: Family(o.Family), ValueKind: OperandKind(o.ValueKind),
			Negated: o.Negated, IfExists: o.IfExists, SetOperators: o.SetOperators,
			Variables: o.Variables, Wildcards: o.Wildcards, Description: o.Description}
	}
	return out
}()

var operatorIndex = func() map[string]*Operator {
	m := make(map[string]*Operator, len(catalogue))
	for i := range catalogue {
		m[catalogue[i].Name] = &catalogue[i]
	}
	return m
}()

// Operators returns the catalogue of condition operators in catalogue order. The slice is a
// copy; changing it does not change the catalogue.
func Operators() []Operator { return append([]Operator(nil), catalogue...) }

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
	if op, ok := operatorIndex[name]; ok {
		p.Operator = op
		return p, true
	}
	if base, ok := strings.CutSuffix(name, "IfExists"); ok {
		if op, ok := operatorIndex[base]; ok {
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
	for i := range catalogue {
		op := &catalogue[i]
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
