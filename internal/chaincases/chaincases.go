// Package chaincases holds the cases of issue 10 where the seed's union table used to
// contradict the decision, with the policies they are made of: one source for
// engine/authz's TestChainTeaches (the decision chain, step by step) and site/browser's
// TestLitRowEqualsDecision (the playground's lit row). Each expectation rests on the AWS
// sentence in its Cite (engine/authz/chain.go quotes them).
package chaincases

// The caller and the secrets the cases ask about: one in alice's account, one in another.
const (
	Alice       = "arn:aws:iam::111122223333:user/alice"
	SameSecret  = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"
	OtherSecret = "arn:aws:secretsmanager:us-east-1:444455556666:secret:prod/db-AbCdEf"
)

// The policies of the cases. Silent allows another action, so it neither allows nor denies
// GetSecretValue.
const (
	AllowGet = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	DenyGet  = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	Silent   = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}`
	ResAlice = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "` + Alice + `"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	ResRoot  = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
)

// Case is alice asking for GetSecretValue on Secret under the policies named (each "" when
// absent), and what the decision chain says.
type Case struct {
	Name        string // a test name
	Identity    string // the identity-based policy
	IdentityOff bool   // Identity is written but switched off (a playground tab): evaluation sees none
	Resource    string // the secret's resource policy
	Boundary    string // a permissions boundary
	SCP         string // an SCP at the organization's root
	Secret      string // the secret's ARN

	Decision string // Allow, ExplicitDeny or ImplicitDeny
	Step     string // the step of the chain that decides
	Table    string // the table the deciding step is under: union or intersection
	Row      int    // the deciding step's row of that table
	Departs  bool   // AWS departs there from the seed's union table
	Cite     string // the AWS sentence the case rests on
}

// Cases are the cases, in the order of issue 10.
var Cases = []Case{
	{Name: "cross_account", Identity: Silent, Resource: ResAlice, Secret: OtherSecret,
		Decision: "ImplicitDeny", Step: "resource policy", Table: "intersection", Row: 5, Departs: true,
		Cite: `IAM User Guide, 'Cross-account policy evaluation logic': "You must also attach an identity-based policy to the identity that acts as the principal in the request."`},
	{Name: "account_principal_identity_off", Identity: AllowGet, IdentityOff: true, Resource: ResRoot, Secret: SameSecret,
		Decision: "ImplicitDeny", Step: "resource policy", Table: "intersection", Row: 5, Departs: true,
		Cite: `IAM User Guide, 'AWS JSON policy elements: Principal', AWS account principals: "This delegates authority to the account."`},
	{Name: "account_principal_identity_silent", Identity: Silent, Resource: ResRoot, Secret: SameSecret,
		Decision: "ImplicitDeny", Step: "resource policy", Table: "intersection", Row: 5, Departs: true,
		Cite: `IAM User Guide, 'AWS JSON policy elements: Principal', AWS account principals: "This delegates authority to the account."`},
	{Name: "scp_denies", Identity: AllowGet, SCP: DenyGet, Secret: SameSecret,
		Decision: "ExplicitDeny", Step: "SCP level 0", Table: "intersection", Row: 3,
		Cite: `IAM User Guide, 'The difference between explicit and implicit denies': "If policies that apply to a request include an Allow statement and a Deny statement, the Deny statement trumps the Allow statement."`},
	{Name: "boundary_silent", Identity: AllowGet, Boundary: Silent, Secret: SameSecret,
		Decision: "ImplicitDeny", Step: "permissions boundary", Table: "intersection", Row: 1, Departs: true,
		Cite: `IAM User Guide, 'Permissions boundaries for IAM entities': "An entity's permissions boundary allows it to perform only the actions that are allowed by both its identity-based policies and its permissions boundaries."`},
	{Name: "same_account_names_alice", Identity: Silent, Resource: ResAlice, Secret: SameSecret,
		Decision: "Allow", Step: "resource policy", Table: "union", Row: 5,
		Cite: `IAM User Guide, 'Policy evaluation for requests within a single account': "If either the identity-based policy or the resource-based policy allows the action, then the request is allowed."`},
}
