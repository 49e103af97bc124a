package pattern

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

type ctx map[string]string

func (c ctx) Resolve(k string) (string, bool) { v, ok := c[k]; return v, ok }

func TestMatch(t *testing.T) {
	t.Parallel()
	vars := ctx{"aws:username": "alice", "aws:principaltag/team": "red"}
	tests := []struct {
		pat, s   string
		o        Options
		want, ok bool
	}{
		{"abc", "abc", Options{Wildcards: true}, true, true},
		{"abc", "ABC", Options{Wildcards: true}, false, true},
		{"abc", "ABC", Options{Wildcards: true, Fold: true}, true, true},
		{"a*c", "abbbc", Options{Wildcards: true}, true, true},
		{"a*c", "abbb", Options{Wildcards: true}, false, true},
		{"a?c", "abc", Options{Wildcards: true}, true, true},
		{"a?c", "ac", Options{Wildcards: true}, false, true},
		{"*", "", Options{Wildcards: true}, true, true},
		{"*", "anything", Options{Wildcards: true}, true, true},
		{"a*b*c", "aXbYbZc", Options{Wildcards: true}, true, true},
		{"a*b*c", "aXbYbZ", Options{Wildcards: true}, false, true},
		{"svc-*", "svc-ci.deploy", Options{Wildcards: true}, true, true},
		{"svc-*", "xsvc-1", Options{Wildcards: true}, false, true},
		{"a*", "a*", Options{}, true, true},
		{"a*", "ab", Options{}, false, true},
		{"home/${aws:username}/*", "home/alice/x", Options{Wildcards: true, Variables: true}, true, true},
		{"home/${aws:username}/*", "home/bob/x", Options{Wildcards: true, Variables: true}, false, true},
		{"home/${aws:userid}/*", "home/bob/x", Options{Wildcards: true, Variables: true}, false, false},
		{"${aws:PrincipalTag/team}", "red", Options{Wildcards: true, Variables: true}, true, true},
		{"${aws:PrincipalTag/dept, 'none'}", "none", Options{Wildcards: true, Variables: true}, true, true},
		{"a${*}b", "a*b", Options{Wildcards: true, Variables: true}, true, true},
		{"a${*}b", "axb", Options{Wildcards: true, Variables: true}, false, true},
		{"${?}${$}", "?$", Options{Wildcards: true, Variables: true}, true, true},
		{"${aws:username}", "${aws:username}", Options{Wildcards: true}, true, true},
		{"x${unterminated", "x${unterminated", Options{Wildcards: true, Variables: true}, true, true},
		{"*${aws:username}", "bob-alice", Options{Wildcards: true, Variables: true}, true, true},
		{"Secret*", "secretX", Options{Wildcards: true, Fold: true}, true, true},
		// ? is one character, also after * has moved past multi-byte characters.
		{"*??x*", "€x", Options{Wildcards: true}, false, true},
		{"*??x*", "€€x", Options{Wildcards: true}, true, true},
		{"a*?b", "a€b", Options{Wildcards: true}, true, true},
		{"a*??b", "a€b", Options{Wildcards: true}, false, true},
		{"*?€*?", "x€y", Options{Wildcards: true}, true, true},
		{"a?c*e?g", "abcdefg", Options{Wildcards: true}, true, true},
		{"*b*b*", "abab", Options{Wildcards: true}, true, true},
		{"*b*b*", "aba", Options{Wildcards: true}, false, true},
		{"a*${aws:username}*z", "a-alice-z", Options{Wildcards: true, Variables: true}, true, true},
		{"a*${aws:username}*z", "a-bob-z", Options{Wildcards: true, Variables: true}, false, true},
		{"x*${aws:userid}", "y", Options{Wildcards: true, Variables: true}, false, false},
	}
	for _, tt := range tests {
		p := Compile(tt.pat, tt.o)
		got, ok := p.Match(tt.s, vars)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Compile(%q).Match(%q) = %v,%v want %v,%v", tt.pat, tt.s, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMatchAllocs(t *testing.T) {
	p := Compile("arn:aws:secretsmanager:*:*:secret:${aws:username}/*", Options{Wildcards: true, Variables: true})
	vars := ctx{"aws:username": "alice"}
	var r Resolver = vars
	n := testing.AllocsPerRun(100, func() { p.Match("arn:aws:secretsmanager:us-east-1:1:secret:alice/db-AbCdEf", r) })
	if n != 0 {
		t.Fatalf("Match allocates %v times", n)
	}
}

// TestMatchBounded holds wildcard matching to its bound: the work grows with the pattern
// times the value at worst, and a run of ? after the last * costs only its own length.
// Each input once took seconds or minutes; each must now finish well inside the budget.
func TestMatchBounded(t *testing.T) {
	big := strings.Repeat("a", 2<<20) // a 2 MB context value
	tests := []struct {
		name, pat, s string
		want         bool
	}{
		{"star then 3,000 ?", "*" + strings.Repeat("?", 3000), big, true},
		{"star, 3,000 ? and a missing letter", "*" + strings.Repeat("?", 3000) + "b", big, false},
		{"stars around 3,000 ?", "*" + strings.Repeat("?", 3000) + "*", big, true},
		{"many stars", strings.Repeat("*a", 3000) + "*b", big, false},
		// The worst shape, a long segment between stars that fails late at every place, costs
		// the pattern times the value: context values are limited (authz.MaxContextValueBytes).
		{"3,000 ? in a middle segment, 4 KB value", "*" + strings.Repeat("?", 3000) + "b*", big[:4096], false},
	}
	for _, tt := range tests {
		p := Compile(tt.pat, Options{Wildcards: true})
		var got bool
		// Averaged over runs: AllocsPerRun counts the whole process's allocations, and one
		// from the runtime's own background work during a long match is not the matcher's.
		allocs := testing.AllocsPerRun(5, func() { got, _ = p.Match(tt.s, nil) })
		if got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		if allocs != 0 {
			t.Errorf("%s: %v allocations", tt.name, allocs)
		}
		if g := Glob(tt.pat, tt.s, false); g != tt.want {
			t.Errorf("%s: Glob %v, want %v", tt.name, g, tt.want)
		}
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("*??x*", "€x")
	f.Add("a*b?c${aws:username}", "aXbYcalice")
	f.Add("*", "")
	f.Add("${x, 'y'}*", "yz")
	f.Fuzz(func(t *testing.T, pat, s string) {
		// Wildcards alone must agree with a regular expression built from the pattern.
		var re strings.Builder
		re.WriteString(`(?s)^`)
		for _, r := range pat {
			switch r {
			case '*':
				re.WriteString(`.*`)
			case '?':
				re.WriteString(`.`)
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		re.WriteString(`$`)
		if utf8.ValidString(pat) && utf8.ValidString(s) {
			want := regexp.MustCompile(re.String()).MatchString(s)
			if got, _ := Compile(pat, Options{Wildcards: true}).Match(s, nil); got != want {
				t.Fatalf("Compile(%q).Match(%q) = %v, the regular expression says %v", pat, s, got, want)
			}
		}
		for _, fold := range []bool{false, true} {
			if !utf8.ValidString(pat) || !utf8.ValidString(s) {
				break // policies are valid UTF-8: Parse rejects anything else
			}
			if fold && !isASCII(pat) {
				break // Glob folds ASCII only (actions are ASCII); Compile lower-cases Unicode
			}
			q, in := pat, s
			if fold { // a folding pattern is lower-cased when compiled; Match expects s lower-cased too
				in = strings.ToLower(s)
			}
			want, _ := Compile(q, Options{Wildcards: true, Fold: fold}).Match(in, nil)
			if got := Glob(q, in, fold); got != want {
				t.Fatalf("Glob(%q, %q, %v) = %v, Compile().Match says %v", q, in, fold, got, want)
			}
		}
		p := Compile(pat, Options{Wildcards: true, Variables: true})
		p.Match(s, ctx{"aws:username": "alice"})
		q := Compile(pat, Options{Wildcards: true, Variables: true, Fold: true})
		q.Match(s, nil)
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// TestExact: a pattern that says it is exact matches its text and nothing else, and one
// with a wildcard, a variable, an escape or folded case does not say so.
func TestExact(t *testing.T) {
	for _, c := range []struct {
		src   string
		o     Options
		exact bool
	}{
		{"AWSCURRENT", Options{Wildcards: true, Variables: true}, true},
		{"us-east-1", Options{}, true},
		{"a*", Options{Wildcards: true}, false},
		{"a*", Options{}, true},
		{"${aws:username}", Options{Variables: true}, false},
		{"${aws:username}", Options{}, true},
		{"a${*}${?}${$}", Options{Variables: true}, false},
		{"Alice", Options{Fold: true}, false},
	} {
		p := Compile(c.src, c.o)
		if p.Exact() != c.exact {
			t.Errorf("%q %+v: Exact %v, want %v", c.src, c.o, p.Exact(), c.exact)
		}
		if !p.Exact() {
			continue
		}
		for _, s := range []string{c.src, c.src + "x", "", "x" + c.src} {
			if m, _ := p.Match(s, nil); m != (s == c.src) {
				t.Errorf("%q: Match(%q) = %v", c.src, s, m)
			}
		}
	}
}
