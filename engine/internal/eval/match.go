package eval

import (
	"math/bits"
	"strings"

	"github.com/iamplay/iamplay/engine/internal/actions"
	"github.com/iamplay/iamplay/engine/policy"
)

// Request is a request prepared once for matching: the action lower-cased and looked up in
// the catalogue, the principal parsed, the context normalised.
type Request struct {
	_        [0]func() // requests are never compared: no equality code in the .wasm (first: a last zero-size field would pad the struct)
	Action   string
	Resource string
	Caller   *policy.Caller // never changed once a request has it: requests share callers
	Context  *Context
	lower    string
	svc      int32 // the catalogued action's service ID, -1 for any other action
	local    int32 // the catalogued action's place in its service
	// HasBoundary says a permissions boundary is attached to the caller: a resource policy's
	// Deny with NotPrincipal then denies it whatever NotPrincipal names (IAM User Guide,
	// NotPrincipal: "will always deny any IAM principal that has a permissions boundary policy attached").
	HasBoundary bool
	// acctFrom and acctTo are where the resource ARN's account is in Resource, read once
	// (acctTo farAccount: too far to say in 16 bits, read when asked).
	acctFrom, acctTo uint16
}

// farAccount marks a resource account the request does not place (a resource over 64 KiB).
const farAccount = 1<<16 - 1

// setResource sets the resource and where its account is.
func (r *Request) setResource(resource string) {
	r.Resource, r.acctFrom, r.acctTo = resource, 0, 0
	switch from, to := arnFieldAt(resource, 4); {
	case to > farAccount-1:
		r.acctTo = farAccount
	case to > from:
		r.acctFrom, r.acctTo = uint16(from), uint16(to)
	}
}

// NewRequest prepares a request. ctx may be nil.
func NewRequest(principal, action, resource string, ctx *Context) *Request {
	c := policy.ParseCaller(principal)
	r := &Request{}
	r.Init(&c, action, resource, ctx)
	return r
}

// Init prepares a request in place for a caller already read, so a caller that embeds a
// Request allocates it with its own memory. An action spelt as the catalogue spells it
// costs no lower-casing.
func (r *Request) Init(caller *policy.Caller, action, resource string, ctx *Context) {
	// Field by field rather than one composite: a prepared request lives in fresh heap
	// memory, and this writes each field once.
	r.Action, r.Context, r.HasBoundary, r.local = action, ctx, false, 0
	r.Caller = caller
	r.setResource(resource)
	r.svc = -1
	id, ok := actions.Exact[action]
	if ok {
		r.lower = actions.Refs[id].Lower
	} else {
		r.lower = strings.ToLower(action)
		id, ok = actions.Lower[r.lower]
	}
	if ok {
		svc := actions.Refs[id].Svc
		r.svc, r.local = int32(svc), int32(id-actions.SvcStart[svc])
	}
	if r.Context == nil {
		r.Context = NewContext(nil)
	}
}

// ResourceAccount is the account field of the resource ARN, "" when it has none.
func (r *Request) ResourceAccount() string {
	if r.acctTo == farAccount {
		return arnField(r.Resource, 4)
	}
	return r.Resource[r.acctFrom:r.acctTo]
}

// ResourcePolicyRequired reports whether the catalogue says the resource's own policy must
// allow the request's action (a KMS key policy for kms:Decrypt), whatever identity policies say.
func (r *Request) ResourcePolicyRequired() bool {
	return r.svc >= 0 && actions.Refs[actions.SvcStart[r.svc]+int(r.local)].A.ResourcePolicyRequired()
}

// ResourceKind is the kind of policy the resource of the request's action carries: a key
// policy for KMS actions, a trust policy for STS actions, a resource policy otherwise.
func (r *Request) ResourceKind() policy.Kind {
	switch {
	case strings.HasPrefix(r.lower, "kms:"):
		return policy.KindKey
	case strings.HasPrefix(r.lower, "sts:"):
		return policy.KindTrust
	}
	return policy.KindResource
}

// Outcome is what one policy says about a request.
type Outcome struct {
	Deny     bool                  // a Deny statement matched
	Allow    bool                  // an Allow statement matched
	Strength policy.PrincipalMatch // how the strongest matching Allow named the caller (policies with Principal)
}

// Evaluate decides the policy's outcome for r, stopping as soon as the answer is known.
// It allocates nothing.
func (p *Policy) Evaluate(r *Request) Outcome {
	var o Outcome
	if p.index == nil {
		return o
	}
	x, other := &p.other, r.svc < 0
	if !other {
		row := p.index[r.svc]
		if row == nil {
			return o // no statement covers any action of the service
		}
		x = &row[r.local]
	}
	// A statement filed under the action that matches every request decides without a scan
	// (under other, statements still check the action).
	if x.deny.always && !other || p.scan(&x.deny, r, other, true) != policy.PrincipalNoMatch {
		o.Deny = true
		return o
	}
	if x.allow.always && !other {
		o.Allow, o.Strength = true, policy.PrincipalByARN // as a scan finds it: no principal element
		return o
	}
	if m := p.scan(&x.allow, r, other, false); m != policy.PrincipalNoMatch {
		o.Allow, o.Strength = true, m
	}
	return o
}

// scan returns the strongest principal match among matching statements of the index, or
// PrincipalNoMatch; it stops at the first match when any match will do.
func (p *Policy) scan(x *resourceIndex, r *Request, other, first bool) policy.PrincipalMatch {
	best := policy.PrincipalNoMatch
	if len(x.any) > 0 && tryAll(x.any, r, other, first, false, &best) {
		return best
	}
	if len(x.lens) == 0 || len(r.Resource) < len(x.common) || r.Resource[:len(x.common)] != x.common {
		return best
	}
	if x.only != nil {
		tryAll(x.only, r, other, first, true, &best) // every resource pattern of theirs starts with common
		return best
	}
	rest := r.Resource[len(x.common):]
	for _, n := range x.lens {
		if n > len(rest) {
			break
		}
		if l := x.byPrefix[rest[:n]]; len(l) > 0 && tryAll(l, r, other, first, false, &best) {
			return best
		}
	}
	return best
}

// tryAll raises *best to the strongest match among statements l, and reports whether the
// scan is done: at the first match when any will do, at a match by ARN otherwise. other
// says the statements were filed under no catalogued action: each checks the action itself.
// prefixed says the resource starts with every resource pattern's prefix of theirs.
func tryAll(l []*CompiledStatement, r *Request, other, first, prefixed bool, best *policy.PrincipalMatch) bool {
	for _, s := range l {
		if other && !s.matchAction(r.lower) {
			continue
		}
		if m := s.match(r, prefixed); m > *best {
			*best = m
			if first || m == policy.PrincipalByARN {
				return true
			}
		}
	}
	return false
}

// match checks everything but the action. A statement without a principal element
// matches with PrincipalByARN (identity policies name nobody: the caller is implied).
// prefixed says the resource starts with each of the statement's resource patterns' prefix.
func (s *CompiledStatement) match(r *Request, prefixed bool) policy.PrincipalMatch {
	m := policy.PrincipalByARN
	if s.principal != nil {
		if s.notPrinc {
			if s.principal.excludes(r.Caller) && !s.boundaryOverride(r) {
				return policy.PrincipalNoMatch
			}
		} else if m = s.principal.match(r.Caller); m == policy.PrincipalNoMatch {
			return m
		}
	}
	if prefixed && !s.matchPrefixed(r) || !prefixed && !s.matchResource(r) {
		return policy.PrincipalNoMatch
	}
	if s.cond != nil && !s.cond.Eval(r.Context) {
		return policy.PrincipalNoMatch
	}
	return m
}

func (s *CompiledStatement) matchResource(r *Request) bool {
	if s.noRes {
		return true
	}
	m := false
	for i := range s.resources {
		if ok, _ := s.resources[i].match(r.Resource, r.Context); ok {
			m = true
			break
		}
	}
	return m != s.notRes
}

// matchPrefixed is matchResource for a statement filed by the resource prefix the request's
// resource starts with: it has Resource patterns (no NotResource), each with that prefix.
func (s *CompiledStatement) matchPrefixed(r *Request) bool {
	for i := range s.resources {
		if ok, _ := s.resources[i].matchPrefixed(r.Resource, r.Context); ok {
			return true
		}
	}
	return false
}

// arnField returns field i (0-based, of the first six colon-separated fields) of an ARN.
func arnField(arn string, i int) string {
	from, to := arnFieldAt(arn, i)
	return arn[from:to]
}

// arnFieldAt is where field i of an ARN is, from and to (to = from when it has none). It
// reads the ARN eight bytes at a time, finding its colons as the zero bytes of the word
// xor ':' (a request's resource is placed on every Prepare and For, and the account's field
// ends some 40 bytes in, where strings.IndexByte's five calls cost more than the search).
func arnFieldAt(arn string, i int) (from, to int) {
	if !strings.HasPrefix(arn, "arn:") {
		return 0, 0
	}
	const colons, low7 = 0x3a3a3a3a3a3a3a3a, 0x7f7f7f7f7f7f7f7f
	j := 0
	for ; j+8 <= len(arn); j += 8 {
		b := arn[j : j+8]
		w := (uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56) ^ colons
		z := ^((w&low7 + low7) | w | low7) // 0x80 in each byte that was a colon, exactly
		for ; z != 0; z &= z - 1 {
			k := j + bits.TrailingZeros64(z)/8
			if i == 0 {
				return from, k
			}
			i, from = i-1, k+1
		}
	}
	for ; j < len(arn); j++ {
		if arn[j] == ':' {
			if i == 0 {
				return from, j
			}
			i, from = i-1, j+1
		}
	}
	return 0, 0
}

// boundaryOverride reports whether a Deny with NotPrincipal applies to the caller anyway
// because a permissions boundary is attached to it.
func (s *CompiledStatement) boundaryOverride(r *Request) bool {
	if s.Allow || !r.HasBoundary {
		return false
	}
	switch r.Caller.Kind {
	case policy.PrincipalUser, policy.PrincipalRole, policy.PrincipalSession, policy.PrincipalFederated: // a federated session carries its IAM user's boundary
		return true
	}
	return false
}
