package policy

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
		IfExists: true, SetOperators: true, Variables: true, Wildcards: true, Description: desc, verb: "like",
		parse: func(s string) (reqValue, bool) {
			_, ok := arnSplit(s, false)
			return reqValue{s: s}, ok
		},
		compile: compileARN,
		match:   matchARN,
	}
}

// arnParts is the number of colon-separated components of an ARN.
const arnParts = 6

// arnSplit finds the ends of the first five components of s. With vars, colons inside ${...}
// do not split. ok is false when s has fewer than six components.
func arnSplit(s string, vars bool) (ends [arnParts - 1]int, ok bool) {
	n := 0
	for i := 0; i < len(s) && n < arnParts-1; i++ {
		switch {
		case vars && s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			if j := strings.IndexByte(s[i:], '}'); j > 0 {
				i += j
			}
		case s[i] == ':':
			ends[n] = i
			n++
		}
	}
	return ends, n == arnParts-1
}

func compileARN(text string, vars bool) (compiledValue, bool) {
	o := pattern.Options{Wildcards: true, Variables: vars}
	ends, ok := arnSplit(text, vars)
	if !ok {
		// Not six components: "*" still matches everything, and a variable may expand to a
		// whole ARN; both match as a whole string. Anything else is not an ARN.
		ok := strings.Trim(text, "*") == "" || (vars && len(pattern.Vars(text)) > 0)
		return compiledValue{text: text, m: newMatcher(text, o)}, ok
	}
	v := compiledValue{text: text, arnSplit: true}
	start := 0
	for i := 0; i < arnParts; i++ {
		end := len(text)
		if i < arnParts-1 {
			end = ends[i]
		}
		v.arn[i] = newMatcher(text[start:end], o)
		start = end + 1
	}
	return v, strings.HasPrefix(text, "arn:") || strings.HasPrefix(text, "*:") || strings.HasPrefix(text, "${")
}

func matchARN(v *compiledValue, r reqValue, ctx *Context) (bool, bool) {
	if !v.arnSplit {
		return v.m.match(r.s, ctx)
	}
	ends, ok := arnSplit(r.s, false)
	if !ok {
		return false, true
	}
	start, matched := 0, true
	for i := 0; i < arnParts; i++ {
		end := len(r.s)
		if i < arnParts-1 {
			end = ends[i]
		}
		m, resolved := v.arn[i].match(r.s[start:end], ctx)
		if !resolved {
			return false, false
		}
		matched = matched && m
		start = end + 1
	}
	return matched, true
}
