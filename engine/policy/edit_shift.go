package policy

import "github.com/iamplay/iamplay/engine/internal/block"

// shifter moves positions after an edit: offsets from at on by delta bytes and lines lines;
// positions on the edit's last line (line, before the edit) also move by cols columns.
// Elements it moves are copied, never changed: the text before the edit keeps its own.
type shifter struct {
	at, delta   int
	lines, line int
	cols        int
	slab        slab // the blocks moved elements are cut from
}

func (s *shifter) identity() bool { return s.delta == 0 && s.lines == 0 && s.cols == 0 }

func (s *shifter) off(o int) int {
	if o >= s.at {
		return o + s.delta
	}
	return o
}

func (s *shifter) pos(p Pos) Pos {
	if p.Offset < s.at {
		return p
	}
	if p.Line == s.line {
		p.Column += s.cols
	}
	p.Line += s.lines
	p.Offset += s.delta
	return p
}

func (s *shifter) rng(r Range) Range {
	if r.IsZero() {
		return r
	}
	return Range{Start: s.pos(r.Start), End: s.pos(r.End)}
}

func (s *shifter) node(n Node) Node {
	s.move(&n)
	return n
}

// move moves the positions of n, a copy, where it is: as node, in one call where node made
// nine (pos, rng, IsZero), which were most of moving the statements after an edit in
// WebAssembly, built without inlining.
func (s *shifter) move(n *Node) {
	for _, r := range [2]*Range{&n.Range, &n.KeyRange} {
		if r.End.Offset < s.at || r.End.Offset == 0 && *r == (Range{}) {
			continue
		}
		for _, p := range [2]*Pos{&r.Start, &r.End} {
			if p.Offset >= s.at {
				if p.Line == s.line {
					p.Column += s.cols
				}
				p.Line += s.lines
				p.Offset += s.delta
			}
		}
	}
}

func (s *shifter) findings(fs Findings) Findings {
	if fs == nil {
		return nil
	}
	out := make(Findings, len(fs))
	for i, f := range fs {
		f.Range = s.rng(f.Range)
		out[i] = f
	}
	return out
}

func (s *shifter) str(p *String) *String {
	if p == nil {
		return nil
	}
	n := block.New(&s.slab.strs, growSlab(cap(s.slab.strs)))
	*n = *p
	s.move(&n.Node)
	return n
}

func (s *shifter) items(its []String) []String {
	if its == nil {
		return nil
	}
	out := append(block.Reserve(&s.slab.strs, len(its), growSlab(cap(s.slab.strs))), its...)
	for i := range out {
		s.move(&out[i].Node)
	}
	return out
}

func (s *shifter) listValue(l StringList) StringList {
	s.move(&l.Node)
	l.Items = s.items(l.Items)
	return l
}

func (s *shifter) list(l *StringList) *StringList {
	if l == nil {
		return nil
	}
	n := block.New(&s.slab.lists, growSlab(cap(s.slab.lists)))
	*n = *l
	s.move(&n.Node)
	n.Items = s.items(n.Items)
	return n
}

func (s *shifter) principal(p *Principal) *Principal {
	if p == nil {
		return nil
	}
	n := &Principal{Node: s.node(p.Node), Wildcard: p.Wildcard}
	if p.Entries != nil {
		n.Entries = make([]PrincipalEntry, len(p.Entries))
		for i, e := range p.Entries {
			n.Entries[i] = PrincipalEntry{Type: String{Node: s.node(e.Type.Node), Value: e.Type.Value}, Values: s.listValue(e.Values)}
		}
	}
	return n
}

func (s *shifter) condition(c *Condition) *Condition {
	if c == nil {
		return nil
	}
	n := &Condition{Node: s.node(c.Node)}
	if c.Operators != nil {
		n.Operators = make([]ConditionOperator, len(c.Operators))
		for i, o := range c.Operators {
			o.Name.Node, o.Body = s.node(o.Name.Node), s.node(o.Body)
			if o.Keys != nil {
				keys := make([]ConditionKey, len(o.Keys))
				for j, k := range o.Keys {
					s.move(&k.Name.Node)
					s.move(&k.Values.Node)
					if k.Values.Items != nil {
						vs := make([]Value, len(k.Values.Items))
						copy(vs, k.Values.Items)
						for x := range vs {
							s.move(&vs[x].Node)
						}
						k.Values.Items = vs
					}
					keys[j] = k
				}
				o.Keys = keys
			}
			n.Operators[i] = o
		}
	}
	return n
}

// statement is a copy of st moved.
func (s *shifter) statement(st *Statement) *Statement {
	if st == nil {
		return nil
	}
	n := block.New(&s.slab.stmts, growSlab(cap(s.slab.stmts)))
	*n = *st
	s.move(&n.Node)
	n.Sid, n.Effect = s.str(st.Sid), s.str(st.Effect)
	n.Action, n.NotAction = s.list(st.Action), s.list(st.NotAction)
	n.Resource, n.NotResource = s.list(st.Resource), s.list(st.NotResource)
	n.Principal, n.NotPrincipal = s.principal(st.Principal), s.principal(st.NotPrincipal)
	n.Condition = s.condition(st.Condition)
	return n
}
