package policy

import (
	"strconv"
	"strings"
	"unsafe"

	"github.com/iamplay/iamplay/engine/internal/block"

	"github.com/iamplay/iamplay/engine/internal/suggest"
	"github.com/iamplay/iamplay/engine/jsontree"
)

// MaxSourceBytes is the largest policy Parse reads: fifty times AWS's largest policy quota.
// Larger input gets one json.too_large finding and is not parsed, so memory stays bounded.
const MaxSourceBytes = 1 << 20

// MaxDepth is the deepest JSON nesting Parse reads; a policy needs seven levels.
const MaxDepth = 64

// Parse reads a policy document, keeping every element's path and range. It never panics and
// never returns an error value: problems are findings. The document is nil only when the
// JSON is malformed or not an object.
func Parse(src []byte) (*Document, Findings) {
	return parse(src, nil)
}

// limits bound what Parse reads.
var limits = jsontree.Limits{MaxBytes: MaxSourceBytes, MaxDepth: MaxDepth}

// parse is Parse, recording into t (when not nil) where the Statement list's elements are.
func parse(src []byte, t *layout) (*Document, Findings) {
	root, err := jsontree.Parse(src, limits)
	if err != nil && err.Code == CodeJSONTooLarge { // not read: no line index of it either
		at := Pos{Line: 1, Column: 1}
		return nil, Findings{NewFinding(err.Code, "", Range{Start: at, End: at}, err.Message, "")}
	}
	b := newBuilder(src)
	if err != nil {
		b.add(err.Code, err.Message, "", b.rng(err.Offset, err.End), "")
		return nil, b.fs
	}
	b.track = t
	return b.document(root, ""), b.fs
}

// ParseNode builds a Document from an already parsed JSON value inside a larger source
// (an evaluation document): ranges are positions in src, paths start at base.
func ParseNode(src []byte, lines *jsontree.Lines, n *jsontree.Node, base string) (*Document, Findings) {
	b := &builder{src: src, lines: lines}
	return b.document(n, base), b.fs
}

// builder turns a JSON tree into a Document, collecting findings about its shape.
type builder struct {
	src   []byte
	lines *jsontree.Lines
	fs    Findings
	paths paths
	slab  slab
	track *layout // when set, where the Statement list's elements are and which findings are theirs (edit.go)
}

// slab holds the blocks the document's elements are cut from (engine/internal/block): a
// 2,100-statement policy has tens of thousands of them, and in WebAssembly every allocation
// counts. Blocks grow with the document, so a small policy wastes little.
type slab struct {
	strs  []String
	lists []StringList
	stmts []Statement
}

func growSlab(prev int) int { return block.Grow(prev, 4, 64) }

func newBuilder(src []byte) *builder {
	b := &builder{src: src, lines: jsontree.NewLines(src)}
	b.paths.block = min(max(len(src)/2, 512), 16<<10) // pointers take about half the source's bytes
	return b
}

func (b *builder) pos(off int) Pos {
	l, c := b.lines.At(off)
	return Pos{Line: l, Column: c, Offset: off}
}

func (b *builder) rng(from, to int) Range { return Range{Start: b.pos(from), End: b.pos(to)} }

func (b *builder) add(code, msg, path string, r Range, sugg string) {
	b.fs = append(b.fs, NewFinding(code, path, r, msg, sugg))
}

// paths builds the JSON pointers of one document in a few large blocks instead of one
// allocation each: a 2,100-statement policy has tens of thousands of them, and in
// WebAssembly those allocations were a third of the parse. Each pointer is written once
// at the end of a block and never changed, so handing it out as a string is safe.
type paths struct {
	buf   []byte
	block int // bytes per block: sized from the source, so small policies waste little
}

// pointer appends one JSON-pointer segment, escaping ~ and / as RFC 6901 says.
func (a *paths) pointer(base, seg string) string {
	if strings.ContainsAny(seg, "~/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~", "~0"), "/", "~1")
	}
	n := len(base) + 1 + len(seg)
	start := a.reserve(n)
	a.buf = append(a.buf, base...)
	a.buf = append(a.buf, '/')
	a.buf = append(a.buf, seg...)
	return a.done(start)
}

// index appends an array index to a JSON pointer.
func (a *paths) index(base string, i int) string {
	start := a.reserve(len(base) + 21)
	a.buf = append(a.buf, base...)
	a.buf = append(a.buf, '/')
	a.buf = strconv.AppendInt(a.buf, int64(i), 10)
	return a.done(start)
}

// reserve makes room for n bytes at the end of the current block, starting a new block
// when it is full (the old one stays, still referenced by the strings made from it).
func (a *paths) reserve(n int) int {
	if cap(a.buf)-len(a.buf) < n {
		if a.block == 0 {
			a.block = 4 << 10
		}
		a.buf = make([]byte, 0, max(n, a.block))
	}
	return len(a.buf)
}

func (a *paths) done(start int) string {
	b := a.buf[start:len(a.buf):len(a.buf)]
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (b *builder) node(n *jsontree.Node, path string) Node {
	return Node{Path: path, Range: b.rng(n.Start, n.End)}
}

func (b *builder) member(m *jsontree.Member, path string) Node {
	return Node{Path: path, Range: b.rng(m.Value.Start, m.Value.End), KeyRange: b.rng(m.NameFrom, m.NameTo)}
}

func (b *builder) wrongType(n *jsontree.Node, path, what, want string) {
	b.add(CodeWrongType, what+" must be "+want+", not "+n.Kind.String(), path, b.rng(n.Start, n.End), "")
}

// elements declares the member names an object may have, in AWS's spelling.
type elements []string

var (
	documentElements  = elements{"Version", "Id", "Statement"}
	statementElements = elements{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)

// known checks a member name: exact names pass; a name in the wrong case or misspelt gets a
// finding with the fix. It returns the canonical name, or "" when unknown, and records in
// seen every element written (even in the wrong case), so that the validator does not also
// call it missing.
func (b *builder) known(m *jsontree.Member, allowed elements, where, path string, seen *uint16) string {
	for i, e := range allowed {
		if m.Name == e {
			*seen |= 1 << i
			return e
		}
	}
	r := b.rng(m.NameFrom, m.NameTo)
	for i, e := range allowed {
		if strings.EqualFold(m.Name, e) {
			*seen |= 1 << i
			b.add(CodeElementCase, "element names are case-sensitive: \""+m.Name+"\" should be \""+e+"\"", path, r, "\""+e+"\"")
			return ""
		}
	}
	if s, ok := suggest.Closest(m.Name, allowed); ok {
		b.add(CodeUnknownElement, "unknown "+where+" element \""+m.Name+"\"; did you mean `"+s+"`?", path, r, "\""+s+"\"")
	} else {
		b.add(CodeUnknownElement, "unknown "+where+" element \""+m.Name+"\"; allowed: "+strings.Join(allowed, ", "), path, r, "")
	}
	return ""
}

// duplicates reports member names that occur more than once in an object.
func (b *builder) duplicates(n *jsontree.Node, path string) {
	ms := n.Members
	for i := 1; i < len(ms); i++ {
		for j := 0; j < i; j++ {
			if ms[i].Name == ms[j].Name {
				l, _ := b.lines.At(ms[j].NameFrom)
				b.add(CodeJSONDuplicateKey, "duplicate key \""+ms[i].Name+"\" (first on line "+strconv.Itoa(l)+"); AWS keeps only one of them",
					b.paths.pointer(path, ms[i].Name), b.rng(ms[i].NameFrom, ms[i].NameTo), "")
				break
			}
		}
	}
}

func (b *builder) document(n *jsontree.Node, base string) *Document {
	if n.Kind != jsontree.Object {
		b.add(CodeNotObject, "a policy must be a JSON object, not "+n.Kind.String(), base, b.rng(n.Start, n.End), "")
		return nil
	}
	d := &Document{Node: b.node(n, base), Source: b.src}
	b.duplicates(n, base)
	for i := range n.Members {
		m := &n.Members[i]
		path := b.paths.pointer(base, m.Name)
		switch b.known(m, documentElements, "policy", path, &d.seen) {
		case "Version":
			d.Version = b.str(m, path, "Version")
		case "Id":
			d.ID = b.str(m, path, "Id")
		case "Statement":
			d.StatementNode = b.member(m, path)
			switch m.Value.Kind {
			case jsontree.Object:
				d.Statements = append(d.Statements, b.statement(m.Value, path, 0))
			case jsontree.Array:
				d.StatementList = true
				b.slab.stmts = make([]Statement, 0, len(m.Value.Elems))
				b.track.list(m.Value, len(b.fs))
				for j, e := range m.Value.Elems {
					from := len(b.fs)
					st := b.element(e, path, j)
					if st != nil {
						d.Statements = append(d.Statements, st)
					}
					b.track.element(e, st, from, len(b.fs))
				}
				b.track.listEnd(len(b.fs))
			default:
				b.wrongType(m.Value, path, "Statement", "an object or a list of objects")
			}
			b.track.statementMember(m.Value.Kind == jsontree.Array)
		}
	}
	return d
}

// element reads the j-th element of the Statement list at path: a statement, or nil (with
// a finding) when it is not an object.
func (b *builder) element(e *jsontree.Node, path string, j int) *Statement {
	p := b.paths.index(path, j)
	if e.Kind != jsontree.Object {
		b.wrongType(e, p, "a statement", "an object")
		return nil
	}
	return b.statement(e, p, j)
}

func (b *builder) str(m *jsontree.Member, path, what string) *String {
	if m.Value.Kind != jsontree.String {
		b.wrongType(m.Value, path, what, "a string")
		return nil
	}
	str := block.New(&b.slab.strs, growSlab(cap(b.slab.strs)))
	*str = String{Node: b.member(m, path), Value: m.Value.Text}
	return str
}

// stringList reads an element AWS accepts as a string or a list of strings.
func (b *builder) stringList(m *jsontree.Member, path, what string) *StringList {
	l := block.New(&b.slab.lists, growSlab(cap(b.slab.lists)))
	l.Node = b.member(m, path)
	b.fillList(l, m.Value, path, what)
	return l
}

func (b *builder) fillList(l *StringList, v *jsontree.Node, path, what string) {
	switch v.Kind {
	case jsontree.String:
		l.Items = block.Reserve(&b.slab.strs, 1, growSlab(cap(b.slab.strs)))
		l.Items = append(l.Items, String{Node: Node{Path: path, Range: l.Range}, Value: v.Text})
	case jsontree.Array:
		l.List = true
		l.Items = block.Reserve(&b.slab.strs, len(v.Elems), growSlab(cap(b.slab.strs)))
		for j, e := range v.Elems {
			p := b.paths.index(path, j)
			if e.Kind != jsontree.String {
				b.wrongType(e, p, "each "+what+" entry", "a string")
				continue
			}
			l.Items = append(l.Items, String{Node: b.node(e, p), Value: e.Text})
		}
	default:
		b.wrongType(v, path, what, "a string or a list of strings")
	}
}

func (b *builder) statement(n *jsontree.Node, path string, index int) *Statement {
	s := block.New(&b.slab.stmts, growSlab(cap(b.slab.stmts)))
	*s = Statement{Node: b.node(n, path), Index: index}
	b.duplicates(n, path)
	for i := range n.Members {
		m := &n.Members[i]
		p := b.paths.pointer(path, m.Name)
		switch b.known(m, statementElements, "statement", p, &s.seen) {
		case "Sid":
			s.Sid = b.str(m, p, "Sid")
		case "Effect":
			s.Effect = b.str(m, p, "Effect")
		case "Action":
			s.Action = b.stringList(m, p, "Action")
		case "NotAction":
			s.NotAction = b.stringList(m, p, "NotAction")
		case "Resource":
			s.Resource = b.stringList(m, p, "Resource")
		case "NotResource":
			s.NotResource = b.stringList(m, p, "NotResource")
		case "Principal":
			s.Principal = b.principal(m, p, "Principal")
		case "NotPrincipal":
			s.NotPrincipal = b.principal(m, p, "NotPrincipal")
		case "Condition":
			s.Condition = b.condition(m, p)
		}
	}
	return s
}

func (b *builder) principal(m *jsontree.Member, path, what string) *Principal {
	pr := &Principal{Node: b.member(m, path)}
	switch v := m.Value; v.Kind {
	case jsontree.String:
		if v.Text == "*" {
			pr.Wildcard = true
			return pr
		}
		b.add(CodePrincipalFormat, what+" as a string must be \"*\"; name principals in a map such as {\"AWS\": \""+v.Text+"\"}",
			path, pr.Range, "{\"AWS\": \""+jsonEscape(v.Text)+"\"}")
		return nil
	case jsontree.Object:
		b.duplicates(v, path)
		for i := range v.Members {
			e := &v.Members[i]
			p := b.paths.pointer(path, e.Name)
			entry := PrincipalEntry{Type: String{Node: b.member(e, p), Value: e.Name}}
			entry.Type.Range = b.rng(e.NameFrom, e.NameTo)
			entry.Values.Node = b.member(e, p)
			b.fillList(&entry.Values, e.Value, p, what+" "+e.Name)
			pr.Entries = append(pr.Entries, entry)
		}
		return pr
	default:
		b.wrongType(v, path, what, "\"*\" or a map of principal types")
		return nil
	}
}

func (b *builder) condition(m *jsontree.Member, path string) *Condition {
	if m.Value.Kind != jsontree.Object {
		b.wrongType(m.Value, path, "Condition", "an object of condition operators")
		return nil
	}
	c := &Condition{Node: b.member(m, path)}
	b.duplicates(m.Value, path)
	for i := range m.Value.Members {
		om := &m.Value.Members[i]
		op := b.paths.pointer(path, om.Name)
		o := ConditionOperator{Name: String{Node: Node{Path: op, Range: b.rng(om.NameFrom, om.NameTo)}, Value: om.Name}, Body: b.member(om, op)}
		if om.Value.Kind != jsontree.Object {
			b.wrongType(om.Value, op, "the body of condition operator "+om.Name, "an object of condition keys")
			c.Operators = append(c.Operators, o)
			continue
		}
		b.duplicates(om.Value, op)
		for j := range om.Value.Members {
			km := &om.Value.Members[j]
			kp := b.paths.pointer(op, km.Name)
			k := ConditionKey{Name: String{Node: Node{Path: kp, Range: b.rng(km.NameFrom, km.NameTo)}, Value: km.Name}}
			k.Values.Node = b.member(km, kp)
			switch km.Value.Kind {
			case jsontree.Array:
				k.Values.List = true
				k.Values.Items = make([]Value, 0, len(km.Value.Elems))
				for x, e := range km.Value.Elems {
					k.Values.Items = append(k.Values.Items, b.value(e, b.paths.index(kp, x)))
				}
			default:
				v := b.value(km.Value, kp)
				v.Node = k.Values.Node
				k.Values.Items = []Value{v}
			}
			o.Keys = append(o.Keys, k)
		}
		c.Operators = append(c.Operators, o)
	}
	return c
}

func (b *builder) value(n *jsontree.Node, path string) Value {
	v := Value{Node: b.node(n, path), Text: n.Text}
	switch n.Kind {
	case jsontree.String:
		v.Kind = ValueString
	case jsontree.Number:
		v.Kind = ValueNumber
	case jsontree.Bool:
		v.Kind = ValueBool
	case jsontree.Null:
		v.Kind = ValueNull
	case jsontree.Object:
		v.Kind = ValueObject
	case jsontree.Array:
		v.Kind = ValueArray
	}
	return v
}

func jsonEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
