package policy

import "strconv"

// Pos is a point in a policy's source text. Line and Column are 1-based; Column counts
// Unicode characters from the start of the line. Offset is the 0-based byte offset.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

// Range is the half-open span [Start, End) of an element in the source.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// String renders the start of the range as line:column.
func (r Range) String() string {
	return strconv.Itoa(r.Start.Line) + ":" + strconv.Itoa(r.Start.Column)
}

// IsZero reports whether the range was never set (an element that is not in the source).
func (r Range) IsZero() bool { return r == Range{} }
