package policy

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// ElementCheck is one element's part in a statement's match: whether it matched, why, and where.
type ElementCheck struct {
	Matched bool   `json:"matched"`
	Why     string `json:"why"`
	Path    string `json:"path,omitempty"`
	Range   Range  `json:"range"`
}

// StatementResult explains one statement against a request.
type StatementResult struct {
	Index      int               `json:"index"`
	Sid        string            `json:"sid,omitempty"`
	Effect     string            `json:"effect"`
	Matched    bool              `json:"matched"`
	Path       string            `json:"path"`
	Range      Range             `json:"range"`
	Action     ElementCheck      `json:"action"`
	Resource   ElementCheck      `json:"resource"`
	Principal  *ElementCheck     `json:"principal,omitempty"`
	Conditions []ConditionResult `json:"conditions,omitempty"`
	Strength   PrincipalMatch    `json:"-"`
}

// Explanation is the exhaustive account of one policy against a request.
type Explanation struct {
	Outcome    Outcome           `json:"-"`
	Statements []StatementResult `json:"statements"`
	Missing    []string          `json:"missingContext,omitempty"` // keys a statement needed that the request lacked
}

// Explain evaluates every statement and says why each matched or not. Its outcome always
// equals Evaluate's.
func (p *Policy) Explain(r *Request) *Explanation {
	e := &Explanation{}
	missing := map[string]bool{}
	for _, s := range p.Statements {
		res := s.explain(r, missing)
		if res.Matched && s.Usable {
			if s.Allow {
				e.Outcome.Allow = true
				if res.Strength > e.Outcome.Strength {
					e.Outcome.Strength = res.Strength
				}
			} else {
				e.Outcome.Deny = true
			}
		}
		e.Statements = append(e.Statements, res)
	}
	if e.Outcome.Deny {
		e.Outcome.Allow, e.Outcome.Strength = false, PrincipalNoMatch
	}
	for k := range missing {
		e.Missing = append(e.Missing, k)
	}
	sort.Strings(e.Missing)
	return e
}

func (s *CompiledStatement) explain(r *Request, missing map[string]bool) StatementResult {
	st := s.St
	res := StatementResult{Index: st.Index, Sid: sidOf(st), Path: st.Path, Range: st.Range}
	if st.Effect != nil {
		res.Effect = st.Effect.Value
	}
	res.Action = s.explainAction(r)
	res.Resource = s.explainResource(r, missing)
	ok := s.Usable && res.Action.Matched && res.Resource.Matched
	res.Strength = PrincipalByARN
	if s.principal != nil {
		c := s.explainPrincipal(r)
		res.Principal = &c
		ok = ok && c.Matched
		if !s.notPrinc {
			res.Strength = s.principal.match(&r.Caller)
		}
	}
	if s.cond != nil {
		res.Conditions = s.cond.Explain(r.Context)
		for _, c := range res.Conditions {
			if !c.Result {
				ok = false
			}
			if c.Missing {
				missing[c.Key] = true
			}
		}
	}
	if !s.Usable {
		res.Action.Why += " (the statement is not usable: it has an invalid Effect or conflicting elements)"
	}
	res.Matched = ok
	if !ok {
		res.Strength = PrincipalNoMatch
	}
	return res
}

func sidOf(st *Statement) string {
	if st.Sid != nil {
		return st.Sid.Value
	}
	return ""
}

func (s *CompiledStatement) explainAction(r *Request) ElementCheck {
	el := s.St.Action
	name := "Action"
	if s.notAction {
		el, name = s.St.NotAction, "NotAction"
	}
	if el == nil {
		return ElementCheck{Why: "the statement has no Action"}
	}
	for i, a := range s.actions {
		if ok, _ := a.Match(r.lower, nil); ok {
			it := el.Items[i]
			if s.notAction {
				return ElementCheck{Matched: false, Why: r.Action + " is excluded by NotAction " + strconv.Quote(it.Value), Path: it.Path, Range: it.Range}
			}
			return ElementCheck{Matched: true, Why: r.Action + " matches " + strconv.Quote(it.Value), Path: it.Path, Range: it.Range}
		}
	}
	if s.notAction {
		return ElementCheck{Matched: true, Why: r.Action + " is not listed in NotAction", Path: el.Path, Range: el.Range}
	}
	return ElementCheck{Why: r.Action + " is not in " + name + " " + quoteList(el), Path: el.Path, Range: el.Range}
}

func (s *CompiledStatement) explainResource(r *Request, missing map[string]bool) ElementCheck {
	if s.noRes {
		return ElementCheck{Matched: true, Why: "the statement has no Resource element, so it covers every resource"}
	}
	el := s.St.Resource
	if s.notRes {
		el = s.St.NotResource
	}
	var unresolved []string
	for i := range s.resources {
		m, ok := s.resources[i].match(r.Resource, r.Context)
		it := el.Items[i]
		if !ok {
			for _, v := range pattern.Vars(it.Value) {
				if _, has := r.Context.Resolve(strings.ToLower(v.Key)); !has && !v.HasDef {
					missing[v.Key] = true
					unresolved = append(unresolved, "${"+v.Key+"}")
				}
			}
		}
		if m {
			if s.notRes {
				return ElementCheck{Why: r.Resource + " is excluded by NotResource " + strconv.Quote(it.Value), Path: it.Path, Range: it.Range}
			}
			return ElementCheck{Matched: true, Why: r.Resource + " matches " + strconv.Quote(it.Value), Path: it.Path, Range: it.Range}
		}
	}
	why := r.Resource + " does not match " + quoteList(el)
	if s.notRes {
		why = r.Resource + " is not listed in NotResource"
	}
	if len(unresolved) > 0 {
		why += "; " + strings.Join(unresolved, ", ") + " has no value in the request, so a pattern that uses it matches nothing"
	}
	return ElementCheck{Matched: s.notRes, Why: why, Path: el.Path, Range: el.Range}
}

func (s *CompiledStatement) explainPrincipal(r *Request) ElementCheck {
	el := s.St.Principal
	if s.notPrinc {
		el = s.St.NotPrincipal
		if s.principal.excludes(&r.Caller) {
			if s.boundaryOverride(r) {
				return ElementCheck{Matched: true, Why: r.Caller.ARN + " is named in NotPrincipal, but a Deny with NotPrincipal always applies to a principal with a permissions boundary attached", Path: el.Path, Range: el.Range}
			}
			return ElementCheck{Why: r.Caller.ARN + " is excluded by NotPrincipal", Path: el.Path, Range: el.Range}
		}
		return ElementCheck{Matched: true, Why: r.Caller.ARN + " is not named in NotPrincipal (by its ARN, its role or its account)", Path: el.Path, Range: el.Range}
	}
	switch m := s.principal.match(&r.Caller); m {
	case PrincipalNoMatch:
		return ElementCheck{Why: "Principal does not name " + r.Caller.ARN, Path: el.Path, Range: el.Range}
	case PrincipalByAccount:
		return ElementCheck{Matched: true, Why: "Principal names the account " + r.Caller.Account + " of " + r.Caller.ARN, Path: el.Path, Range: el.Range}
	case PrincipalByRole:
		return ElementCheck{Matched: true, Why: "Principal names the role " + r.Caller.RoleARN + " of the session " + r.Caller.ARN, Path: el.Path, Range: el.Range}
	default:
		if s.principal.wildcard {
			return ElementCheck{Matched: true, Why: "Principal \"*\" names everyone", Path: el.Path, Range: el.Range}
		}
		return ElementCheck{Matched: true, Why: "Principal names " + r.Caller.ARN, Path: el.Path, Range: el.Range}
	}
}

func quoteList(l *StringList) string {
	if len(l.Items) == 1 {
		return strconv.Quote(l.Items[0].Value)
	}
	q := make([]string, len(l.Items))
	for i, it := range l.Items {
		q[i] = strconv.Quote(it.Value)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
