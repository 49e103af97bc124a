package authz

import (
	"sort"

	"github.com/iamplay/iamplay/engine/policy"
)

// Result is the full, explained answer to a request.
type Result struct {
	Decision       Decision         `json:"decision"`
	Reason         string           `json:"reason"`    // one sentence in AWS's words
	DecidedBy      string           `json:"decidedBy"` // the layer that decided: scp, resource, identity, boundary, session
	SameAccount    bool             `json:"sameAccount"`
	Layers         []Layer          `json:"layers"` // every layer present, in the order AWS applies them
	Policies       []PolicyResult   `json:"policies"`
	Row            Row              `json:"row"` // the seed table's row for identity side (A) × resource policy (B)
	MissingContext []string         `json:"missingContext,omitempty"`
	Derived        []policy.Derived `json:"derived,omitempty"` // context keys derived from the principal, the resource and the clock
	Findings       []Finding        `json:"findings,omitempty"`
	Valid          bool             `json:"valid"` // no policy has an error finding
}

// Layer is one kind of policy in the chain with its combined verdict.
type Layer struct {
	Kind    policy.Kind `json:"kind"`
	Verdict Verdict     `json:"verdict"`
	Decided bool        `json:"decided"` // this layer decided the outcome
	Note    string      `json:"note,omitempty"`
}

// PolicyResult is one policy's verdict with every statement explained.
type PolicyResult struct {
	Kind       policy.Kind              `json:"kind"`
	Index      int                      `json:"index"`
	Level      int                      `json:"level,omitempty"` // SCP level, root = 0
	Name       string                   `json:"name"`
	Locator    string                   `json:"policy"` // identityPolicies/0, resourcePolicy, scps/1/0, ...
	Verdict    Verdict                  `json:"verdict"`
	Strength   string                   `json:"principalMatch,omitempty"`
	Statements []policy.StatementResult `json:"statements"`
	Omitted    int                      `json:"omitted,omitempty"` // statements ExplainTrimmed left out: their Action or Resource does not match
}

func verdictOf(o policy.Outcome) Verdict {
	switch {
	case o.Deny:
		return Denies
	case o.Allow:
		return Allows
	}
	return Silent
}

// Explain evaluates every statement of every policy and returns the decision with its
// reasons. Its decision always equals Decide's.
func (p *Program) Explain(r *policy.Request) *Result {
	return p.ExplainTrimmed(r, -1)
}

// ExplainTrimmed is Explain where each policy with more than max statements lists only the
// statements whose Action and Resource match the request (policy.Policy.ExplainTrimmed);
// max < 0 keeps every statement. The decision is Explain's.
func (p *Program) ExplainTrimmed(r *policy.Request, max int) *Result {
	res := &Result{Findings: p.findings, Valid: p.Valid(), SameAccount: sameAccount(r), Derived: r.Context.Derived()}
	var missing map[string]bool
	outs := make([]policy.Outcome, len(p.all))
	outcome := func(c *compiled) policy.Outcome { return outs[c.at] }
	res.Policies = make([]PolicyResult, 0, len(p.all))
	for i, c := range p.all {
		var e *policy.Explanation
		if max < 0 {
			e = c.pol.Explain(r)
		} else {
			e = c.pol.ExplainTrimmed(r, max)
		}
		outs[i] = e.Outcome
		for _, k := range e.Missing {
			if missing == nil {
				missing = map[string]bool{}
			}
			missing[k] = true
		}
		pr := PolicyResult{Kind: c.kind, Index: c.index, Level: c.level, Name: c.label, Locator: c.name, Verdict: verdictOf(e.Outcome), Statements: e.Statements, Omitted: e.Omitted}
		if c.kind == policy.KindResource && e.Outcome.Allow {
			pr.Strength = e.Outcome.Strength.String()
		}
		res.Policies = append(res.Policies, pr)
	}
	for k := range missing {
		res.MissingContext = append(res.MissingContext, k)
	}
	sort.Strings(res.MissingContext)

	// Layer verdicts.
	scpOK, scpV := true, Silent
	for l := range p.scps {
		allowed := false
		for i := range p.scps[l] {
			o := outcome(&p.scps[l][i])
			scpV = merge(scpV, verdictOf(o))
			allowed = allowed || o.Allow
		}
		scpOK = scpOK && allowed
	}
	if p.hasSCPs && !scpOK && scpV == Allows {
		scpV = Silent // some level allows nothing: the SCP layer as a whole does not allow
	}
	var resOut policy.Outcome
	resV := Silent
	if p.resource != nil {
		resOut = outcome(p.resource)
		resV = verdictOf(resOut)
	}
	idV := Silent
	for i := range p.identity {
		idV = merge(idV, verdictOf(outcome(&p.identity[i])))
	}
	bV, boundaryOK := Silent, true
	if len(p.boundaries) > 0 {
		boundaryOK = false
		for i := range p.boundaries {
			o := outcome(&p.boundaries[i])
			bV = merge(bV, verdictOf(o))
			boundaryOK = boundaryOK || o.Allow
		}
	}
	sV, sessionOK := Silent, true
	if p.session != nil {
		o := outcome(p.session)
		sV, sessionOK = verdictOf(o), o.Allow
	}

	// Explicit deny: the first layer in AWS's order that denies.
	type layer struct {
		kind    policy.Kind
		v       Verdict
		present bool
	}
	chain := []layer{
		{policy.KindSCP, scpV, p.hasSCPs},
		{policy.KindResource, resV, p.resource != nil},
		{policy.KindIdentity, idV, true},
		{policy.KindBoundary, bV, len(p.boundaries) > 0},
		{policy.KindSession, sV, p.session != nil},
	}
	decided := ""
	for _, l := range chain {
		if l.present && l.v == Denies {
			res.Decision, decided = ExplicitDeny, string(l.kind)
			break
		}
	}
	if decided == "" {
		if !p.hasSCPs {
			scpOK = true
		}
		res.Decision, decided = combine(scpOK, idV == Allows, resOut, boundaryOK, sessionOK, res.SameAccount)
	}
	res.DecidedBy = decided
	for _, l := range chain {
		if !l.present {
			continue
		}
		res.Layers = append(res.Layers, Layer{Kind: l.kind, Verdict: l.v, Decided: string(l.kind) == decided})
	}
	res.Row = Combine(idV, resV)
	res.Reason = reason(r, res.Decision, decided, res.SameAccount, resOut)
	return res
}
