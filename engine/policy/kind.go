package policy

import "fmt"

// Kind is the role a policy plays; it decides which elements are required or forbidden.
type Kind string

// The policy kinds iamplay understands.
const (
	KindIdentity Kind = "identity" // attached to a user, group or role: no Principal, Resource required
	KindResource Kind = "resource" // a secret's resource policy: Principal required
	KindBoundary Kind = "boundary" // a permissions boundary: shaped like an identity policy
	KindSCP      Kind = "scp"      // a service control policy of AWS Organizations
	KindSession  Kind = "session"  // a session policy passed to AssumeRole: shaped like an identity policy
	KindKey      Kind = "key"      // a KMS key policy: a resource policy, Principal required
	KindTrust    Kind = "trust"    // a role's trust policy: a resource policy naming who may assume the role
)

// Kinds lists every kind: those the evaluation applies, in its order, then key and trust
// policies.
var Kinds = []Kind{KindSCP, KindResource, KindIdentity, KindBoundary, KindSession, KindKey, KindTrust}

// ParseKind reads a kind name as the command line and the contract write it.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown policy kind %q (want identity, resource, boundary, scp, session, key or trust)", s)
}

// ResourceBased reports whether the kind is attached to a resource (a secret, a KMS key, a
// role), so its statements name a Principal.
func (k Kind) ResourceBased() bool {
	return k == KindResource || k == KindKey || k == KindTrust
}

// QuotaChars is the AWS size quota for a policy of the kind, in characters (whitespace
// included, as the quotas page counts for resource policies; AWS strips whitespace for
// identity policies, which iamplay does not model, so the figures are the generous ones).
// A key policy's quota is 32,768 bytes (KMS Developer Guide, "Key policy format": "Up to 32
// kilobytes (32,768 bytes)"); a trust policy's is IAM's default "Role trust policy length",
// 2,048 characters, which an account can have raised (IAM User Guide, "IAM and AWS STS quotas").
func (k Kind) QuotaChars() int {
	switch k {
	case KindSCP:
		return 5120
	case KindSession, KindTrust:
		return 2048
	case KindKey:
		return 32768
	default:
		return 20480
	}
}

// article is the kind with its indefinite article, for messages: "an identity", "a boundary".
func (k Kind) article() string {
	if k == KindIdentity {
		return "an " + string(k)
	}
	return "a " + string(k)
}
