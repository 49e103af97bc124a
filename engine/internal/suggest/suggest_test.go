package suggest

import (
	"strings"
	"testing"
)

// reference is the unbounded optimal-string-alignment distance, written plainly, to check
// the bounded one against.
func reference(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestClosest(t *testing.T) {
	t.Parallel()
	keys := []string{"aws:username", "aws:userid", "aws:SourceIp", "aws:SecureTransport", "secretsmanager:VersionStage"}
	tests := []struct {
		name, in string
		cands    []string
		want     string
		ok       bool
	}{
		{"one letter missing", "aws:usrname", keys, "aws:username", true},
		{"case is ignored", "AWS:USERNAME", keys, "aws:username", true},
		{"transposition counts once", "aws:suername", keys, "aws:username", true},
		{"too far", "s3:prefix", keys, "", false},
		{"the first of equals wins", "ab", []string{"ac", "ad"}, "ac", true},
		{"exact beats near", "aws:userid", []string{"aws:useri", "aws:userid"}, "aws:userid", true},
		{"no candidates", "x", nil, "", false},
		{"empty name", "", []string{"a", "bb"}, "a", true},
		{"too long", strings.Repeat("a", MaxLen+1), []string{strings.Repeat("a", MaxLen+1)}, "", false},
		{"operator", "StringEqual", []string{"StringEquals", "StringLike", "StringNotEquals"}, "StringEquals", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Closest(tt.in, tt.cands)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Closest(%q) = %q %v, want %q %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestDistanceMatchesReference checks the bounded distance against the plain one on pairs
// from a small alphabet, for every bound.
func TestDistanceMatchesReference(t *testing.T) {
	t.Parallel()
	words := []string{"", "a", "ab", "ba", "abc", "acb", "bca", "cab", "abcd", "badc", "aabb", "Abab", "bbbb", "abcabc", "cbacba"}
	var r rows
	for _, a := range words {
		for _, b := range words {
			want := reference(a, b)
			for bound := 0; bound <= 7; bound++ {
				got, ok := r.distance(a, b, bound)
				if ok != (want <= bound) || ok && got != want {
					t.Errorf("distance(%q, %q, %d) = %d %v, want %d", a, b, bound, got, ok, want)
				}
			}
		}
	}
}

// FuzzClosest checks Closest against the reference on any input: the answer is a closest
// candidate within the limit, and none is offered when none is within it.
func FuzzClosest(f *testing.F) {
	f.Add("aws:usrname", "aws:username", "aws:userid")
	f.Add("StringEqual", "StringEquals", "StringLike")
	f.Fuzz(func(t *testing.T, name, c1, c2 string) {
		if len(name) > 64 || len(c1) > 64 || len(c2) > 64 {
			return
		}
		cands := []string{c1, c2}
		got, ok := Closest(name, cands)
		limit := min(len(name)/3+1, 6)
		// reference folds all of Unicode; Closest folds ASCII only: compare on ASCII input.
		for _, s := range []string{name, c1, c2} {
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 {
					return
				}
			}
		}
		d1, d2 := reference(name, c1), reference(name, c2)
		best := min(d1, d2)
		if !ok {
			if best <= limit {
				t.Fatalf("Closest(%q, %q) offered nothing; distances %d %d, limit %d", name, cands, d1, d2, limit)
			}
			return
		}
		want := c1
		if d2 < d1 {
			want = c2
		}
		if got != want || best > limit {
			t.Fatalf("Closest(%q, %q) = %q; distances %d %d, limit %d", name, cands, got, d1, d2, limit)
		}
	})
}

// BenchmarkClosest looks for a misspelt key among 300 candidates of similar length.
func BenchmarkClosest(b *testing.B) {
	cands := make([]string, 0, 300)
	for i := range 300 {
		cands = append(cands, "aws:key"+strings.Repeat("x", i%20)+string(rune('a'+i%26)))
	}
	cands = append(cands, "aws:username")
	b.ReportAllocs()
	for b.Loop() {
		if s, ok := Closest("aws:usrname", cands); !ok || s != "aws:username" {
			b.Fatal(s)
		}
	}
}
