package secrets

import "unicode"

// The API Reference writes its input constraints as regular expressions. The store's few
// are a character class repeated (or, for a region, a short sequence of them), matched here
// by hand: package regexp would add about 90 KB (gzip) to the browser's .wasm, which runs
// this store in world mode. pattern_test.go holds each to the API Reference's expression.

// charPattern matches ^[class]{min,}$ for a class given as a predicate on runes (an invalid
// UTF-8 byte reads as U+FFFD, as package regexp reads it).
type charPattern struct {
	min int
	in  func(r rune) bool
}

// MatchString reports whether all of s is in the class, with at least min runes.
func (p charPattern) MatchString(s string) bool {
	n := 0
	for _, r := range s {
		if !p.in(r) {
			return false
		}
		n++
	}
	return n >= p.min
}

// funcPattern is a pattern matched by a function.
type funcPattern func(string) bool

// MatchString reports whether s matches.
func (p funcPattern) MatchString(s string) bool { return p(s) }

// asciiWord reports whether r is an ASCII letter or digit.
func asciiWord(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// nameChar is [a-zA-Z0-9/_+=.@-].
func nameChar(r rune) bool {
	return asciiWord(r) || r == '/' || r == '_' || r == '+' || r == '=' || r == '.' || r == '@' || r == '-'
}

// tagChar is [\p{L}\p{Z}\p{N}_.:/=+\-@].
func tagChar(r rune) bool {
	switch r {
	case '_', '.', ':', '/', '=', '+', '-', '@':
		return true
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Z, r) || unicode.IsNumber(r)
}

// regionName matches ^([a-z]+-)+\d+$: lowercase words, each followed by "-", then digits.
func regionName(s string) bool {
	i, words := 0, 0
	for {
		j := i
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		if j == i || j == len(s) || s[j] != '-' {
			break
		}
		i, words = j+1, words+1
	}
	if words == 0 || i == len(s) {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
