package policy

import "strconv"

// The Numeric family: integers and decimals. Policy variables do not expand (IAM "Condition
// operators" page: Numeric condition operators, "Policy variables – Not supported").
var numericOperators = []Operator{
	numericOp("NumericEquals", false, "equal to", cmpEq, "Matching: the key equals the number."),
	numericOp("NumericNotEquals", true, "equal to", cmpEq, "Negated matching: the key equals none of the numbers."),
	numericOp("NumericLessThan", false, "less than", cmpLt, "The key is less than the number."),
	numericOp("NumericLessThanEquals", false, "less than or equal to", cmpLe, "The key is less than or equal to the number."),
	numericOp("NumericGreaterThan", false, "greater than", cmpGt, "The key is greater than the number."),
	numericOp("NumericGreaterThanEquals", false, "greater than or equal to", cmpGe, "The key is greater than or equal to the number."),
}

// comparison is how an ordered family compares the request value with the policy value.
type comparison uint8

const (
	cmpEq comparison = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

// holds reports whether c holds for a result of a three-way compare (-1, 0, 1).
func (c comparison) holds(order int) bool {
	switch c {
	case cmpEq:
		return order == 0
	case cmpLt:
		return order < 0
	case cmpLe:
		return order <= 0
	case cmpGt:
		return order > 0
	default:
		return order >= 0
	}
}

func numericOp(name string, negated bool, verb string, c comparison, desc string) Operator {
	return Operator{
		Name: name, Family: FamilyNumeric, ValueKind: OperandNumber, Negated: negated,
		IfExists: true, SetOperators: true, Description: desc, verb: verb,
		parse: parseNumericReq,
		compile: func(text string, _ bool) (compiledValue, bool) {
			f, ok := parseNumber(text)
			return compiledValue{text: text, f: f}, ok
		},
		match: func(v *compiledValue, r reqValue, _ *Context) (bool, bool) {
			order := 0
			if r.f < v.f {
				order = -1
			} else if r.f > v.f {
				order = 1
			}
			return c.holds(order), true
		},
	}
}

func parseNumericReq(s string) (reqValue, bool) {
	f, ok := parseNumber(s)
	return reqValue{s: s, f: f}, ok
}

// parseNumber reads an integer or decimal ("7", "-1.5", "+3", ".5"). It checks the syntax
// first so that strconv never builds an error: evaluation allocates nothing, even on bad input.
func parseNumber(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 64 {
		return 0, false
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
