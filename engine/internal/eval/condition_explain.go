package eval

import (
	"strings"

	"github.com/iamplay/iamplay/engine/internal/operators"
	"github.com/iamplay/iamplay/engine/internal/pattern"
	"github.com/iamplay/iamplay/engine/internal/words"
	"github.com/iamplay/iamplay/engine/policy"
)

// Explain decides every operator and key (without stopping at the first that fails) and
// says why each holds or not. Its results agree with Eval: Eval is true exactly when every
// Result is true.
func (p *conditionProgram) Explain(ctx *Context) []policy.ConditionResult {
	if p == nil {
		return nil
	}
	out := make([]policy.ConditionResult, 0, len(p.entries))
	for i := range p.entries {
		e := &p.entries[i]
		o := e.eval(ctx)
		r := policy.ConditionResult{Operator: e.opName, Key: e.key, Result: o.result, Missing: o.missing,
			Path: e.path, Range: e.rng}
		for _, v := range e.values {
			r.Values = append(r.Values, v.Text)
		}
		r.Why = e.why(o, ctx)
		out = append(out, r)
	}
	return out
}

// why writes the sentence for an outcome.
func (e *condEntry) why(o outcome, ctx *Context) string {
	if !e.known {
		return words.Quote(e.opName) + " is not a condition operator, so this condition does not match"
	}
	op := e.op.Operator
	name := e.op.String()
	verdict := func(b bool) string {
		if b {
			return ", so " + name + " matches"
		}
		return ", so " + name + " does not match"
	}
	var one [1]string
	vals, present := ctx.Values(e.lowerKey, &one)
	if op.Family == operators.FamilyNull {
		state := "is present"
		if !present {
			state = "is absent"
		}
		want := "false"
		if o.pol >= 0 {
			want = e.values[o.pol].Text
		} else if len(e.values) > 0 {
			want = e.values[0].Text
		}
		return e.key + " " + state + ", so Null " + words.Quote(want) + matchWord(o.result)
	}
	if o.missing || len(vals) == 0 {
		state := "is absent"
		if present {
			state = "has no values"
		}
		return e.key + " " + state + verdict(o.result)
	}
	if o.unresolved {
		return "no value of " + e.key + " can be compared: " + e.unresolvedText(ctx) + verdict(false)
	}
	if o.badReq >= 0 && !o.result {
		return e.key + " " + words.Quote(vals[o.badReq]) + " is not " + kindNoun(op.ValueKind) + verdict(false)
	}
	neg := op.Negated
	switch e.op.Set {
	case policy.SetForAnyValue:
		if o.result {
			if neg {
				return "ForAnyValue: " + e.key + " value " + words.Quote(vals[o.req]) + " is not " + e.op.Operator.Verb + " " + e.anyOf(ctx) + verdict(true)
			}
			return "ForAnyValue: " + e.key + " value " + words.Quote(vals[o.req]) + " is " + e.op.Operator.Verb + " " + e.value(o.pol, ctx) + verdict(true)
		}
		if neg {
			return "ForAnyValue: every value of " + e.key + " " + list(vals) + " is " + e.op.Operator.Verb + " one of " + e.all(ctx) + verdict(false)
		}
		return "ForAnyValue: no value of " + e.key + " " + list(vals) + " is " + e.op.Operator.Verb + " " + e.anyOf(ctx) + verdict(false)
	case policy.SetForAllValues:
		if o.result {
			if neg {
				return "ForAllValues: no value of " + e.key + " " + list(vals) + " is " + e.op.Operator.Verb + " " + e.anyOf(ctx) + verdict(true)
			}
			return "ForAllValues: every value of " + e.key + " " + list(vals) + " is " + e.op.Operator.Verb + " one of " + e.all(ctx) + verdict(true)
		}
		if neg {
			return "ForAllValues: " + e.key + " value " + words.Quote(vals[o.req]) + " is " + e.op.Operator.Verb + " " + e.value(o.pol, ctx) + verdict(false)
		}
		return "ForAllValues: " + e.key + " value " + words.Quote(vals[o.req]) + " is not " + e.op.Operator.Verb + " " + e.anyOf(ctx) + verdict(false)
	}
	subject := e.key + " " + words.Quote(vals[0])
	if len(vals) > 1 {
		subject = e.key + " " + list(vals)
		if o.req >= 0 && o.pol >= 0 {
			subject = e.key + " value " + words.Quote(vals[o.req])
		}
	}
	matched := o.pol >= 0
	var s string
	if matched {
		s = subject + " is " + e.op.Operator.Verb + " " + e.value(o.pol, ctx)
	} else {
		s = subject + " is not " + e.op.Operator.Verb + " " + e.anyOf(ctx)
	}
	if neg {
		return s + verdict(o.result)
	}
	return s
}

func matchWord(b bool) string {
	if b {
		return " matches"
	}
	return " does not match"
}

// kindNoun names what a request value should have been.
func kindNoun(k policy.OperandKind) string {
	switch k {
	case operators.OperandNumber:
		return "a number"
	case operators.OperandDate:
		return "a date"
	case operators.OperandBool:
		return `"true" or "false"`
	case operators.OperandBase64:
		return "base64"
	case operators.OperandIP:
		return "an IP address"
	case operators.OperandARN:
		return "an ARN"
	}
	return "a string"
}

// value renders policy value i, with the text its variables expand to.
func (e *condEntry) value(i int, ctx *Context) string {
	if i < 0 || i >= len(e.values) {
		return ""
	}
	v := &e.values[i]
	s := words.Quote(v.Text)
	if v.Vars {
		if x, ok := expand(v.Text, ctx); ok {
			s += " (" + words.Quote(x) + ")"
		}
	}
	return s
}

// anyOf renders the policy values as alternatives: "a" or any of "a", "b".
func (e *condEntry) anyOf(ctx *Context) string {
	if len(e.values) == 1 {
		return e.value(0, ctx)
	}
	return "any of " + e.all(ctx)
}

func (e *condEntry) all(ctx *Context) string {
	parts := make([]string, len(e.values))
	for i := range e.values {
		parts[i] = e.value(i, ctx)
	}
	return strings.Join(parts, ", ")
}

// unresolvedText names the variables that have no value and no default.
func (e *condEntry) unresolvedText(ctx *Context) string {
	var names []string
	for i := range e.values {
		for _, pv := range pattern.Vars(e.values[i].Text) {
			if _, ok := ctx.Resolve(strings.ToLower(pv.Key)); !ok && !pv.HasDef {
				names = append(names, "${"+pv.Key+"}")
			}
		}
	}
	return strings.Join(names, ", ") + " has no single value in the request and no default"
}

// list renders request values as a JSON-like list.
func list(vals []string) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = words.Quote(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// expand substitutes the policy variables of s from the request (or their defaults); ok is
// false when one has neither.
func expand(s string, ctx *Context) (string, bool) {
	var b strings.Builder
	last := 0
	for _, pv := range pattern.Vars(s) {
		b.WriteString(s[last:pv.Offset])
		switch pv.Key {
		case "*", "?", "$":
			b.WriteString(pv.Key)
		default:
			if x, ok := ctx.Resolve(strings.ToLower(pv.Key)); ok {
				b.WriteString(x)
			} else if pv.HasDef {
				b.WriteString(pv.Default)
			} else {
				return "", false
			}
		}
		last = pv.End
	}
	b.WriteString(s[last:])
	return b.String(), true
}
