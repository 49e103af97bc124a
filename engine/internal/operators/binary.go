package operators

import (
	"encoding/base64"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// The Binary family: BinaryEquals compares bytes given as base64. Request values are base64
// text too (the evaluation document carries strings); padded and unpadded forms are the same
// bytes. Policy variables do not expand (IAM "Condition operators" page: Binary, "Not supported").
var binaryOperators = []Operator{{
	Name: "BinaryEquals", Family: FamilyBinary, ValueKind: OperandBase64, IfExists: true, SetOperators: true,
	Description: "Byte-for-byte match of a base64-encoded value.", Verb: "equal to",
	Parse: func(s string) (Req, bool) { return Req{s: s}, isBase64Text(s) },
	Compile: func(text string, _ bool) (Value, bool) {
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			if b, err = base64.RawStdEncoding.DecodeString(text); err != nil {
				return Value{Text: text}, false
			}
		}
		return Value{Text: text, bin: [2]string{
			base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b)}}, true
	},
	Match: func(v *Value, r Req, _ pattern.Resolver) (bool, bool) {
		return r.s == v.bin[0] || r.s == v.bin[1], true
	},
}}

// isBase64Text reports whether s uses only the standard base64 alphabet and padding.
func isBase64Text(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}
