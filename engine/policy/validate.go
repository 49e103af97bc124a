package policy

import (
	"github.com/iamplay/iamplay/engine/internal/actions"
	"github.com/iamplay/iamplay/engine/internal/words"
)

// Validate checks a parsed document as a policy of the given kind. It reports what AWS would
// reject (errors) and what is valid but risky or probably wrong (warnings, suggestions). It
// never panics; a nil document gives no findings (Parse has already said why).
func Validate(doc *Document, kind Kind) Findings {
	if doc == nil {
		return nil
	}
	v := &validator{doc: doc, kind: kind}
	if doc.Version != nil {
		v.version = doc.Version.Value
	}
	v.document()
	return v.out
}

// validator carries one Validate call: the document, its kind and the findings so far.
type validator struct {
	doc     *Document
	kind    Kind
	version string // the Version value as written, "" when absent
	out     Findings
	seen    map[uint64]int // reused by duplicates for long lists
	hits    []actionHit    // the current statement's Action entries that name catalogued actions
	sets    []uint64       // the block action sets are cut from (newSet)
	stmt    [2]actions.Set // reusable sets for a statement's Action and NotAction (scratch)
	// Kept across an edit (policy.Checked.Edit): the repeated Sids (statement, first one
	// with its Sid, the line of that Sid when the finding was written), taken as they are
	// when dupsKnown, and the document's length in characters when counted (0: not counted).
	dups      [][3]int32
	dupsKnown bool
	chars     int
	elems     []element // the Statement list's elements, whose Sid findings sids records (nil: none)
}

// add records a finding; its severity comes from the code catalogue (codes.go).
func (v *validator) add(code, path string, r Range, msg, suggestion string) {
	v.out = append(v.out, NewFinding(code, path, r, msg, suggestion))
}

// identityShaped reports whether the kind attaches to principals, so it names no Principal.
func (v *validator) identityShaped() bool { return !v.kind.ResourceBased() }

// openBrace is the range of the first character of an element: the "{" of a statement or
// document, where findings about a missing element point.
func openBrace(n Node) Range {
	s := n.Range.Start
	return Range{Start: s, End: Pos{Line: s.Line, Column: s.Column + 1, Offset: s.Offset + 1}}
}

// replacement writes text as the replacement of the string element at r: quoted when the
// range covers a JSON string token, as Parse's ranges do.
func (v *validator) replacement(r Range, text string) string {
	if o := r.Start.Offset; o >= 0 && o < len(v.doc.Source) && v.doc.Source[o] == '"' {
		return jsonQuote(text)
	}
	return text
}

// jsonQuote writes s as a JSON string (words.JSON).
func jsonQuote(s string) string { return words.JSON(s) }

// quote writes a value inside a message, as people read it (words.Quote).
func quote(s string) string { return words.Quote(s) }
