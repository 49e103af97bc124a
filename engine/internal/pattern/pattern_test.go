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

func FuzzMatch(f *testing.F) {
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
