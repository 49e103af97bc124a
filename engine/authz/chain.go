package authz

import (
	"strconv"

	"github.com/iamplay/iamplay/engine/policy"
)

// TableKind names a combination table: the seed's union, or the intersection AWS applies
// where both sides must allow.
type TableKind string

// The two combination tables. Both let any Deny win; they differ where one side allows and
// the other is silent.
const (
	// Union is the seed's table: either policy's Allow suffices. It holds for identity
	// policies among themselves and, in one account, for the identity side and a resource
	// policy that names the caller.
	Union TableKind = "union"
	// Intersection is "both must allow": cross-account access, a resource policy that names
	// the account, permissions boundaries, session policies, SCP levels and KMS key policies.
	Intersection TableKind = "intersection"
)

// CombinationTable is one of the two tables as data the page and the CLI read: its nine rows
// in the seed's order and the AWS sentence it rests on.
type CombinationTable struct {
	Kind  TableKind `json:"kind"`
	Title string    `json:"title"`
	Rule  string    `json:"rule"` // the rule in a line
	Cite  string    `json:"cite"` // the AWS page and sentence
	Rows  []Row     `json:"rows"`
}

// IntersectionTable is the "both must allow" table, derived from the seed's: the same nine
// pairs, where access is allowed only when both policies allow and any Deny still wins.
var IntersectionTable = intersection(Table)

// intersection is rows under "both must allow": a row stays allowed only when both allow.
func intersection(rows []Row) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = r
		if r.Decision == Allow && (r.PolicyA != Allows || r.PolicyB != Allows) {
			out[i].Effective, out[i].Decision = accessDenied, ImplicitDeny
		}
	}
	return out
}

// Citations of the AWS sentences each table and each step rests on.
const (
	citeSeedTable        = `AWS Secrets Manager User Guide, 'Overview of Managing Access Permissions', Effective permissions when multiple policies apply: "You can include the effect of additional policies by taking the effective permission of the first two policies (the results) and treat that like a new Policy A and then add the results of the third as Policy B, repeating for each additional policy that applies."`
	citeSameAccount      = `IAM User Guide, 'Policy evaluation for requests within a single account' (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html): "If either the identity-based policy or the resource-based policy allows the action, then the request is allowed."`
	citeCrossAccount     = `IAM User Guide, 'Cross-account policy evaluation logic' (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html): "To allow cross-account access, you attach a resource-based policy to the resource that you want to share. You must also attach an identity-based policy to the identity that acts as the principal in the request."`
	citeAccountPrincipal = `IAM User Guide, 'AWS JSON policy elements: Principal', AWS account principals (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts): "This delegates authority to the account." ... "The account ARN and the shortened account ID behave the same way. Both delegate permissions to the account."`
	citeBoundary         = `IAM User Guide, 'Permissions boundaries for IAM entities' (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html): "An entity's permissions boundary allows it to perform only the actions that are allowed by both its identity-based policies and its permissions boundaries."`
	citeSession          = `IAM User Guide, 'Policies and permissions in IAM', Session policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session): "The resulting session's permissions are the intersection of the session policies and the identity-based policies."`
	citeSCP              = `AWS Organizations User Guide, 'SCP evaluation' (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html): "For a permission to be allowed for a specific account, there must be an explicit Allow statement at every level from the root through each OU in the direct path to the account (including the target account itself)."`
	citeNamedUser        = `IAM User Guide, 'How AWS enforcement code logic evaluates requests to allow or deny access' (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html): "Within the same account, resource-based policies that grant permissions to an IAM user ARN (that is not a federated user session) are not limited by an implicit deny in an identity-based policy or permissions boundary."`
	citeKMS              = `AWS KMS Developer Guide, 'Key policies in AWS KMS' (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html): "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key."`
	citeRoot             = `IAM User Guide, 'Policies and the root user' (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): "You cannot attach identity-based policies to the root user, and you cannot set the permissions boundary for the root user."`
	citeFederated        = `IAM User Guide, 'Permissions for GetFederationToken' (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html): "if you do not pass a policy with the GetFederationToken API call, the resulting temporary security credentials have no permissions"`
)

// Tables are the two combination tables, the seed's union first.
var Tables = []CombinationTable{
	{Kind: Union, Title: "Either may allow (the seed's table)", Rule: "Any Deny wins; otherwise either policy's Allow is enough.", Cite: citeSeedTable + " | " + citeSameAccount, Rows: Table},
	{Kind: Intersection, Title: "Both must allow", Rule: "Any Deny wins; otherwise access is allowed only when both policies allow.", Cite: citeCrossAccount + " | " + citeBoundary, Rows: IntersectionTable},
}

// TableRow looks up the row of a table for two verdicts.
func TableRow(t TableKind, a, b Verdict) Row {
	rows := Table
	if t == Intersection {
		rows = IntersectionTable
	}
	for _, r := range rows {
		if r.PolicyA == a && r.PolicyB == b {
			return r
		}
	}
	return Row{}
}

// Step is one step of the chain the seed describes: the running result so far is Policy A,
// one more layer is Policy B, and the table that governs the pair gives the new running
// result. The first step has no Policy A: its layer's verdict starts the chain. The last
// step's running result is the decision.
type Step struct {
	Kind    policy.Kind `json:"kind"`            // the layer added as Policy B: identity, resource, boundary, session, scp
	Level   int         `json:"level,omitempty"` // the SCP level (root = 0)
	Name    string      `json:"name"`            // the layer in a few words: "identity policies", "SCP level 1"
	Verdict Verdict     `json:"verdict"`         // the layer's own verdict (Policy B)
	Absent  bool        `json:"absent,omitempty"`
	A       Verdict     `json:"a,omitempty"`     // the running result before this step (Policy A); "" on the first step
	Table   TableKind   `json:"table,omitempty"` // the table that governs A × B; "" on the first step
	Row     int         `json:"row,omitempty"`   // the lit row of that table, 1-based; 0 on the first step
	Result  Decision    `json:"result"`          // the running result after this step
	// Departs marks the step where AWS departs from the seed's simple (union) table: that
	// table's row would say otherwise.
	Departs bool   `json:"departs,omitempty"`
	Decides bool   `json:"decides,omitempty"` // from this step on the running result is the decision
	Why     string `json:"why"`               // why this table governs, in a sentence
	Cite    string `json:"cite"`              // the AWS page and sentence it rests on
}

// running is a running result as the verdict it hands on as the next Policy A.
func running(d Decision) Verdict {
	switch d {
	case Allow:
		return Allows
	case ExplicitDeny:
		return Denies
	}
	return Silent
}

// decisionOf is a verdict standing alone: what the first step's layer decides by itself.
func decisionOf(v Verdict) Decision {
	switch v {
	case Allows:
		return Allow
	case Denies:
		return ExplicitDeny
	}
	return ImplicitDeny
}

// chain builds the steps from what the fold saw: the identity side first (the seed's Policy
// A), then the resource policy, the permissions boundary, the session policy and each SCP
// level, each under the table AWS applies to it for this request. SCPs come last although
// AWS reads them first: they only ever take away, so "both must allow" gives the same result
// at any place in the chain, while a union step after them could not. policies are the
// explained policies (for the SCP levels' own verdicts). The last step's result equals the
// fold's decision (TestChainEqualsDecision holds every corpus case to it).
func chain(in *Input, f *facts, policies []PolicyResult) []Step {
	steps := make([]Step, 0, 4+len(in.SCPs)) // every step at most: one allocation
	add := func(s Step, t TableKind) {
		if len(steps) == 0 {
			s.Result = decisionOf(s.Verdict)
		} else {
			prev := steps[len(steps)-1].Result
			s.A, s.Table = running(prev), t
			row := TableRow(t, s.A, s.Verdict)
			s.Row, s.Result = row.Index, row.Decision
			s.Departs = t != Union && TableRow(Union, s.A, s.Verdict).Decision != row.Decision
		}
		steps = append(steps, s)
	}
	named := f.same && f.res.Allow && (f.res.Strength == policy.PrincipalByARN || f.res.Strength == policy.PrincipalByWildcard)
	// The identity side: Policy A.
	switch f.caller {
	case policy.PrincipalRoot:
		v, why := Allows, "the account root user has no identity-based policies; in its own account it has full access"
		if !f.same {
			why = "the account root user has no identity-based policies; its account's full access counts only where the other account's resource policy allows it"
		}
		add(Step{Kind: policy.KindIdentity, Name: "account root user", Verdict: v, Why: why, Cite: citeRoot}, "")
	case policy.PrincipalService:
		add(Step{Kind: policy.KindIdentity, Name: "service principal", Verdict: Silent, Absent: true,
			Why: "a service principal has no identity-based policies: only a resource-based policy can allow it", Cite: citeSameAccount}, "")
	default:
		add(Step{Kind: policy.KindIdentity, Name: "identity policies", Verdict: f.verdicts[LayerIdentity].Verdict(),
			Why: "identity-based policies combine with each other by the seed's table: any Deny wins, any Allow is enough", Cite: citeSeedTable}, "")
	}
	// The resource policy: Policy B of the seed's table.
	rs := Step{Kind: policy.KindResource, Name: "resource policy", Verdict: f.verdicts[LayerResource].Verdict(), Absent: !f.hasRes}
	t := Union
	switch {
	case f.caller == policy.PrincipalService:
		rs.Why, rs.Cite = "only a resource-based policy can allow a service principal", citeSameAccount
	case f.required && !f.res.Allow:
		t, rs.Name, rs.Why, rs.Cite = Intersection, "key policy", "the key policy must allow in every account: IAM policies grant nothing on a KMS key it does not allow", citeKMS
	case !f.same:
		t, rs.Why, rs.Cite = Intersection, "the secret is in another account, so both sides must allow: the caller's identity side and the secret's resource policy", citeCrossAccount
	case f.res.Allow && f.res.Strength == policy.PrincipalByAccount:
		t, rs.Why, rs.Cite = Intersection, "the resource policy names the account, not the caller: that delegates to the account's IAM policies and grants nothing by itself, so both must allow", citeAccountPrincipal
	case !f.hasRes:
		rs.Why, rs.Cite = "there is no resource policy, which counts as Silent: in one account the identity side alone decides", citeSameAccount
	case f.res.Allow && f.res.Strength == policy.PrincipalByRole:
		rs.Why, rs.Cite = "caller and secret are in one account and the resource policy names the caller's role: either may allow, but the role's boundary and session policy still limit it", citeSameAccount
	default:
		rs.Why, rs.Cite = "caller and secret are in one account, so either the identity side or a resource policy naming the caller may allow", citeSameAccount
	}
	add(rs, t)
	// The limits: a permissions boundary and a session policy only ever take away, unless a
	// resource policy in the account names the caller itself.
	limit := func(s Step, cite string) {
		t := Intersection
		if named {
			t, s.Why, s.Cite = Union, "the resource policy in the same account names the caller itself, so the "+s.Name+" does not limit what it allows", citeNamedUser
		} else {
			s.Why, s.Cite = "a "+s.Name+" grants nothing by itself; it only limits, so both must allow", cite
		}
		add(s, t)
	}
	if f.hasBound {
		limit(Step{Kind: policy.KindBoundary, Name: "permissions boundary", Verdict: f.verdicts[LayerBoundary].Verdict()}, citeBoundary)
	}
	switch s := (Step{Kind: policy.KindSession, Name: "session policy", Verdict: f.verdicts[LayerSession].Verdict()}); {
	case f.caller == policy.PrincipalFederated && in.Session == nil:
		s.Absent = true
		limit(s, citeFederated)
	case in.Session != nil && !skipped(f.caller)[LayerSession]:
		limit(s, citeSession)
	}
	// SCP levels: every level must allow.
	if f.inOrg && f.caller != policy.PrincipalService {
		levels := make([]verdict, len(in.SCPs))
		for _, p := range policies {
			if p.Kind == policy.KindSCP && p.Level < len(levels) {
				levels[p.Level] = max(levels[p.Level], verdictOf(p.Verdict))
			}
		}
		for l := range levels {
			add(Step{Kind: policy.KindSCP, Level: l, Name: "SCP level " + strconv.Itoa(l), Verdict: levels[l].Verdict(),
				Why: "an SCP grants nothing by itself; every level from the root down must allow", Cite: citeSCP}, Intersection)
		}
	}
	// The step that decides: from it on the running result stays the decision. It is never
	// the first step, which compares nothing: a pair shows the table that gives the result.
	last := steps[len(steps)-1].Result
	i := len(steps) - 1
	for i > 1 && steps[i-1].Result == last {
		i--
	}
	steps[i].Decides = true
	return steps
}

// verdictOf is a Verdict as the fold keeps it.
func verdictOf(v Verdict) verdict {
	switch v {
	case Allows:
		return vAllows
	case Denies:
		return vDenies
	}
	return vSilent
}
