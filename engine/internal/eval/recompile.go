package eval

import "github.com/iamplay/iamplay/engine/policy"

// Recompile compiles doc, an edit of prev's document (policy.Checked.Edit): a statement the
// edit kept as it was (the same *policy.Statement at the same place) keeps its compiled
// form, and when the edit kept every statement the index is kept too. Any other statement
// is compiled again, and then the index is built again.
func Recompile(prev *Policy, doc *policy.Document) *Policy {
	if prev == nil || prev.Doc == nil || doc == nil || variables(doc) != prev.variables {
		return Compile(doc)
	}
	all := len(doc.Statements) == len(prev.Statements)
	for i := 0; all && i < len(doc.Statements); i++ {
		all = doc.Statements[i] == prev.Statements[i].St
	}
	if all {
		return &Policy{Doc: doc, Statements: prev.Statements, variables: prev.variables, index: prev.index, other: prev.other}
	}
	p := &Policy{Doc: doc, variables: prev.variables}
	p.Statements = make([]*CompiledStatement, len(doc.Statements))
	kept := func(i int) bool { return i < len(prev.Statements) && prev.Statements[i].St == doc.Statements[i] }
	n := 0
	for i := range doc.Statements {
		if !kept(i) {
			n++
		}
	}
	block := make([]CompiledStatement, n)
	for i, st := range doc.Statements {
		if kept(i) {
			p.Statements[i] = prev.Statements[i]
			continue
		}
		c := &block[0]
		block = block[1:]
		p.Statements[i] = c
		p.compileStatement(st, c)
	}
	p.buildIndex()
	p.actionCache, p.resourceCache = nil, nil
	return p
}

// variables reports whether the document's Version makes ${...} policy variables.
func variables(doc *policy.Document) bool {
	return doc.Version != nil && doc.Version.Value == "2012-10-17"
}
