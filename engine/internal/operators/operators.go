// Package operators is the catalogue of IAM condition operators with their semantics: how
// each reads a policy value ahead of evaluation, reads a request value, and compares the two.
// It is declared once, here, one file per family; engine/policy publishes its metadata (the
// language), validates policy values with Compile, and the evaluator (engine/internal/eval)
// matches with Parse and Match.
package operators

import (
	"net/netip"

	"github.com/iamplay/iamplay/engine/internal/pattern"
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

// Operand is the kind of value a policy must give an operator.
type Operand string

// The operand kinds. OperandPresence is Null's "true" (key absent) or "false" (key present).
const (
	OperandString   Operand = "string"
	OperandNumber   Operand = "number"
	OperandDate     Operand = "date"
	OperandBool     Operand = "bool"
	OperandBase64   Operand = "base64"
	OperandIP       Operand = "ip"
	OperandARN      Operand = "arn"
	OperandPresence Operand = "presence"
)

// Operator is one condition operator: what people read of it and how it evaluates.
type Operator struct {
	Name         string  // e.g. StringLike
	Family       Family  // String, Numeric, ...
	ValueKind    Operand // what the policy's values must be
	Negated      bool    // true when the key must match none of the values
	IfExists     bool    // the ...IfExists suffix applies
	SetOperators bool    // ForAnyValue: and ForAllValues: apply
	Variables    bool    // ${...} policy variables expand in values
	Wildcards    bool    // * and ? are wildcards in values
	Description  string  // one line for people
	Verb         string  // "like", "less than": the positive comparison, for explanations

	// Parse reads a request value for this operator; ok=false when it is not of the kind.
	Parse func(s string) (Req, bool)
	// Compile reads a policy value ahead of evaluation; ok=false when it is not of the kind.
	Compile func(text string, vars bool) (Value, bool)
	// Match compares one request value with one policy value (the positive form). resolved is
	// false when the policy value has a variable with no value in the request and no default.
	Match func(v *Value, r Req, res pattern.Resolver) (matched, resolved bool)
}

// Value is one policy value read ahead for its operator, so that evaluation only compares.
// Which of the unexported fields are set depends on the operator's family.
type Value struct {
	Text   string // as written (numbers and booleans as their JSON text)
	OK     bool   // Text is a valid value for the operator; a bad value never matches
	Vars   bool   // Text has policy variables that expand
	B      bool   // Bool, and Null's "true"
	m      *pattern.Pattern
	arn    *pattern.ARN
	t      instant
	prefix netip.Prefix
	bin    [2]string // BinaryEquals: padded and unpadded base64 of the bytes
}

// Req is one request value read for an operator.
type Req struct {
	s  string
	t  instant
	ip netip.Addr
	b  bool
}

// all is the catalogue, in the order of the IAM "Condition operators" page.
var all = concat(stringOperators, numericOperators, dateOperators, boolOperators,
	binaryOperators, ipOperators, arnOperators, nullOperators)

var byName = func() map[string]*Operator {
	m := make(map[string]*Operator, len(all))
	for i := range all {
		m[all[i].Name] = &all[i]
	}
	return m
}()

func concat(lists ...[]Operator) []Operator {
	var out []Operator
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// All is the catalogue in catalogue order; callers must not change it.
func All() []Operator { return all }

// ByName finds an operator by its base name (no IfExists, no set qualifier); nil when unknown.
func ByName(name string) *Operator { return byName[name] }
