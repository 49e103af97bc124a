package policy

import (
	"strings"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// ConditionResult is how one key of one condition operator was decided for a request.
type ConditionResult struct {
	Operator string   `json:"operator"` // as written, e.g. ForAnyValue:StringLike
	Key      string   `json:"key"`      // as written
	Values   []string `json:"values"`   // the policy's values
	Result   bool     `json:"result"`
	Missing  bool     `json:"missing,omitempty"` // the key is absent from the request (or has no values)
	Why      string   `json:"why"`               // one sentence a person can read
	Path     string   `json:"path"`              // JSON pointer of the key
	Range    Range    `json:"range"`             // the key and its values
}

// Explain decides every operator and key (without stopping at the first that fails) and
// says why each holds or not. Its results agree with Eval: Eval is true exactly when every
// Result is true.
func (p *conditionProgram) Explain(ctx *Context) []ConditionResult {
	if p == nil {
		return nil
	}
	out := make([]ConditionResult, 0, len(p.entries))
	for i := range p.entries {
		e := &p.entries[i]
		o := e.eval(ctx)
		r := ConditionResult{Operator: e.opName, Key: e.key, Result: o.result, Missing: o.missing,
			Path: e.path, Range: e.rng}
		for _, v := range e.values {
			r.Values = append(r.Values, v.text)
		}
		r.Why = e.why(o, ctx)
		out = append(out, r)
	}
	return out
}

// why writes the sentence for an outcome.
func (e *condEntry) why(o outcome, ctx *Context) string {
	if !e.known {
		return quote(e.opName) + " is not a condition operator, so this condition does not match"
	}
	op := e.op.Operator
	name := e.op.String()
	verdict := func(b bool) string {
		if b {
			return ", so " + name + " matches"
		}
		return ", so " + name + " does not match"
	}
	vals, present := ctx.Values(e.lowerKey)
	if op.Family == FamilyNull {
		state := "is present"
		if !present {
			state = "is absent"
		}
		want := "false"
		if o.pol >= 0 {
			want = e.values[o.pol].text
		} else if len(e.values) > 0 {
			want = e.values[0].text
		}
		return e.key + " " + state + ", so Null " + quote(want) + matchWord(o.result)
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
		return e.key + " " + quote(vals[o.badReq]) + " is not " + kindNoun(op.ValueKind) + verdict(false)
	}
	neg := op.Negated
	switch e.op.Set {
	case SetForAnyValue:
		if o.result {
			if neg {
				return "ForAnyValue: " + e.key + " value " + quote(vals[o.req]) + " is not " + op.verb + " " + e.anyOf(ctx) + verdict(true)
			}
			return "ForAnyValue: " + e.key + " value " + quote(vals[o.req]) + " is " + op.verb + " " + e.value(o.pol, ctx) + verdict(true)
		}
		if neg {
			return "ForAnyValue: every value of " + e.key + " " + list(vals) + " is " + op.verb + " one of " + e.all(ctx) + verdict(false)
		}
		return "ForAnyValue: no value of " + e.key + " " + list(vals) + " is " + op.verb + " " + e.anyOf(ctx) + verdict(false)
	case SetForAllValues:
		if o.result {
			if neg {
				return "ForAllValues: no value of " + e.key + " " + list(vals) + " is " + op.verb + " " + e.anyOf(ctx) + verdict(true)
			}
			return "ForAllValues: every value of " + e.key + " " + list(vals) + " is " + op.verb + " one of " + e.all(ctx) + verdict(true)
		}
		if neg {
			return "ForAllValues: " + e.key + " value " + quote(vals[o.req]) + " is " + op.verb + " " + e.value(o.pol, ctx) + verdict(false)
		}
		return "ForAllValues: " + e.key + " value " + quote(vals[o.req]) + " is not " + op.verb + " " + e.anyOf(ctx) + verdict(false)
	}
	subject := e.key + " " + quote(vals[0])
	if len(vals) > 1 {
		subject = e.key + " " + list(vals)
		if o.req >= 0 && o.pol >= 0 {
			subject = e.key + " value " + quote(vals[o.req])
		}
	}
	matched := o.pol >= 0
	var s string
	if matched {
		s = subject + " is " + op.verb + " " + e.value(o.pol, ctx)
	} else {
		s = subject + " is not " + op.verb + " " + e.anyOf(ctx)
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
func kindNoun(k OperandKind) string {
	switch k {
	case OperandNumber:
		return "a number"
	case OperandDate:
		return "a date"
	case OperandBool:
		return `"true" or "false"`
	case OperandBase64:
		return "base64"
	case OperandIP:
		return "an IP address"
	case OperandARN:
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
	s := quote(v.text)
	if v.vars {
		if x, ok := expand(v.text, ctx); ok {
			s += " (" + quote(x) + ")"
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
		for _, pv := range pattern.Vars(e.values[i].text) {
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
		parts[i] = quote(v)
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
