// Package authz decides a request the way AWS documents it: every applicable policy gets a
// verdict (Allows, Denies, Silent) and the verdicts combine into Allow, ExplicitDeny or
// ImplicitDeny, with an explanation a person can read.
package authz

import "github.com/iamplay/iamplay/engine/policy"

// Decision is the outcome of a request.
type Decision string

// The three outcomes; deny keeps its reason (explicit or implicit).
const (
	Allow        Decision = "Allow"
	ExplicitDeny Decision = "ExplicitDeny"
	ImplicitDeny Decision = "ImplicitDeny"
)

// Verdict is what one policy says about a request on its own.
type Verdict string

// The verdicts of the seed's table "Effective permissions when multiple policies apply".
const (
	Allows Verdict = "Allows"
	Denies Verdict = "Denies"
	Silent Verdict = "Silent"
)

// Source is one policy's text and where it came from.
type Source struct {
	Name string           // e.g. "AliceReadsTestEnv"; may be empty
	Kind policy.Kind      // identity, resource, boundary, scp, session
	Text []byte           // the policy JSON
	Doc  *policy.Document // already parsed (the evaluation-document reader sets it); Text is then ignored
}

// Request is what is asked: who, what, on which resource, with which context keys.
type Request struct {
	Principal string              `json:"principal"`
	Action    string              `json:"action"`
	Resource  string              `json:"resource"`
	Context   map[string][]string `json:"context,omitempty"`
	// Time is the request's clock (RFC 3339) for aws:CurrentTime and aws:EpochTime; ""
	// means DefaultTime. Absent lists keys the request marks as not sent: neither given nor
	// derived. NoDerive turns derivation off (derive.go, docs/contract.md).
	Time     string   `json:"time,omitempty"`
	Absent   []string `json:"absent,omitempty"`
	NoDerive bool     `json:"noDerive,omitempty"`
}

// Input is everything one decision needs: the evaluation document of DESIGN.md.
// Nil means absent: no resource policy, no boundary, no organization (SCPs), no session policy.
type Input struct {
	Identity   []Source
	Resource   *Source
	Boundaries []Source   // nil: no permissions boundary
	SCPs       [][]Source // nil: not in an organization; else levels, root first
	Session    *Source
	Request    Request
}
