package jsontree

import (
	"strconv"
	"strings"
)

// ContextLimits bound a request context, so that no request can make matching slow or
// memory large. Zero means no limit.
type ContextLimits struct {
	MaxValues     int // values across all keys
	MaxValueBytes int // bytes of one value
}

// ContextProblem is something wrong in a request context: a code, a message, the key, and
// the byte range of the offending text. The value or key is left out of the context.
type ContextProblem struct {
	Code     string // the finding code: document.wrong_type, request.duplicate_context_key, request.too_many_context_values, request.context_value_too_long
	Message  string
	Key      string
	From, To int
}

// Context reads a request's context object the way IAM receives it: each key to a string,
// number or boolean (one value) or a list of them. Keys are case-insensitive: a key written
// twice, in any case, is a problem, and the first one written is kept, so the context never
// depends on the order of a map. A key whose value is null is left out: it marks the key absent. Values beyond the limits are problems and are left out.
func (n *Node) Context(lim ContextLimits) (map[string][]string, []ContextProblem) {
	ctx := make(map[string][]string, len(n.Members))
	var probs []ContextProblem
	first := make(map[string]*Member, len(n.Members)) // lower-cased key -> first member
	count := 0
	for i := range n.Members {
		m := &n.Members[i]
		lower := strings.ToLower(m.Name)
		if f, dup := first[lower]; dup {
			msg := "the context has the key " + strconv.Quote(m.Name) + " twice"
			if f.Name != m.Name {
				msg = "the context has the key " + strconv.Quote(m.Name) + " already as " + strconv.Quote(f.Name) + "; condition keys ignore case"
			}
			probs = append(probs, ContextProblem{Code: "request.duplicate_context_key", Message: msg + "; the first one is used", Key: m.Name, From: m.NameFrom, To: m.NameTo})
			continue
		}
		first[lower] = m
		if m.Value.Kind == Null {
			continue // the key is marked absent (docs/contract.md): the caller reads it, no value
		}
		one := [1]*Node{m.Value}
		items := one[:]
		switch m.Value.Kind {
		case String, Number, Bool:
		case Array:
			items = m.Value.Elems
		default:
			probs = append(probs, ContextProblem{Code: "document.wrong_type", Key: m.Name, From: m.Value.Start, To: m.Value.End,
				Message: "context key " + m.Name + " must be a string or a list of strings, not " + m.Value.Kind.String()})
			continue
		}
		vals := make([]string, 0, len(items))
		for _, e := range items {
			switch {
			case e.Kind != String && e.Kind != Number && e.Kind != Bool:
				probs = append(probs, ContextProblem{Code: "document.wrong_type", Key: m.Name, From: e.Start, To: e.End,
					Message: "a context value must be a string, not " + e.Kind.String()})
			case lim.MaxValueBytes > 0 && len(e.Text) > lim.MaxValueBytes:
				probs = append(probs, ContextProblem{Code: "request.context_value_too_long", Key: m.Name, From: e.Start, To: e.End,
					Message: "a value of context key " + strconv.Quote(m.Name) + " is " + strconv.Itoa(len(e.Text)) + " bytes; the most is " + strconv.Itoa(lim.MaxValueBytes)})
			case lim.MaxValues > 0 && count >= lim.MaxValues:
				if count == lim.MaxValues {
					probs = append(probs, ContextProblem{Code: "request.too_many_context_values", Key: m.Name, From: e.Start, To: e.End,
						Message: "the context has more than " + strconv.Itoa(lim.MaxValues) + " values; the rest are left out"})
				}
				count++
			default: // a string, number or boolean is its text as written, as IAM receives it
				vals = append(vals, e.Text)
				count++
			}
		}
		ctx[m.Name] = vals
	}
	return ctx, probs
}
