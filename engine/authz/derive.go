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

// clock returns the request's time, DefaultTime when it gives none or one that does not read
// (the document reader reports that one).
func (r *Request) clock() time.Time {
	if r.Time != "" {
		if t, err := ParseTime(r.Time); err == nil {
			return t.UTC()
		}
	}
	t, _ := ParseTime(DefaultTime)
	return t
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
	value func(r *Request, c *policy.Caller) []string
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

// derivedKeys is the catalogue of derived keys, declared once: the evaluator, docs/contract.md
// and the tests read it.
var derivedKeys = []derivedKey{
	// "This key is included in the request context for all signed requests. Anonymous
	// requests do not include this key." For a role session, "the request context returns the
	// ARN of the role, not the ARN of the user that assumed the role".
	{"aws:PrincipalArn", "principal", func(r *Request, c *policy.Caller) []string {
		switch c.Kind {
		case policy.PrincipalSession:
			return one(c.RoleARN)
		case policy.PrincipalUser, policy.PrincipalRole, policy.PrincipalRoot, policy.PrincipalFederated:
			return one(c.ARN)
		}
		return nil
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." "For anonymous requests, the request context returns anonymous."
	{"aws:PrincipalAccount", "principal", func(r *Request, c *policy.Caller) []string {
		switch {
		case c.Kind == policy.PrincipalAnonymous:
			return one("anonymous")
		case signed(c) && c.Account != "":
			return one(c.Account)
		}
		return nil
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." Values from "Principal key values".
	{"aws:PrincipalType", "principal", func(r *Request, c *policy.Caller) []string {
		switch c.Kind {
		case policy.PrincipalUser:
			return one("User")
		case policy.PrincipalSession, policy.PrincipalRole:
			return one("AssumedRole")
		case policy.PrincipalFederated:
			return one("FederatedUser")
		case policy.PrincipalRoot:
			return one("Account")
		case policy.PrincipalAnonymous:
			return one("Anonymous")
		}
		return nil
	}},
	// "This key is always included in the request context for IAM users. Anonymous requests
	// and requests that are made using the AWS account root user or IAM roles do not include
	// this key."
	{"aws:username", "principal", func(r *Request, c *policy.Caller) []string {
		if c.Kind == policy.PrincipalUser {
			return one(c.Name)
		}
		return nil
	}},
	// "This key is included in the request context for all requests, including anonymous
	// requests." Only the values an ARN shows are derived: the root user's is the account id,
	// a federated user's "account:caller-specified-name", an anonymous caller's "anonymous".
	// A user's unique id and a role's role-id are not in the ARN: give them in the context.
	{"aws:userid", "principal", func(r *Request, c *policy.Caller) []string {
		switch c.Kind {
		case policy.PrincipalRoot:
			return one(c.Account)
		case policy.PrincipalFederated:
			return one(c.Account + ":" + c.Name)
		case policy.PrincipalAnonymous:
			return one("anonymous")
		}
		return nil
	}},
	// "This key is present in the request context for all signed API requests that use AWS
	// credentials. Anonymous requests do not include this key." True for a service principal.
	{"aws:PrincipalIsAWSService", "principal", func(r *Request, c *policy.Caller) []string {
		switch {
		case c.Kind == policy.PrincipalService:
			return one("true")
		case signed(c):
			return one("false")
		}
		return nil
	}},
	// "This key is present in the request when the call is made by an AWS service principal."
	{"aws:PrincipalServiceName", "principal", func(r *Request, c *policy.Caller) []string {
		if c.Kind == policy.PrincipalService {
			return one(c.ARN)
		}
		return nil
	}},
	// "This key is always included in the request context." The value is the Region of the
	// endpoint called: the Region field of the secret's ARN.
	{"aws:RequestedRegion", "resource", func(r *Request, c *policy.Caller) []string {
		if region := arnRegion(r.Resource); region != "" {
			return one(region)
		}
		return nil
	}},
	// "This key is always included in the request context." True: Secrets Manager API
	// Reference, "you must use HTTPS to encrypt all API requests".
	{"aws:SecureTransport", "transport", func(r *Request, c *policy.Caller) []string { return one("true") }},
	// "This key is always included in the request context." (aws:CurrentTime, aws:EpochTime)
	{"aws:CurrentTime", "time", func(r *Request, c *policy.Caller) []string {
		return one(r.clock().Format(time.RFC3339))
	}},
	{"aws:EpochTime", "time", func(r *Request, c *policy.Caller) []string {
		return one(strconv.FormatInt(r.clock().Unix(), 10))
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

// derive returns the keys AWS would have put into r's context that r neither gives nor marks
// absent, in catalogue order. With NoDerive it returns nothing.
func derive(r *Request, c *policy.Caller) []policy.Derived {
	if r.NoDerive {
		return nil
	}
	var out []policy.Derived
	for _, k := range derivedKeys {
		if r.gives(k.key) {
			continue
		}
		if v := k.value(r, c); v != nil {
			out = append(out, policy.Derived{Key: k.key, Values: v, From: k.from, Why: FromPhrase(k.from)})
		}
	}
	return out
}

// gives reports whether the request sets key itself (any case) or marks it absent.
func (r *Request) gives(key string) bool {
	for k := range r.Context {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	for _, k := range r.Absent {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}
