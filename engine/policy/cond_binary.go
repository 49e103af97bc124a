package policy

import "encoding/base64"

// The Binary family: BinaryEquals compares bytes given as base64. Request values are base64
// text too (the evaluation document carries strings); padded and unpadded forms are the same
// bytes. Policy variables do not expand (IAM "Condition operators" page: Binary, "Not supported").
var binaryOperators = []Operator{{
	Name: "BinaryEquals", Family: FamilyBinary, ValueKind: OperandBase64, IfExists: true, SetOperators: true,
	Description: "Byte-for-byte match of a base64-encoded value.", verb: "equal to",
	parse: func(s string) (reqValue, bool) { return reqValue{s: s}, isBase64Text(s) },
	compile: func(text string, _ bool) (compiledValue, bool) {
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			if b, err = base64.RawStdEncoding.DecodeString(text); err != nil {
				return compiledValue{text: text}, false
			}
		}
		return compiledValue{text: text, bin: [2]string{
			base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b)}}, true
	},
	match: func(v *compiledValue, r reqValue, _ *Context) (bool, bool) {
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
