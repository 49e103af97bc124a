package playground

import (
	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// Answer is Evaluate's reply: authz's explained result, with every policy and finding
// tagged with the index of the tab (State.Policies) it belongs to, -1 for the request and
// the state as a whole.
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
// texts, when given, are the tabs' texts by index (see read).
func Evaluate(state []byte, texts ...string) []byte { return EvaluateInto(nil, state, texts...) }

// EvaluateInto is Evaluate writing its answer over buf's memory when it has room, for a
// caller that hands each answer over before its next call (the browser's engine): one
// buffer then serves every call.
func EvaluateInto(buf, state []byte, texts ...string) []byte {
	return cache.evaluateInto(buf, state, texts...)
}

// evaluateInto is EvaluateInto reading the state through this cache.
func (pc *policyCache) evaluateInto(buf, state []byte, texts ...string) []byte {
	return guard("Evaluate", func() []byte {
		doc, fs := pc.read(state, texts...)
		if doc == nil {
			return unreadable(fs)
		}
		return appendAnswer(buf[:0], evaluate(doc, fs))
	})
}

// TrimAbove is the statement count above which a policy's explanation lists only the
// statements whose Action and Resource match (authz.Input.ExplainTrimmed).
const TrimAbove = 64

func evaluate(doc *authz.Document, fs []authz.Finding) *Answer {
	res := doc.Input.ExplainTrimmed(authz.Prepare(doc.Request), TrimAbove)
	tabOf := make(map[authz.Ref]int, len(doc.Entries))
	for i, e := range doc.Entries {
		if e.Applied {
			tabOf[e.Ref] = i
		}
	}
	tab := func(r authz.Ref) int {
		if i, ok := tabOf[r]; ok {
			return i
		}
		if r.Kind == authz.EntryKind {
			return r.Index
		}
		return -1
	}
	a := &Answer{Result: res, Policies: make([]PolicyAnswer, 0, len(res.Policies)), Findings: make([]FindingAnswer, 0, len(fs)+len(res.Findings))}
	for _, p := range res.Policies {
		a.Policies = append(a.Policies, PolicyAnswer{PolicyResult: p, Tab: tab(p.Ref)})
	}
	for _, f := range fs {
		if f.Severity == policy.SeverityError {
			a.Valid = false // the state itself is wrong; a policy's own errors refuse it only as the catalogue says (res.Valid)
		}
	}
	for _, list := range [...][]authz.Finding{fs, res.Findings} {
		for _, f := range list {
			a.Findings = append(a.Findings, FindingAnswer{Finding: f, Tab: tab(f.Policy)})
		}
	}
	// Key and trust policies take no part in the decision yet, but their tabs show their own
	// findings, as validated for their kind.
	for i, e := range doc.Entries {
		if e.Enabled && !e.Applied && e.Policy != nil && (e.Policy.Kind == policy.KindKey || e.Policy.Kind == policy.KindTrust) {
			for _, f := range e.Policy.Findings {
				a.Findings = append(a.Findings, FindingAnswer{Finding: authz.Finding{Policy: authz.Ref{Kind: authz.EntryKind, Index: i}, Finding: f}, Tab: i})
			}
		}
	}
	return a
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
		if kind == KindWorld {
			return validateWorld(text)
		}
		k, err := policy.ParseKind(kind)
		if err != nil {
			return errorJSON(CodeBadArgument, err.Error())
		}
		_, fs := authz.Check(text, k)
		return findingsJSON(fs)
	})
}

// findingsJSON is Validate's reply: the findings, an empty list for none.
func findingsJSON(fs policy.Findings) []byte {
	if fs == nil {
		fs = policy.Findings{}
	}
	return marshal(struct {
		Findings policy.Findings `json:"findings"`
	}{fs})
}
