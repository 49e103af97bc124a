package jsontree

import (
	"bytes"
	"encoding/binary"
	"sort"
	"unicode/utf8"
)

// Lines turns byte offsets into 1-based lines and character columns. It remembers the
// last line it found, so it is not safe for concurrent use.
type Lines struct {
	src    []byte
	starts []int // offset of the first byte of each line
	wide   []int // offset of the first non-ASCII byte of each line, or len(src): columns before it are bytes
	last   int   // the line of the previous lookup: a parser asks in nearly increasing order
	first  int   // the number of lines before starts[0] (NewLinesFrom)
}

// NewLines indexes the line starts of src. Line breaks are found with a fast byte search,
// and lines are scanned for non-ASCII bytes only when the source has any.
func NewLines(src []byte) *Lines { return NewLinesFrom(src, 0, len(src), 1) }

// NewLinesFrom indexes the lines of src[from:to] only, where from starts line number line:
// At then answers for offsets in [from, to], as NewLines(src) would, in time for to-from
// bytes (an edit of a large text reads a few lines again).
func NewLinesFrom(src []byte, from, to, line int) *Lines {
	part := src[from:to]
	n := bytes.Count(part, []byte{'\n'}) + 1
	l := &Lines{src: src, starts: make([]int, 1, n), wide: make([]int, 1, n), first: line - 1}
	l.starts[0] = from
	ascii := IsASCII(part)
	l.wide[0] = len(src)
	for i := from; ; {
		k := bytes.IndexByte(src[i:to], '\n')
		end := to
		if k >= 0 {
			end = i + k
		}
		if !ascii {
			for x := i; x < end; x++ {
				if src[x] >= 0x80 {
					l.wide[len(l.wide)-1] = x
					break
				}
			}
		}
		if k < 0 {
			break
		}
		i = end + 1
		l.starts = append(l.starts, i)
		l.wide = append(l.wide, len(src))
	}
	return l
}

// IsASCII reports whether every byte of b is below 0x80, eight bytes at a time.
func IsASCII(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= 0x80 {
			return false
		}
	}
	return true
}

// At returns the 1-based line and column (in characters) of byte offset off.
func (l *Lines) At(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(l.src) {
		off = len(l.src)
	}
	// A parser asks for nearby offsets, often a few lines back (a member's name after its
	// value's end): walk up to 16 lines from the last answer before searching.
	li := l.last
	for steps := 0; ; steps++ {
		switch {
		case steps == 16:
			li = sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
		case off < l.starts[li]:
			li--
			continue
		case li+1 < len(l.starts) && off >= l.starts[li+1]:
			li++
			continue
		}
		break
	}
	l.last = li
	start, wide := l.starts[li], l.wide[li]
	if off <= wide { // ASCII so far: one byte per column, no scan (minified policies are one long line)
		return l.first + li + 1, off - start + 1
	}
	return l.first + li + 1, wide - start + utf8.RuneCount(l.src[wide:off]) + 1
}
