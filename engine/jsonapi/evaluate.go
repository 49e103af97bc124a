package jsonapi

import (
	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// Answer is Evaluate's reply: authz's explained result, with every policy and finding
// tagged with the index of the tab (State.Policies) it belongs to, -1 for the request.
type Answer struct {
	*authz.Result
	Policies []PolicyAnswer  `json:"policies"`
	Findings []FindingAnswer `json:"findings"`
}

// PolicyAnswer is one policy's verdict and statements, with its tab.
type PolicyAnswer struct {
	authz.PolicyResult
	Tab int `json:"tab"`
}

// FindingAnswer is one finding, positioned in its tab's own text.
type FindingAnswer struct {
	authz.Finding
	Tab int `json:"tab"`
}

// Evaluate decides and explains the state's request against its enabled policies. Each
// policy text is parsed on its own, so finding and statement ranges are relative to it.
// texts, when given, are the tabs' texts by index (see readState).
func Evaluate(state []byte, texts ...string) []byte {
	return guard("Evaluate", func() []byte {
		s, err := readState(state, texts...)
		if err != nil {
			return errorJSON("the state is not valid: " + err.Error())
		}
		return marshal(evaluate(s))
	})
}

// TrimAbove is the statement count above which a policy's explanation lists only the
// statements whose Action and Resource match (authz.Program.ExplainTrimmed).
const TrimAbove = 64

func evaluate(s *State) *Answer {
	in, tabOf, extra := s.input()
	res := in.ExplainTrimmed(authz.Prepare(s.Request.request()), TrimAbove)
	a := &Answer{Result: res, Policies: []PolicyAnswer{}, Findings: []FindingAnswer{}}
	for _, p := range res.Policies {
		a.Policies = append(a.Policies, PolicyAnswer{PolicyResult: p, Tab: tab(tabOf, p.Ref)})
	}
	for _, f := range res.Findings {
		a.Findings = append(a.Findings, FindingAnswer{Finding: f, Tab: tab(tabOf, f.Policy)})
	}
	for _, i := range extra {
		a.Findings = append(a.Findings, FindingAnswer{Tab: i, Finding: authz.Finding{Policy: authz.Ref{Kind: "state"}, Finding: policy.Finding{
			Code: "playground.ignored_policy", Severity: policy.SeverityWarning,
			Message: "only one " + string(s.Policies[i].Kind) + " policy applies to a request; this one is ignored (turn the other off)",
		}}})
	}
	return a
}

func tab(tabOf map[authz.Ref]int, ref authz.Ref) int {
	if i, ok := tabOf[ref]; ok {
		return i
	}
	return -1
}

// EvaluateDocument evaluates a whole evaluation document (DESIGN.md) with authz.Evaluate:
// the call the CLI makes, so the browser build can be checked against it.
func EvaluateDocument(src []byte) []byte {
	return guard("EvaluateDocument", func() []byte {
		_, res := authz.Evaluate(src)
		return marshal(res)
	})
}

// Validate parses and validates one policy text as the given kind.
func Validate(text []byte, kind string) []byte {
	return guard("Validate", func() []byte {
		k, err := policy.ParseKind(kind)
		if err != nil {
			return errorJSON(err.Error())
		}
		_, fs := policy.Check(text, k)
		if fs == nil {
			fs = policy.Findings{}
		}
		return marshal(struct {
			Findings policy.Findings `json:"findings"`
		}{fs})
	})
}
