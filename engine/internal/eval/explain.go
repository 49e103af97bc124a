package eval

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/policy"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// Explain evaluates every statement and says why each matched or not, with the outcome, which
// always equals Evaluate's.
func (p *Policy) Explain(r *Request) (*policy.Explanation, Outcome) {
	return p.ExplainTrimmed(r, len(p.Statements))
}

// ExplainTrimmed is Explain for a policy with more than max statements: it explains only
// the statements whose Action and Resource both match the request (the ones a principal,
// a condition or the effect decides) and counts the rest in Omitted. A statement left out
// cannot match, so the outcome is the same as Explain's; a 2,100-statement policy is
// explained in the time its few relevant statements take.
func (p *Policy) ExplainTrimmed(r *Request, max int) (*policy.Explanation, Outcome) {
	trim := len(p.Statements) > max
	n := len(p.Statements)
	if trim {
		n = 0
	}
	sts := p.Statements
	if trim {
		// Only the statements the index files under the action and resource can match
		// both: a 2,100-statement policy is not scanned whole.
		if c, ok := p.candidates(r); ok {
			sts = c
		}
		// The list is as long as what matches, counted first: room for every candidate
		// was 70 KB of an edit of a 2,100-statement policy.
		for _, s := range sts {
			if s.Usable && s.matchAction(r.lower) && s.matchResource(r) {
				n++
			}
		}
	}
	e := &policy.Explanation{Statements: make([]policy.StatementResult, 0, n)}
	var o Outcome
	var missing map[string]bool
	if trim {
		e.Omitted = len(p.Statements)
	}
	for _, s := range sts {
		if trim && !(s.Usable && s.matchAction(r.lower) && s.matchResource(r)) {
			continue
		}
		if trim {
			e.Omitted--
		}
		e.Statements = append(e.Statements, policy.StatementResult{})
		res := &e.Statements[len(e.Statements)-1]
		s.explain(r, &missing, res)
		if res.Matched && s.Usable {
			if s.Allow {
				o.Allow = true
				if res.Strength > o.Strength {
					o.Strength = res.Strength
				}
			} else {
				o.Deny = true
			}
		}
	}
	if o.Deny {
		o.Allow, o.Strength = false, policy.PrincipalNoMatch
	}
	for k := range missing {
		e.Missing = append(e.Missing, k)
	}
	// sort.Slice, not sort.Strings: the .wasm has its sort already (slices.Sort for strings is 5 KB gzip more)
	sort.Slice(e.Missing, func(i, j int) bool { return e.Missing[i] < e.Missing[j] })
	return e, o
}

// candidates are the statements the index files under r's catalogued action whose
// resource patterns could match r's resource (what Evaluate scans), in the policy's order;
// ok is false for an action no catalogue lists.
func (p *Policy) candidates(r *Request) (c []*CompiledStatement, ok bool) {
	if r.svc < 0 || p.index == nil {
		return nil, false
	}
	row := p.index[r.svc]
	if row == nil {
		return nil, true
	}
	x := &row[r.local]
	c = x.allow.collect(r, x.deny.collect(r, nil))
	sort.Slice(c, func(i, j int) bool { return c[i].St.Index < c[j].St.Index })
	return slices.Compact(c), true
}

// collect appends the statements of the index whose resource patterns could match r's.
func (x *resourceIndex) collect(r *Request, to []*CompiledStatement) []*CompiledStatement {
	to = append(to, x.any...)
	if len(x.lens) == 0 || len(r.Resource) < len(x.common) || r.Resource[:len(x.common)] != x.common {
		return to
	}
	rest := r.Resource[len(x.common):]
	for _, n := range x.lens {
		if n > len(rest) {
			break
		}
		to = append(to, x.byPrefix[rest[:n]]...)
	}
	return to
}

func (s *CompiledStatement) explain(r *Request, missing *map[string]bool, res *policy.StatementResult) {
	st := s.St
	s.whyOnce.Do(s.writeWhys)
	*res = policy.StatementResult{Index: st.Index, Sid: sidOf(st), Path: st.Path, Range: st.Range}
	if st.Effect != nil {
		res.Effect = st.Effect.Value
	}
	res.Action = s.explainAction(r)
	res.Resource = s.explainResource(r, missing)
	ok := s.Usable && res.Action.Matched && res.Resource.Matched
	res.Strength = policy.PrincipalByARN
	if s.principal != nil {
		c := s.explainPrincipal(r)
		res.Principal = &c
		ok = ok && c.Matched
		if !s.notPrinc {
			res.Strength = s.principal.match(r.Caller)
		}
	}
	if s.cond != nil {
		res.Conditions = s.cond.Explain(r.Context)
		for _, c := range res.Conditions {
			if !c.Result {
				ok = false
			}
			if c.Missing {
				note(missing, c.Key)
			}
		}
	}
	if !s.Usable {
		res.Action.Why += " (the statement is not usable: it has an invalid Effect or conflicting elements)"
	}
	res.Matched = ok
	if !ok {
		res.Strength = policy.PrincipalNoMatch
	}
}

func sidOf(st *policy.Statement) string {
	if st.Sid != nil {
		return st.Sid.Value
	}
	return ""
}

// whys are the sentences an explanation uses for a statement's Action and Resource. They
// depend only on the policy, so they are written once, on the statement's first Explain,
// and later explanations allocate nothing for them.
type whys struct {
	actionHit  []string // per item: "the action matches \"X\"" (NotAction: "is excluded by")
	actionMiss string
	resHit     []string
	resMiss    string
}

func (s *CompiledStatement) writeWhys() {
	if el := s.actionElement(); el != nil {
		s.why.actionHit, s.why.actionMiss = sentences(el, "action", "NotAction", "the action is not in Action ", "the action matches ", s.notAction)
	}
	if el := s.resourceElement(); el != nil {
		s.why.resHit, s.why.resMiss = sentences(el, "resource", "NotResource", "the resource does not match ", "the resource matches ", s.notRes)
	}
}

// sentences writes the explanation of one Action or Resource element: a sentence for each
// entry that can match, and one for none matching. A Not element reads the other way round.
func sentences(el *policy.StringList, noun, notElement, miss, hit string, negated bool) ([]string, string) {
	if negated {
		hit = "the " + noun + " is excluded by " + notElement + " "
		miss = "the " + noun + " is not listed in " + notElement + " "
	}
	hits := make([]string, len(el.Items))
	for i, it := range el.Items {
		hits[i] = hit + squote(it.Value)
	}
	return hits, miss + quoteList(el)
}

func (s *CompiledStatement) actionElement() *policy.StringList {
	if s.notAction {
		return s.St.NotAction
	}
	return s.St.Action
}

func (s *CompiledStatement) resourceElement() *policy.StringList {
	if s.notRes {
		return s.St.NotResource
	}
	return s.St.Resource
}

func (s *CompiledStatement) explainAction(r *Request) policy.ElementCheck {
	el := s.actionElement()
	if el == nil || len(s.actions) != len(el.Items) {
		return policy.ElementCheck{Why: "the statement has no usable Action"}
	}
	for i, a := range s.actions {
		if ok, _ := a.Match(r.lower, nil); ok {
			it := &el.Items[i]
			return policy.ElementCheck{Matched: !s.notAction, Why: s.why.actionHit[i], Path: it.Path, Range: it.Range}
		}
	}
	return policy.ElementCheck{Matched: s.notAction, Why: s.why.actionMiss, Path: el.Path, Range: el.Range}
}

func (s *CompiledStatement) explainResource(r *Request, missing *map[string]bool) policy.ElementCheck {
	if s.noRes {
		return policy.ElementCheck{Matched: true, Why: "the statement has no Resource element, so it covers every resource"}
	}
	el := s.resourceElement()
	if el == nil || len(s.resources) != len(el.Items) {
		return policy.ElementCheck{Why: "the statement has no usable Resource"}
	}
	var unresolved []string
	for i := range s.resources {
		m, ok := s.resources[i].match(r.Resource, r.Context)
		it := &el.Items[i]
		if !ok {
			for _, v := range pattern.Vars(it.Value) {
				if _, has := r.Context.Resolve(strings.ToLower(v.Key)); !has && !v.HasDef {
					note(missing, v.Key)
					unresolved = append(unresolved, "${"+v.Key+"}")
				}
			}
		}
		if m {
			return policy.ElementCheck{Matched: !s.notRes, Why: s.why.resHit[i], Path: it.Path, Range: it.Range}
		}
	}
	why := s.why.resMiss
	if len(unresolved) > 0 {
		why += "; " + strings.Join(unresolved, ", ") + " has no value in the request, so a pattern that uses it matches nothing"
	}
	return policy.ElementCheck{Matched: s.notRes, Why: why, Path: el.Path, Range: el.Range}
}

func (s *CompiledStatement) explainPrincipal(r *Request) policy.ElementCheck {
	el := s.St.Principal
	if s.notPrinc {
		el = s.St.NotPrincipal
		if s.principal.excludes(r.Caller) {
			if s.boundaryOverride(r) {
				return policy.ElementCheck{Matched: true, Why: r.Caller.ARN + " is named in NotPrincipal, but a Deny with NotPrincipal always applies to a principal with a permissions boundary attached", Path: el.Path, Range: el.Range}
			}
			return policy.ElementCheck{Why: r.Caller.ARN + " is excluded by NotPrincipal", Path: el.Path, Range: el.Range}
		}
		return policy.ElementCheck{Matched: true, Why: r.Caller.ARN + " is not named in NotPrincipal (naming its account or its role does not exempt it)", Path: el.Path, Range: el.Range}
	}
	switch m := s.principal.match(r.Caller); m {
	case policy.PrincipalNoMatch:
		return policy.ElementCheck{Why: "Principal does not name " + r.Caller.ARN, Path: el.Path, Range: el.Range}
	case policy.PrincipalByAccount:
		// "This delegates authority to the account" (IAM User Guide, Principal, AWS account principals).
		return policy.ElementCheck{Matched: true, Why: "Principal names the account " + r.Caller.Account + " of " + r.Caller.ARN + ": that delegates to the account's IAM policies and grants nothing by itself", Path: el.Path, Range: el.Range}
	case policy.PrincipalByRole:
		if r.Caller.Kind == policy.PrincipalFederated {
			return policy.ElementCheck{Matched: true, Why: "Principal names the IAM user " + r.Caller.Issuer + " that made the federated user session " + r.Caller.ARN, Path: el.Path, Range: el.Range}
		}
		return policy.ElementCheck{Matched: true, Why: "Principal names the role " + string(r.Caller.AppendRoleARN(nil)) + " of the session " + r.Caller.ARN, Path: el.Path, Range: el.Range}
	case policy.PrincipalByWildcard:
		return policy.ElementCheck{Matched: true, Why: "Principal \"*\" names everyone", Path: el.Path, Range: el.Range}
	default:
		return policy.ElementCheck{Matched: true, Why: "Principal names " + r.Caller.ARN, Path: el.Path, Range: el.Range}
	}
}

// squote wraps s in double quotes for a sentence; cheaper than strconv.Quote, and the
// explanation is read by people, not parsed.
func squote(s string) string { return "\"" + s + "\"" }

// quoteList quotes a list's entries, naming at most three.
func quoteList(l *policy.StringList) string {
	switch len(l.Items) {
	case 0:
		return "[]"
	case 1:
		return squote(l.Items[0].Value)
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, it := range l.Items {
		if i == 3 {
			b.WriteString(", and " + strconv.Itoa(len(l.Items)-3) + " more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(squote(it.Value))
	}
	b.WriteByte(']')
	return b.String()
}

// note records a missing context key, making the set on first use.
func note(m *map[string]bool, key string) {
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[key] = true
}
