package policy

import (
	"bytes"
	"runtime"
	"unicode/utf8"
	"unsafe"

	"github.com/iamplay/iamplay/engine/jsontree"
)

// Checked is a policy text parsed and validated as one kind, as Check does, kept with what an
// edit needs to re-read only the statements it touched (Edit): where each element of the
// Statement list is and which findings are its own. A playground re-reads a large policy on
// every keystroke; a keystroke touches one statement.
type Checked struct {
	Doc      *Document // nil when the text is not a JSON object that could be read
	Findings Findings  // Check's findings, in Check's order
	Kind     Kind
	src      []byte
	lay      *layout    // nil when the text has no one Statement list to edit in
	base     *Checked   // for a text without a layout: the last one with a layout, where an edit starts from
	kept     int        // elements of the Statement list an edit took from the previous text
	tok      *textID    // this text, as an edit of it names it (from)
	from     *textID    // the text this one is an edit of (Edit), when its statements were kept: its id, not the text, so that a chain of edits does not keep every text before it
	moved    []bool     // by statement: taken from from's statement at the same place
	dups     [][3]int32 // the repeated Sids (validator.sids)
	owns     bool       // the elements marked owned are this text's alone (EditOwned may move them where they are)
	chars    int        // the document's length in characters, when Validate counted it
}

// layout is where a document's Statement list and its elements are, and which of the
// findings belong to which element.
type layout struct {
	members     int  // Statement members read (a duplicate key makes two)
	listed      bool // the Statement member is a list
	open, close int  // offsets of the list's '[' and ']'
	start, end  int  // the document's span
	elems       []element
	outer       Findings // Parse's findings about anything but the elements
	split       int      // outer[:split] come before the elements' findings, the rest after
	top         int      // the top-level Validate findings, which an edit writes again, are Findings[top:top+ntop]
	// While parsing: the builder's finding indices of the elements' findings.
	from, to int
	spans    [][2]int
}

// element is one element of the Statement list.
type element struct {
	start, end int        // byte span
	st         *Statement // nil when the element is not an object
	parsed     Findings   // Parse's findings inside it
	checked    Findings   // Validate's findings for its statement
	sids       Findings   // the findings about its Sid (validator.sids), which Validate writes with the top level's
	fresh      bool       // read anew by an edit, not yet validated
	owned      bool       // its statement is the text's alone, shared with no other text (Checked.owns)
}

func (t *layout) statementMember(list bool) {
	if t != nil {
		t.members++
	}
}

func (t *layout) list(n *jsontree.Node, at int) {
	if t != nil {
		t.listed, t.open, t.close, t.from = true, n.Start, n.End-1, at
		t.elems = make([]element, 0, len(n.Elems))
		t.spans = make([][2]int, 0, len(n.Elems))
	}
}

func (t *layout) element(e *jsontree.Node, st *Statement, from, to int) {
	if t != nil {
		t.elems = append(t.elems, element{start: e.Start, end: e.End, st: st})
		t.spans = append(t.spans, [2]int{from, to})
	}
}

func (t *layout) listEnd(at int) {
	if t != nil {
		t.to = at
	}
}

// CheckText parses and validates src as a policy of the kind, as Check does, keeping what
// Edit needs.
func CheckText(src []byte, kind Kind) *Checked {
	t := &layout{}
	doc, fs := parse(src, t)
	c := &Checked{Doc: doc, Findings: fs, Kind: kind, src: src}
	if doc == nil {
		return c
	}
	if t.members == 1 && t.listed {
		c.lay = t
		t.start, t.end = doc.Range.Start.Offset, doc.Range.End.Offset
		for i, sp := range t.spans {
			t.elems[i].parsed = fs[sp[0]:sp[1]:sp[1]]
		}
		t.outer = append(append(Findings(nil), fs[:t.from]...), fs[t.to:]...)
		t.split, t.spans = t.from, nil
	}
	v := newValidator(doc, kind)
	v.out = fs
	if c.lay != nil {
		v.elems = c.lay.elems
	}
	v.topLevel()
	j := 0
	for _, st := range doc.Statements {
		from := len(v.out)
		v.statement(st)
		if c.lay != nil {
			for c.lay.elems[j].st != st {
				j++
			}
			c.lay.elems[j].checked = v.out[from:len(v.out):len(v.out)]
		}
	}
	c.Findings, c.dups, c.chars = v.out, v.dups, v.chars
	if c.lay != nil {
		for i := range c.lay.elems {
			c.lay.elems[i].owned = true
		}
		c.owns = true
	}
	return c
}

func newValidator(doc *Document, kind Kind) *validator {
	v := &validator{doc: doc, kind: kind}
	if doc.Version != nil {
		v.version = doc.Version.Value
	}
	return v
}

// Edit checks src, an edit of c's text, as CheckText(src, c.Kind) would, re-reading only the
// statements the edit touched: the others are kept, moved by what the edit inserted or
// removed before them, with their findings. An edit that reaches outside the Statement
// list's elements (Version, the list's brackets), or changes how many elements precede the
// ones after it, is read whole. When src does not parse, an edit of the result starts
// from the last text that did.
func (c *Checked) Edit(src []byte) *Checked { return c.edit(src, false) }

// EditOwned is Edit for a caller that never uses c again (nor anything read from it: its
// document, statements, findings): the statements the edit moves are moved where they are
// instead of copied, when they are c's alone (read or copied by c, or handed down to it by
// EditOwned). Moving half of a 2,100-statement policy copied about 1.2 MB an edit, and the
// copying and collecting it were most of an edit in its middle. A statement c shares with
// a text that lives on (kept by Edit) is copied as Edit copies it.
func (c *Checked) EditOwned(src []byte) *Checked { return c.edit(src, true) }

func (c *Checked) edit(src []byte, own bool) *Checked {
	base := c
	if base.lay == nil {
		base, own = c.base, false // the base lives on in c
	}
	if base != nil && len(src) <= MaxSourceBytes {
		if n := base.editLaid(src, own); n != nil {
			return n
		}
	}
	n := CheckText(src, c.Kind)
	if n.lay == nil {
		n.base = base
	}
	return n
}

// textID names a text for the edits made of it (Checked.from). It is not empty: distinct
// zero-size allocations may share an address.
type textID struct{ _ byte }

// id is c's textID, made when an edit of c first needs it.
func (c *Checked) id() *textID {
	if c.tok == nil {
		c.tok = new(textID)
	}
	return c.tok
}

// Moved reports whether statement i of c's document is statement i of prev's with new
// positions only (or none): c is an edit of prev that took the statement from it (Edit).
// eval.Recompile then keeps its matchers.
func (c *Checked) Moved(prev *Checked, i int) bool {
	return prev != nil && c.from != nil && c.from == prev.tok && i < len(c.moved) && c.moved[i]
}

// lineCodes are the codes whose messages name a line: a finding with one cannot be moved to
// another line as it is.
func quotesLine(fs Findings) bool {
	for i := range fs {
		if fs[i].Code == CodeJSONDuplicateKey || fs[i].Code == CodeDuplicateEntry {
			return true
		}
	}
	return false
}

// editLaid is Edit of a text with a layout; own: c is used no more (EditOwned).
func (c *Checked) editLaid(src []byte, own bool) *Checked {
	old, L := c.src, c.lay
	own = own && c.owns
	p := commonPrefix(old, src)
	q := commonSuffix(old[p:], src[p:])
	oldEnd, newEnd := len(old)-q, len(src)-q
	sh := &shifter{at: oldEnd, delta: newEnd - oldEnd}
	lo, hi := len(L.elems), len(L.elems) // elements before lo are kept; from hi on moved
	inside, still := false, false
	switch {
	case p >= L.end: // after the document: only white space may change there
		if !space(src[p:newEnd]) {
			return nil
		}
		still = true
	case oldEnd <= L.start: // before it
		if !space(src[p:newEnd]) {
			return nil
		}
		lo, hi = 0, 0
	case p > L.open && oldEnd <= L.close:
		inside = true
		for lo > 0 && L.elems[lo-1].end > p {
			lo--
		}
		hi = lo
		for hi < len(L.elems) && L.elems[hi].start < oldEnd {
			hi++
		}
	default:
		return nil
	}
	if still {
		sh = &shifter{}
	} else {
		sh.lines = bytes.Count(src[p:newEnd], nl) - bytes.Count(old[p:oldEnd], nl)
		// The line of the edit's end, counted back from a position after it, and the
		// columns there before and after.
		known := c.Doc.Range.End
		if hi < len(L.elems) && L.elems[hi].st != nil {
			known = L.elems[hi].st.Range.Start
		}
		sh.line = known.Line - bytes.Count(old[oldEnd:known.Offset], nl)
		sh.cols = column(src, newEnd) - column(old, oldEnd)
	}
	if quotesLine(L.outer) && sh.lines != 0 {
		return nil
	}
	moved := !sh.identity()
	d := *c.Doc
	d.Source = src
	sh.move(&d.Node)
	sh.move(&d.StatementNode)
	d.Version, d.ID = sh.str(d.Version), sh.str(d.ID)
	n := &Checked{Doc: &d, Kind: c.Kind, src: src}
	lay := &layout{members: 1, listed: true, open: sh.off(L.open), close: sh.off(L.close), start: sh.off(L.start), end: sh.off(L.end), split: L.split}
	lay.outer = sh.findings(L.outer)
	n.owns = true
	switch {
	case still: // nothing moved, nothing read anew: the elements are the previous text's
		lay.elems = L.elems
		n.owns = own // else they are shared with c, which lives on: none is n's alone
	case own:
		// c is used no more: its elements are written over where they are, as its statements
		// are moved (an edit keeps how many there are). A new list was 220 KB of an edit in
		// the middle of a 2,100-statement policy. Nothing is written before the last check
		// that can refuse the edit, so that a refusal leaves c as it was.
		lay.elems = L.elems[:lo]
	default:
		lay.elems = make([]element, 0, len(L.elems)+2)
		lay.elems = append(lay.elems, L.elems[:lo]...)
		for i := range lay.elems {
			lay.elems[i].owned = own && lay.elems[i].owned
		}
	}
	b := &builder{src: src}
	sidsSame := true // no Sid changed, nor which elements are statements
	build := func(e *jsontree.Node, j int) {
		from := len(b.fs)
		st := b.element(e, d.StatementNode.Path, j)
		if was := L.elems[j].st; (was == nil) != (st == nil) || st != nil && !sameSid(was.Sid, st.Sid) {
			sidsSame = false
		}
		lay.elems = append(lay.elems, element{start: e.Start, end: e.End, st: st, parsed: b.fs[from:len(b.fs):len(b.fs)], fresh: true, owned: true})
	}
	var window []*jsontree.Node // the elements the edit touched, read anew
	if inside {
		from, to := L.open+1, sh.off(L.close)
		if lo > 0 {
			from = L.elems[lo-1].end
		}
		if hi < len(L.elems) {
			to = sh.off(L.elems[hi].start)
		}
		vals, ok := jsontree.ParseElements(src, from, to, lo > 0, hi < len(L.elems), 2, limits)
		if !ok || lo+len(vals) != hi {
			return nil
		}
		window = vals
		anchor := d.StatementNode.Range.Start
		if lo > 0 && L.elems[lo-1].st != nil {
			anchor = L.elems[lo-1].st.Range.End
		}
		b.lines = linesAround(src, anchor, from, to)
	}
	// The elements after the edit whose findings name a line that moves are read again:
	// first, before any statement is moved where it is (EditOwned), so that a failure
	// leaves c as it was.
	type reread struct {
		j     int
		val   *jsontree.Node
		lines *jsontree.Lines
	}
	var again []reread
	for j := hi; j < len(L.elems) && !still && moved && sh.lines != 0; j++ {
		if e := &L.elems[j]; quotesLine(e.parsed) || quotesLine(e.checked) {
			from, to := sh.off(e.start), sh.off(e.end)
			vals, ok := jsontree.ParseElements(src, from, to, false, false, 2, limits)
			if !ok || len(vals) != 1 {
				return nil
			}
			again = append(again, reread{j, vals[0], linesAround(src, sh.pos(e.st.Range.Start), from, to)})
		}
	}
	for k, e := range window {
		build(e, lo+k)
	}
	for j := hi; j < len(L.elems) && !still; j++ {
		e := L.elems[j]
		e.owned = own && e.owned
		if !moved {
			lay.elems = append(lay.elems, e)
			continue
		}
		if len(again) > 0 && again[0].j == j {
			b.lines = again[0].lines
			build(again[0].val, j)
			again = again[1:]
			continue
		}
		st := e.st
		if e.owned {
			sh.moveStatement(st) // c's alone, and c is used no more
		} else {
			st = sh.statement(st)
		}
		lay.elems = append(lay.elems, element{start: sh.off(e.start), end: sh.off(e.end), st: st,
			parsed: sh.findings(e.parsed), checked: sh.findings(e.checked), sids: sh.findings(e.sids), owned: true})
	}
	// The document's statements, and Validate's findings: the top level's again, each
	// statement's kept, or written for the statements read anew.
	if own { // c's document is used no more: its list is written over, as its elements are
		d.Statements, n.moved = d.Statements[:0], c.moved[:0]
	} else {
		d.Statements = make([]*Statement, 0, len(c.Doc.Statements)+len(lay.elems)-len(L.elems))
		n.moved = make([]bool, 0, cap(d.Statements))
	}
	n.from = c.id()
	for i := range lay.elems {
		if e := &lay.elems[i]; e.st != nil {
			d.Statements = append(d.Statements, e.st)
			n.moved = append(n.moved, !e.fresh)
		}
	}
	if len(d.Statements) == 0 {
		d.Statements = nil // as a full parse leaves an empty list
	}
	for i := range lay.elems {
		if !lay.elems[i].fresh {
			n.kept++
		}
	}
	v := newValidator(&d, c.Kind)
	if sidsSame {
		v.dups, v.dupsKnown = c.dups, true
	}
	// The elements' Sid findings are kept, or written again (sids). An edit after the
	// document shares the previous text's elements, but moves and reads nothing anew, so
	// sids only reads them.
	v.elems = lay.elems
	if c.chars > 0 {
		v.chars = c.chars
		if inside {
			v.chars += utf8.RuneCount(src[p:newEnd]) - utf8.RuneCount(old[p:oldEnd])
		}
	}
	fs := make(Findings, 0, len(c.Findings)+8)
	fs = append(fs, lay.outer[:lay.split]...)
	for i := range lay.elems {
		fs = append(fs, lay.elems[i].parsed...)
	}
	fs = append(fs, lay.outer[lay.split:]...)
	v.out = fs // the top level's findings are written in place, not gathered and copied
	v.topLevel()
	fs = v.out
	for i := range lay.elems {
		e := &lay.elems[i]
		if e.fresh {
			e.fresh = false
			if e.st != nil {
				from := len(fs)
				v.out = fs
				v.statement(e.st)
				fs = v.out
				e.checked = fs[from:len(fs):len(fs)]
			}
			continue
		}
		fs = append(fs, e.checked...)
	}
	if len(fs) == 0 {
		fs = nil // as Check gives none
	}
	n.Findings, n.lay, n.dups, n.chars = fs, lay, v.dups, v.chars
	return n
}

// sameSid reports whether two statements' Sids are the same for the Sid checks.
func sameSid(a, b *String) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Value == b.Value)
}

// chunk is how many bytes commonPrefix and commonSuffix compare at once (bytes.Equal, SIMD
// assembly natively) before looking at single bytes.
const chunk = 512

// wordwise: in WebAssembly bytes.Equal is a loop over single bytes, which took a millisecond
// of an edit of a 600 KB policy in Chromium; there the common prefix and suffix are found
// eight bytes a load instead (WebAssembly loads need no alignment).
const wordwise = runtime.GOARCH == "wasm"

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	if wordwise {
		i = prefixWords(a, b, n)
	}
	for i+chunk <= n && bytes.Equal(a[i:i+chunk], b[i:i+chunk]) {
		i += chunk
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix is the length of the longest common suffix of a and b.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	if wordwise {
		i = suffixWords(a, b, n)
	}
	for i+chunk <= n && bytes.Equal(a[len(a)-i-chunk:len(a)-i], b[len(b)-i-chunk:len(b)-i]) {
		i += chunk
	}
	for i < n && a[len(a)-i-1] == b[len(b)-i-1] {
		i++
	}
	return i
}

// prefixWords is how many of the first n bytes of a and b, a multiple of eight, are
// equal, compared eight at a time.
func prefixWords(a, b []byte, n int) int {
	i := 0
	if n < 8 {
		return 0
	}
	pa, pb := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(b))
	for i+8 <= n && *(*uint64)(unsafe.Add(pa, i)) == *(*uint64)(unsafe.Add(pb, i)) {
		i += 8
	}
	return i
}

// suffixWords is how many of the last n bytes of a and b, a multiple of eight, are equal,
// compared eight at a time.
func suffixWords(a, b []byte, n int) int {
	i := 0
	if n < 8 {
		return 0
	}
	ea, eb := unsafe.Pointer(unsafe.SliceData(a[len(a)-8:])), unsafe.Pointer(unsafe.SliceData(b[len(b)-8:]))
	for i+8 <= n && *(*uint64)(unsafe.Add(ea, -i)) == *(*uint64)(unsafe.Add(eb, -i)) {
		i += 8
	}
	return i
}

var nl = []byte{'\n'}

// space reports whether b is JSON white space only.
func space(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// column is the 0-based column, in characters, of offset off.
func column(src []byte, off int) int {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return utf8.RuneCount(src[start:off])
}

// linesAround indexes the lines of src[from:to], numbered as in the whole of src: anchor is
// a position at or before from whose line is known.
func linesAround(src []byte, anchor Pos, from, to int) *jsontree.Lines {
	start := bytes.LastIndexByte(src[:from], '\n') + 1
	line := anchor.Line
	if start > anchor.Offset {
		line += bytes.Count(src[anchor.Offset:start], nl)
	}
	return jsontree.NewLinesFrom(src, start, to, line)
}
