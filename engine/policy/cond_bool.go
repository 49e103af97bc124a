package policy

import "strings"

// The Bool family: "true" or "false", case-insensitive, written as a JSON string or boolean.
// Policy variables do not expand (IAM "Condition operators" page: Boolean, "Not supported").
var boolOperators = []Operator{{
	Name: "Bool", Family: FamilyBool, ValueKind: OperandBool, IfExists: true, SetOperators: true,
	Description: "Boolean matching: the key is true or false.", verb: "equal to",
	parse: func(s string) (reqValue, bool) {
		b, ok := parseBool(s)
		return reqValue{s: s, b: b}, ok
	},
	compile: func(text string, _ bool) (compiledValue, bool) {
		b, ok := parseBool(text)
		return compiledValue{text: text, b: b}, ok
	},
	match: func(v *compiledValue, r reqValue, _ *Context) (bool, bool) { return v.b == r.b, true },
}}

// parseBool reads "true" or "false" in any case.
func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}
