package authz

import (
	"strconv"
	"strings"
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
	// value returns the key's values for the request, or nil when AWS does not send the key.
	value func(s *source) []string
}

// source is what derived values are read from: the request, its parsed caller, its time.
type source struct {
	r   *Request
	c   *policy.Caller
	now time.Time
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

func one(s string) []string { return []string{s} }

// constant returns a shared one-value list for a fixed value, so that deriving it allocates
// nothing; contexts never change their values.
var constants = map[string][]string{}

func constant(v string) []string {
	if l, ok := constants[v]; ok {
		return l
	}
	return one(v)
}

// derivedKeys is the catalogue of derived keys, declared once: the evaluator, docs/contract.md
// and the tests read it.
var derivedKeys = []derivedKey{
	// "This key is included in the request context for all signed requests. Anonymous
	// requests do not include this key." For a role session, "the request context returns the
	// ARN of the role, not the ARN of the user that assumed the role".
	{"aws:PrincipalArn", "principal", func(s *source) []string {
		switch s.c.Kind {
		case policy.PrincipalSession:
			return one(s.c.RoleARN)
		case policy.PrincipalUser, policy.PrincipalRole, policy.PrincipalRoot, policy.PrincipalFederated:
			return one(s.c.ARN)
		}
		return nil
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." "For anonymous requests, the request context returns anonymous."
	{"aws:PrincipalAccount", "principal", func(s *source) []string {
		switch {
		case s.c.Kind == policy.PrincipalAnonymous:
			return constant("anonymous")
		case signed(s.c) && s.c.Account != "":
			return one(s.c.Account)
		}
		return nil
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." Values from "Principal key values".
	{"aws:PrincipalType", "principal", func(s *source) []string {
		switch s.c.Kind {
		case policy.PrincipalUser:
			return constant("User")
		case policy.PrincipalSession, policy.PrincipalRole:
			return constant("AssumedRole")
		case policy.PrincipalFederated:
			return constant("FederatedUser")
		case policy.PrincipalRoot:
			return constant("Account")
		case policy.PrincipalAnonymous:
			return constant("Anonymous")
		}
		return nil
	}},
	// "This key is always included in the request context for IAM users. Anonymous requests
	// and requests that are made using the AWS account root user or IAM roles do not include
	// this key."
	{"aws:username", "principal", func(s *source) []string {
		if s.c.Kind == policy.PrincipalUser {
			return one(s.c.Name)
		}
		return nil
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." Only the values an ARN shows are derived: the root user's is the account id,
	// a federated user's "account:caller-specified-name", an anonymous caller's "anonymous".
	// A user's unique id and a role's role-id are not in the ARN: give them in the context.
	{"aws:userid", "principal", func(s *source) []string {
		switch s.c.Kind {
		case policy.PrincipalRoot:
			return one(s.c.Account)
		case policy.PrincipalFederated:
			return one(s.c.Account + ":" + s.c.Name)
		case policy.PrincipalAnonymous:
			return constant("anonymous")
		}
		return nil
	}},
	// "This key is present in the request context for all signed API requests that use AWS
	// credentials. Anonymous requests do not include this key." True for a service principal.
	{"aws:PrincipalIsAWSService", "principal", func(s *source) []string {
		switch {
		case s.c.Kind == policy.PrincipalService:
			return constant("true")
		case signed(s.c):
			return constant("false")
		}
		return nil
	}},
	// "This key is present in the request when the call is made by an AWS service principal."
	{"aws:PrincipalServiceName", "principal", func(s *source) []string {
		if s.c.Kind == policy.PrincipalService {
			return one(s.c.ARN)
		}
		return nil
	}},
	// "This key is always included in the request context." The value is the Region of the
	// endpoint called: the Region field of the secret's ARN.
	{"aws:RequestedRegion", "resource", func(s *source) []string {
		if region := arnRegion(s.r.Resource); region != "" {
			return one(region)
		}
		return nil
	}},
	// "This key is always included in the request context." True: Secrets Manager API
	// Reference, "you must use HTTPS to encrypt all API requests".
	{"aws:SecureTransport", "transport", func(s *source) []string { return constant("true") }},
	// "This key is always included in the request context." (aws:CurrentTime, aws:EpochTime)
	{"aws:CurrentTime", "time", func(s *source) []string {
		return one(s.now.Format(time.RFC3339))
	}},
	{"aws:EpochTime", "time", func(s *source) []string {
		return one(strconv.FormatInt(s.now.Unix(), 10))
	}},
}

// arnRegion returns the Region field of an ARN, "" when it has none.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}

// derive adds to ctx the keys AWS would have put into r's context that r neither gives nor
// marks absent, in catalogue order. With NoDerive it adds nothing.
func derive(r *Request, c *policy.Caller, ctx *policy.Context) {
	if r.NoDerive {
		return
	}
	src := source{r: r, c: c, now: r.clock()}
	for i := range derivedKeys {
		k := &derivedKeys[i]
		if _, given := ctx.Values(derivedLower[i]); given || r.marksAbsent(k.key) {
			continue
		}
		if v := k.value(&src); v != nil {
			ctx.Derive(derivedLower[i], policy.Derived{Key: k.key, Values: v, From: k.from, Why: fromPhrases[k.from]})
		}
	}
}

// marksAbsent reports whether the request marks key absent (any case).
func (r *Request) marksAbsent(key string) bool {
	for _, k := range r.Absent {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

func init() {
	for _, v := range []string{"User", "AssumedRole", "FederatedUser", "Account", "Anonymous", "anonymous", "true", "false"} {
		constants[v] = []string{v}
	}
}

// derivedLower are the catalogue's keys lower-cased, as the context holds them.
var derivedLower = func() []string {
	out := make([]string, len(derivedKeys))
	for i, k := range derivedKeys {
		out[i] = strings.ToLower(k.key)
	}
	return out
}()
