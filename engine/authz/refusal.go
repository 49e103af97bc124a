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
	Policy  Ref          `json:"policy"` // identityPolicies/0, resourcePolicy, scps/1/0, ...
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

// firstRefused is the index of the first finding for which AWS refuses the policy, or -1.
func firstRefused(fs policy.Findings) int {
	for i := range fs {
		if fs[i].Refused {
			return i
		}
	}
	return -1
}

// Refusals lists the policies of the input AWS would refuse, in AWS's order.
func (in *Input) Refusals() []Refusal {
	var out []Refusal
	in.Each(func(r Ref, p *Policy) {
		if p.Valid() {
			return
		}
		f := p.Findings[p.refused]
		out = append(out, Refusal{Policy: r, Kind: p.Kind, Error: awsError(p.Kind), Code: f.Code, Message: f.Message, Range: f.Range})
	})
	return out
}

// refuse turns an explained result into the refusal: the verdicts stay for study, but no
// layer decided and the reason names the refused policy.
func (in *Input) refuse(res *Result) {
	rs := in.Refusals()
	if len(rs) == 0 {
		return
	}
	res.Refused, res.Decision, res.DecidedBy = rs, Refused, LayerNone
	for i := range res.Layers {
		res.Layers[i].Decided = false
	}
	for i := range res.Chain {
		res.Chain[i].Decides = false // the chain stays for study; nothing decides
	}
	res.Reason = refusedReason(rs)
}

// refusedReason says which policy AWS would refuse and why: "AWS would refuse
// identityPolicies/0 (MalformedPolicyDocument), so no request is decided: CODE: MESSAGE".
func refusedReason(rs []Refusal) string {
	r := rs[0]
	msg := "AWS would refuse " + r.Policy.String() + " (" + r.Error + ")"
	if n := len(rs) - 1; n == 1 {
		msg += " and 1 other policy"
	} else if n > 1 {
		msg += " and " + strconv.Itoa(n) + " other policies"
	}
	return msg + ", so no request is decided: " + r.Code + ": " + r.Message
}
