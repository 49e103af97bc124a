// Package jsonstr writes JSON strings by hand, as encoding/json writes them, for the two
// encoders on hot paths: the playground's answers and the store's GetSecretValue output.
package jsonstr

import "unicode/utf8"

// plain holds, per mode, the ASCII bytes a JSON string carries as they are: printable and
// neither " nor \; in HTML mode (encoding/json's default) not <, > or & either.
var plain = func() (t [2][256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[0][c] = c != '"' && c != '\\'
		t[1][c] = t[0][c] && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// Append writes s as a JSON string the way encoding/json does: control characters, " and \
// escaped, U+2028 and U+2029 escaped, invalid UTF-8 replaced by U+FFFD, and with html also
// <, > and & escaped (encoding/json's default; off, as SetEscapeHTML(false) leaves them).
func Append(b []byte, s string, html bool) []byte {
	const hex = "0123456789abcdef"
	ok := &plain[0]
	if html {
		ok = &plain[1]
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i < len(s) && ok[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
