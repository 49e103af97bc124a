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
)

// Kinds lists every kind, in the order the evaluation applies them.
var Kinds = []Kind{KindSCP, KindResource, KindIdentity, KindBoundary, KindSession}

// ParseKind reads a kind name as the command line and the contract write it.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown policy kind %q (want identity, resource, boundary, scp or session)", s)
}

// QuotaChars is the AWS size quota for a policy of the kind, in characters (whitespace
// included, as the quotas page counts for resource policies; AWS strips whitespace for
// identity policies, which iamplay does not model, so the figures are the generous ones).
func (k Kind) QuotaChars() int {
	switch k {
	case KindSCP:
		return 5120
	case KindSession:
		return 2048
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
