package operators

import "github.com/iamplay/iamplay/engine/internal/pattern"

// The Null operator tests whether a key is present: "true" means the key must be absent,
// "false" that it must be present. ...IfExists and set qualifiers do not apply (IAM "Condition
// operators" page: Condition operator to check existence of condition keys).
var nullOperators = []Operator{{
	Name: "Null", Family: FamilyNull, ValueKind: OperandPresence,
	Description: `"true": the key is absent from the request; "false": it is present.`, Verb: "",
	Parse: parseString,
	Compile: func(text string, _ bool) (Value, bool) {
		b, ok := ParseBool(text)
		return Value{Text: text, B: b}, ok
	},
	Match: func(v *Value, r Req, _ pattern.Resolver) (bool, bool) { return false, true },
}}
