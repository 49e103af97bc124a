// Package words writes values into messages and explanations as people read them, the same
// way in the validator and the evaluator.
package words

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// JSON writes s as a JSON string, without escaping HTML characters.
func JSON(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) != nil {
		return `""`
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Quote writes a value inside a message: JSON-quoted, cut to 80 characters.
func Quote(s string) string {
	if len(s) > 80 {
		cut := 77
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return JSON(s)
}
