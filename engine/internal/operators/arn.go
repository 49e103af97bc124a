package operators

import (
	"strings"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// The ARN family. Both ArnEquals and ArnLike take * and ? wildcards, matched component by
// component: the six colon-separated parts (arn:partition:service:region:account:resource) are
// checked separately, so a wildcard never crosses a colon except inside the resource part,
// which keeps its colons. Policy variables expand (IAM "Condition operators" page: Amazon
// Resource Name (ARN) condition operators, "Policy variables – Supported").
var arnOperators = []Operator{
	arnOp("ArnEquals", false, "Case-sensitive ARN match, component by component, with * and ? wildcards."),
	arnOp("ArnLike", false, "Case-sensitive ARN match, component by component, with * and ? wildcards."),
	arnOp("ArnNotEquals", true, "Negated ARN match: the key matches none of the ARNs."),
	arnOp("ArnNotLike", true, "Negated ARN match: the key is like none of the ARNs."),
}

func arnOp(name string, negated bool, desc string) Operator {
	return Operator{
		Name: name, Family: FamilyARN, ValueKind: OperandARN, Negated: negated,
		IfExists: true, SetOperators: true, Variables: true, Wildcards: true, Description: desc, Verb: "like",
		Parse: func(s string) (Req, bool) {
			_, ok := pattern.SplitARN(s, false)
			return Req{s: s}, ok
		},
		Compile: compileARN,
		Match:   matchARN,
	}
}

func compileARN(text string, vars bool) (Value, bool) {
	a, six := pattern.CompileARN(text, pattern.Options{Wildcards: true, Variables: vars}, false)
	if !six {
		// Not six components: "*" still matches everything, and a variable may expand to a
		// whole ARN; both match as a whole string. Anything else is not an ARN.
		ok := strings.Trim(text, "*") == "" || (vars && len(pattern.Vars(text)) > 0)
		return Value{Text: text, arn: a}, ok
	}
	return Value{Text: text, arn: a}, strings.HasPrefix(text, "arn:") || strings.HasPrefix(text, "*:") || strings.HasPrefix(text, "${")
}

func matchARN(v *Value, r Req, ctx pattern.Resolver) (bool, bool) {
	return v.arn.Match(r.s, ctx)
}
