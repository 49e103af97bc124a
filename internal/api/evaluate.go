package api

import (
	"net/http"
	"strconv"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// EvaluateReply is POST /api/v1/evaluate's answer: the decision with AWS's sentence, what
// iamplay eval prints for a document. With ?explain=1 the whole explained result
// (authz.Result: layers, policies with every statement, the table row, derived and missing
// context, findings) is merged in.
type EvaluateReply struct {
	Name     string          `json:"name,omitempty"`
	Decision authz.Decision  `json:"decision"`
	Want     authz.Decision  `json:"want,omitempty"`
	Reason   string          `json:"reason"`
	Refused  []authz.Refusal `json:"refused,omitempty"` // the policies AWS would refuse (decision Refused)
	*authz.Result
}

// evaluate decides an evaluation document (docs/contract.md). A document AWS would refuse a
// policy of is an answer (decision Refused); one that cannot be read, or has errors of its
// own (no request, a context value of the wrong type), is 422 with the findings.
func (h *Handler) evaluate(r *http.Request, body []byte) reply {
	explain, rep, ok := flag(r, "explain")
	if !ok {
		return rep
	}
	doc, res := authz.Evaluate(body)
	if doc == nil {
		return engineFindings(CodeUnreadable, "the evaluation document could not be read", res.Findings)
	}
	if !res.Valid && len(res.Refused) == 0 {
		return engineFindings(CodeInvalidDocument, "the evaluation document has errors", res.Findings)
	}
	out := EvaluateReply{Name: doc.Name, Decision: res.Decision, Want: doc.Want, Reason: res.Reason, Refused: res.Refused}
	if explain {
		out.Result = res
	}
	return reply{status: http.StatusOK, body: &out}
}

// engineFindings is a 422 naming the first error finding.
func engineFindings(code, msg string, fs []authz.Finding) reply {
	for _, f := range fs {
		if f.Severity == policy.SeverityError {
			msg += ": " + f.Policy.String() + ": " + f.Message
			break
		}
	}
	rep := failure(code, msg)
	rep.body.(*Error).Findings = fs
	return rep
}

// flag reads a yes-or-no query parameter: 1 or true, 0 or false, or absent (no).
func flag(r *http.Request, name string) (bool, reply, bool) {
	switch v := r.URL.Query().Get(name); v {
	case "", "0", "false":
		return false, reply{}, true
	case "1", "true":
		return true, reply{}, true
	default:
		return false, failure(CodeBadArgument, "?"+name+"= takes 1 or 0 (true or false), not "+strconv.Quote(v)), false
	}
}
