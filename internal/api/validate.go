package api

import (
	"encoding/json"
	"net/http"

	"github.com/iamplay/iamplay/engine/playground"
	"github.com/iamplay/iamplay/engine/policy"
)

// ValidateRequest is POST /api/v1/validate's body: a policy and its kind. The policy is
// either a JSON value ("policy") or text as a person typed it ("text", valid JSON or not);
// findings are positioned in that text, or in the "policy" value exactly as the body writes
// it (its first character is line 1, column 1).
type ValidateRequest struct {
	Kind   string          `json:"kind"` // identity, resource, boundary, scp, session, key, trust
	Policy json.RawMessage `json:"policy,omitempty"`
	Text   *string         `json:"text,omitempty"`
}

// ValidateReply is the findings, and for a resource policy the public-access analysis.
type ValidateReply struct {
	Kind     policy.Kind     `json:"kind"`
	Valid    bool            `json:"valid"`   // no finding of severity error
	Refused  bool            `json:"refused"` // AWS would refuse to store the policy (MalformedPolicyDocument)
	Findings policy.Findings `json:"findings"`
	// PublicAccess is what the policy grants to anyone (Options.PublicAccess), for a policy
	// AWS would store; absent when there is no analysis for the kind.
	PublicAccess any `json:"publicAccess,omitempty"`
}

// validate checks one policy as its kind, with engine/playground's Validate (what the
// playground's editor shows).
func (h *Handler) validate(_ *http.Request, body []byte) reply {
	var in ValidateRequest
	if rep, ok := decode(body, &in); !ok {
		return rep
	}
	if in.Kind == "" {
		return failure(CodeBadArgument, `"kind" is required: identity, resource, boundary, scp, session, key or trust`)
	}
	var text []byte
	switch {
	case in.Text != nil && in.Policy != nil:
		return failure(CodeBadArgument, `give the policy as "policy" or as "text", not both`)
	case in.Text != nil:
		text = []byte(*in.Text)
	case in.Policy != nil:
		text = in.Policy
	default:
		return failure(CodeBadArgument, `"policy" (a JSON object) or "text" (the policy as a string) is required`)
	}
	var out struct {
		Findings    policy.Findings `json:"findings"`
		Error, Code string
	}
	if err := json.Unmarshal(playground.Validate(text, in.Kind), &out); err != nil {
		return failure(CodeInternal, "cannot read the engine's answer: "+err.Error())
	}
	if out.Code != "" {
		return engineFailure(&playground.ErrorReply{Code: out.Code, Error: out.Error})
	}
	rep := ValidateReply{Findings: out.Findings, Valid: !out.Findings.HasErrors(), Refused: out.Findings.CountRefused() > 0}
	rep.Kind, _ = policy.ParseKind(in.Kind)
	if !rep.Refused {
		rep.PublicAccess = h.opts.PublicAccess(text, string(rep.Kind))
	}
	return reply{status: http.StatusOK, body: &rep}
}
