package operators

import "github.com/iamplay/iamplay/engine/internal/pattern"

// The String family: case-sensitive or case-folded equality, and wildcard matching.
// Policy variables expand in every String operator (IAM "Condition operators" page: String
// condition operators, "Policy variables – Supported"); * and ? are wildcards only in the
// Like forms.
var stringOperators = []Operator{
	stringOp("StringEquals", false, "equal to", pattern.Options{}, "Exact match, case-sensitive."),
	stringOp("StringNotEquals", true, "equal to", pattern.Options{}, "Negated exact match: the key equals none of the values."),
	stringOp("StringEqualsIgnoreCase", false, "equal (ignoring case) to", pattern.Options{Fold: true}, "Exact match, ignoring case."),
	stringOp("StringNotEqualsIgnoreCase", true, "equal (ignoring case) to", pattern.Options{Fold: true}, "Negated exact match, ignoring case."),
	stringOp("StringLike", false, "like", pattern.Options{Wildcards: true}, "Case-sensitive match with * (any run) and ? (one character) wildcards."),
	stringOp("StringNotLike", true, "like", pattern.Options{Wildcards: true}, "Negated case-sensitive wildcard match: the key is like none of the values."),
}

func stringOp(name string, negated bool, verb string, o pattern.Options, desc string) Operator {
	return Operator{
		Name: name, Family: FamilyString, ValueKind: OperandString, Negated: negated,
		IfExists: true, SetOperators: true, Variables: true, Wildcards: o.Wildcards,
		Description: desc, Verb: verb,
		Parse: parseString,
		Compile: func(text string, vars bool) (Value, bool) {
			o := o
			o.Variables = vars
			return Value{Text: text, m: pattern.Compile(text, o)}, true
		},
		Match: matchPattern,
	}
}

func parseString(s string) (Req, bool) { return Req{s: s}, true }

func matchPattern(v *Value, r Req, ctx pattern.Resolver) (bool, bool) {
	return v.m.Match(r.s, ctx)
}
