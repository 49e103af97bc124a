package eval

import (
	"github.com/iamplay/iamplay/engine/internal/block"
	"github.com/iamplay/iamplay/engine/policy"
)

// Recompile compiles doc, an edit of prev's document (policy.Checked.Edit), reusing what the
// edit left alone. moved(i), when not nil, reports that statement i is prev's statement i
// with new positions only: its matchers are kept and only its positions taken anew. A
// statement the edit kept as it was (the same *policy.Statement at the same place) keeps
// its compiled form whole, its condition's positions followed where they are (an edit that
// moved the statement where it is: policy.Checked.EditOwned). The index is kept when every statement is filed as before
// (always, unless an edit changed an Action, a Resource or an Effect), else built again.
// own: prev is used no more (policy.Checked.EditOwned's caller), so its index and its list
// of statements are written over where they are instead of copied, unless another policy
// shares them; a new list and index were a fifth of an edit of a 2,100-statement policy.
func Recompile(prev *Policy, doc *policy.Document, moved func(i int) bool, own bool) *Policy {
	if prev == nil || prev.Doc == nil || doc == nil || variables(doc) != prev.variables {
		return Compile(doc)
	}
	same := len(doc.Statements) == len(prev.Statements)
	for i := 0; same && i < len(doc.Statements); i++ {
		same = doc.Statements[i] == prev.Statements[i].St
	}
	for i, st := range doc.Statements {
		if i < len(prev.Statements) && prev.Statements[i].St == st {
			prev.Statements[i].cond.follow(st.Condition)
		}
	}
	own = own && !prev.shared
	if same {
		return &Policy{Doc: doc, Statements: prev.Statements, variables: prev.variables, index: prev.index, other: prev.other, shared: !own}
	}
	p := &Policy{Doc: doc, variables: prev.variables}
	if own && len(doc.Statements) == len(prev.Statements) {
		p.Statements = prev.Statements // each is read below before its place is written
	} else {
		p.Statements = make([]*CompiledStatement, len(doc.Statements))
	}
	kept := 0 // statements kept whole: the block holds only the others (an edit in the middle of a long policy moves half of them)
	for i, st := range doc.Statements {
		if i < len(prev.Statements) && prev.Statements[i].St == st {
			kept++
		}
	}
	block := make([]CompiledStatement, len(doc.Statements)-kept)
	alike := len(doc.Statements) == len(prev.Statements) // every statement filed in the index as before
	for i, st := range doc.Statements {
		var was *CompiledStatement
		if i < len(prev.Statements) {
			was = prev.Statements[i]
		}
		if was != nil && was.St == st {
			p.Statements[i] = was
			continue
		}
		c := &block[0]
		block = block[1:]
		if was != nil && moved != nil && moved(i) {
			*c = CompiledStatement{St: st, pos: i, Allow: was.Allow, Usable: was.Usable, actions: was.actions, notAction: was.notAction,
				resources: was.resources, notRes: was.notRes, noRes: was.noRes, principal: was.principal, notPrinc: was.notPrinc, cond: was.cond.moved(st.Condition)}
		} else {
			p.compileStatement(st, c)
			c.pos = i
			alike = alike && was != nil && filedAlike(was, c)
		}
		p.Statements[i] = c
	}
	if alike {
		p.index, p.other = prev.remapIndex(p.Statements, own)
	} else {
		p.buildIndex()
	}
	p.actionCache, p.resourceCache, p.actBlock, p.resBlock = nil, nil, nil, nil
	return p
}

// moved is the program with the condition's new positions: entries follow the operators'
// keys in order (compileCondition).
func (c *conditionProgram) moved(to *policy.Condition) *conditionProgram {
	if c == nil {
		return nil
	}
	n := &conditionProgram{entries: append([]condEntry(nil), c.entries...)}
	n.follow(to)
	return n
}

// follow takes the condition's positions anew where they changed: the statement was moved
// where it is. Nothing is written when they did not, so a program shared with a policy that
// lives on is only read.
func (c *conditionProgram) follow(to *policy.Condition) {
	if c == nil || to == nil {
		return
	}
	i := 0
	for oi := range to.Operators {
		for ki := range to.Operators[oi].Keys {
			if i == len(c.entries) {
				return
			}
			k := &to.Operators[oi].Keys[ki]
			rng := policy.Range{Start: k.Name.Range.Start, End: k.Values.Range.End}
			if rng.End.Offset < rng.Start.Offset {
				rng = k.Name.Range
			}
			if e := &c.entries[i]; e.rng != rng {
				e.rng = rng
			}
			i++
		}
	}
}

// filedAlike reports whether two compiled statements are filed in the same places of the
// index (buildIndex): by effect, the actions they cover and their resources' prefixes.
func filedAlike(a, b *CompiledStatement) bool {
	if a.Usable != b.Usable || a.Allow != b.Allow || a.notAction != b.notAction || a.notRes != b.notRes || a.noRes != b.noRes ||
		len(a.actions) != len(b.actions) || len(a.resources) != len(b.resources) {
		return false
	}
	for i := range a.actions {
		if a.actions[i].String() != b.actions[i].String() {
			return false
		}
	}
	for i := range a.resources {
		if a.resources[i].prefix != b.resources[i].prefix {
			return false
		}
	}
	return true
}

// remapIndex is p's index with each statement replaced by the one at its place in to;
// inPlace: written over p's own (p is used no more), else a copy.
func (p *Policy) remapIndex(to []*CompiledStatement, inPlace bool) ([][]actionIndex, actionIndex) {
	var blk *[]*CompiledStatement // nil: in place
	index := p.index
	if !inPlace {
		blk, index = new([]*CompiledStatement), make([][]actionIndex, len(p.index))
	}
	for svc, row := range p.index {
		if row == nil {
			continue
		}
		if !inPlace {
			index[svc] = make([]actionIndex, len(row))
		}
		for i := range row {
			index[svc][i] = row[i].remap(to, blk)
		}
	}
	return index, p.other.remap(to, blk)
}

func (x *actionIndex) remap(to []*CompiledStatement, blk *[]*CompiledStatement) actionIndex {
	return actionIndex{deny: x.deny.remap(to, blk), allow: x.allow.remap(to, blk)}
}

func (x *resourceIndex) remap(to []*CompiledStatement, blk *[]*CompiledStatement) resourceIndex {
	y := resourceIndex{common: x.common, lens: x.lens, any: remapList(x.any, to, blk), byPrefix: x.byPrefix}
	if x.byPrefix != nil && blk != nil {
		y.byPrefix = make(map[string][]*CompiledStatement, len(x.byPrefix))
	}
	for k, l := range x.byPrefix {
		y.byPrefix[k] = remapList(l, to, blk)
	}
	y.settle()
	return y
}

// remapList is l with each statement replaced by the one at its place in to: in blk's block,
// or written over l when blk is nil. Replacing twice changes nothing (the one at a place in
// to is at that place), should two places of an index share a list.
func remapList(l, to []*CompiledStatement, blk *[]*CompiledStatement) []*CompiledStatement {
	if l == nil {
		return nil
	}
	out := l[:0]
	if blk != nil {
		out = block.Reserve(blk, len(l), block.Grow(cap(*blk), 64, 4096))
	}
	for _, s := range l {
		out = append(out, to[s.pos])
	}
	return out
}

// variables reports whether the document's Version makes ${...} policy variables.
func variables(doc *policy.Document) bool {
	return doc.Version != nil && doc.Version.Value == "2012-10-17"
}
