package secrets

import (
	"github.com/iamplay/iamplay/engine/authz"
)

// Check is one authorization a call asked of the engine: the action on the resource, the
// decision, and what it takes to explain it (the compiled policies by reference and the
// prepared request), so that the fast path never builds an explanation nobody reads.
type Check struct {
	_        [0]func() // not comparable: a check is compared by its fields
	Action   string
	Resource string
	Decision authz.Decision
	in       *authz.Input // shared with the store's caches, which never change one they hand out
	q        *authz.Prepared
}

// Explain is the full explanation of the check: every layer's verdict, every statement,
// the reason in AWS's words. It never holds a secret value: a request carries none.
func (c *Check) Explain() *authz.Result { return c.in.Explain(c.q) }

// Explanation is the explanation of the check that decided the call: the one that denied
// it, or the last one made; nil when the call made none.
func (r *Result) Explanation() *authz.Result {
	if i := r.Deciding(); i >= 0 {
		return r.Checks[i].Explain()
	}
	return nil
}

// Deciding is the index in Checks of the check that decided the call (Explanation's); -1
// when the call made none.
func (r *Result) Deciding() int {
	for i := range r.Checks {
		if r.Checks[i].Decision != authz.Allow {
			return i
		}
	}
	return len(r.Checks) - 1
}

// authorize asks the engine whether the call's caller may perform action on t, with the
// secret's resource policy when it exists, and records the check. secretID is
// secretsmanager:SecretId as the request wrote it (nil for calls on no secret); op are the
// operation's other keys. A denial is AWS's
// AccessDeniedException with the reason sentence AWS writes.
func (s *Store) authorize(c *Call, r *Result, action string, t target, secretID []string, op ...kv) *Error {
	ch := s.check(c, action, t, secretID, op...)
	r.record(ch)
	if ch.Decision == authz.Allow {
		return nil
	}
	return &Error{Type: AccessDenied, Message: ch.in.Explain(ch.q).Reason}
}

// check is authorize's decision alone, explained only on demand (Access asks it). The
// decision is made on every call; the request it decides is the caller's last one for the
// action on the secret when the call's keys and the secret's resource policy are the same.
func (s *Store) check(c *Call, action string, t target, secretID []string, op ...kv) Check {
	p := s.principalOf(c.Caller)
	var res *authz.Policy
	if t.e != nil && t.e.s.Policy != nil {
		res = t.e.s.Policy.Policy
	}
	k := requestKey{p: p, e: t.e, action: action}
	q := s.requests[k]
	keys := s.keysOf(c, t.e, secretID, op...) // copied only when they make a new request
	if q == nil || q.in.Resource != res || q.q.Resource() != t.arn || !sameKeys(q.keys, keys) {
		kept := append(make([]kv, 0, len(keys)), keys...)
		q = &request{in: p.in, keys: kept}
		q.in.Resource = res
		q.q = p.prepare(c.Caller, action, t.arn, p.context(kept))
		if s.requests == nil || len(s.requests) >= maxCached {
			s.requests = map[requestKey]*request{}
		}
		s.requests[k] = q
	}
	return Check{Action: action, Resource: t.arn, Decision: q.in.Decide(q.q), in: &q.in, q: q.q}
}

// requestKey is a caller's requests for an action on a secret (nil: on no secret, or on one
// that does not exist).
type requestKey struct {
	p      *principal
	e      *entry
	action string
}

// request is a prepared request the store keeps for the caller's next call with the same
// keys (callKeys) on the same resource, with the policies it is decided against. Neither
// changes once made: a check holds them, and a changed call makes a new request.
type request struct {
	in   authz.Input
	keys []kv
	q    *authz.Prepared
}

// record appends a check to the result's, in the result's own room for the first two.
func (r *Result) record(ch Check) {
	if r.Checks == nil {
		r.Checks = r.first[:0:len(r.first)]
	}
	r.Checks = append(r.Checks, ch)
}

// anyResource is the resource of actions that act on no secret (ListSecrets,
// GetRandomPassword, BatchGetSecretValue): the service authorization reference lists no
// resource type for them, so policies grant them on "*".
var anyResource = target{arn: "*"}
