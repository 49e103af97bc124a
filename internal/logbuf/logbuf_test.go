package logbuf_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/iamplay/iamplay/internal/logbuf"
)

func TestBuffer(t *testing.T) {
	for _, c := range []struct {
		limit  int
		writes []string
		want   string
	}{
		{0, []string{"ab", "cd"}, "abcd"},
		{3, []string{"ab", "cd", "ef"}, "abc"},
		{2, []string{"ab", "cd"}, "ab"},
		{5, nil, ""},
	} {
		b := &logbuf.Buffer{Limit: c.limit}
		for _, w := range c.writes {
			if n, err := b.Write([]byte(w)); n != len(w) || err != nil {
				t.Errorf("limit %d: Write(%q) = %d, %v", c.limit, w, n, err)
			}
		}
		if got := b.String(); got != c.want {
			t.Errorf("limit %d, writes %q: %q, want %q", c.limit, c.writes, got, c.want)
		}
	}
}

// TestConcurrent writes from two goroutines while a third reads (run it with -race).
func TestConcurrent(t *testing.T) {
	b := &logbuf.Buffer{Limit: 1000}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				b.Write([]byte("0123456789"))
				_ = b.String()
			}
		}()
	}
	wg.Wait()
	if got := b.String(); got != strings.Repeat("0123456789", 100) {
		t.Errorf("kept %d bytes, want the first 1000", len(got))
	}
}
