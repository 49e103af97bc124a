package eval

import (
	"strings"
	"sync"

	"github.com/iamplay/iamplay/engine/policy"

	"github.com/iamplay/iamplay/engine/internal/actions"
	"github.com/iamplay/iamplay/engine/internal/block"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// Policy is a document compiled into matchers, indexed by action and by the literal
// prefix of resource patterns so that a decision looks at few statements.
type Policy struct {
	Doc        *policy.Document
	Statements []*CompiledStatement
	variables  bool            // Version 2012-10-17: ${...} are policy variables
	index      [][]actionIndex // by service ID, one per action of the service; nil when no statement covers the service
	other      actionIndex     // every usable statement: for actions no catalogue lists
	shared     bool            // Statements and the index are another policy's too (Recompile of an edit that kept every statement): never written over
	// Compile-time caches of patterns by their text, and the blocks statements' pattern
	// lists are cut from; all dropped when compilation ends.
	actionCache   map[string]*pattern.Pattern
	resourceCache map[string]arnPattern
	actBlock      []*pattern.Pattern
	resBlock      []arnPattern
}

// CompiledStatement is a statement with its matchers.
type CompiledStatement struct {
	St        *policy.Statement
	pos       int  // its place in Policy.Statements
	Allow     bool // Effect is Allow; otherwise Deny
	Usable    bool // the statement has a valid Effect; unusable statements never match
	actions   []*pattern.Pattern
	notAction bool
	resources []arnPattern
	notRes    bool
	noRes     bool // no Resource element: matches every resource (resource policies, SCPs)
	principal *principalSet
	notPrinc  bool
	cond      *conditionProgram
	why       whys
	whyOnce   sync.Once // the sentences are written on the first Explain, not at compile time
}

type actionIndex struct {
	deny, allow resourceIndex
}

// resourceIndex finds the statements whose resource patterns could match a resource: by
// the literal text their patterns start with. The part all prefixes share is tested once,
// and the map is keyed by the short rest, so a lookup hashes a few bytes, not a whole ARN.
type resourceIndex struct {
	common   string                          // the longest prefix shared by every key
	lens     []int                           // distinct lengths of the keys after common, ascending
	byPrefix map[string][]*CompiledStatement // literal prefix (after common) -> statements
	only     []*CompiledStatement            // byPrefix[""] when it is the one key: no lookup
	always   bool                            // a statement of any matches every request filed here (unconditional)
	any      []*CompiledStatement            // no usable prefix: always candidates
	pending  map[string][]*CompiledStatement // full prefixes while building
}

func (x *resourceIndex) add(s *CompiledStatement) {
	if s.notRes || s.noRes {
		x.any = append(x.any, s)
		return
	}
	for _, r := range s.resources {
		p := r.prefix
		if p == "" {
			x.any = append(x.any, s)
			return
		}
	}
	for _, r := range s.resources {
		p := r.prefix
		if x.pending == nil {
			x.pending = map[string][]*CompiledStatement{}
		}
		l := x.pending[p]
		if len(l) > 0 && l[len(l)-1] == s {
			continue
		}
		x.pending[p] = append(l, s)
	}
}

// finish computes the common prefix and keys the map by what follows it.
func (x *resourceIndex) finish() {
	first := true
	for p := range x.pending {
		if first {
			x.common, first = p, false
			continue
		}
		n := 0
		for n < len(p) && n < len(x.common) && p[n] == x.common[n] {
			n++
		}
		x.common = x.common[:n]
	}
	if len(x.pending) > 0 {
		x.byPrefix = make(map[string][]*CompiledStatement, len(x.pending))
	}
	for p, l := range x.pending {
		k := p[len(x.common):]
		x.byPrefix[k] = l
		x.insertLen(len(k))
	}
	x.pending = nil
	x.settle()
}

// settle derives what a scan reads first from the index as filed. It keeps the statements
// of the index's one prefix beside the map: a policy whose statements for an action share
// one resource prefix (most) is then read without hashing (with one key, common is all of
// it, so the key is ""). And it notes a statement that matches whatever the request.
func (x *resourceIndex) settle() {
	if len(x.byPrefix) == 1 {
		x.only = x.byPrefix[""]
	}
	for _, s := range x.any {
		x.always = x.always || s.unconditional()
	}
}

// unconditional reports whether the statement matches every request for an action it
// covers: usable, naming no principal, every resource, no condition ("Allow * on *").
func (s *CompiledStatement) unconditional() bool {
	if !s.Usable || s.principal != nil || s.cond != nil || s.notRes {
		return false
	}
	every := s.noRes
	for i := range s.resources {
		every = every || s.resources[i].all
	}
	return every
}

func (x *resourceIndex) insertLen(n int) {
	for i, l := range x.lens {
		if l == n {
			return
		}
		if l > n {
			x.lens = append(x.lens[:i], append([]int{n}, x.lens[i:]...)...)
			return
		}
	}
	x.lens = append(x.lens, n)
}

// Compile builds matchers for a parsed document. It never fails: elements that did not
// parse simply match nothing (their findings came from Parse and Validate).
func Compile(doc *policy.Document) *Policy {
	p := &Policy{Doc: doc}
	if doc == nil {
		return p
	}
	p.variables = doc.Version != nil && doc.Version.Value == "2012-10-17"
	// Statements and their pattern lists come from three exact-size blocks, not three
	// allocations per statement.
	nActs, nRes := 0, 0
	for _, st := range doc.Statements {
		nActs += items(st.Action) + items(st.NotAction)
		nRes += items(st.Resource) + items(st.NotResource)
	}
	block := make([]CompiledStatement, len(doc.Statements))
	p.actBlock = make([]*pattern.Pattern, 0, nActs)
	p.resBlock = make([]arnPattern, 0, nRes)
	p.Statements = make([]*CompiledStatement, len(doc.Statements))
	for i, st := range doc.Statements {
		p.Statements[i] = &block[i]
		p.compileStatement(st, &block[i])
		block[i].pos = i
	}
	p.actBlock, p.resBlock = nil, nil
	p.buildIndex()
	p.actionCache, p.resourceCache = nil, nil
	return p
}

func items(l *policy.StringList) int {
	if l == nil {
		return 0
	}
	return len(l.Items)
}

func (p *Policy) compileStatement(st *policy.Statement, c *CompiledStatement) {
	c.St = st
	if st.Effect != nil {
		switch st.Effect.Value {
		case "Allow":
			c.Allow, c.Usable = true, true
		case "Deny":
			c.Usable = true
		}
	}
	el := st.Action
	if el == nil && st.NotAction != nil {
		el, c.notAction = st.NotAction, true
	}
	if el == nil || (st.Action != nil && st.NotAction != nil) {
		c.Usable = false
	} else {
		c.actions = block.Reserve(&p.actBlock, len(el.Items), 0)
		for _, a := range el.Items {
			c.actions = append(c.actions, p.actionPattern(a.Value))
		}
	}
	res := st.Resource
	if res == nil && st.NotResource != nil {
		res, c.notRes = st.NotResource, true
	}
	switch {
	case st.Resource != nil && st.NotResource != nil:
		c.Usable = false
	case res == nil:
		c.noRes = true
	default:
		c.resources = block.Reserve(&p.resBlock, len(res.Items), 0)
		for _, r := range res.Items {
			c.resources = append(c.resources, p.resourcePattern(r.Value))
		}
	}
	switch {
	case st.Principal != nil && st.NotPrincipal != nil:
		c.Usable = false
	case st.Principal != nil:
		c.principal = compilePrincipal(st.Principal)
	case st.NotPrincipal != nil:
		c.principal, c.notPrinc = compilePrincipal(st.NotPrincipal), true
	}
	if st.Condition != nil {
		c.cond = compileCondition(st.Condition, p.variables)
	}
}

// buildIndex files every usable statement under each catalogued action it covers, in that
// action's service's index, and under other.
func (p *Policy) buildIndex() {
	p.index = make([][]actionIndex, len(actions.SvcStart)-1)
	sets := map[*pattern.Pattern]actions.Set{} // statements share patterns: each is matched once
	set := actions.NewSet()
	var blk []uint64 // the patterns' sets are cut from blocks
	for _, s := range p.Statements {
		if !s.Usable {
			continue
		}
		s.coveredActions(sets, set, &blk)
		for id := set.Next(0); id >= 0; id = set.Next(id + 1) {
			svc := actions.Refs[id].Svc
			if p.index[svc] == nil {
				p.index[svc] = make([]actionIndex, actions.SvcStart[svc+1]-actions.SvcStart[svc])
			}
			p.index[svc][id-actions.SvcStart[svc]].add(s)
		}
		p.other.add(s)
	}
	for _, row := range p.index {
		for i := range row {
			row[i].finish()
		}
	}
	p.other.finish()
}

func (x *actionIndex) add(s *CompiledStatement) {
	if s.Allow {
		x.allow.add(s)
	} else {
		x.deny.add(s)
	}
}

func (x *actionIndex) finish() {
	x.deny.finish()
	x.allow.finish()
}

// coveredActions writes into set the catalogued actions the statement's Action or NotAction
// covers. Literal names are looked up; only wildcards are matched against every action.
func (s *CompiledStatement) coveredActions(cache map[*pattern.Pattern]actions.Set, set actions.Set, blk *[]uint64) {
	clear(set)
	for _, a := range s.actions {
		bits, ok := cache[a]
		if !ok {
			bits = patternSet(a, blk)
			cache[a] = bits
		}
		set.Union(bits)
	}
	if s.notAction {
		for i := range set {
			set[i] = actions.All[i] &^ set[i]
		}
	}
}

// patternSet is the set of catalogued actions one Action entry covers (nil for none; read
// only): a literal action's is shared, a wildcard's is cut from the block *blk.
func patternSet(a *pattern.Pattern, blk *[]uint64) actions.Set {
	if !a.HasWildcards() {
		if id, ok := actions.Lower[strings.ToLower(a.String())]; ok {
			return actions.Single[id]
		}
		return nil
	}
	var set actions.Set
	for i := range actions.Refs {
		if ok, _ := a.Match(actions.Refs[i].Lower, nil); ok {
			if set == nil {
				n := len(actions.All)
				set = block.Reserve(blk, n, block.Grow(cap(*blk), 16*n, 4096))[:n]
			}
			set.Add(i)
		}
	}
	return set
}

// matchAction reports whether the statement's Action/NotAction covers a lower-cased action.
func (s *CompiledStatement) matchAction(lower string) bool {
	m := false
	for _, a := range s.actions {
		if ok, _ := a.Match(lower, nil); ok {
			m = true
			break
		}
	}
	return m != s.notAction
}

// arnPattern matches resource ARNs the way IAM does: "*" matches everything; otherwise
// component by component, a component ending in * spanning colons (pattern.ARN).
type arnPattern struct {
	src    string
	all    bool
	arn    *pattern.ARN
	prefix string // literal text every match starts with
}

// actionPattern compiles an Action entry once per policy: large policies repeat the same
// few actions in every statement, and patterns are immutable, so statements share them.
func (p *Policy) actionPattern(s string) *pattern.Pattern {
	if c, ok := p.actionCache[s]; ok {
		return c
	}
	c := pattern.Compile(s, pattern.Options{Wildcards: true, Fold: true})
	if p.actionCache == nil {
		p.actionCache = map[string]*pattern.Pattern{}
	}
	p.actionCache[s] = c
	return c
}

// resourcePattern compiles a Resource entry once per policy, as actionPattern does.
func (p *Policy) resourcePattern(s string) arnPattern {
	if c, ok := p.resourceCache[s]; ok {
		return c
	}
	c := compileResourcePattern(s, p.variables)
	if p.resourceCache == nil {
		p.resourceCache = map[string]arnPattern{}
	}
	p.resourceCache[s] = c
	return c
}

func compileResourcePattern(s string, vars bool) arnPattern {
	a, _ := pattern.CompileARN(s, pattern.Options{Wildcards: true, Variables: vars}, true)
	return arnPattern{src: s, all: a.MatchAll(), arn: a, prefix: a.Prefix()}
}

// match reports whether the resource matches; ok is false when a policy variable had no value.
func (a *arnPattern) match(res string, r pattern.Resolver) (matched, ok bool) {
	if a.all {
		return true, true
	}
	return a.arn.Match(res, r)
}

// matchPrefixed is match for a resource known to start with the pattern's prefix.
func (a *arnPattern) matchPrefixed(res string, r pattern.Resolver) (matched, ok bool) {
	if a.all {
		return true, true
	}
	return a.arn.MatchPrefixed(res, r)
}
