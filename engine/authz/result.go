package authz

import (
	"sort"

	"github.com/iamplay/iamplay/engine/internal/eval"
	"github.com/iamplay/iamplay/engine/policy"
)

// Result is the full, explained answer to a request. When AWS would refuse a policy (a
// finding the code catalogue marks policy.Refuses: bad JSON, grammar, a Resource that is
// not an ARN, ...), Decision is Refused, Refused names each such policy with its finding,
// Reason says "AWS would refuse ...", and the verdicts are kept for study with no layer
// marked as deciding. Findings AWS only reports (an unknown action) do not refuse: the
// policy is evaluated as written.
type Result struct {
	Decision    Decision       `json:"decision"`
	Reason      string         `json:"reason"`    // one sentence in AWS's words
	DecidedBy   Layer          `json:"decidedBy"` // the layer that decided: scp, resource, identity, boundary, session
	SameAccount bool           `json:"sameAccount"`
	Layers      []LayerResult  `json:"layers"` // every layer present, in the order AWS applies them
	Policies    []PolicyResult `json:"policies"`
	Row         Row            `json:"row"` // the seed table's row for identity side (A) × resource policy (B)
	// Chain is the combination step by step, as the seed describes it: the running result
	// as Policy A, one more layer as Policy B, under the table AWS applies to that pair.
	// The last step's result is the decision (before any refusal).
	Chain          []Step           `json:"chain"`
	MissingContext []string         `json:"missingContext,omitempty"`
	Derived        []policy.Derived `json:"derived,omitempty"` // context keys derived from the principal, the resource and the request time
	Findings       []Finding        `json:"findings,omitempty"`
	Refused        []Refusal        `json:"refused,omitempty"` // the policies AWS would refuse; then Decision is Refused
	Valid          bool             `json:"valid"`             // AWS would store every policy (and, from Evaluate, the document reads as meant)
}

// LayerResult is one layer of the chain with its combined verdict.
type LayerResult struct {
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
	Name       string                   `json:"name"`            // the user's name for it, or its locator
	Ref        Ref                      `json:"policy"`          // identityPolicies/0, resourcePolicy, scps/1/0, ...
	Verdict    Verdict                  `json:"verdict"`
	Strength   string                   `json:"principalMatch,omitempty"`
	Statements []policy.StatementResult `json:"statements"`
	Omitted    int                      `json:"omitted,omitempty"` // statements ExplainTrimmed left out: their Action or Resource does not match
}

// Explain evaluates every statement of every policy and returns the decision with its
// reasons. Its decision always equals Decide's: both are the one fold.
func (in *Input) Explain(r *Prepared) *Result {
	return in.ExplainTrimmed(r, -1)
}

// ExplainTrimmed is Explain where each policy with more than max statements lists only the
// statements whose Action and Resource match the request;
// max < 0 keeps every statement. The decision is Explain's.
func (in *Input) ExplainTrimmed(r *Prepared, max int) *Result {
	res := &Result{Findings: in.Findings(), Valid: in.Valid(), SameAccount: r.SameAccount(), Derived: r.Derived()}
	ex := &explainer{max: max, res: res}
	n := len(in.Identity) + len(in.Boundaries) + 2 // the resource policy, the session policy
	for _, level := range in.SCPs {
		n += len(level)
	}
	res.Policies = make([]PolicyResult, 0, n) // as many as the fold may explain: one allocation
	var f facts
	res.Decision, res.DecidedBy = fold(in, r, ex, &f)
	if len(res.Policies) == 0 {
		res.Policies = nil // none explained, as before
	}
	for k := range ex.missing {
		res.MissingContext = append(res.MissingContext, k)
	}
	// sort.Slice, not sort.Strings: the .wasm has its sort already (slices.Sort for strings is 5 KB gzip more)
	sort.Slice(res.MissingContext, func(i, j int) bool { return res.MissingContext[i] < res.MissingContext[j] })
	present := [...]bool{LayerSCP: f.inOrg, LayerResource: f.hasRes, LayerIdentity: true, LayerBoundary: len(in.Boundaries) > 0, LayerSession: in.Session != nil}
	for l := LayerSCP; l <= LayerSession; l++ {
		note := notApplying(f.caller, l)
		if present[l] && (note == "" || l != LayerIdentity || len(in.Identity) > 0) {
			res.Layers = append(res.Layers, LayerResult{Kind: l.Kind(), Verdict: f.verdicts[l].Verdict(), Decided: l == res.DecidedBy, Note: note})
		}
	}
	res.Chain = chain(in, &f, res.Policies)
	res.Row = SeedTableRow(f.verdicts[LayerIdentity].Verdict(), f.verdicts[LayerResource].Verdict())
	res.Reason = reason(&r.q, res.Decision, res.DecidedBy, res.SameAccount, f.res)
	in.refuse(res)
	return res
}

// explainer is the fold's recorder for Explain: it explains each policy it is asked about
// and keeps the explanation.
type explainer struct {
	max     int
	res     *Result
	missing map[string]bool
}

func (ex *explainer) outcome(ref Ref, p *Policy, q *eval.Request) eval.Outcome {
	var e *policy.Explanation
	var o eval.Outcome
	if ex.max < 0 {
		e, o = p.c.Explain(q)
	} else {
		e, o = p.c.ExplainTrimmed(q, ex.max)
	}
	for _, k := range e.Missing {
		if ex.missing == nil {
			ex.missing = map[string]bool{}
		}
		ex.missing[k] = true
	}
	name := p.Name
	if name == "" {
		name = ref.String()
	}
	pr := PolicyResult{Ref: ref, Kind: ref.Kind, Index: ref.Index, Level: ref.Level, Name: name,
		Verdict: verdictOfOutcome(o).Verdict(), Statements: e.Statements, Omitted: e.Omitted}
	if ref.Kind == policy.KindResource && o.Allow {
		pr.Strength = o.Strength.String()
	}
	ex.res.Policies = append(ex.res.Policies, pr)
	return o
}
