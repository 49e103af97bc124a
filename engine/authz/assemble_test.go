package authz_test

import (
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// fourPolicies are the precompiled policies of the assemble benchmark: an identity policy,
// a secret's resource policy, a permissions boundary and a session policy, as the store
// holds them between calls.
func fourPolicies(tb testing.TB) (id, res, boundary, session *authz.Policy) {
	tb.Helper()
	mk := func(kind policy.Kind, text string) *authz.Policy {
		p := authz.NewPolicy(kind, string(kind), []byte(text))
		if !p.Valid() {
			tb.Fatalf("%s: %v", kind, p.Findings)
		}
		return p
	}
	id = mk(policy.KindIdentity, `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
		 "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/*",
		 "Condition": {"StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT"}}}]}`)
	res = mk(policy.KindResource, `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}`)
	boundary = mk(policy.KindBoundary, `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]}`)
	session = mk(policy.KindSession, `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": "secretsmanager:Get*", "Resource": "*"}]}`)
	return
}

var assembleRequest = authz.Request{
	Principal: "arn:aws:sts::111122223333:assumed-role/EC2RoleToAccessSecrets/i-0abc",
	Action:    "secretsmanager:GetSecretValue",
	Resource:  "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf",
	Context:   map[string][]string{"secretsmanager:VersionStage": {"AWSCURRENT"}},
}

// assembleDecide is what a store does for one call: assemble the caller's compiled
// policies by reference, prepare the request, decide.
func assembleDecide(id, res, boundary, session *authz.Policy, r authz.Request) authz.Decision {
	in := authz.Input{Identity: []*authz.Policy{id}, Resource: res, Boundaries: []*authz.Policy{boundary}, Session: session}
	return in.Decide(authz.Prepare(r))
}

func TestAssembleDecide(t *testing.T) {
	id, res, boundary, session := fourPolicies(t)
	if d := assembleDecide(id, res, boundary, session, assembleRequest); d != authz.Allow {
		t.Fatalf("decision %s, want Allow", d)
	}
	// Assembling and deciding allocate nothing beyond the prepared request.
	prepare := testing.AllocsPerRun(1000, func() { authz.Prepare(assembleRequest) })
	both := testing.AllocsPerRun(1000, func() { assembleDecide(id, res, boundary, session, assembleRequest) })
	if both > prepare {
		t.Fatalf("assemble and decide allocate %v times, Prepare alone %v", both, prepare)
	}
	// The prepared request is one allocation: its context and derived keys are in the same
	// memory, and the text of a session's role ARN, made once, is kept for its next request.
	if prepare != 1 {
		t.Fatalf("Prepare allocates %v times, want 1", prepare)
	}
}

func BenchmarkAssembleDecide(b *testing.B) {
	id, res, boundary, session := fourPolicies(b)
	b.ReportAllocs()
	for b.Loop() {
		assembleDecide(id, res, boundary, session, assembleRequest)
	}
}
