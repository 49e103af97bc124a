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

// move moves the positions of n, a copy, where it is. It repeats pos's rule inline rather
// than calling pos and rng for each of n's four positions: those nine calls were most of
// moving the statements after an edit in WebAssembly, which is built without inlining.
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

// str is a copy of p moved.
func (s *shifter) str(p *String) *String {
	n := s.copyStr(p)
	if n != nil {
		s.move(&n.Node)
	}
	return n
}

// statement is a copy of st moved: a copy of everything in it that has a position, moved
// where it is (moveStatement, as EditOwned moves a statement of its own).
func (s *shifter) statement(st *Statement) *Statement {
	if st == nil {
		return nil
	}
	n := block.New(&s.slab.stmts, growSlab(cap(s.slab.stmts)))
	*n = *st
	n.Sid, n.Effect = s.copyStr(st.Sid), s.copyStr(st.Effect)
	n.Action, n.NotAction = s.copyList(st.Action), s.copyList(st.NotAction)
	n.Resource, n.NotResource = s.copyList(st.Resource), s.copyList(st.NotResource)
	n.Principal, n.NotPrincipal = s.copyPrincipal(st.Principal), s.copyPrincipal(st.NotPrincipal)
	n.Condition = s.copyCondition(st.Condition)
	s.moveStatement(n)
	return n
}

func (s *shifter) copyStr(p *String) *String {
	if p == nil {
		return nil
	}
	n := block.New(&s.slab.strs, growSlab(cap(s.slab.strs)))
	*n = *p
	return n
}

func (s *shifter) copyItems(its []String) []String {
	if its == nil {
		return nil
	}
	return append(block.Reserve(&s.slab.strs, len(its), growSlab(cap(s.slab.strs))), its...)
}

func (s *shifter) copyList(l *StringList) *StringList {
	if l == nil {
		return nil
	}
	n := block.New(&s.slab.lists, growSlab(cap(s.slab.lists)))
	*n = *l
	n.Items = s.copyItems(n.Items)
	return n
}

func (s *shifter) copyPrincipal(p *Principal) *Principal {
	if p == nil {
		return nil
	}
	n := &Principal{Node: p.Node, Wildcard: p.Wildcard}
	if p.Entries != nil {
		n.Entries = append([]PrincipalEntry{}, p.Entries...)
		for i := range n.Entries {
			n.Entries[i].Values.Items = s.copyItems(n.Entries[i].Values.Items)
		}
	}
	return n
}

func (s *shifter) copyCondition(c *Condition) *Condition {
	if c == nil {
		return nil
	}
	n := &Condition{Node: c.Node}
	if c.Operators != nil {
		n.Operators = append([]ConditionOperator{}, c.Operators...)
		for i := range n.Operators {
			o := &n.Operators[i]
			if o.Keys != nil {
				o.Keys = append([]ConditionKey{}, o.Keys...)
				for j := range o.Keys {
					if v := &o.Keys[j].Values; v.Items != nil {
						v.Items = append([]Value{}, v.Items...)
					}
				}
			}
		}
	}
	return n
}

// moveStatement moves st's positions where they are: st is the edited text's alone
// (Checked.EditOwned). It moves what statement copies.
func (s *shifter) moveStatement(st *Statement) {
	if st == nil {
		return
	}
	s.move(&st.Node)
	for _, str := range [2]*String{st.Sid, st.Effect} {
		if str != nil {
			s.move(&str.Node)
		}
	}
	for _, l := range [4]*StringList{st.Action, st.NotAction, st.Resource, st.NotResource} {
		if l != nil {
			s.moveList(l)
		}
	}
	for _, p := range [2]*Principal{st.Principal, st.NotPrincipal} {
		if p != nil {
			s.move(&p.Node)
			for i := range p.Entries {
				s.move(&p.Entries[i].Type.Node)
				s.moveList(&p.Entries[i].Values)
			}
		}
	}
	if c := st.Condition; c != nil {
		s.move(&c.Node)
		for i := range c.Operators {
			o := &c.Operators[i]
			s.move(&o.Name.Node)
			s.move(&o.Body)
			for j := range o.Keys {
				k := &o.Keys[j]
				s.move(&k.Name.Node)
				s.move(&k.Values.Node)
				for x := range k.Values.Items {
					s.move(&k.Values.Items[x].Node)
				}
			}
		}
	}
}

func (s *shifter) moveList(l *StringList) {
	s.move(&l.Node)
	for i := range l.Items {
		s.move(&l.Items[i].Node)
	}
}
