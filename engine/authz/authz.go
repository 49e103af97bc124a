// Package authz decides a request the way AWS documents it: every applicable policy gets a
// verdict (Allows, Denies, Silent) and the verdicts combine into Allow, ExplicitDeny or
// ImplicitDeny, with an explanation a person can read.
//
// A Policy is parsed, validated and compiled once (NewPolicy) and keeps its findings; an edit
// of its text recompiles only the statements the edit touched (EditPolicy). An
// Input assembles compiled policies by reference; Prepare reads a request once. Decide and
// Explain are one fold over the layers in AWS's order (SCP levels, resource policy, identity
// policies, permissions boundaries, session policy): Decide stops at the first explicit deny
// and allocates nothing, Explain records every verdict. ReadDocument and Evaluate read the
// evaluation document, the one contract of the CLI, the browser and the tests.
package authz

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
