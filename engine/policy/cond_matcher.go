package policy

import (
	"strings"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// matcher is a compiled String or ARN-component value with fast paths for the common shapes:
// a literal, a glob of literals and * (no ?), and a template of literals and variables (no
// wildcards). Other shapes fall back to pattern.Pattern. None allocates.
type matcher struct {
	kind  matchKind
	lit   string    // matchLiteral
	segs  []string  // matchStarGlob: the literal text between stars
	parts []tplPart // matchTemplate
	pat   *pattern.Pattern
}

type matchKind uint8

const (
	matchGeneric matchKind = iota
	matchLiteral
	matchStarGlob
	matchTemplate
)

// tplPart is a literal run or a variable of a template.
type tplPart struct {
	lit    string
	key    string // lower-cased variable key; "" for a literal
	def    string
	hasDef bool
}

// newMatcher compiles text with the options; fold patterns always use pattern.Pattern.
func newMatcher(text string, o pattern.Options) matcher {
	m := matcher{pat: pattern.Compile(text, o)}
	if o.Fold {
		return m
	}
	vars := o.Variables && strings.Contains(text, "${")
	wild := o.Wildcards && strings.ContainsAny(text, "*?")
	switch {
	case !vars && !wild:
		m.kind, m.lit = matchLiteral, text
	case !vars && !strings.Contains(text, "?"):
		m.kind, m.segs = matchStarGlob, strings.Split(text, "*")
	case vars && !wild:
		parts, ok := templateParts(text)
		if ok {
			m.kind, m.parts = matchTemplate, parts
		}
	}
	return m
}

// templateParts splits a text with variables into literal runs and variables, reading
// ${*}, ${?} and ${$} as the literal characters.
func templateParts(text string) ([]tplPart, bool) {
	var parts []tplPart
	last := 0
	lit := ""
	for _, v := range pattern.Vars(text) {
		lit += text[last:v.Offset]
		switch v.Key {
		case "*", "?", "$":
			lit += v.Key
		default:
			if lit != "" {
				parts = append(parts, tplPart{lit: lit})
				lit = ""
			}
			parts = append(parts, tplPart{key: strings.ToLower(v.Key), def: v.Default, hasDef: v.HasDef})
		}
		last = v.End
	}
	lit += text[last:]
	if lit != "" {
		parts = append(parts, tplPart{lit: lit})
	}
	return parts, true
}

// match reports whether s matches; resolved is false when a variable has no value and no default.
func (m *matcher) match(s string, ctx *Context) (matched, resolved bool) {
	switch m.kind {
	case matchLiteral:
		return s == m.lit, true
	case matchStarGlob:
		return starGlob(m.segs, s), true
	case matchTemplate:
		rest, ok := s, true
		for i := range m.parts {
			p := &m.parts[i]
			text := p.lit
			if p.key != "" {
				v, found := ctx.Resolve(p.key)
				switch {
				case found:
					text = v
				case p.hasDef:
					text = p.def
				default:
					return false, false
				}
			}
			if ok && strings.HasPrefix(rest, text) {
				rest = rest[len(text):]
			} else {
				ok = false
			}
		}
		return ok && rest == "", true
	}
	return m.pat.Match(s, ctx)
}

// starGlob matches s against literal segments separated by stars: the first segment is a
// prefix, the last a suffix, the middle ones found leftmost in order (greedy leftmost is
// exact for globs without ?).
func starGlob(segs []string, s string) bool {
	n := len(segs)
	if n == 1 {
		return s == segs[0]
	}
	first, last := segs[0], segs[n-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	mid := s[len(first) : len(s)-len(last)]
	for _, seg := range segs[1 : n-1] {
		i := strings.Index(mid, seg)
		if i < 0 {
			return false
		}
		mid = mid[i+len(seg):]
	}
	return true
}
