package operators

import "encoding/base64"

// The Binary family: BinaryEquals compares bytes given as base64. Request values are base64
// text too (the evaluation document carries strings); padded and unpadded forms are the same
// bytes. Policy variables do not expand (IAM "Condition operators" page: Binary, "Not supported").

// compileBinary reads a policy value as base64, padded or not, and keeps both spellings of
// its bytes, so that matching a request value is two string comparisons.
func compileBinary(text string) (Value, bool) {
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(text); err != nil {
			return Value{Text: text}, false
		}
	}
	return Value{Text: text, bin: [2]string{
		base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b)}}, true
}

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
