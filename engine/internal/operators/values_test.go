package operators

import (
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	good := []string{"2020-01-01", "2020-01-01T00:00Z", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00.123456789Z",
		"2020-01-01T01:00:00+01:00", "2020-01-01T01:00:00+0100", "2019-12-31T19:00:00-05", "2020-01-01T00:00:00",
		"1577836800", "1577836800.5", "2020-02-29", "2025-01"}
	for _, s := range good {
		if _, ok := parseDate(s); !ok {
			t.Errorf("parseDate(%q) failed", s)
		}
	}
	bad := []string{"", "2020-1", "2020-13-01", "2019-02-29", "2020-01-01T", "2020-01-01T25:00Z", "2020-01-01Tab:00Z",
		"2020-01-01T00:00:00+", "2020-01-01T00:00:00Zjunk", "1.2.3", ".5", "yesterday", "2020-01-01T00:00:00."}
	for _, s := range bad {
		if _, ok := parseDate(s); ok {
			t.Errorf("parseDate(%q) succeeded", s)
		}
	}
	if m, _ := parseDate("2025-01"); m != mustDate(t, "2025-01-01T00:00:00Z") {
		t.Error("2025-01 is not the first of January 2025")
	}
	a, _ := parseDate("2020-01-01T01:00:00+01:00")
	b, _ := parseDate("1577836800")
	if a != b {
		t.Errorf("offsets: %v != %v", a, b)
	}
}

func TestParseNumber(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]string{"7": "7", "-1.5": "-1.50", "+3": "3", ".5": "0.5", "5.": "5"} {
		if p := NumberProblem(s); p != "" || compareDecimal(s, want) != 0 {
			t.Errorf("%q: %q, compares %d with %q", s, p, compareDecimal(s, want), want)
		}
	}
	for _, s := range []string{"", "-", ".", "1e3", "0x10", "1.2.3", "abc", " 1"} {
		if NumberProblem(s) == "" {
			t.Errorf("%q is read as a number", s)
		}
	}
	if p := NumberProblem("1e999"); !strings.Contains(p, "exponent") {
		t.Errorf("1e999: %q", p)
	}
	// Numbers of any length compare exactly: ordered pairs, a < b.
	for _, p := range [][2]string{{"1", "2"}, {"-2", "-1"}, {"-1", "0"}, {"0", "0.001"}, {"-0.5", "-0.45"},
		{"123456789012345678901234567890", "123456789012345678901234567891"}, {"9", "10"}, {"0.45", "0.5"},
		{"-" + strings.Repeat("9", 100), "-1"}, {"1.0000000000000000000001", "1.0000000000000000000002"}} {
		if compareDecimal(p[0], p[1]) != -1 || compareDecimal(p[1], p[0]) != 1 || compareDecimal(p[0], p[0]) != 0 {
			t.Errorf("%s < %s: compare says %d", p[0], p[1], compareDecimal(p[0], p[1]))
		}
	}
	if compareDecimal("-0", "+0.000") != 0 || compareDecimal("007", "7.0") != 0 {
		t.Error("equal numbers written differently compare unequal")
	}
}

func mustDate(t *testing.T, s string) instant {
	t.Helper()
	d, ok := parseDate(s)
	if !ok {
		t.Fatalf("parseDate(%q) failed", s)
	}
	return d
}
