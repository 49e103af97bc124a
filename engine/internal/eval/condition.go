package eval

import (
	"strings"

	"github.com/iamplay/iamplay/engine/policy"

	"github.com/iamplay/iamplay/engine/internal/operators"
	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// conditionProgram is a Condition element compiled for evaluation: one entry per operator
// and key, all of which must hold.
type conditionProgram struct {
	entries []condEntry
}

// condEntry is one key of one operator block.
type condEntry struct {
	opName   string                // as written
	op       policy.ParsedOperator // its Operator is the semantics; nil when unknown
	known    bool                  // the operator name is in the catalogue
	key      string
	lowerKey string
	values   []operators.Value
	exact    bool // a String operator whose values are all plain text: a request value matches one equal to it
	path     string
	rng      policy.Range
}

// compileCondition compiles a Condition element. variables is false for policy Version
// 2008-10-17 or no Version, where ${...} is literal text. A nil condition compiles to a
// program that always holds. Unknown operators compile to entries that never hold.
func compileCondition(c *policy.Condition, variables bool) *conditionProgram {
	p := &conditionProgram{}
	if c == nil {
		return p
	}
	for oi := range c.Operators {
		o := &c.Operators[oi]
		po, known := policy.LookupOperator(o.Name.Value)
		for ki := range o.Keys {
			k := &o.Keys[ki]
			e := condEntry{
				opName: o.Name.Value, op: po, known: known,
				key: k.Name.Value, lowerKey: lowerKey(k.Name.Value), // the context's own spelling of a catalogued key: compared by identity
				path: k.Name.Path,
				rng:  policy.Range{Start: k.Name.Range.Start, End: k.Values.Range.End},
			}
			if e.rng.End.Offset < e.rng.Start.Offset {
				e.rng = k.Name.Range
			}
			if !known {
				for _, v := range k.Values.Items {
					e.values = append(e.values, operators.Value{Text: v.Text})
				}
			} else {
				vars := variables && po.Operator.Variables
				for _, v := range k.Values.Items {
					if v.Kind != policy.ValueString && v.Kind != policy.ValueNumber && v.Kind != policy.ValueBool {
						e.values = append(e.values, operators.Value{Text: v.Text})
						continue
					}
					cv, ok := operators.Compile(po.Operator, v.Text, vars)
					cv.Text, cv.OK = v.Text, ok
					cv.Vars = vars && len(pattern.Vars(v.Text)) > 0
					e.values = append(e.values, cv)
				}
				e.exact = po.Operator.Family == operators.FamilyString
				for i := range e.values {
					e.exact = e.exact && e.values[i].Exact()
				}
			}
			p.entries = append(p.entries, e)
		}
	}
	return p
}

// Eval reports whether every operator and key of the condition holds for the request.
// It allocates nothing.
func (p *conditionProgram) Eval(ctx *Context) bool {
	if p == nil {
		return true
	}
	for i := range p.entries {
		if !p.entries[i].eval(ctx).result {
			return false
		}
	}
	return true
}

// outcome is how one entry was decided: the result and the witnesses Explain describes.
type outcome struct {
	result     bool
	missing    bool // the key is absent (or present with no values)
	unresolved bool // every policy value has a variable with no value and no default
	badReq     int  // index of a request value that is not of the operator's kind, or -1
	req, pol   int  // the deciding request value and policy value, or -1
}

// eval decides one entry. Semantics (sources in the comments of each case):
func (e *condEntry) eval(ctx *Context) outcome {
	out := outcome{badReq: -1, req: -1, pol: -1}
	if !e.known {
		return out
	}
	var one [1]string
	vals, present := ctx.Values(e.lowerKey, &one)
	op := e.op.Operator
	if op.Family == operators.FamilyNull {
		// Null: "true" holds when the key is absent, "false" when present; several values OR.
		out.missing = !present
		for i := range e.values {
			v := &e.values[i]
			if v.OK && v.B != present {
				out.result, out.pol = true, i
				return out
			}
		}
		return out
	}
	if !present || len(vals) == 0 {
		out.missing = !present
		switch {
		case e.op.IfExists && !present:
			// ...IfExists: "If the policy key is not present in the request context, the
			// condition evaluates to true" (IAM "Condition operators", ...IfExists). A key
			// present with an empty list is present: the set rules below decide.
			out.result = true
		case e.op.Set == policy.SetForAllValues:
			// ForAllValues: "It also returns true if there are no context keys in the request"
			// (IAM "Single-valued vs. multivalued context keys").
			out.result = true
		case e.op.Set == policy.SetForAnyValue:
			// ForAnyValue: false when the key is absent or has no values (same page).
			out.result = false
		default:
			// A negated operator (StringNotLike, ArnNotLike, ...) is true when the key is
			// absent; every other operator is false (IAM "Condition operators", Important box).
			out.result = op.Negated
		}
		return out
	}
	switch e.op.Set {
	case policy.SetForAnyValue:
		// True when some request value satisfies the operator.
		for r := range vals {
			ok, pol, bad, unresolved := e.base(vals[r], ctx)
			if unresolved {
				out.unresolved = true
				return out
			}
			if bad && out.badReq < 0 {
				out.badReq = r
			}
			if ok {
				out.result, out.req, out.pol = true, r, pol
				return out
			}
		}
		return out
	case policy.SetForAllValues:
		// True when every request value satisfies the operator.
		for r := range vals {
			ok, pol, bad, unresolved := e.base(vals[r], ctx)
			if unresolved {
				out.unresolved = true
				return out
			}
			if !ok {
				out.req, out.pol = r, pol
				if bad {
					out.badReq = r
				}
				return out
			}
		}
		out.result = true
		return out
	}
	// No set qualifier. With several request values (a multivalued key used without
	// ForAnyValue/ForAllValues, which the IAM docs say not to do and do not define), iamplay
	// reads the positive operator as "some request value matches some policy value" and a
	// negated operator as its negation: "no request value matches any policy value".
	for r := range vals {
		m, pol, bad, unresolved := e.positive(vals[r], ctx)
		if unresolved {
			out.unresolved = true
			return out
		}
		if bad {
			if out.badReq < 0 {
				out.badReq = r
			}
			continue
		}
		if m {
			out.req, out.pol = r, pol
			out.result = !op.Negated
			return out
		}
	}
	if out.badReq >= 0 {
		// A request value that is not of the operator's kind fails the operator, negated or not.
		out.req = out.badReq
		return out
	}
	out.req = 0
	out.result = op.Negated
	return out
}

// base evaluates the operator (negated or not) on one request value: ok is its result.
func (e *condEntry) base(s string, ctx *Context) (ok bool, pol int, bad, unresolved bool) {
	m, pol, bad, unresolved := e.positive(s, ctx)
	if bad || unresolved {
		return false, pol, bad, unresolved
	}
	if e.op.Operator.Negated {
		return !m, pol, false, false
	}
	return m, pol, false, false
}

// positive reports whether request value s matches any policy value (the operator's positive
// form; several values OR). Values with a variable that has no value and no default are
// skipped; unresolved is true when every value is skipped (AWS: a variable it cannot resolve
// can make the whole statement invalid, so the condition does not hold). bad is true when s
// is not of the operator's kind.
func (e *condEntry) positive(s string, ctx *Context) (matched bool, pol int, bad, unresolved bool) {
	if e.exact { // what operators.Parse and Match would find, without their calls
		for i := range e.values {
			if e.values[i].Text == s {
				return true, i, false, false
			}
		}
		return false, -1, false, false
	}
	op := e.op.Operator
	r, ok := operators.Parse(op, s)
	if !ok {
		return false, -1, true, false
	}
	resolvedAny := false
	for i := range e.values {
		v := &e.values[i]
		if !v.OK {
			resolvedAny = true
			continue
		}
		m, resolved := operators.Match(op, v, r, ctx)
		if !resolved {
			continue
		}
		resolvedAny = true
		if m {
			return true, i, false, false
		}
	}
	return false, -1, false, !resolvedAny && len(e.values) > 0
}

// MissingKeys lists the keys the condition refers to (as written) that the request lacks:
// absent condition keys and the keys of policy variables that have no value and no default.
func (p *conditionProgram) MissingKeys(ctx *Context) []string {
	if p == nil {
		return nil
	}
	var out []string
	var one [1]string
	seen := map[string]bool{}
	add := func(k string) {
		if lk := strings.ToLower(k); !seen[lk] {
			seen[lk] = true
			out = append(out, k)
		}
	}
	for i := range p.entries {
		e := &p.entries[i]
		if !e.known {
			continue
		}
		if v, ok := ctx.Values(e.lowerKey, &one); !ok || len(v) == 0 {
			add(e.key)
		}
		for j := range e.values {
			if !e.values[j].Vars {
				continue
			}
			for _, pv := range pattern.Vars(e.values[j].Text) {
				if _, ok := ctx.Resolve(strings.ToLower(pv.Key)); !ok && !pv.HasDef {
					add(pv.Key)
				}
			}
		}
	}
	return out
}
