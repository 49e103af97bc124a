package pattern

import "strings"

// ARNParts is the number of colon-separated components of an ARN:
// arn:partition:service:region:account:resource (the resource keeps any further colons).
const ARNParts = 6

// ARN is a compiled ARN pattern, matched component by component so that a wildcard in the
// first five components stays inside its component. With Expand (the Resource element), a
// component whose last character is * may also span the colons after it: "If the * wildcard
// is the last character of a resource ARN segment, it can expand to match beyond the colon
// boundaries" (IAM User Guide, "IAM JSON policy elements: Resource").
type ARN struct {
	whole  *Pattern // patterns that are not six components match as one string
	parts  [ARNParts]*Pattern
	spans  [ARNParts - 1]bool // component i ends in * and may span colons (Expand only)
	split  bool
	expand bool
	bare   bool   // not split, and the pattern is its prefix and one star: the prefix test is the match
	prefix string // literal text every match starts with
}

// CompileARN compiles an ARN pattern. With o.Variables, colons inside ${...} do not split.
// six reports whether the pattern has six components.
func CompileARN(s string, o Options, expand bool) (a *ARN, six bool) {
	a = &ARN{whole: Compile(s, o)}
	a.prefix = a.whole.LiteralPrefix()
	if o.Fold {
		a.prefix = ""
	}
	a.bare = a.whole.prefix && a.prefix != ""
	ends, ok := SplitARN(s, o.Variables)
	if !ok {
		return a, false
	}
	if !strings.ContainsAny(s[:ends[ARNParts-2]], "*?$") {
		return a, true // the first five are literal: matching the whole string is the same, and faster
	}
	a.split, a.expand = true, expand
	start := 0
	for i := 0; i < ARNParts; i++ {
		end := len(s)
		if i < ARNParts-1 {
			end = ends[i]
			a.spans[i] = expand && o.Wildcards && end > start && s[end-1] == '*'
		}
		a.parts[i] = Compile(s[start:end], o)
		start = end + 1
	}
	return a, true
}

// SplitARN finds the ends of the first five components of s. With vars, colons inside
// ${...} do not split. ok is false when s has fewer than six components.
func SplitARN(s string, vars bool) (ends [ARNParts - 1]int, ok bool) {
	n := 0
	for i := 0; i < len(s) && n < ARNParts-1; i++ {
		switch {
		case vars && s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			if j := strings.IndexByte(s[i:], '}'); j > 0 {
				i += j
			}
		case s[i] == ':':
			ends[n] = i
			n++
		}
	}
	return ends, n == ARNParts-1
}

// Prefix is the literal text every match starts with; indexes use it.
func (a *ARN) Prefix() string { return a.prefix }

// MatchAll reports whether the pattern is a lone "*".
func (a *ARN) MatchAll() bool { return !a.split && a.whole.MatchAll() }

// Match reports whether arn matches; ok is false when a policy variable had no value.
func (a *ARN) Match(arn string, r Resolver) (matched, ok bool) {
	if len(arn) < len(a.prefix) || arn[:len(a.prefix)] != a.prefix {
		return false, true
	}
	return a.MatchPrefixed(arn, r)
}

// MatchPrefixed is Match for an arn its caller knows to start with Prefix (an index found
// it by that prefix): the prefix is not compared again.
func (a *ARN) MatchPrefixed(arn string, r Resolver) (matched, ok bool) {
	if !a.split {
		if a.bare {
			return true, true
		}
		return a.whole.Match(arn, r)
	}
	if a.expand {
		for _, s := range a.spans {
			if s {
				return a.matchSpanning(arn, r)
			}
		}
	}
	ends, six := SplitARN(arn, false)
	if !six {
		return false, true
	}
	start, matched := 0, true
	for i := 0; i < ARNParts; i++ {
		end := len(arn)
		if i < ARNParts-1 {
			end = ends[i]
		}
		m, resolved := a.parts[i].Match(arn[start:end], r)
		if !resolved {
			return false, false
		}
		matched = matched && m
		start = end + 1
	}
	return matched, true
}

// matchSpanning matches when a component may span colons. The request's colon-separated
// pieces are aligned with the pattern's first five components (each takes one piece, or,
// when it spans, one or more), and the pattern's resource part matches everything after.
// reach holds, as a bit set over piece indexes, where the next component may start; an ARN
// with more than 64 pieces cannot be aligned and does not match.
func (a *ARN) matchSpanning(arn string, r Resolver) (matched, ok bool) {
	var starts [64]int // byte offset of each piece
	n := 0
	for i := 0; n < len(starts); {
		starts[n] = i
		n++
		k := strings.IndexByte(arn[i:], ':')
		if k < 0 {
			break
		}
		i += k + 1
		if n == len(starts) {
			return false, true
		}
	}
	piece := func(j int) string {
		if j+1 < n {
			return arn[starts[j] : starts[j+1]-1]
		}
		return arn[starts[j]:]
	}
	reach := uint64(1)
	for k := 0; k < ARNParts-1; k++ {
		next := uint64(0)
		for j := 0; j < n-1; j++ { // the resource part needs a piece after the five
			if reach&(1<<j) == 0 {
				continue
			}
			m, resolved := a.parts[k].Match(piece(j), r)
			if !resolved {
				return false, false
			}
			if !m {
				continue
			}
			if a.spans[k] {
				next |= ^uint64(0) << (j + 1) // any later piece
			} else {
				next |= 1 << (j + 1)
			}
		}
		reach = next & (1<<n - 1)
		if reach == 0 {
			return false, true
		}
	}
	for j := 0; j < n; j++ {
		if reach&(1<<j) != 0 {
			if m, resolved := a.parts[ARNParts-1].Match(arn[starts[j]:], r); !resolved || m {
				return m, resolved
			}
		}
	}
	return false, true
}
