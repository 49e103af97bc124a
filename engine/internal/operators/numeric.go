package operators

import "strings"

// The Numeric family: integers and decimals of any length, compared exactly. Policy variables
// do not expand (IAM "Condition operators" page: Numeric condition operators, "Policy
// variables – Not supported").

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

// numberProblem says what keeps s from being an integer or decimal ("7", "-1.5", "+3",
// ".5"), or "" when it is one. Numbers of any length compare exactly (compareDecimal), so a
// long integer is a number; an exponent (1e999) is not.
func NumberProblem(s string) string {
	i := 0
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case (c == 'e' || c == 'E') && digits > 0:
			return "is written with an exponent; write the number out in digits"
		default:
			return "is not a number"
		}
	}
	if digits == 0 {
		return "is not a number"
	}
	return ""
}

// compareDecimal compares two numbers that numberProblem accepts, exactly, whatever their
// length, without allocating: -1, 0 or 1.
func compareDecimal(a, b string) int {
	an, ai, af := decimalParts(a)
	bn, bi, bf := decimalParts(b)
	sa, sb := sign(an, ai, af), sign(bn, bi, bf)
	if sa != sb || sa == 0 {
		return cmpInt(sa, sb)
	}
	m := 0 // compare the magnitudes
	switch {
	case len(ai) != len(bi):
		m = cmpInt(len(ai), len(bi))
	case ai != bi:
		m = strings.Compare(ai, bi)
	default:
		m = strings.Compare(af, bf)
	}
	return m * sa
}

// sign is -1, 0 or 1 for a number's parts (decimalParts): -0 is 0.
func sign(neg bool, intPart, frac string) int {
	switch {
	case intPart == "" && frac == "":
		return 0
	case neg:
		return -1
	}
	return 1
}

// decimalParts splits a number into its sign, its integer digits without leading zeros
// and its fraction digits without trailing zeros.
func decimalParts(s string) (neg bool, intPart, frac string) {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	intPart = s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	intPart = strings.TrimLeft(intPart, "0")
	frac = strings.TrimRight(frac, "0")
	return neg, intPart, frac
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
