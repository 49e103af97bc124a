package policy

import (
	"github.com/iamplay/iamplay/engine/internal/actions"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/internal/block"
	"github.com/iamplay/iamplay/engine/internal/pattern"
	"github.com/iamplay/iamplay/engine/internal/suggest"
)

// list returns the catalogue actions in the set, nil when it is empty.
func setActions(s actions.Set) []*catalog.Action {
	n := s.Count()
	if n == 0 {
		return nil
	}
	out := make([]*catalog.Action, 0, n)
	for i := s.Next(0); i >= 0; i = s.Next(i + 1) {
		out = append(out, actions.Refs[i].A)
	}
	return out
}

// actionCoverage is the set of catalogued actions an Action entry matches (none when the
// entry is malformed).
func actionCoverage(s string) actions.Set {
	set := actions.NewSet()
	if f, msg := scanAction(s); msg == "" {
		f.coverage(s, set)
	}
	return set
}

// actionForm is what one scan of a well-formed action entry finds.
type actionForm struct {
	colon    int  // index of the colon; -1 for "*"
	wildSvc  bool // * or ? in the service prefix
	wildName bool // * or ? in the action name
}

// coverage adds to set (full width) the catalogued actions the entry s, of form f, matches.
func (f actionForm) coverage(s string, set actions.Set) {
	if f.colon < 0 {
		set.Union(actions.All)
		return
	}
	svc, name := s[:f.colon], s[f.colon+1:]
	if !f.wildSvc {
		if c, ok := catalog.Lookup(svc); ok {
			serviceActions(c.ID, name, f.wildName, set)
		}
		return
	}
	for _, c := range catalog.Services() {
		if pattern.Glob(svc, c.Prefix, true) {
			serviceActions(c.ID, name, f.wildName, set)
		}
	}
}

// lookupAction finds the id of a literal action service:name (colon at i), case-insensitively,
// without allocating: the exact spelling first, then each name of the service.
func lookupAction(s string, i int) (int, bool) {
	c, ok := catalog.Lookup(s[:i])
	if !ok {
		return 0, false
	}
	if id, ok := actions.Exact[s]; ok {
		return id, true
	}
	for j, n := range actions.SvcNames[c.ID] {
		if strings.EqualFold(n, s[i+1:]) {
			return actions.SvcStart[c.ID] + j, true
		}
	}
	return 0, false
}

// serviceActions adds to set the actions of one service a name (without the prefix) matches.
func serviceActions(svc int, name string, wild bool, set actions.Set) {
	for i, n := range actions.SvcNames[svc] {
		if wild && pattern.Glob(name, n, true) || !wild && strings.EqualFold(name, n) {
			set.Add(actions.SvcStart[svc] + i)
			if !wild {
				return
			}
		}
	}
}

// newSet is an empty full-width action set cut from the validator's block: wildcard entries
// need one each (literal entries share single's).
func (v *validator) newSet() actions.Set {
	n := len(actions.All)
	return actions.Set(block.Reserve(&v.sets, n, block.Grow(cap(v.sets), 4*n, 4096))[:n])
}

// scratch is the validator's i-th reusable set, emptied: a statement's Action and NotAction
// sets, which live until the next statement.
func (v *validator) scratch(i int) actions.Set {
	if v.stmt[i] == nil {
		n := len(actions.All)
		w := make(actions.Set, 2*n) // both in one allocation
		v.stmt[0], v.stmt[1] = w[:n:n], w[n:]
	}
	clear(v.stmt[i])
	return v.stmt[i]
}

// actionHit is an Action entry that names catalogued actions, kept for the checks that look
// at a statement's actions and resources together.
type actionHit struct {
	item *String
	set  actions.Set
	wild bool
}

// actions checks every Action and NotAction entry and returns the catalogued actions the
// statement covers (for NotAction: every action it does not exclude) when its Condition
// needs them, nil otherwise. The Action entries that name catalogued actions are left in
// v.hits.
func (v *validator) actions(st *Statement) actions.Set {
	v.hits = v.hits[:0]
	var set, excluded actions.Set
	if st.Condition != nil {
		set, excluded = v.scratch(0), v.scratch(1)
	}
	if st.Action != nil {
		set = v.actionList(st.Action, true, set)
	}
	if st.NotAction != nil {
		excluded = v.actionList(st.NotAction, false, excluded)
		if st.Action == nil && set != nil {
			for i := range set {
				set[i] = actions.All[i] &^ excluded[i]
			}
		}
	}
	return set
}

// actionList checks the entries of one Action or NotAction list and returns their union,
// written into set (nil: not collected).
func (v *validator) actionList(l *StringList, record bool, set actions.Set) actions.Set {
	for i := range l.Items {
		a := &l.Items[i]
		f, s := v.action(a)
		if !s.Empty() && record {
			v.hits = append(v.hits, actionHit{item: a, set: s, wild: f.wildSvc || f.wildName || f.colon < 0})
		}
		if set != nil {
			set.Union(s)
		}
	}
	v.duplicates(l, true)
	return set
}

// action checks one entry: its shape, and for a catalogued service that it names real actions.
func (v *validator) action(a *String) (actionForm, actions.Set) {
	s := a.Value
	f, msg := scanAction(s)
	if msg != "" {
		sugg := ""
		if t := strings.TrimSpace(s); t != s {
			if _, m := scanAction(t); m == "" {
				sugg = v.replacement(a.Range, t)
			}
		}
		v.add(CodeActionFormat, a.Path, a.Range, msg, sugg)
		return f, nil
	}
	var set actions.Set
	switch {
	case f.colon < 0:
		set = actions.All
	case !f.wildSvc && !f.wildName:
		if id, ok := lookupAction(s, f.colon); ok {
			set = actions.Single[id]
		}
	default:
		set = v.newSet()
		f.coverage(s, set)
	}
	if !set.Empty() || f.wildSvc || f.colon < 0 {
		return f, set
	}
	svc, ok := catalog.Lookup(s[:f.colon])
	if !ok {
		return f, set // other services' actions are not looked up
	}
	name := s[f.colon+1:]
	if f.wildName {
		v.add(CodeActionMatchesNothing, a.Path, a.Range,
			quote(s)+" matches no "+svc.ShortName+" action", "")
		return f, nil
	}
	msg = "unknown " + svc.ShortName + " action " + quote(s)
	sugg := ""
	if best, ok := suggest.Closest(name, actions.SvcNames[svc.ID]); ok {
		msg += "; did you mean `" + svc.Prefix + ":" + best + "`?"
		sugg = v.replacement(a.Range, svc.Prefix+":"+best)
	}
	v.add(CodeUnknownAction, a.Path, a.Range, msg, sugg)
	return f, nil
}

// scanAction reads an action entry in one pass: its form, and what is wrong with it ("" when
// it is "*" or service:action). Names of other services are not looked up; their
// characters are.
func scanAction(s string) (actionForm, string) {
	f := actionForm{colon: -1}
	if s == "*" {
		return f, ""
	}
	if s == "" {
		return f, "the action is empty; write service:action, e.g. secretsmanager:GetSecretValue"
	}
	for j := 0; j < len(s); j++ {
		c := s[j]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-':
		case c == '*' || c == '?':
			if f.colon < 0 {
				f.wildSvc = true
			} else {
				f.wildName = true
			}
		case c == ':' && f.colon < 0:
			f.colon = j
		case f.colon >= 0 && (c == '_' || c == '.'):
		default:
			return f, "the action " + quote(s) + " contains " + quote(string(rune(c))) + "; actions use letters, digits and the wildcards * and ?"
		}
	}
	switch {
	case f.colon < 0:
		return f, "an action is written service:action, e.g. secretsmanager:GetSecretValue, not " + quote(s)
	case f.colon == 0:
		return f, "the action " + quote(s) + " has no service prefix before the colon"
	case f.colon == len(s)-1:
		return f, "the action " + quote(s) + " has no action name after the colon"
	}
	return f, ""
}

// hasWildcard reports whether s contains * or ?.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
