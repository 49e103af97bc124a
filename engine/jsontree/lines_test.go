package jsontree

import (
	"strings"
	"testing"
)

func TestLinesAt(t *testing.T) {
	t.Parallel()
	src := []byte("ab\n\tcé\r\nxyz\n\nlast")
	l := NewLines(src)
	tests := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {4, 2, 2}, {5, 2, 3}, {7, 2, 4}, {9, 3, 1}, {12, 3, 4}, {13, 4, 1}, {14, 5, 1}, {18, 5, 5}, {99, 5, 5},
	}
	for _, tt := range tests {
		if line, col := l.At(tt.off); line != tt.line || col != tt.col {
			t.Errorf("At(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
	// Out-of-order lookups must not be fooled by the remembered line.
	for _, tt := range []struct{ off, line int }{{14, 5}, {0, 1}, {9, 3}, {3, 2}} {
		if line, _ := l.At(tt.off); line != tt.line {
			t.Errorf("At(%d) line %d, want %d", tt.off, line, tt.line)
		}
	}
	if !IsASCII([]byte(strings.Repeat("a", 17))) || IsASCII([]byte(strings.Repeat("a", 16)+"é")) {
		t.Error("isASCII is wrong")
	}
}
