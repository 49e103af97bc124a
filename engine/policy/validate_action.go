package policy

import (
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
)

// smPrefix is how a Secrets Manager action starts (compared case-insensitively).
const smPrefix = catalog.Service + ":"

// actionSet is a set of Secrets Manager actions: bit i stands for smActions[i]. The
// catalogue has 23 actions; a test keeps it under 64.
type actionSet uint64

// The Secrets Manager catalogue indexed once, so checking an action never rescans it.
var (
	smActions    []*catalog.Action
	smNames      []string       // action names without the prefix, for did-you-mean
	smIndex      map[string]int // exact name -> index; the fast path
	allActions   actionSet      // every action
	starOnlyActs actionSet      // actions with no resource type: they match only Resource "*"
	// resourcePolicyActions change who may use a secret.
	resourcePolicyActions actionSet
)

func init() {
	all := catalog.Actions()
	smIndex = make(map[string]int, len(all))
	for i := range all {
		if i >= 64 {
			break
		}
		a := &all[i]
		smActions = append(smActions, a)
		smNames = append(smNames, a.Name)
		smIndex[a.Name] = i
		allActions |= 1 << i
		if len(a.ResourceTypes) == 0 {
			starOnlyActs |= 1 << i
		}
	}
	resourcePolicyActions = actionBit("PutResourcePolicy") | actionBit("DeleteResourcePolicy")
}

func actionBit(name string) actionSet {
	if i, ok := smIndex[name]; ok {
		return 1 << i
	}
	return 0
}

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

// actionCoverage is the set of Secrets Manager actions an Action entry matches.
func actionCoverage(s string) actionSet {
	if s == "*" {
		return allActions
	}
	if len(s) > len(smPrefix) && strings.EqualFold(s[:len(smPrefix)], smPrefix) {
		name := s[len(smPrefix):]
		if !hasWildcard(name) {
			if i, ok := lookupAction(name); ok {
				return 1 << i
			}
			return 0
		}
		return matchActions(name)
	}
	if i := strings.IndexByte(s, ':'); i > 0 && hasWildcard(s[:i]) && globFold(s[:i], catalog.Service) {
		return matchActions(s[i+1:])
	}
	return 0
}

// matchActions is the set of actions a wildcard name (without the prefix) matches.
func matchActions(name string) actionSet {
	var set actionSet
	for i, n := range smNames {
		if globFold(name, n) {
			set |= 1 << i
		}
	}
	return set
}

// actions checks every Action and NotAction entry and returns the Secrets Manager actions
// the statement covers (for NotAction: every action it does not exclude).
func (v *validator) actions(st *Statement) actionSet {
	var set actionSet
	if st.Action != nil {
		set = v.actionList(st.Action)
	}
	if st.NotAction != nil {
		excluded := v.actionList(st.NotAction)
		if st.Action == nil {
			set = allActions &^ excluded
		}
	}
	return set
}

// actionList checks the entries of one Action or NotAction list and returns their union.
func (v *validator) actionList(l *StringList) actionSet {
	var set actionSet
	for i := range l.Items {
		set |= v.action(&l.Items[i])
	}
	v.duplicates(l, true)
	return set
}

// action checks one entry: its shape, and for Secrets Manager that it names real actions.
func (v *validator) action(a *String) actionSet {
	s := a.Value
	if msg := actionShape(s); msg != "" {
		sugg := ""
		if t := strings.TrimSpace(s); t != s && actionShape(t) == "" {
			sugg = v.replacement(a.Range, t)
		}
		v.add("policy.action_format", a.Path, a.Range, msg, sugg)
		return 0
	}
	set := actionCoverage(s)
	if set != 0 || len(s) <= len(smPrefix) || !strings.EqualFold(s[:len(smPrefix)], smPrefix) {
		return set
	}
	name := s[len(smPrefix):]
	if hasWildcard(name) {
		v.add("policy.action_matches_nothing", a.Path, a.Range,
			quote(s)+" matches no Secrets Manager action", "")
		return 0
	}
	msg := "unknown Secrets Manager action " + quote(s)
	sugg := ""
	if best, ok := catalog.Suggest(name, smNames); ok {
		msg += "; did you mean " + quote(smPrefix+best) + "?"
		sugg = v.replacement(a.Range, smPrefix+best)
	}
	v.add("policy.unknown_action", a.Path, a.Range, msg, sugg)
	return 0
}

// actionShape says what is wrong with the form of an action, or "" when it is service:action
// or "*". Names of other services are not looked up; their characters are.
func actionShape(s string) string {
	if s == "" {
		return "the action is empty; write service:action, e.g. secretsmanager:GetSecretValue"
	}
	if s == "*" {
		return ""
	}
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return "an action is written service:action, e.g. secretsmanager:GetSecretValue, not " + quote(s)
	}
	if i == 0 {
		return "the action " + quote(s) + " has no service prefix before the colon"
	}
	if i == len(s)-1 {
		return "the action " + quote(s) + " has no action name after the colon"
	}
	for j := 0; j < len(s); j++ {
		c := s[j]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '*', c == '?', c == '-':
		case j == i:
		case j > i && (c == '_' || c == '.'):
		default:
			return "the action " + quote(s) + " contains " + quote(string(rune(c))) + "; actions use letters, digits and the wildcards * and ?"
		}
	}
	return ""
}

// hasWildcard reports whether s contains * or ?.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// globFold matches s against pattern with * and ? wildcards, ignoring ASCII case.
func globFold(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || lowerByte(pattern[p]) == lowerByte(s[i])):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
