package authz

import (
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/iamplay/iamplay/engine/policy"
)

// DefaultTime is the request's clock when the request gives no "time": fixed, so that a
// document decides the same way on every run and on every machine (docs/contract.md).
const DefaultTime = "2025-01-01T00:00:00Z"

// ParseTime reads a request's "time": RFC 3339, as AWS writes aws:CurrentTime.
func ParseTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339, s)
}

// defaultClock is DefaultTime, read once.
var defaultClock, _ = ParseTime(DefaultTime)

// clock returns the request's time, DefaultTime when it gives none or one that does not read
// (the document reader reports that one).
func (r *Request) clock() time.Time {
	if r.Time != "" {
		if t, err := ParseTime(r.Time); err == nil {
			return t.UTC()
		}
	}
	return defaultClock
}

// fromPhrases say, for a person, what each kind of derived value was read from.
var fromPhrases = map[string]string{
	"principal": "from the principal ARN",
	"resource":  "from the resource ARN",
	"time":      "from the request time",
	"transport": "Secrets Manager is called over HTTPS only",
}

// FromPhrase returns the phrase for a Derived.From ("from the principal ARN").
func FromPhrase(from string) string {
	if p, ok := fromPhrases[from]; ok {
		return p
	}
	return "from the " + from
}

// derivedKey is one key AWS puts into the request context, and how to read its value. Each
// rule cites the key's "Availability" in the IAM User Guide, "AWS global condition context
// keys" (reference_policies_condition-keys.html), and for aws:username, aws:userid and
// aws:PrincipalType the table "Principal key values" of "IAM policy elements: Variables and
// tags" (reference_policies_variables.html#principaltable).
type derivedKey struct {
	key  string
	from string
	// value returns the key's value for the request (s, whose caller is c), and false when
	// AWS does not send the key. Every derived key has one value.
	value func(s *preparedBlock, c *policy.Caller) (string, bool)
}

// signed reports whether the caller signs its requests with IAM credentials: everyone but an
// anonymous caller and a service principal.
func signed(c *policy.Caller) bool {
	switch c.Kind {
	case policy.PrincipalUser, policy.PrincipalRole, policy.PrincipalSession, policy.PrincipalRoot, policy.PrincipalFederated:
		return true
	}
	return false
}

// derivedKeys is the catalogue of derived keys, declared once: the evaluator, docs/contract.md
// and the tests read it.
var derivedKeys = []derivedKey{
	// "This key is included in the request context for all signed requests. Anonymous
	// requests do not include this key." For a role session, "the request context returns the
	// ARN of the role, not the ARN of the user that assumed the role".
	{"aws:PrincipalArn", "principal", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		switch c.Kind {
		case policy.PrincipalSession:
			return s.who.built, true
		case policy.PrincipalUser, policy.PrincipalRole, policy.PrincipalRoot, policy.PrincipalFederated:
			return c.ARN, true
		}
		return "", false
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." "For anonymous requests, the request context returns anonymous."
	{"aws:PrincipalAccount", "principal", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		switch {
		case c.Kind == policy.PrincipalAnonymous:
			return "anonymous", true
		case signed(c) && c.Account != "":
			return c.Account, true
		}
		return "", false
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." Values from "Principal key values".
	{"aws:PrincipalType", "principal", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		switch c.Kind {
		case policy.PrincipalUser:
			return "User", true
		case policy.PrincipalSession, policy.PrincipalRole:
			return "AssumedRole", true
		case policy.PrincipalFederated:
			return "FederatedUser", true
		case policy.PrincipalRoot:
			return "Account", true
		case policy.PrincipalAnonymous:
			return "Anonymous", true
		}
		return "", false
	}},
	// "This key is always included in the request context for IAM users. Anonymous requests
	// and requests that are made using the AWS account root user or IAM roles do not include
	// this key."
	{"aws:username", "principal", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		if c.Kind == policy.PrincipalUser {
			return c.Name, true
		}
		return "", false
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." Only the values an ARN shows are derived: the root user's is the account id,
	// a federated user's "account:caller-specified-name", an anonymous caller's "anonymous".
	// A user's unique id and a role's role-id are not in the ARN: give them in the context.
	{"aws:userid", "principal", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		switch c.Kind {
		case policy.PrincipalRoot:
			return c.Account, true
		case policy.PrincipalFederated:
			return s.who.built, true
		case policy.PrincipalAnonymous:
			return "anonymous", true
		}
		return "", false
	}},
	// "This key is present in the request context for all signed API requests that use AWS
	// credentials. Anonymous requests do not include this key." True for a service principal.
	{"aws:PrincipalIsAWSService", "principal", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		switch {
		case c.Kind == policy.PrincipalService:
			return "true", true
		case signed(c):
			return "false", true
		}
		return "", false
	}},
	// "This key is present in the request when the call is made by an AWS service principal."
	{"aws:PrincipalServiceName", "principal", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		if c.Kind == policy.PrincipalService {
			return c.ARN, true
		}
		return "", false
	}},
	// "This key is always included in the request context." The value is the Region of the
	// endpoint called: the Region field of the secret's ARN.
	{"aws:RequestedRegion", "resource", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		if region := arnRegion(s.p.q.Resource); region != "" {
			return region, true
		}
		return "", false
	}},
	// "This key is always included in the request context." True: Secrets Manager API
	// Reference, "you must use HTTPS to encrypt all API requests".
	{"aws:SecureTransport", "transport", func(s *preparedBlock, c *policy.Caller) (string, bool) { return "true", true }},
	// "This key is always included in the request context." (aws:CurrentTime, aws:EpochTime)
	{"aws:CurrentTime", "time", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		return s.times.rfc, true
	}},
	{"aws:EpochTime", "time", func(s *preparedBlock, c *policy.Caller) (string, bool) {
		return s.times.epoch, true
	}},
}

// arnRegion returns the Region field of an ARN, "" when it has none.
func arnRegion(arn string) string {
	if !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	rest := arn
	for f := 0; f < 3; f++ { // past arn, partition, service
		k := strings.IndexByte(rest, ':')
		if k < 0 {
			return ""
		}
		rest = rest[k+1:]
	}
	k := strings.IndexByte(rest, ':')
	if k < 0 || strings.IndexByte(rest[k+1:], ':') < 0 {
		return ""
	}
	return rest[:k]
}

// timeStrings are a request time as aws:CurrentTime and aws:EpochTime write it.
type timeStrings struct {
	t          time.Time
	rfc, epoch string
}

func newTimeStrings(t time.Time) *timeStrings {
	return &timeStrings{t: t, rfc: t.Format(time.RFC3339), epoch: strconv.FormatInt(t.Unix(), 10)}
}

// lastTime keeps the strings of the last request time: a store calls at one world time
// many times, and formatting it once is enough.
var lastTime atomic.Pointer[timeStrings]

// defaultTimes are DefaultTime's strings, for every request that gives no time.
var defaultTimes = newTimeStrings(defaultClock)

func init() { lastTime.Store(defaultTimes) }

// times returns the strings of the request's time, formatting them only for a new time.
func (r *Request) times() *timeStrings {
	if r.Time == "" {
		return defaultTimes
	}
	now := r.clock()
	if t := lastTime.Load(); t.t.Equal(now) {
		return t
	}
	t := newTimeStrings(now)
	lastTime.Store(t)
	return t
}

// derive readies b to give the keys AWS would have put into r's context that r does not
// mark absent. It computes no value: b's context asks for a derived key (Derive) only when a
// policy reads one that r does not give, so a decision derives only what it reads, and
// allocates nothing. The one value no string of r holds is the caller's (callerEntry.built).
func derive(r *Request, b *preparedBlock) {
	b.times = r.times()
	if len(r.Absent) > 0 {
		for i := range derivedKeys {
			if r.marksAbsent(derivedKeys[i].key) {
				b.absent |= 1 << i
			}
		}
	}
}

// Derive gives a derived key's value (eval.Deriver): a key of the catalogue the request does
// not mark absent, when AWS sends it for this request.
func (b *preparedBlock) Derive(lowerKey string) (string, bool) {
	if i := derivedIndex(lowerKey); i >= 0 && b.absent&(1<<i) == 0 {
		return derivedKeys[i].value(b, b.p.q.Caller)
	}
	return "", false
}

// derivedIndex is the place of a lower-cased key in derivedKeys, -1 when it is none.
func derivedIndex(lowerKey string) int {
	for i, k := range derivedLower {
		if len(k) == len(lowerKey) && k == lowerKey {
			return i
		}
	}
	return -1
}

// Derived are the keys derivation put into the request's context, in catalogue order, each
// with its value and what it was read from: those the request neither gives nor marks absent.
func (p *Prepared) Derived() []policy.Derived {
	var l *derivedList
	n := 0
	for i := range derivedKeys {
		// The context's own values for a key it gives; the one derived value, in l.values[n],
		// for a key it derives.
		var one [1]string
		if v, ok := p.q.Context.Values(derivedLower[i], &one); !ok || len(v) != 1 || &v[0] != &one[0] {
			continue
		}
		if l == nil {
			l = new(derivedList)
		}
		k := &derivedKeys[i]
		l.values[n] = one[0]
		l.keys[n] = policy.Derived{Key: k.key, Values: l.values[n : n+1 : n+1], From: k.from, Why: fromPhrases[k.from]}
		n++
	}
	if l == nil {
		return nil
	}
	return l.keys[:n]
}

// derivedList is what Derived returns, with the values its keys' lists point to, in one
// allocation.
type derivedList struct {
	keys   [numDerived]policy.Derived
	values [numDerived]string
}

// numDerived is how many keys derivation knows: at most 32, a Prepared's bits of absent keys.
const numDerived = 11

// marksAbsent reports whether the request marks key absent (any case).
func (r *Request) marksAbsent(key string) bool {
	for _, k := range r.Absent {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// derivedLower are the catalogue's keys lower-cased, as the context holds them.
var derivedLower = func() []string {
	out := make([]string, len(derivedKeys))
	for i, k := range derivedKeys {
		out[i] = strings.ToLower(k.key)
	}
	return out
}()

func init() {
	if len(derivedKeys) != numDerived {
		panic("authz: numDerived is not the number of derived keys")
	}
}
