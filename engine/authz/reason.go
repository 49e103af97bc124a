package authz

import (
	"github.com/iamplay/iamplay/engine/internal/eval"
	"github.com/iamplay/iamplay/engine/policy"
)

// policyPhrase names a layer the way AWS's access-denied messages do.
var policyPhrase = [...]string{
	LayerSCP:      "service control policy",
	LayerResource: "resource-based policy",
	LayerIdentity: "identity-based policy",
	LayerBoundary: "permissions boundary",
	LayerSession:  "session policy",
}

func article(s string) string {
	switch s[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + s
	}
	return "a " + s
}

// reason writes the one-sentence explanation, in the words of AWS's authorization errors:
// "User: X is not authorized to perform: A on resource: R because no identity-based policy
// allows the A action" / "... with an explicit deny in a resource-based policy".
func reason(r *eval.Request, d Decision, by Layer, same bool, res eval.Outcome) string {
	who := r.Caller.ARN
	if who == "" {
		who = "anonymous"
	}
	head := "User: " + who
	on := " on resource: " + r.Resource
	switch d {
	case ExplicitDeny:
		return head + " is not authorized to perform: " + r.Action + on + " with an explicit deny in " + article(policyPhrase[by])
	case ImplicitDeny:
		msg := head + " is not authorized to perform: " + r.Action + on + " because no " + policyPhrase[by] + " allows the " + r.Action + " action"
		if by == LayerResource && !same {
			msg += " (the request crosses accounts, so the resource-based policy must allow it too)"
		}
		return msg
	}
	switch {
	case by == LayerNone && r.Caller.Kind == policy.PrincipalRoot:
		return head + " is authorized to perform: " + r.Action + on + " because the account root user has full access to the resources of its own account"
	case by == LayerResource && r.Caller.Kind == policy.PrincipalRoot:
		return head + " is authorized to perform: " + r.Action + on + " because the resource-based policy allows the account, and its root user has full access"
	case by == LayerResource && same && res.Strength == policy.PrincipalByARN:
		return head + " is authorized to perform: " + r.Action + on + " because the resource-based policy names the caller and allows it"
	case by == LayerResource && same && res.Strength == policy.PrincipalByWildcard:
		return head + " is authorized to perform: " + r.Action + on + " because the resource-based policy allows everyone (\"*\")"
	case by == LayerResource && same:
		return head + " is authorized to perform: " + r.Action + on + " because the resource-based policy allows the caller's role, and no boundary or session policy limits it"
	case by == LayerResource:
		return head + " is authorized to perform: " + r.Action + on + " because both an identity-based policy and the resource-based policy allow it"
	}
	return head + " is authorized to perform: " + r.Action + on + " because an identity-based policy allows it"
}
