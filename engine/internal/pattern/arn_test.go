package pattern

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestARN(t *testing.T) {
	t.Parallel()
	const secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"
	tests := []struct {
		pat, arn      string
		expand, match bool
	}{
		{"arn:aws:secretsmanager:*:111122223333:secret:*", secret, false, true},
		{"arn:aws:secretsmanager:*:secret:prod/*", secret, true, true},
		{"arn:aws:secretsmanager:*:secret:prod/*", secret, false, false},
		{"arn:aws:secretsmanager:us-east-1:*:prod/*", secret, true, true},
		{"arn:aws:secretsmanager:us-east-1:*:dev/*", secret, true, false},
		{"arn:aws:secretsmanager:us-*-1:secret:prod/*", secret, true, false},
		{"arn:aws:secretsmanager:us-east-?:111122223333:secret:*", "arn:aws:secretsmanager:us-east-:111122223333:secret:x", true, false},
		{"arn:aws:secretsmanager:*:*:secret:*", secret, true, true},
		{"arn:aws:secretsmanager:*:*:secret:prod/db-??????", secret, true, true},
		{"arn:aws:iam::*:role/x", "arn:aws:iam::1:role/x", false, true},
		{"arn:aws:iam::*:role/x", "arn:aws:iam::1:role", false, false},
		{"*", "anything", true, true},
		{"arn:aws:secretsmanager:*", secret, true, true},
	}
	for _, tt := range tests {
		a, _ := CompileARN(tt.pat, Options{Wildcards: true}, tt.expand)
		if got, ok := a.Match(tt.arn, nil); got != tt.match || !ok {
			t.Errorf("CompileARN(%q, expand %v).Match(%q) = %v, %v", tt.pat, tt.expand, tt.arn, got, ok)
		}
		if got, want := a.Match(tt.arn, nil); got != arnRegexp(tt.pat, tt.expand).MatchString(tt.arn) {
			t.Errorf("%q on %q: %v, the regular expression says %v", tt.pat, tt.arn, got, want)
		}
	}
}

func TestARNAllocs(t *testing.T) {
	a, _ := CompileARN("arn:aws:secretsmanager:*:*:secret:${aws:username}/*", Options{Wildcards: true, Variables: true}, true)
	var r Resolver = ctx{"aws:username": "alice"}
	n := testing.AllocsPerRun(100, func() { a.Match("arn:aws:secretsmanager:us-east-1:1:secret:alice/db-AbCdEf", r) })
	if n != 0 {
		t.Fatalf("Match allocates %v times", n)
	}
}

// arnRegexp is the reference reading of an ARN pattern: in the first five components, ? and
// a * that does not end its component stay inside it; with expand, a * that ends its
// component spans colons; the resource part is a plain wildcard pattern.
func arnRegexp(pat string, expand bool) *regexp.Regexp {
	var re strings.Builder
	re.WriteString(`(?s)^`)
	parts := strings.SplitN(pat, ":", ARNParts)
	six := len(parts) == ARNParts && strings.ContainsAny(strings.Join(parts[:5], ":"), "*?")
	for i, p := range parts {
		if i > 0 {
			re.WriteString(":")
		}
		inner := six && i < ARNParts-1
		for j, r := range p {
			switch {
			case r == '*' && inner && expand && j == len(p)-1:
				re.WriteString(`.*`)
			case r == '*' && inner:
				re.WriteString(`[^:]*`)
			case r == '?' && inner:
				re.WriteString(`[^:]`)
			case r == '*':
				re.WriteString(`.*`)
			case r == '?':
				re.WriteString(`.`)
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
	}
	re.WriteString(`$`)
	return regexp.MustCompile(re.String())
}

func FuzzARN(f *testing.F) {
	f.Add("arn:aws:secretsmanager:*:secret:prod/*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf", true)
	f.Add("arn:a:b:c?:*d:e*:f", "arn:a:b:cx:yd:e:z:f", false)
	f.Add("a:*:b:*:c:d", "a:x:y:b:1:2:c:d", true)
	f.Fuzz(func(t *testing.T, pat, arn string, expand bool) {
		if !utf8.ValidString(pat) || !utf8.ValidString(arn) || strings.Contains(pat, "$") {
			return
		}
		a, _ := CompileARN(pat, Options{Wildcards: true}, expand)
		got, _ := a.Match(arn, nil)
		if strings.Count(arn, ":") >= 63 {
			return // more pieces than a spanning match aligns (it does not match)
		}
		if want := arnRegexp(pat, expand).MatchString(arn); got != want {
			t.Fatalf("CompileARN(%q, expand %v).Match(%q) = %v, the regular expression says %v", pat, expand, arn, got, want)
		}
	})
}
