package policy

import (
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/internal/pattern"
	"github.com/iamplay/iamplay/engine/internal/suggest"
)

// lookupAction finds an action name (without the prefix) case-insensitively.
func lookupAction(name string) (int, bool) {
	if i, ok := smIndex[name]; ok {
		return i, true
	}
	for i, n := range smNames {
		if strings.EqualFold(n, name) {
			return i, true
		}
	}
	return 0, false
}

// list returns the catalogue actions in the set, nil when it is empty.
func (s actionSet) list() []*catalog.Action {
	if s == 0 {
		return nil
	}
	out := make([]*catalog.Action, 0, 8)
	for i, a := range smActions {
		if s&(1<<i) != 0 {
			out = append(out, a)
		}
	}
	return out
}

// actionCoverage is the set of Secrets Manager actions an Action entry matches (none when
// the entry is malformed).
func actionCoverage(s string) actionSet {
	f, msg := scanAction(s)
	if msg != "" {
		return 0
	}
	return f.coverage(s)
}

// actionForm is what one scan of a well-formed action entry finds.
type actionForm struct {
	colon    int  // index of the colon; -1 for "*"
	wildSvc  bool // * or ? in the service prefix
	wildName bool // * or ? in the action name
}

// coverage is the set of Secrets Manager actions the entry s, of form f, matches.
func (f actionForm) coverage(s string) actionSet {
	if f.colon < 0 {
		return allActions
	}
	svc, name := s[:f.colon], s[f.colon+1:]
	if f.wildSvc {
		if !pattern.Glob(svc, catalog.Service, true) {
			return 0
		}
	} else if len(svc) != len(catalog.Service) || !strings.EqualFold(svc, catalog.Service) {
		return 0
	}
	if f.wildName {
		return matchActions(name)
	}
	if i, ok := lookupAction(name); ok {
		return 1 << i
	}
	return 0
}

// matchActions is the set of actions a wildcard name (without the prefix) matches.
func matchActions(name string) actionSet {
	var set actionSet
	for i, n := range smNames {
		if pattern.Glob(name, n, true) {
			set |= 1 << i
		}
	}
	return set
}

// actionHit is an Action entry that names Secrets Manager actions, kept for the checks that
// look at a statement's actions and resources together.
type actionHit struct {
	item *String
	set  actionSet
	wild bool
}

// actions checks every Action and NotAction entry and returns the Secrets Manager actions
// the statement covers (for NotAction: every action it does not exclude). The Action
// entries that name Secrets Manager actions are left in v.hits.
func (v *validator) actions(st *Statement) actionSet {
	v.hits = v.hits[:0]
	var set actionSet
	if st.Action != nil {
		set = v.actionList(st.Action, true)
	}
	if st.NotAction != nil {
		excluded := v.actionList(st.NotAction, false)
		if st.Action == nil {
			set = allActions &^ excluded
		}
	}
	return set
}

// actionList checks the entries of one Action or NotAction list and returns their union.
func (v *validator) actionList(l *StringList, record bool) actionSet {
	var set actionSet
	for i := range l.Items {
		a := &l.Items[i]
		f, s := v.action(a)
		if s != 0 && record {
			v.hits = append(v.hits, actionHit{item: a, set: s, wild: f.wildSvc || f.wildName || f.colon < 0})
		}
		set |= s
	}
	v.duplicates(l, true)
	return set
}

// action checks one entry: its shape, and for Secrets Manager that it names real actions.
func (v *validator) action(a *String) (actionForm, actionSet) {
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
		return f, 0
	}
	set := f.coverage(s)
	if set != 0 || f.colon != len(catalog.Service) || !strings.EqualFold(s[:f.colon], catalog.Service) {
		return f, set
	}
	name := s[f.colon+1:]
	if f.wildName {
		v.add(CodeActionMatchesNothing, a.Path, a.Range,
			quote(s)+" matches no Secrets Manager action", "")
		return f, 0
	}
	msg = "unknown Secrets Manager action " + quote(s)
	sugg := ""
	if best, ok := suggest.Closest(name, smNames); ok {
		msg += "; did you mean `" + smPrefix + best + "`?"
		sugg = v.replacement(a.Range, smPrefix+best)
	}
	v.add(CodeUnknownAction, a.Path, a.Range, msg, sugg)
	return f, 0
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
