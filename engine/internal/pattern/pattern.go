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
// without compiling or allocating (for patterns of up to globTokens tokens): for one-off
// matches such as an Action entry against the catalogue. fold ignores ASCII case. It runs
// the same matcher as Compile(pattern, Options{Wildcards: true, Fold: fold}).Match(s, nil),
// and a fuzz test checks that they agree.
func Glob(pattern, s string, fold bool) bool {
	var buf [globTokens]token
	toks := buf[:0]
	lit := -1 // start of the current literal run
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c != '*' && c != '?' {
			if lit < 0 {
				lit = i
			}
			continue
		}
		if lit >= 0 {
			toks = append(toks, token{kind: tokLit, s: pattern[lit:i]})
			lit = -1
		}
		if c == '?' {
			toks = append(toks, token{kind: tokQuest})
		} else if n := len(toks); n == 0 || toks[n-1].kind != tokStar {
			toks = append(toks, token{kind: tokStar})
		}
	}
	if lit >= 0 {
		toks = append(toks, token{kind: tokLit, s: pattern[lit:]})
	}
	m, _ := matchTokens(toks, fold, s, nil)
	return m
}

// globTokens is how many tokens Glob keeps on the stack; longer patterns allocate.
const globTokens = 16

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

// Exact reports whether the pattern matches exactly its text as written, compared byte for
// byte: no wildcard, no variable, no ${*}-style escape, case kept.
func (p *Pattern) Exact() bool { return p.simple && !p.fold && p.toks[0].s == p.src }

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

// text is the text of a literal or variable token: a variable's value, or its default.
func text(t *token, r Resolver) (string, bool) {
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

// eqText compares two equally long strings, ignoring ASCII case when fold is set.
func eqText(a, b string, fold bool) bool {
	if !fold {
		return a == b
	}
	for i := 0; i < len(a); i++ {
		if !eqByte(a[i], b[i], true) {
			return false
		}
	}
	return true
}

func (p *Pattern) match(s string, r Resolver) (bool, bool) {
	if p.vars { // a variable with no value and no default: the pattern matches nothing
		for i := range p.toks {
			if t := &p.toks[i]; t.kind == tokVar {
				if _, ok := text(t, r); !ok {
					return false, false
				}
			}
		}
	}
	return matchTokens(p.toks, p.fold, s, r)
}

// matchTokens is the one wildcard matcher. A pattern is segments of literal text and ? (one
// character: one rune, never part of one) separated by stars. The first segment must match
// at the start of s and the last at its end; the middle ones are found leftmost, in order,
// which is exact because every segment has a fixed length once its variables are known.
// The cost is at most the length of s times the length of the pattern, and a run of ? after
// the last star costs only its own length. ok is false when a variable has no value.
func matchTokens(toks []token, fold bool, s string, r Resolver) (matched, ok bool) {
	first, last := -1, -1
	for i := range toks {
		if toks[i].kind == tokStar {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		end, m, ok := forward(toks, fold, s, 0, len(s), r)
		return m && end == len(s), ok
	}
	j, m, ok := forward(toks[:first], fold, s, 0, len(s), r)
	if !m || !ok {
		return false, ok
	}
	e, m, ok := backward(toks[last+1:], fold, s, j, len(s), r)
	if !m || !ok {
		return false, ok
	}
	// Middle segments, leftmost first, inside s[j:e].
	for i := first + 1; i < last; {
		k := i
		for k < last && toks[k].kind != tokStar {
			k++
		}
		seg := toks[i:k]
		i = k + 1
		if len(seg) == 0 {
			continue
		}
		found := false
		for at := j; at <= e; {
			if seg[0].kind != tokQuest { // jump to the next place the leading text occurs
				t, ok := text(&seg[0], r)
				if !ok {
					return false, false
				}
				n := index(s[at:e], t, fold)
				if n < 0 {
					return false, true
				}
				at += n
			}
			end, m, ok := forward(seg, fold, s, at, e, r)
			if !ok {
				return false, false
			}
			if m {
				j, found = end, true
				break
			}
			if at == e {
				break
			}
			_, w := utf8.DecodeRuneInString(s[at:e]) // a star spans whole characters
			at += w
		}
		if !found {
			return false, true
		}
	}
	return true, true
}

// forward matches a segment (no stars) at s[j:], within s[:limit], and returns where it ends.
func forward(seg []token, fold bool, s string, j, limit int, r Resolver) (end int, matched, ok bool) {
	for i := range seg {
		t := &seg[i]
		if t.kind == tokQuest {
			if j >= limit {
				return j, false, true
			}
			_, w := utf8.DecodeRuneInString(s[j:limit])
			j += w
			continue
		}
		x, ok := text(t, r)
		if !ok {
			return j, false, false
		}
		if limit-j < len(x) || !eqText(x, s[j:j+len(x)], fold) {
			return j, false, true
		}
		j += len(x)
	}
	return j, true, true
}

// backward matches a segment (no stars) ending at s[:e], within s[lo:], and returns where it starts.
func backward(seg []token, fold bool, s string, lo, e int, r Resolver) (start int, matched, ok bool) {
	for i := len(seg) - 1; i >= 0; i-- {
		t := &seg[i]
		if t.kind == tokQuest {
			if e <= lo {
				return e, false, true
			}
			_, w := utf8.DecodeLastRuneInString(s[lo:e])
			e -= w
			continue
		}
		x, ok := text(t, r)
		if !ok {
			return e, false, false
		}
		if e-lo < len(x) || !eqText(x, s[e-len(x):e], fold) {
			return e, false, true
		}
		e -= len(x)
	}
	return e, true, true
}

// index is strings.Index, ignoring ASCII case when fold is set.
func index(s, sub string, fold bool) int {
	if !fold {
		return strings.Index(s, sub)
	}
	if sub == "" {
		return 0
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if eqByte(s[i], sub[0], true) && eqText(sub, s[i:i+len(sub)], true) {
			return i
		}
	}
	return -1
}
