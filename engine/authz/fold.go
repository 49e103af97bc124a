package authz

import (
	"github.com/iamplay/iamplay/engine/internal/eval"
	"github.com/iamplay/iamplay/engine/policy"
)

// Layer is one kind of policy in the chain AWS evaluates, in AWS's order. The layer that
// decided a request is a Layer, never a string compared with a kind.
type Layer uint8

// The layers, in the order AWS applies them. LayerNone decided nothing.
const (
	LayerNone Layer = iota
	LayerSCP
	LayerResource
	LayerIdentity
	LayerBoundary
	LayerSession
)

var layerKinds = [...]policy.Kind{"", policy.KindSCP, policy.KindResource, policy.KindIdentity, policy.KindBoundary, policy.KindSession}

// Kind is the policy kind of the layer's policies ("" for LayerNone).
func (l Layer) Kind() policy.Kind { return layerKinds[l] }

// String is the kind's name: scp, resource, identity, boundary, session.
func (l Layer) String() string { return string(layerKinds[l]) }

// MarshalText writes the layer as its kind, so JSON keeps "decidedBy": "resource".
func (l Layer) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a layer written by MarshalText.
func (l *Layer) UnmarshalText(b []byte) error {
	*l = LayerNone
	for i, k := range layerKinds {
		if string(k) == string(b) {
			*l = Layer(i)
		}
	}
	return nil
}

// Request is what is asked: who, what, on which resource, with which context keys.
type Request struct {
	Principal string              `json:"principal"`
	Action    string              `json:"action"`
	Resource  string              `json:"resource"`
	Context   map[string][]string `json:"context,omitempty"`
	// Time is the request's clock (RFC 3339) for aws:CurrentTime and aws:EpochTime; ""
	// means DefaultTime. Absent lists keys the request marks as not sent: neither given nor
	// derived. NoDerive turns derivation off (derive.go, docs/contract.md).
	Time     string   `json:"time,omitempty"`
	Absent   []string `json:"absent,omitempty"`
	NoDerive bool     `json:"noDerive,omitempty"`
	// SessionIssuer is, for a federated user session (arn:aws:sts::ACCOUNT:federated-user/NAME),
	// the IAM user that called GetFederationToken; "" when unknown.
	SessionIssuer string `json:"sessionIssuer,omitempty"`
}

// Prepared is a request turned once into the matchers' form: the action looked up in the
// catalogue, the principal parsed, the context normalised. It does not depend on any
// policy, so one prepared request can be decided against many inputs; it cannot be changed.
type Prepared struct {
	q eval.Request
}

// preparedBlock is a prepared request with what Prepare keeps beside it, in one piece of
// memory so that Prepare allocates once: the context with room for one key (a larger
// context gets memory of its own), and what the keys AWS derives for the request are read
// from (derive.go): its caller as read once (callers.go), its time, the keys it marks
// absent. It is small, because fresh memory is most of what preparing costs.
type preparedBlock struct {
	p      Prepared
	ctx    eval.Context
	who    *callerEntry
	times  *timeStrings // the request time, as written
	absent uint32       // bit i: the request marks derivedKeys[i] absent
	room   [1]eval.KeyValues
}

// Prepare reads a request once: the context as given, plus the keys AWS puts into every such
// request (derive.go) unless the request sets or removes them.
func Prepare(r Request) *Prepared {
	b := &preparedBlock{}
	p := &b.p
	var derived eval.Deriver
	if !r.NoDerive {
		derived = b
	}
	b.ctx.Fill(b.room[:0], r.Context, derived)
	b.who = callerOf(r.Principal, r.SessionIssuer)
	p.q.Init(&b.who.caller, r.Action, r.Resource, &b.ctx)
	if derived != nil {
		derive(&r, b)
	}
	return p
}

// For is the same principal and action on another resource with another context: the
// store prepares each caller's actions once and, per call, only this.
func (p *Prepared) For(resource string, ctx Context) *Prepared {
	return &Prepared{q: p.q.WithResource(resource, ctx.c)}
}

// Principal is the caller as parsed.
func (p *Prepared) Principal() policy.Caller { return *p.q.Caller }

// Action is the requested action as given.
func (p *Prepared) Action() string { return p.q.Action }

// Resource is the requested resource as given.
func (p *Prepared) Resource() string { return p.q.Resource }

// SameAccount reports whether the caller and the resource are in one account. A resource
// whose account cannot be read counts as the caller's own.
func (p *Prepared) SameAccount() bool {
	ra := p.q.ResourceAccount()
	return ra == "" || p.q.Caller.Account == "" || ra == p.q.Caller.Account
}

// Decide returns the decision for r, stopping at the first explicit deny. It allocates
// nothing. An input with a policy AWS would refuse decides Refused.
func (in *Input) Decide(r *Prepared) Decision {
	if !in.Valid() {
		return Refused
	}
	var f facts
	d, _ := fold(in, r, nil, &f)
	return d
}

// facts is what AWS's combination rule reads once no explicit deny was found.
type facts struct {
	inOrg      bool         // the account is in an organization: SCPs apply
	scpOK      bool         // every SCP level allows (true outside an organization)
	idAllow    bool         // some identity policy allows
	res        eval.Outcome // the resource policy's outcome (zero when there is none)
	hasRes     bool
	boundaryOK bool // some boundary allows, or there is no boundary
	hasBound   bool
	sessionOK  bool // the session policy allows, or there is none
	same       bool // caller and resource in one account
	required   bool // the resource's policy must allow the action (catalogue: a KMS key policy)
	caller     policy.PrincipalKind
	verdicts   [LayerSession + 1]verdict
}

// verdict is a Verdict as the fold keeps it: a small number, so merging is max
// (Denies > Allows > Silent) and costs no string comparison.
type verdict uint8

const (
	vSilent verdict = iota
	vAllows
	vDenies
)

var verdictNames = [...]Verdict{vSilent: Silent, vAllows: Allows, vDenies: Denies}

// Verdict is the verdict's name.
func (v verdict) Verdict() Verdict { return verdictNames[v] }

func verdictOfOutcome(o eval.Outcome) verdict {
	switch {
	case o.Deny:
		return vDenies
	case o.Allow:
		return vAllows
	}
	return vSilent
}

// evaluate asks one policy for its outcome: the compiled fast path for Decide, the full
// explanation, recorded, for Explain.
func evaluate(ex *explainer, ref Ref, p *Policy, q *eval.Request) eval.Outcome {
	if ex == nil {
		return p.c.Evaluate(q)
	}
	return ex.outcome(ref, p, q)
}

// fold walks the input's layers in AWS's order, then applies AWS's rule, filling f with
// what it saw. It returns the decision and the layer that decided. Without an explainer
// (Decide) it evaluates each policy's fast path and returns at the first explicit deny;
// with one (Explain) it visits every policy and records each explanation.
func fold(in *Input, r *Prepared, ex *explainer, f *facts) (Decision, Layer) {
	q := r.q
	q.HasBoundary = len(in.Boundaries) > 0
	*f = facts{inOrg: in.SCPs != nil, scpOK: true, boundaryOK: true, sessionOK: true, same: r.SameAccount(), caller: q.Caller.Kind,
		required: q.ResourcePolicyRequired()}
	skip := skipped(f.caller)
	denied := LayerNone
	// SCP levels: every level must allow; the layer's verdict merges its levels.
	if !skip[LayerSCP] {
		for l, level := range in.SCPs {
			allowed := false
			for i, p := range level {
				o := evaluate(ex, Ref{Kind: policy.KindSCP, Level: l, Index: i}, p, &q)
				f.verdicts[LayerSCP] = max(f.verdicts[LayerSCP], verdictOfOutcome(o))
				if o.Deny && denied == LayerNone {
					if denied = LayerSCP; ex == nil {
						return ExplicitDeny, denied
					}
				}
				allowed = allowed || o.Allow
			}
			f.scpOK = f.scpOK && allowed
		}
	}
	if !f.scpOK && f.verdicts[LayerSCP] == vAllows {
		f.verdicts[LayerSCP] = vSilent // some level allows nothing: the SCP layer as a whole does not allow
	}
	if in.Resource != nil {
		f.hasRes = true
		f.res = evaluate(ex, Ref{Kind: policy.KindResource}, in.Resource, &q)
		f.verdicts[LayerResource] = verdictOfOutcome(f.res)
		if f.res.Deny && denied == LayerNone {
			if denied = LayerResource; ex == nil {
				return ExplicitDeny, denied
			}
		}
	}
	if !skip[LayerIdentity] {
		for i, p := range in.Identity {
			o := evaluate(ex, Ref{Kind: policy.KindIdentity, Index: i}, p, &q)
			f.verdicts[LayerIdentity] = max(f.verdicts[LayerIdentity], verdictOfOutcome(o))
			if o.Deny && denied == LayerNone {
				if denied = LayerIdentity; ex == nil {
					return ExplicitDeny, denied
				}
			}
			f.idAllow = f.idAllow || o.Allow
		}
	}
	if len(in.Boundaries) > 0 && !skip[LayerBoundary] {
		f.hasBound, f.boundaryOK = true, false
		for i, p := range in.Boundaries {
			o := evaluate(ex, Ref{Kind: policy.KindBoundary, Index: i}, p, &q)
			f.verdicts[LayerBoundary] = max(f.verdicts[LayerBoundary], verdictOfOutcome(o))
			if o.Deny && denied == LayerNone {
				if denied = LayerBoundary; ex == nil {
					return ExplicitDeny, denied
				}
			}
			f.boundaryOK = f.boundaryOK || o.Allow
		}
	}
	if f.caller == policy.PrincipalFederated && in.Session == nil {
		// "if you do not pass a policy with the GetFederationToken API call, the resulting
		// temporary security credentials have no permissions" (IAM User Guide, Permissions
		// for GetFederationToken): only a resource policy naming the session grants.
		f.sessionOK = false
	}
	if in.Session != nil && !skip[LayerSession] {
		o := evaluate(ex, Ref{Kind: policy.KindSession}, in.Session, &q)
		f.verdicts[LayerSession] = verdictOfOutcome(o)
		if o.Deny && denied == LayerNone {
			if denied = LayerSession; ex == nil {
				return ExplicitDeny, denied
			}
		}
		f.sessionOK = o.Allow
	}
	if denied != LayerNone {
		return ExplicitDeny, denied
	}
	return allowRule(f)
}

// skipped marks the layers whose policies do not apply to a kind of caller (notApplying).
func skipped(c policy.PrincipalKind) (skip [LayerSession + 1]bool) {
	if c != policy.PrincipalRoot && c != policy.PrincipalService {
		return skip
	}
	for l := LayerSCP; l <= LayerSession; l++ {
		skip[l] = notApplying(c, l) != ""
	}
	return skip
}

// allowRule is AWS's combination rule once no explicit deny was found (DESIGN.md, "The
// decision"): every SCP level must allow; in one account a resource policy that names the
// caller itself allows on its own, one that names the caller's role leaves the boundary
// and session policy in force, one that names the account delegates to the identity side;
// otherwise an identity policy must allow, within the boundary and the session policy; and
// across accounts the resource policy must allow too; and where the catalogue says the
// resource's policy is required (a KMS key policy), it must allow in any account. It
// returns the decision and the layer that decided it.
//
// "*" counts as naming the caller (IAM User Guide, Principal: "permissions boundaries or
// session policies do not limit permissions granted using the aws:PrincipalArn condition
// key with a wildcard(*) in the Principal element, unless the identity-based policies
// contain an explicit deny").
//
// This is not the seed's nine-row table (SeedTableRow): that table is the union rule of an
// identity policy and a resource policy naming the caller in one account, one case of this.
func allowRule(f *facts) (Decision, Layer) {
	if !f.scpOK {
		return ImplicitDeny, LayerSCP
	}
	if f.required && !f.res.Allow {
		// AWS KMS Developer Guide, Key policies: "Every KMS key must have exactly one key
		// policy" and "Unless the key policy explicitly allows it, you cannot use IAM policies
		// to allow access to a KMS key": without its allow nothing else grants.
		return ImplicitDeny, LayerResource
	}
	switch f.caller {
	case policy.PrincipalRoot:
		// The root user has no identity-based policies: in its own account nothing but an
		// SCP or an explicit deny stands in its way; across accounts the resource policy
		// must allow it (or its account), as for any caller.
		if f.same || f.res.Allow {
			return Allow, rootOrResource(f.same)
		}
		return ImplicitDeny, LayerResource
	case policy.PrincipalService:
		// Only the resource policy grants a service principal.
		if f.res.Allow {
			return Allow, LayerResource
		}
		return ImplicitDeny, LayerResource
	}
	if f.same && f.res.Allow {
		switch f.res.Strength {
		case policy.PrincipalByARN, policy.PrincipalByWildcard:
			return Allow, LayerResource
		case policy.PrincipalByRole:
			if by := limitedBy(f); by != LayerNone {
				return ImplicitDeny, by
			}
			return Allow, LayerResource
		}
	}
	if !f.idAllow {
		return ImplicitDeny, LayerIdentity
	}
	if by := limitedBy(f); by != LayerNone {
		return ImplicitDeny, by
	}
	if f.same {
		return Allow, LayerIdentity
	}
	if !f.res.Allow {
		return ImplicitDeny, LayerResource
	}
	return Allow, LayerResource
}

// limitedBy names the permissions boundary or session policy that stands in the way of an
// allow, or LayerNone: both only ever take away.
func limitedBy(f *facts) Layer {
	switch {
	case !f.boundaryOK:
		return LayerBoundary
	case !f.sessionOK:
		return LayerSession
	}
	return LayerNone
}

// rootOrResource is the layer that allows the root user: none in its own account (it has
// full access there), the resource policy across accounts.
func rootOrResource(same bool) Layer {
	if same {
		return LayerNone
	}
	return LayerResource
}

// notApplying says why a layer's policies do not apply to a kind of caller, or "" when they
// do. The root user: "You cannot attach identity-based policies to the root user, and you
// cannot set the permissions boundary for the root user" but "the root user is affected by
// any SCPs for the account" (IAM User Guide, Policies and the root user). A service
// principal is no IAM user or role of an account: "SCPs affect only IAM users and roles that
// are managed by accounts that are part of the organization" (Organizations User Guide,
// SCPs), a permissions boundary is set "for an IAM entity (user or role)", and it has no
// identity-based policies or session: only the resource policy grants.
func notApplying(c policy.PrincipalKind, l Layer) string {
	switch {
	case c == policy.PrincipalRoot && (l == LayerIdentity || l == LayerBoundary || l == LayerSession):
		return "does not apply to the account root user, which has no identity-based policies, permissions boundary or session policy"
	case c == policy.PrincipalService && l != LayerResource:
		return "does not apply to a service principal, which only a resource-based policy can allow"
	}
	return ""
}
