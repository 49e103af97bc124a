package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one thing wrong in a scenario document, at a position: lines and columns are
// 1-based; Column is 0 when the whole line is meant.
type Error struct {
	File    string
	Line    int
	Column  int
	Message string
}

func (e *Error) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
}

// Errors is every error of a document, by position.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// sorted orders the errors by position, keeping the order of those at one place.
func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Column < es[j].Column
	})
	return es
}

// lines maps byte offsets of a source to lines and columns.
type lines struct {
	starts []int // the offset of each line's first byte
	src    []byte
}

func newLines(src []byte) *lines {
	l := &lines{starts: []int{0}, src: src}
	for i, c := range src {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// pos is the 1-based line and column (in bytes) of offset off.
func (l *lines) pos(off int) (line, col int) {
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - l.starts[i] + 1
}
