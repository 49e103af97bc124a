package secrets

import (
	"regexp"
	"testing"
)

// The API Reference's expressions, which the hand-written matchers must agree with.
var apiPatterns = []struct {
	name  string
	re    *regexp.Regexp
	match func(string) bool
}{
	{"Name", regexp.MustCompile(`^[a-zA-Z0-9/_+=.@-]+$`), namePattern.MatchString},
	{"Tag", regexp.MustCompile(`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`), tagPattern.MatchString},
	{"Region", regexp.MustCompile(`^([a-z]+-)+\d+$`), regionName},
}

var patternSamples = []string{"", "a", "prod/db", "TestEnv/db-AbCdEf", "a b", "a\tb", "é", "日本", "x\u00a0y", "x\u2028y", "٣",
	"a!", "a\xff", "us-east-1", "us-gov-west-1", "us-east-", "-1", "us--1", "us-east-1a", "US-east-1", "eu-1", "1", "a-b-c-22",
	"key:v=1+2@x.y/z_", "\x00", "Ⅻ", "a\u0301"}

func TestPatternsAgreeWithTheAPIReference(t *testing.T) {
	for _, p := range apiPatterns {
		for _, s := range patternSamples {
			if got, want := p.match(s), p.re.MatchString(s); got != want {
				t.Errorf("%s %q: %v, the API Reference's expression %v", p.name, s, got, want)
			}
		}
	}
}

func FuzzPatterns(f *testing.F) {
	for _, s := range patternSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range apiPatterns {
			if got, want := p.match(s), p.re.MatchString(s); got != want {
				t.Errorf("%s %q: %v, the API Reference's expression %v", p.name, s, got, want)
			}
		}
	})
}
