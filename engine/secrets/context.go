package secrets

import (
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/world"
)

// This file is the one place that builds the request context AWS sends with a call: the
// caller's keys (cached per caller), the call's time, region and network, the secret's tags,
// and each operation's own keys (passed in as kv). Keys are written lower-cased, as
// authz.Context keeps them, so that setting one copies nothing.
//
// The keys the caller's ARN gives come from authz's derivation (principalKeys); the time,
// region and transport keys are the call's own: the world's clock (written as derivation
// writes aws:CurrentTime and aws:EpochTime), the endpoint's region (also for calls on "*",
// whose resource names none), the connection's TLS.

// kv is one condition key with its values.
type kv struct {
	k string
	v []string
}

// principal is what the store caches per caller: the compiled policies that apply to it and
// the condition keys it brings to every call.
type principal struct {
	in       authz.Input
	kv       []kv
	prepared map[string]*authz.Prepared // by action: the caller and action read once
}

// prepare is the caller's request for action on resource with ctx.
func (p *principal) prepare(c *world.Caller, action, resource string, ctx authz.Context) *authz.Prepared {
	q := p.prepared[action]
	if q == nil {
		q = authz.Prepare(authz.Request{Principal: c.ARN, Action: action})
		p.prepared[action] = q
	}
	return q.For(resource, ctx)
}

// rootPolicy is what the account root user may do: everything in its account ("The account
// root user may do everything in its account except what an SCP denies"); SCPs, resource
// policies and, across accounts, the other account's resource policy still apply.
var rootPolicy = authz.NewPolicy(policy.KindIdentity, "account root user", []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`))

// maxCached bounds the per-caller and interned-value caches.
const maxCached = 4096

// principalOf returns the caller's cached policies and keys.
func (s *Store) principalOf(c *world.Caller) *principal {
	if p := s.principals[c]; p != nil {
		return p
	}
	if len(s.principals) >= maxCached {
		clear(s.principals)
	}
	p := &principal{in: s.w.Input(c), kv: s.principalKeys(c), prepared: map[string]*authz.Prepared{}}
	if c.Root {
		p.in.Identity = []*authz.Policy{rootPolicy}
	}
	s.principals[c] = p
	return p
}

// principalKeys are the keys AWS puts into every request of the caller (IAM User Guide, "AWS
// global condition context keys", properties of the principal): those the caller's ARN gives,
// as authz derives them (one catalogue), and those only the world knows: a user's or role's
// unique ID in aws:userid, the role's ARN with its path, the organization, the tags.
func (s *Store) principalKeys(c *world.Caller) []kv {
	acct := c.Account.ID
	var out []kv
	for _, d := range authz.Prepare(authz.Request{Principal: c.ARN, Action: "secretsmanager:ListSecrets"}).Derived() {
		if d.From == "principal" {
			out = append(out, kv{strings.ToLower(d.Key), d.Values})
		}
	}
	set := func(key string, v ...string) {
		for i := range out {
			if out[i].k == key {
				out[i].v = v
				return
			}
		}
		out = append(out, kv{key, v})
	}
	switch {
	case c.User != nil:
		set("aws:userid", s.UserID(c))
	case c.Role != nil:
		set("aws:principalarn", principalARN(s.w.Partition, c))
		set("aws:userid", s.UserID(c))
	}
	if o := s.w.Organization; o != nil && s.w.SCPLevels(acct) != nil {
		set("aws:principalorgid", o.ID)
	}
	for _, t := range c.Tags() {
		set("aws:principaltag/"+strings.ToLower(t.Key), t.Value)
	}
	return out
}

// principalARN is aws:PrincipalArn: for a role session, the role's ARN ("For a role
// session, the ARN of the role"), else the caller's.
func principalARN(partition string, c *world.Caller) string {
	if c.Role != nil {
		return c.Role.ARN(partition, c.Account.ID)
	}
	return c.ARN
}

// uniqueID is a stable stand-in for the unique ID IAM gives a user (AIDA...) or a role
// (AROA...): the world file has none, so one is derived from the ARN.
// UserID is the caller's aws:userid as calls see it: the account ID for the root user, the
// user's unique ID, or the role's unique ID and the session name; sts:GetCallerIdentity
// answers it.
func (s *Store) UserID(c *world.Caller) string {
	switch {
	case c.User != nil:
		return uniqueID("AIDA", c.ARN)
	case c.Role != nil:
		return uniqueID("AROA", c.Role.ARN(s.w.Partition, c.Account.ID)) + ":" + c.Session
	}
	return c.Account.ID
}

func uniqueID(prefix, arn string) string {
	h := fnv.New64a()
	h.Write([]byte(arn))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := []byte(prefix)
	for x, i := h.Sum64(), 0; i < 17; i, x = i+1, x>>5|x<<59 {
		b = append(b, alphabet[x&31])
	}
	return string(b)
}

// tagContext is the pair of keys each tag of a secret gives: aws:ResourceTag/KEY and
// secretsmanager:ResourceTag/KEY.
type tagContext []kv

func newTagContext(tags []world.Tag) tagContext {
	out := make(tagContext, 0, 2*len(tags))
	for _, t := range tags {
		k := strings.ToLower(t.Key)
		v := []string{t.Value}
		out = append(out, kv{"aws:resourcetag/" + k, v}, kv{"secretsmanager:resourcetag/" + k, v})
	}
	return out
}

// clockValues are aws:CurrentTime and aws:EpochTime for the clock they were made at.
type clockValues struct {
	at             time.Time
	current, epoch []string
}

func (s *Store) clock() *clockValues {
	now := s.w.Clock
	if cv := &s.clockVals; cv.current == nil || !cv.at.Equal(now) {
		*cv = clockValues{at: now, current: []string{now.UTC().Format(time.RFC3339)}, epoch: []string{strconv.FormatInt(now.Unix(), 10)}}
	}
	return &s.clockVals
}

// one is a one-value list for v, shared between calls (values are never changed once set).
// The lists used last are found by a glance at a few slots before the map is asked. The
// list's value is the store's own: v may be a view of bytes a caller owns (a request body
// read in place), so a value the store keeps is a copy.
func (s *Store) one(v string) []string {
	slot := &s.recent[recentSlot(v)]
	if slot.l != nil && slot.v == v {
		return slot.l
	}
	l, ok := s.interned[v]
	if !ok {
		if len(s.interned) >= maxCached {
			clear(s.interned)
		}
		v = strings.Clone(v)
		l = []string{v}
		s.interned[v] = l
	}
	*slot = recentOne{l[0], l}
	return l
}

// recentOne is a value one made a list of lately, and the list.
type recentOne struct {
	v string
	l []string
}

// recentSlot is where one looks for v first: a call's few values (its region, source IP,
// account, SecretId) rarely share a slot.
func recentSlot(v string) int {
	if v == "" {
		return 0
	}
	return (len(v) + int(v[0]) + 3*int(v[len(v)-1])) % len(Store{}.recent)
}

var (
	trueVals  = []string{"true"}
	falseVals = []string{"false"}
)

func boolVals(b bool) []string {
	if b {
		return trueVals
	}
	return falseVals
}

// callKeys gives l the keys of a call by its caller on e (nil: no secret, or one that does
// not exist) besides the caller's own (principal.kv): the clock, the transport, the region
// and network, the secret's account, tags and resource keys, secretsmanager:SecretId, and
// the operation's own keys. They are everything of the request context that changes
// between a caller's calls; a caller's calls compare them to reuse a prepared request.
func (s *Store) callKeys(l *keyList, c *Call, e *entry, secretID []string, op ...kv) {
	cv := s.clock()
	l.add("aws:currenttime", cv.current)
	l.add("aws:epochtime", cv.epoch)
	l.add("aws:securetransport", boolVals(c.Network.TLS))
	l.add("aws:requestedregion", s.one(c.Region))
	if ip := c.Network.SourceIP; ip != "" && c.Network.VPCEndpoint == "" {
		l.add("aws:sourceip", s.one(ip))
	}
	if v := c.Network.VPCEndpoint; v != "" {
		l.add("aws:sourcevpce", s.one(v))
	}
	if v := c.Network.VPC; v != "" {
		l.add("aws:sourcevpc", s.one(v))
	}
	if e != nil {
		l.add("aws:resourceaccount", s.one(e.acct.ID))
		for _, t := range e.tagContext() {
			l.add(t.k, t.v)
		}
		s.resourceKeys(l, e) // rotation and replication: secretsmanager:resource/AllowRotationLambdaArn, SecretPrimaryRegion
	}
	l.add("secretsmanager:secretid", secretID)
	for _, o := range op {
		l.add(o.k, o.v)
	}
}

// keyList is a call's keys as callKeys gives them, written into room: memory the store
// keeps for them, so that writing a call's keys allocates nothing. n counts them all, also
// those that did not fit (keysOf then writes them again into memory that fits).
type keyList struct {
	room []kv
	n    int
}

// maxCallKeys is the store's room for a call's keys: a secret with up to eight tags fits.
const maxCallKeys = 32

// add gives the list a key with its values; a key without values (nil) is not sent.
func (l *keyList) add(k string, v []string) {
	if v != nil {
		if l.n < len(l.room) {
			l.room[l.n] = kv{k, v}
		}
		l.n++
	}
}

// keysOf is the keys of a call (callKeys) in the store's room for them (s.keys), or, for a
// call with more keys than it holds, in memory of their own. They hold until the next call
// of keysOf: a caller that keeps them copies them.
func (s *Store) keysOf(c *Call, e *entry, secretID []string, op ...kv) []kv {
	l := keyList{room: s.keys[:]}
	s.callKeys(&l, c, e, secretID, op...)
	if l.n > len(l.room) {
		l = keyList{room: make([]kv, l.n)}
		s.callKeys(&l, c, e, secretID, op...)
	}
	return l.room[:l.n]
}

// sameKeys reports whether two calls have the same keys, in order and no more or fewer.
// Most keys are the same constant with the same shared list (one), seen without comparing
// bytes.
func sameKeys(a, b []kv) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if unsafe.StringData(x.k) != unsafe.StringData(y.k) || len(x.k) != len(y.k) ||
			unsafe.SliceData(x.v) != unsafe.SliceData(y.v) || len(x.v) != len(y.v) {
			if !sameKey(x, y) {
				return false
			}
		}
	}
	return true
}

// requestContext builds the context of a call by p on e (nil: no secret, or one that does
// not exist), with the operation's own keys.
func (s *Store) requestContext(c *Call, p *principal, e *entry, secretID []string, op ...kv) authz.Context {
	return p.context(s.keysOf(c, e, secretID, op...))
}

// context is the request context of the caller's keys and a call's.
func (p *principal) context(call []kv) authz.Context {
	ctx := authz.NewContext(len(p.kv) + len(call))
	for i := range p.kv {
		ctx.Add(p.kv[i].k, p.kv[i].v)
	}
	for i := range call {
		ctx.Add(call[i].k, call[i].v)
	}
	return ctx
}

// sameKey reports whether key a of one call is key b of another: the same key with the
// same values.
func sameKey(a, b *kv) bool {
	switch {
	case a.k != b.k || len(a.v) != len(b.v):
		return false
	case len(a.v) > 0 && &a.v[0] == &b.v[0]: // the same list: most are shared (one)
		return true
	}
	return slices.Equal(a.v, b.v)
}
