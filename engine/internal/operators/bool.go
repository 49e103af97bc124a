package operators

import (
	"strings"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// The Bool family: "true" or "false", case-insensitive, written as a JSON string or boolean.
// Policy variables do not expand (IAM "Condition operators" page: Boolean, "Not supported").
var boolOperators = []Operator{{
	Name: "Bool", Family: FamilyBool, ValueKind: OperandBool, IfExists: true, SetOperators: true,
	Description: "Boolean matching: the key is true or false.", Verb: "equal to",
	Parse: func(s string) (Req, bool) {
		b, ok := ParseBool(s)
		return Req{s: s, b: b}, ok
	},
	Compile: func(text string, _ bool) (Value, bool) {
		b, ok := ParseBool(text)
		return Value{Text: text, B: b}, ok
	},
	Match: func(v *Value, r Req, _ pattern.Resolver) (bool, bool) { return v.B == r.b, true },
}}

// parseBool reads "true" or "false" in any case.
func ParseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}
