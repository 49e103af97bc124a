package policy

// The Null operator tests whether a key is present: "true" means the key must be absent,
// "false" that it must be present. ...IfExists and set qualifiers do not apply (IAM "Condition
// operators" page: Condition operator to check existence of condition keys).
var nullOperators = []Operator{{
	Name: "Null", Family: FamilyNull, ValueKind: OperandPresence,
	Description: `"true": the key is absent from the request; "false": it is present.`, verb: "",
	parse: parseString,
	compile: func(text string, _ bool) (compiledValue, bool) {
		b, ok := parseBool(text)
		return compiledValue{text: text, b: b}, ok
	},
	match: func(v *compiledValue, r reqValue, _ *Context) (bool, bool) { return false, true },
}}
