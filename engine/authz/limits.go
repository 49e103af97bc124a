package authz

// Limits on an evaluation document, so that no document can make a decision slow or its
// memory large (a 7 MB document of 40,000 identity policies used about 600 MB). Each is well
// above what AWS lets one request carry; going over one is an error finding on the document,
// and what is over is left out.
const (
	// MaxPolicies bounds the policies of a document, all kinds together. IAM allows a user
	// 20 managed policies and 10 groups (IAM and AWS STS quotas: "Managed policies attached
	// to an IAM user", "Groups an IAM user can be a member of"), 120 managed policies in all
	// with the groups' own, plus inline policies within their size quotas.
	MaxPolicies = 1000
	// MaxStatements bounds the statements of a document, all policies together: 120 managed
	// policies of IAM's largest size (6,144 characters, "Managed policy size") hold a few
	// thousand statements at most; the playground's large benchmark policy has 2,100.
	MaxStatements = 10000
	// MaxContextValues bounds the values of a request context, all keys together. A request
	// carries at most 50 tags ("Tags per IAM role/user": 50; session tags: 50) and a few dozen
	// global keys.
	MaxContextValues = 1000
	// MaxContextValueBytes bounds one context value. The longest values AWS sends are ARNs
	// (at most 2,048 characters in IAM's API) and tag values (at most 256 characters).
	MaxContextValueBytes = 4096
	// MaxRequestBytes bounds the request's principal, action and resource: ARNs, at most
	// 2,048 characters in IAM's API.
	MaxRequestBytes = 2048
)
