package authz

import (
	"strconv"

	"github.com/iamplay/iamplay/engine/policy"
)

// Refused is the answer when AWS would not store one of the policies (a finding whose code
// the catalogue marks policy.Refuses): no request is decided against a policy AWS rejects.
// It is not an outcome of a request; Result.Refused names the policies and findings.
const Refused Decision = "Refused"

// Refusal is a policy AWS would refuse, with the first finding that makes it refuse.
type Refusal struct {
	Policy  string       `json:"policy"` // identityPolicies/0, resourcePolicy, scps/1/0, ...
	Kind    policy.Kind  `json:"kind"`
	Error   string       `json:"error"` // what AWS answers: MalformedPolicyDocument, ...
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Range   policy.Range `json:"range"`
}

// awsError is the error AWS answers for a malformed policy of the kind: IAM for identity
// policies, boundaries and session policies, Secrets Manager's PutResourcePolicy for a
// secret's policy, Organizations for an SCP.
func awsError(k policy.Kind) string {
	switch k {
	case policy.KindResource, policy.KindSCP:
		return "MalformedPolicyDocumentException"
	}
	return "MalformedPolicyDocument"
}

// noteRefusal records the policy as refused when a finding noted since from refuses it.
func (p *Program) noteRefusal(name string, kind policy.Kind, from int) {
	for _, f := range p.findings[from:] {
		if f.Refused {
			p.refused = append(p.refused, Refusal{Policy: name, Kind: kind, Error: awsError(kind), Code: f.Code, Message: f.Message, Range: f.Range})
			return
		}
	}
}

// Refusals lists the policies AWS would refuse, in the input's order.
func (p *Program) Refusals() []Refusal { return p.refused }

// refuse turns an explained result into the refusal: the verdicts stay for study, but no
// layer decided and the reason names the refused policy.
func (p *Program) refuse(res *Result) {
	if len(p.refused) == 0 {
		return
	}
	res.Refused, res.Decision, res.DecidedBy = p.refused, Refused, byNone
	for i := range res.Layers {
		res.Layers[i].Decided = false
	}
	res.Reason = refusedReason(p.refused)
}

// refusedReason says which policy AWS would refuse and why: "AWS would refuse
// identityPolicies/0 (MalformedPolicyDocument), so no request is decided: CODE: MESSAGE".
func refusedReason(rs []Refusal) string {
	r := rs[0]
	msg := "AWS would refuse " + r.Policy + " (" + r.Error + ")"
	if n := len(rs) - 1; n == 1 {
		msg += " and 1 other policy"
	} else if n > 1 {
		msg += " and " + strconv.Itoa(n) + " other policies"
	}
	return msg + ", so no request is decided: " + r.Code + ": " + r.Message
}
