// Package pattern compiles IAM strings with wildcards (* and ?) and policy variables
// (${aws:username}, ${aws:PrincipalTag/team, 'none'}, ${*}, ${?}, ${$}) and matches them
// against request values without allocating.
package pattern

import (
	"strings"
	"unicode/utf8"
)

// Resolver supplies a policy variable's value from the request. Keys are passed lower-cased.
type Resolver interface {
	Resolve(lowerKey string) (string, bool)
}

type tokKind uint8

const (
	tokLit tokKind = iota
	tokStar
	tokQuest
	tokVar
)

type token struct {
	kind   tokKind
	s      string // literal text, or the variable's key as written
	key    string // lower-cased variable key
	def    string // default value of ${key, 'default'}
	hasDef bool
}

// Pattern is a compiled wildcard pattern.
type Pattern struct {
	src    string
	toks   []token
	small  [3]token // backing for toks when it is short: one allocation per pattern, not two
	fold   bool     // compare case-insensitively (actions, StringEqualsIgnoreCase)
	glob   bool     // * and ? are wildcards
	vars   bool     // has at least one variable
	simple bool     // one literal token: compare directly
	prefix bool     // a literal then one star: a prefix test
}

// Options choose how a pattern is read.
type Options struct {
	Wildcards bool // * and ? match any run of characters / one character
	Variables bool // ${...} is a policy variable (policy Version 2012-10-17)
	Fold      bool // match case-insensitively
}

// Var is a policy variable found in a pattern.
type Var struct {
	Key     string // as written
	Default string
	HasDef  bool
	Offset  int // byte offset of "${" in the pattern
	End     int // byte offset just past "}"
}

// Compile reads s. An unterminated "${" is taken literally, as AWS does.
func Compile(s string, o Options) *Pattern {
	p := &Pattern{src: s, fold: o.Fold, glob: o.Wildcards}
	if plain(s, o) { // the common case: no wildcard, no variable
		t := s
		if o.Fold {
			t = strings.ToLower(s)
		}
		p.small[0] = token{kind: tokLit, s: t}
		p.toks = p.small[:1]
		p.simple = true
		return p
	}
	// Literal runs are substrings of s; a builder is needed only when ${*}, ${?} or ${$}
	// joins text that is not contiguous in s.
	p.toks = p.small[:0]
	from, to := -1, -1
	var built strings.Builder
	joined := false
	addLit := func(i, j int) {
		switch {
		case joined:
			built.WriteString(s[i:j])
		case from < 0:
			from, to = i, j
		case to == i:
			to = j
		default:
			joined = true
			built.WriteString(s[from:to])
			built.WriteString(s[i:j])
		}
	}
	flush := func() {
		t := ""
		switch {
		case joined:
			t = built.String()
			built.Reset()
		case from >= 0:
			t = s[from:to]
		}
		from, to, joined = -1, -1, false
		if t == "" {
			return
		}
		if o.Fold {
			t = strings.ToLower(t)
		}
		p.toks = append(p.toks, token{kind: tokLit, s: t})
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case o.Wildcards && c == '*':
			flush()
			if n := len(p.toks); n == 0 || p.toks[n-1].kind != tokStar {
				p.toks = append(p.toks, token{kind: tokStar})
			}
		case o.Wildcards && c == '?':
			flush()
			p.toks = append(p.toks, token{kind: tokQuest})
		case o.Variables && c == '$' && i+1 < len(s) && s[i+1] == '{':
			v, ok := parseVar(s, i)
			if !ok {
				addLit(i, i+1)
				continue
			}
			switch v.Key {
			case "*", "?", "$":
				k := strings.Index(s[i:v.End], v.Key) + i
				addLit(k, k+1)
			default:
				flush()
				p.toks = append(p.toks, token{kind: tokVar, s: v.Key, key: strings.ToLower(v.Key), def: v.Default, hasDef: v.HasDef})
				p.vars = true
			}
			i = v.End - 1
		default:
			addLit(i, i+1)
		}
	}
	flush()
	p.simple = len(p.toks) == 1 && p.toks[0].kind == tokLit
	p.prefix = len(p.toks) == 2 && p.toks[0].kind == tokLit && p.toks[1].kind == tokStar
	return p
}

// Glob matches s against pattern with * and ? wildcards and nothing else (no variables),
// without compiling or allocating: for one-off matches such as an Action entry against the
// catalogue. fold ignores ASCII case. It agrees with Compile(pattern, Options{Wildcards:
// true, Fold: fold}).Match(s, nil), which a fuzz test checks.
func Glob(pattern, s string, fold bool) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && pattern[p] == '?': // one character, not one byte
			_, w := utf8.DecodeRuneInString(s[i:])
			p++
			i += w
		case p < len(pattern) && eqByte(pattern[p], s[i], fold):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// plain reports whether s has nothing Compile would treat specially.
func plain(s string, o Options) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?':
			if o.Wildcards {
				return false
			}
		case '$':
			if o.Variables {
				return false
			}
		}
	}
	return true
}

// Vars lists the policy variables in s, in order, as Compile would read them.
func Vars(s string) []Var {
	var out []Var
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '$' && s[i+1] == '{' {
			if v, ok := parseVar(s, i); ok {
				out = append(out, v)
				i = v.End - 1
			}
		}
	}
	return out
}

// parseVar reads "${key}" or "${key, 'default'}" at s[i:].
func parseVar(s string, i int) (Var, bool) {
	end := strings.IndexByte(s[i+2:], '}')
	if end < 0 {
		return Var{}, false
	}
	body := s[i+2 : i+2+end]
	v := Var{Offset: i, End: i + 2 + end + 1}
	if c := strings.IndexByte(body, ','); c >= 0 {
		d := strings.TrimSpace(body[c+1:])
		if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
			v.Default, v.HasDef = d[1:len(d)-1], true
		} else {
			return Var{}, false
		}
		body = body[:c]
	}
	v.Key = strings.TrimSpace(body)
	if v.Key == "" {
		return Var{}, false
	}
	return v, true
}

// String returns the source text.
func (p *Pattern) String() string { return p.src }

// HasWildcards reports whether the pattern has * or ?.
func (p *Pattern) HasWildcards() bool {
	for _, t := range p.toks {
		if t.kind == tokStar || t.kind == tokQuest {
			return true
		}
	}
	return false
}

// MatchAll reports whether the pattern is a lone "*".
func (p *Pattern) MatchAll() bool { return len(p.toks) == 1 && p.toks[0].kind == tokStar }

// LiteralPrefix is the text every match starts with (before the first wildcard or variable),
// lower-cased when the pattern folds case. Indexes use it.
func (p *Pattern) LiteralPrefix() string {
	if len(p.toks) > 0 && p.toks[0].kind == tokLit {
		return p.toks[0].s
	}
	return ""
}

// Match reports whether s matches. r resolves variables; a variable with no value and no
// default makes the pattern match nothing (ok=false reports that it was missing).
// When the pattern folds case, s must already be lower-cased (MatchFold handles any s).
func (p *Pattern) Match(s string, r Resolver) (matched, ok bool) {
	if p.simple {
		if p.fold {
			return strings.EqualFold(p.toks[0].s, s), true
		}
		return p.toks[0].s == s, true
	}
	if p.prefix {
		t := p.toks[0].s
		if len(s) < len(t) {
			return false, true
		}
		if p.fold {
			return strings.EqualFold(t, s[:len(t)]), true
		}
		return s[:len(t)] == t, true
	}
	return p.match(s, r)
}

// glob state: a position in the pattern is (token index, byte index within the token's text).
func (p *Pattern) text(i int, r Resolver) (string, bool) {
	t := &p.toks[i]
	if t.kind == tokLit {
		return t.s, true
	}
	if r != nil {
		if v, ok := r.Resolve(t.key); ok {
			return v, true
		}
	}
	if t.hasDef {
		return t.def, true
	}
	return "", false
}

func eqByte(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	if !fold {
		return false
	}
	if 'A' <= a && a <= 'Z' {
		a += 'a' - 'A'
	}
	if 'A' <= b && b <= 'Z' {
		b += 'a' - 'A'
	}
	return a == b
}

func (p *Pattern) match(s string, r Resolver) (bool, bool) {
	ti, ci, j := 0, 0, 0
	starT, starJ := -1, 0
	var cur string // text of token ti when it is a literal or variable
	curOK := true
	load := func() {
		if ti < len(p.toks) && (p.toks[ti].kind == tokLit || p.toks[ti].kind == tokVar) {
			cur, curOK = p.text(ti, r)
		}
	}
	load()
	if !curOK {
		return false, false
	}
	for {
		// Skip exhausted literal tokens.
		for ti < len(p.toks) && (p.toks[ti].kind == tokLit || p.toks[ti].kind == tokVar) && ci >= len(cur) {
			ti, ci = ti+1, 0
			load()
			if !curOK {
				return false, false
			}
		}
		if j == len(s) {
			// The rest of the pattern must be stars or empty text.
			for ti < len(p.toks) {
				switch p.toks[ti].kind {
				case tokStar:
				case tokQuest:
					return false, true
				default:
					if ci < len(cur) {
						return false, true
					}
				}
				ti, ci = ti+1, 0
				load()
				if !curOK {
					return false, false
				}
			}
			return true, true
		}
		if ti < len(p.toks) {
			switch p.toks[ti].kind {
			case tokStar:
				starT, starJ = ti, j
				ti, ci = ti+1, 0
				load()
				if !curOK {
					return false, false
				}
				continue
			case tokQuest: // one character, not one byte
				ti++
				ci = 0
				_, w := utf8.DecodeRuneInString(s[j:])
				j += w
				load()
				if !curOK {
					return false, false
				}
				continue
			default:
				if eqByte(cur[ci], s[j], p.fold) {
					ci++
					j++
					continue
				}
			}
		}
		if starT < 0 {
			return false, true
		}
		starJ++
		j = starJ
		ti, ci = starT+1, 0
		load()
	}
}
