// Package operators is the catalogue of IAM condition operators with their semantics: how
// each reads a policy value ahead of evaluation, reads a request value, and compares the two.
// It is declared once, here, as static data (operators.go), with one file per family for how
// its values are read and compared; engine/policy publishes its metadata (the language),
// validates policy values with Compile, and the evaluator (engine/internal/eval) matches with
// Parse and Match.
package operators

import "github.com/iamplay/iamplay/engine/internal/pattern"

// Family groups condition operators by the kind of value they compare. engine/policy
// publishes it as policy.Family.
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

// OperandKind is the kind of value a policy must give an operator. engine/policy publishes
// it as policy.OperandKind.
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

// Operator is one condition operator of the catalogue: the validator, the evaluator, the
// site's reference page and the playground's completion all read it (engine/policy publishes
// it as policy.Operator, so its fields are all public data); Parse, Compile and Match are
// how it evaluates.
type Operator struct {
	_            [0]func()   // not comparable: the .wasm carries no equality function for it
	Name         string      `json:"name"`         // e.g. StringLike
	Family       Family      `json:"family"`       // String, Numeric, ...
	ValueKind    OperandKind `json:"valueKind"`    // what the policy's values must be
	Negated      bool        `json:"negated"`      // true when the key must match none of the values
	IfExists     bool        `json:"ifExists"`     // the ...IfExists suffix applies
	SetOperators bool        `json:"setOperators"` // ForAnyValue: and ForAllValues: apply
	Variables    bool        `json:"variables"`    // ${...} policy variables expand in values
	Wildcards    bool        `json:"wildcards"`    // * and ? are wildcards in values
	Description  string      `json:"description"`  // one line for people
	Verb         string      `json:"-"`            // "like", "less than": the positive comparison, for explanations

	cmp  comparison // Numeric and Date: how the request value must compare with the policy's
	fold bool       // String: compare ignoring case
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
	prefix ipRange
	bin    [2]string // BinaryEquals: padded and unpadded base64 of the bytes
}

// Req is one request value read for an operator.
type Req struct {
	s  string
	t  instant
	ip ipAddr
	b  bool
}

// all is the catalogue, in the order of the IAM "Condition operators" page. It is one
// composite literal of constants, so the linker lays it out: no code runs to build it.
var all = [...]Operator{
	// String: case-sensitive or case-folded equality, and wildcard matching. Policy variables
	// expand in every String operator (IAM "Condition operators" page: String condition
	// operators, "Policy variables – Supported"); * and ? are wildcards only in the Like forms.
	{Name: "StringEquals", Family: FamilyString, ValueKind: OperandString, IfExists: true, SetOperators: true, Variables: true,
		Verb: "equal to", Description: "Exact match, case-sensitive."},
	{Name: "StringNotEquals", Family: FamilyString, ValueKind: OperandString, Negated: true, IfExists: true, SetOperators: true, Variables: true,
		Verb: "equal to", Description: "Negated exact match: the key equals none of the values."},
	{Name: "StringEqualsIgnoreCase", Family: FamilyString, ValueKind: OperandString, IfExists: true, SetOperators: true, Variables: true, fold: true,
		Verb: "equal (ignoring case) to", Description: "Exact match, ignoring case."},
	{Name: "StringNotEqualsIgnoreCase", Family: FamilyString, ValueKind: OperandString, Negated: true, IfExists: true, SetOperators: true, Variables: true, fold: true,
		Verb: "equal (ignoring case) to", Description: "Negated exact match, ignoring case."},
	{Name: "StringLike", Family: FamilyString, ValueKind: OperandString, IfExists: true, SetOperators: true, Variables: true, Wildcards: true,
		Verb: "like", Description: "Case-sensitive match with * (any run) and ? (one character) wildcards."},
	{Name: "StringNotLike", Family: FamilyString, ValueKind: OperandString, Negated: true, IfExists: true, SetOperators: true, Variables: true, Wildcards: true,
		Verb: "like", Description: "Negated case-sensitive wildcard match: the key is like none of the values."},

	// Numeric: integers and decimals. Policy variables do not expand (IAM "Condition
	// operators" page: Numeric condition operators, "Policy variables – Not supported").
	{Name: "NumericEquals", Family: FamilyNumeric, ValueKind: OperandNumber, IfExists: true, SetOperators: true, cmp: cmpEq,
		Verb: "equal to", Description: "Matching: the key equals the number."},
	{Name: "NumericNotEquals", Family: FamilyNumeric, ValueKind: OperandNumber, Negated: true, IfExists: true, SetOperators: true, cmp: cmpEq,
		Verb: "equal to", Description: "Negated matching: the key equals none of the numbers."},
	{Name: "NumericLessThan", Family: FamilyNumeric, ValueKind: OperandNumber, IfExists: true, SetOperators: true, cmp: cmpLt,
		Verb: "less than", Description: "The key is less than the number."},
	{Name: "NumericLessThanEquals", Family: FamilyNumeric, ValueKind: OperandNumber, IfExists: true, SetOperators: true, cmp: cmpLe,
		Verb: "less than or equal to", Description: "The key is less than or equal to the number."},
	{Name: "NumericGreaterThan", Family: FamilyNumeric, ValueKind: OperandNumber, IfExists: true, SetOperators: true, cmp: cmpGt,
		Verb: "greater than", Description: "The key is greater than the number."},
	{Name: "NumericGreaterThanEquals", Family: FamilyNumeric, ValueKind: OperandNumber, IfExists: true, SetOperators: true, cmp: cmpGe,
		Verb: "greater than or equal to", Description: "The key is greater than or equal to the number."},

	// Date: ISO 8601 dates and epoch seconds (date.go). Policy variables do not expand (IAM
	// "Condition operators" page: Date condition operators, "Not supported").
	{Name: "DateEquals", Family: FamilyDate, ValueKind: OperandDate, IfExists: true, SetOperators: true, cmp: cmpEq,
		Verb: "the same time as", Description: "Matching a specific date and time."},
	{Name: "DateNotEquals", Family: FamilyDate, ValueKind: OperandDate, Negated: true, IfExists: true, SetOperators: true, cmp: cmpEq,
		Verb: "the same time as", Description: "Negated matching: the key is none of the dates."},
	{Name: "DateLessThan", Family: FamilyDate, ValueKind: OperandDate, IfExists: true, SetOperators: true, cmp: cmpLt,
		Verb: "before", Description: "The key is before the date."},
	{Name: "DateLessThanEquals", Family: FamilyDate, ValueKind: OperandDate, IfExists: true, SetOperators: true, cmp: cmpLe,
		Verb: "at or before", Description: "The key is at or before the date."},
	{Name: "DateGreaterThan", Family: FamilyDate, ValueKind: OperandDate, IfExists: true, SetOperators: true, cmp: cmpGt,
		Verb: "after", Description: "The key is after the date."},
	{Name: "DateGreaterThanEquals", Family: FamilyDate, ValueKind: OperandDate, IfExists: true, SetOperators: true, cmp: cmpGe,
		Verb: "at or after", Description: "The key is at or after the date."},

	// Bool: "true" or "false", case-insensitive, written as a JSON string or boolean. Policy
	// variables do not expand (IAM "Condition operators" page: Boolean, "Not supported").
	{Name: "Bool", Family: FamilyBool, ValueKind: OperandBool, IfExists: true, SetOperators: true,
		Verb: "equal to", Description: "Boolean matching: the key is true or false."},

	// Binary: bytes given as base64 (binary.go). Policy variables do not expand (IAM
	// "Condition operators" page: Binary, "Not supported").
	{Name: "BinaryEquals", Family: FamilyBinary, ValueKind: OperandBase64, IfExists: true, SetOperators: true,
		Verb: "equal to", Description: "Byte-for-byte match of a base64-encoded value."},

	// IPAddress: IPv4 and IPv6 addresses and CIDR ranges; a bare address is a range of one.
	// Policy variables do not expand (IAM "Condition operators" page: IP address, "Not supported").
	{Name: "IpAddress", Family: FamilyIPAddress, ValueKind: OperandIP, IfExists: true, SetOperators: true,
		Verb: "in", Description: "The key is the address or in the CIDR range."},
	{Name: "NotIpAddress", Family: FamilyIPAddress, ValueKind: OperandIP, Negated: true, IfExists: true, SetOperators: true,
		Verb: "in", Description: "The key is in none of the addresses or CIDR ranges."},

	// ARN: both ArnEquals and ArnLike take * and ? wildcards, matched component by component
	// (arn.go). Policy variables expand (IAM "Condition operators" page: Amazon Resource Name
	// (ARN) condition operators, "Policy variables – Supported").
	{Name: "ArnEquals", Family: FamilyARN, ValueKind: OperandARN, IfExists: true, SetOperators: true, Variables: true, Wildcards: true,
		Verb: "like", Description: "Case-sensitive ARN match, component by component, with * and ? wildcards."},
	{Name: "ArnLike", Family: FamilyARN, ValueKind: OperandARN, IfExists: true, SetOperators: true, Variables: true, Wildcards: true,
		Verb: "like", Description: "Case-sensitive ARN match, component by component, with * and ? wildcards."},
	{Name: "ArnNotEquals", Family: FamilyARN, ValueKind: OperandARN, Negated: true, IfExists: true, SetOperators: true, Variables: true, Wildcards: true,
		Verb: "like", Description: "Negated ARN match: the key matches none of the ARNs."},
	{Name: "ArnNotLike", Family: FamilyARN, ValueKind: OperandARN, Negated: true, IfExists: true, SetOperators: true, Variables: true, Wildcards: true,
		Verb: "like", Description: "Negated ARN match: the key is like none of the ARNs."},

	// Null tests whether a key is present: "true" means the key must be absent, "false" that
	// it must be present. ...IfExists and set qualifiers do not apply (IAM "Condition
	// operators" page: Condition operator to check existence of condition keys).
	{Name: "Null", Family: FamilyNull, ValueKind: OperandPresence,
		Description: `"true": the key is absent from the request; "false": it is present.`},
}

// Parse reads a request value for operator o; ok=false when it is not of the kind.
func Parse(o *Operator, s string) (Req, bool) {
	switch o.Family {
	case FamilyNumeric:
		return Req{s: s}, NumberProblem(s) == ""
	case FamilyDate:
		t, ok := parseDate(s)
		return Req{s: s, t: t}, ok
	case FamilyBool:
		b, ok := ParseBool(s)
		return Req{s: s, b: b}, ok
	case FamilyBinary:
		return Req{s: s}, isBase64Text(s)
	case FamilyIPAddress:
		a, ok := parseIPAddr(s)
		return Req{s: s, ip: a}, ok
	case FamilyARN:
		_, ok := pattern.SplitARN(s, false)
		return Req{s: s}, ok
	}
	return Req{s: s}, true // String, and Null (which never compares)
}

// Compile reads a policy value for operator o ahead of evaluation; ok=false when it is not
// of the kind. vars says whether policy variables expand in it (where the family allows).
func Compile(o *Operator, text string, vars bool) (Value, bool) {
	switch o.Family {
	case FamilyString:
		return Value{Text: text, m: pattern.Compile(text, pattern.Options{Fold: o.fold, Wildcards: o.Wildcards, Variables: vars})}, true
	case FamilyNumeric:
		return Value{Text: text}, NumberProblem(text) == ""
	case FamilyDate:
		t, ok := parseDate(text)
		return Value{Text: text, t: t}, ok
	case FamilyBool, FamilyNull:
		b, ok := ParseBool(text)
		return Value{Text: text, B: b}, ok
	case FamilyBinary:
		return compileBinary(text)
	case FamilyIPAddress:
		p, ok := parseIPRange(text)
		return Value{Text: text, prefix: p}, ok
	case FamilyARN:
		return compileARN(text, vars)
	}
	return Value{Text: text}, false
}

// Exact reports whether a valid value of a String operator matches a request value exactly
// when the two texts are equal: no wildcard, no variable, case kept.
func (v *Value) Exact() bool { return v.OK && v.m != nil && v.m.Exact() }

// Match compares one request value with one policy value by operator o (the positive form).
// resolved is false when the policy value has a variable with no value in the request and
// no default.
func Match(o *Operator, v *Value, r Req, res pattern.Resolver) (matched, resolved bool) {
	switch o.Family {
	case FamilyString:
		return v.m.Match(r.s, res)
	case FamilyNumeric:
		return o.cmp.holds(compareDecimal(r.s, v.Text)), true
	case FamilyDate:
		return o.cmp.holds(r.t.compare(v.t)), true
	case FamilyBool:
		return v.B == r.b, true
	case FamilyBinary:
		return r.s == v.bin[0] || r.s == v.bin[1], true
	case FamilyIPAddress:
		return v.prefix.contains(r.ip), true
	case FamilyARN:
		return v.arn.Match(r.s, res)
	}
	return false, true // Null compares presence, not values
}

// All is the catalogue in catalogue order; callers must not change it.
func All() []Operator { return all[:] }

// ByName finds an operator by its base name (no IfExists, no set qualifier); nil when unknown.
// It reads the catalogue in place: 27 names, most told apart by their length, need no index
// built at start-up.
func ByName(name string) *Operator {
	for i := range all {
		if all[i].Name == name {
			return &all[i]
		}
	}
	return nil
}
