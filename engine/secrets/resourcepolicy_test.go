package secrets

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/world"
)

// The policies of the resource-policy tests.
const (
	prodDB      = "arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/db-Mn2oPq"
	alicePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":["secretsmanager:GetSecretValue","secretsmanager:DescribeSecret"],"Resource":"*"}]}`
	mateoPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/mateo"},"Action":"secretsmanager:DescribeSecret","Resource":"*"}]}`
	publicPol   = `{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	orgPol      = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}`
	groupPol    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/Developers"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	typoPol     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"secretsmanager:GetSecretVal","Resource":"*"}]}`
	denyPol     = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
)

// policyIn writes a PutResourcePolicy or ValidateResourcePolicy body; block nil leaves
// BlockPublicPolicy out.
func policyIn(id, pol string, block *bool) string {
	m := map[string]any{"ResourcePolicy": pol}
	if id != "" {
		m["SecretId"] = id
	}
	if block != nil {
		m["BlockPublicPolicy"] = *block
	}
	b, _ := json.Marshal(m)
	return string(b)
}

var yes, no = true, false

// policyWorld is the default world and three principals: carol, whose identity policy is the
// seed's BlockPublicPolicy example (Permissions reference for Secrets Manager, "Block broad
// access to secrets with BlockPublicPolicy condition"; its "Resource": "SecretId" is a
// placeholder, here TestEnv/db's ARN); val, who may only ValidateResourcePolicy; and mateo
// (444455556666), who may also DescribeSecret on the first account's secrets.
func policyWorld(t testing.TB) *world.World {
	t.Helper()
	src, err := os.ReadFile("../world/default.json")
	if err != nil {
		t.Fatal(err)
	}
	var w map[string]any
	if err := json.Unmarshal(src, &w); err != nil {
		t.Fatal(err)
	}
	inline := func(name, statement string) []any {
		var st any
		if err := json.Unmarshal([]byte(statement), &st); err != nil {
			t.Fatal(err)
		}
		return []any{map[string]any{"name": name, "policy": map[string]any{"Version": "2012-10-17", "Statement": st}}}
	}
	accounts := w["accounts"].([]any)
	first := accounts[0].(map[string]any)
	first["users"] = append(first["users"].([]any),
		map[string]any{"name": "carol", "policies": inline("BlockPublicPolicy",
			`{"Effect": "Allow", "Action": "secretsmanager:PutResourcePolicy", "Resource": "`+db+`", "Condition": {"Bool": {"secretsmanager:BlockPublicPolicy": "true"}}}`)},
		map[string]any{"name": "val", "policies": inline("ValidateOnly",
			`{"Effect": "Allow", "Action": "secretsmanager:ValidateResourcePolicy", "Resource": "*"}`)})
	partner := accounts[1].(map[string]any)
	for _, u := range partner["users"].([]any) {
		if u := u.(map[string]any); u["name"] == "mateo" {
			u["policies"] = append(u["policies"].([]any), inline("DescribeShared",
				`{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:*"}`)[0])
		}
	}
	b, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	out, fs := world.Read(b)
	if fs.HasErrors() {
		t.Fatalf("the test world: %v", fs)
	}
	return out
}

func policyStore(t testing.TB) *Store { return New(policyWorld(t), Options{Seed: 1}) }

// Each operation of the group: success, each error, denial; a failed or denied call changes
// nothing (doOn compares the world before and after).
func TestResourcePolicyOperations(t *testing.T) {
	del := step{op: "DeleteSecret", in: `{"SecretId":"Prod/db","RecoveryWindowInDays":7}`}
	put := func(pol string) step { return step{op: "PutResourcePolicy", in: policyIn("Prod/db", pol, nil)} }
	cases := []struct {
		name  string
		setup []step
		step
	}{
		// PutResourcePolicy
		{"put", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", alicePolicy, nil), check: has("ARN", prodDB)}},
		{"put by ARN", nil, step{op: "PutResourcePolicy", in: policyIn(prodDB, alicePolicy, nil), check: has("Name", "Prod/db")}},
		{"put public, BlockPublicPolicy left out: not blocked", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", publicPol, nil)}},
		{"put public, BlockPublicPolicy false", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", publicPol, &no)}},
		{"put public, BlockPublicPolicy true", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", publicPol, &yes), want: PublicPolicy}},
		{"put pinned to the organization, BlockPublicPolicy true", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", orgPol, &yes)}},
		{"put not JSON", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", `{"Statement":`, nil), want: MalformedPolicy}},
		{"put a group as principal", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", groupPol, nil), want: MalformedPolicy}},
		{"put an unknown action: AWS stores it", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", typoPol, nil)}},
		{"put without a policy", nil, step{op: "PutResourcePolicy", in: `{"SecretId":"Prod/db"}`, want: ValidationException}},
		{"put an empty policy", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", "", nil), want: ValidationException}},
		{"put a policy over 20480 characters", nil, step{op: "PutResourcePolicy", in: policyIn("Prod/db", strings.Repeat(" ", 20481), nil), want: ValidationException}},
		{"put without a secret", nil, step{op: "PutResourcePolicy", in: policyIn("", alicePolicy, nil), want: ValidationException}},
		{"put on a missing secret", nil, step{op: "PutResourcePolicy", in: policyIn("nope", alicePolicy, nil), want: ResourceNotFound}},
		{"put on a missing secret, denied first", nil, step{as: "user/alice", op: "PutResourcePolicy", in: policyIn("nope", alicePolicy, nil), want: AccessDenied}},
		{"put on a secret scheduled for deletion", []step{del}, step{op: "PutResourcePolicy", in: policyIn("Prod/db", alicePolicy, nil), want: InvalidRequest}},
		{"put denied", nil, step{as: "user/alice", op: "PutResourcePolicy", in: policyIn("Prod/db", alicePolicy, nil), want: AccessDenied}},
		{"put replaces the policy", []step{put(alicePolicy)}, step{op: "PutResourcePolicy", in: policyIn("Prod/db", mateoPolicy, nil)}},
		{"put public blocked keeps the old policy", []step{put(alicePolicy)}, step{op: "PutResourcePolicy", in: policyIn("Prod/db", publicPol, &yes), want: PublicPolicy}},

		// GetResourcePolicy
		{"get none: no ResourcePolicy member", nil, step{op: "GetResourcePolicy", in: `{"SecretId":"Prod/db"}`, check: func(t *testing.T, out map[string]any) {
			if _, ok := out["ResourcePolicy"]; ok || out["ARN"] != prodDB || out["Name"] != "Prod/db" {
				t.Errorf("%v", out)
			}
		}}},
		{"get the policy as written", []step{put(alicePolicy)}, step{op: "GetResourcePolicy", in: `{"SecretId":"Prod/db"}`, check: has("ResourcePolicy", alicePolicy)}},
		{"get on a missing secret", nil, step{op: "GetResourcePolicy", in: `{"SecretId":"nope"}`, want: ResourceNotFound}},
		{"get on a secret scheduled for deletion", []step{put(alicePolicy), del}, step{op: "GetResourcePolicy", in: `{"SecretId":"Prod/db"}`, check: has("ResourcePolicy", alicePolicy)}},
		{"get without a secret", nil, step{op: "GetResourcePolicy", in: `{}`, want: ValidationException}},
		{"get denied", nil, step{as: "user/alice", op: "GetResourcePolicy", in: `{"SecretId":"Prod/db"}`, want: AccessDenied}},

		// DeleteResourcePolicy
		{"delete", []step{put(alicePolicy)}, step{op: "DeleteResourcePolicy", in: `{"SecretId":"Prod/db"}`, check: has("ARN", prodDB)}},
		{"delete when there is none", nil, step{op: "DeleteResourcePolicy", in: `{"SecretId":"Prod/db"}`, check: has("Name", "Prod/db")}},
		{"delete on a missing secret", nil, step{op: "DeleteResourcePolicy", in: `{"SecretId":"nope"}`, want: ResourceNotFound}},
		{"delete on a secret scheduled for deletion", []step{put(alicePolicy), del}, step{op: "DeleteResourcePolicy", in: `{"SecretId":"Prod/db"}`, want: InvalidRequest}},
		{"delete denied", []step{put(alicePolicy)}, step{as: "user/alice", op: "DeleteResourcePolicy", in: `{"SecretId":"Prod/db"}`, want: AccessDenied}},

		// ValidateResourcePolicy
		{"validate", nil, step{op: "ValidateResourcePolicy", in: policyIn("", alicePolicy, nil), check: func(t *testing.T, out map[string]any) {
			if out["PolicyValidationPassed"] != true || len(out["ValidationErrors"].([]any)) != 0 {
				t.Errorf("%v", out)
			}
		}}},
		{"validate on a secret", nil, step{op: "ValidateResourcePolicy", in: policyIn("Prod/db", orgPol, nil), check: has("PolicyValidationPassed", true)}},
		{"validate public", nil, step{op: "ValidateResourcePolicy", in: policyIn("Prod/db", publicPol, nil), check: func(t *testing.T, out map[string]any) {
			errs, _ := out["ValidationErrors"].([]any)
			if out["PolicyValidationPassed"] != false || len(errs) != 1 {
				t.Fatalf("%v", out)
			}
			e := errs[0].(map[string]any)
			if e["CheckName"] != "policy.public_access" || !strings.Contains(e["ErrorMessage"].(string), `"aws:PrincipalOrgID": "o-a1b2c3d4e5"`) {
				t.Errorf("%v", e)
			}
		}}},
		{"validate a group as principal", nil, step{op: "ValidateResourcePolicy", in: policyIn("", groupPol, nil), check: func(t *testing.T, out map[string]any) {
			errs, _ := out["ValidationErrors"].([]any)
			if out["PolicyValidationPassed"] != false || len(errs) != 1 || errs[0].(map[string]any)["CheckName"] != "principal.format" {
				t.Errorf("%v", out)
			}
		}}},
		{"validate not JSON", nil, step{op: "ValidateResourcePolicy", in: policyIn("", `{"Statement": [}`, nil), want: MalformedPolicy}},
		{"validate without a policy", nil, step{op: "ValidateResourcePolicy", in: `{}`, want: ValidationException}},
		{"validate on a missing secret", nil, step{op: "ValidateResourcePolicy", in: policyIn("nope", alicePolicy, nil), want: ResourceNotFound}},
		{"validate denied", nil, step{as: "user/alice", op: "ValidateResourcePolicy", in: policyIn("", alicePolicy, nil), want: AccessDenied}},
		{"validate needs PutResourcePolicy too", nil, step{as: "user/val", op: "ValidateResourcePolicy", in: policyIn("", alicePolicy, nil), want: AccessDenied}},

		// the stored policy decides later calls
		{"same account: alice is denied before", nil, step{as: "user/alice", op: "DescribeSecret", in: `{"SecretId":"Prod/db"}`, want: AccessDenied}},
		{"same account: the policy naming alice allows her", []step{put(alicePolicy)}, step{as: "user/alice", op: "DescribeSecret", in: `{"SecretId":"Prod/db"}`, check: has("Name", "Prod/db")}},
		{"same account: deleted, alice is denied again", []step{put(alicePolicy), {op: "DeleteResourcePolicy", in: `{"SecretId":"Prod/db"}`}},
			step{as: "user/alice", op: "DescribeSecret", in: `{"SecretId":"Prod/db"}`, want: AccessDenied}},
		{"across accounts: mateo is denied before", nil, step{as: mateo, op: "DescribeSecret", in: `{"SecretId":"` + prodDB + `"}`, want: AccessDenied}},
		{"across accounts: the policy naming mateo allows him", []step{put(mateoPolicy)}, step{as: mateo, op: "DescribeSecret", in: `{"SecretId":"` + prodDB + `"}`, check: has("ARN", prodDB)}},
		{"across accounts: a policy naming mateo without his identity side is not enough", []step{put(mateoPolicy)},
			step{as: mateo, op: "ListSecretVersionIds", in: `{"SecretId":"` + prodDB + `"}`, want: AccessDenied}},
		{"a resource policy's deny beats the identity allow", []step{put(denyPol)}, step{op: "GetSecretValue", in: `{"SecretId":"Prod/db"}`, want: AccessDenied}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { doOn(t, policyStore(t), tc.setup, tc.step) })
	}
}

// The errors explain themselves: PublicPolicyException names the statement, says why and
// gives the fix (and Result.Policy holds it as a finding whose suggestion is the fix);
// MalformedPolicyDocumentException says what and where.
func TestResourcePolicyErrorMessages(t *testing.T) {
	s := policyStore(t)
	r := s.run(t, step{op: "PutResourcePolicy", in: policyIn("Prod/db", publicPol, &yes)})
	if r.Err == nil || r.Err.Type != PublicPolicy {
		t.Fatalf("%v", r.Err)
	}
	for _, want := range []string{publicMessage, `statement "Everyone" (line 1) is public`, `Principal "*"`, `add "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`} {
		if !strings.Contains(r.Err.Message, want) {
			t.Errorf("the message lacks %q: %s", want, r.Err.Message)
		}
	}
	if r.Policy == nil || len(r.Policy.Findings) != 1 || r.Policy.Findings[0].Suggestion == "" || string(r.Policy.Source) != publicPol {
		t.Fatalf("the result does not hold the finding: %+v", r.Policy)
	}
	f := r.Policy.Findings[0]
	fixed := publicPol[:f.Range.Start.Offset] + f.Suggestion + publicPol[f.Range.End.Offset:]
	if r := s.run(t, step{op: "PutResourcePolicy", in: policyIn("Prod/db", fixed, &yes)}); r.Err != nil {
		t.Fatalf("the fixed policy %s: %v", fixed, r.Err)
	}

	r = s.run(t, step{op: "PutResourcePolicy", in: policyIn("Prod/db", groupPol, nil)})
	if r.Err == nil || r.Err.Type != MalformedPolicy || !strings.HasPrefix(r.Err.Message, "The resource policy has syntax errors: an IAM group cannot be a principal") ||
		!strings.Contains(r.Err.Message, "an IAM group cannot be a principal") || !strings.Contains(r.Err.Message, "(line 1, column 75)") {
		t.Errorf("%v", r.Err)
	}
}

// A policy is compiled once, when it is put: every later call decides with that compiled
// policy, by reference.
func TestResourcePolicyCompiledOnce(t *testing.T) {
	s := policyStore(t)
	if r := s.run(t, step{op: "PutResourcePolicy", in: policyIn("Prod/db", alicePolicy, nil)}); r.Err != nil {
		t.Fatal(r.Err)
	}
	stored := s.index[secretKey{"111122223333", "us-east-1", "Prod/db"}].s.Policy.Policy
	for range 2 {
		r := s.run(t, step{as: "user/alice", op: "GetSecretValue", in: `{"SecretId":"Prod/db"}`})
		if r.Err != nil || len(r.Checks) == 0 || r.Checks[0].in.Resource != stored {
			t.Fatalf("the call did not decide with the stored policy: %v", r.Err)
		}
	}
}

// The seed's BlockPublicPolicy walkthrough (Permissions reference for Secrets Manager): carol
// may put a resource policy only with BlockPublicPolicy true, so she can attach a policy
// that does not allow broad access, and no other.
func TestBlockPublicPolicyWalkthrough(t *testing.T) {
	private := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/mateo"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	steps := []step{
		// "users can only attach a resource policy to a secret if the policy doesn't allow broad access":
		// without the parameter the key is absent and the Bool condition fails
		{as: "user/carol", op: "PutResourcePolicy", in: policyIn("TestEnv/db", private, nil), want: AccessDenied},
		{as: "user/carol", op: "PutResourcePolicy", in: policyIn("TestEnv/db", private, &no), want: AccessDenied},
		{as: "user/carol", op: "PutResourcePolicy", in: policyIn("TestEnv/db", publicPol, &yes), want: PublicPolicy},
		{as: "user/carol", op: "PutResourcePolicy", in: policyIn("TestEnv/db", private, &yes)},
		{op: "GetResourcePolicy", in: `{"SecretId":"TestEnv/db"}`, check: has("ResourcePolicy", private)},
		{as: "user/carol", op: "PutResourcePolicy", in: policyIn("Prod/db", private, &yes), want: AccessDenied}, // only TestEnv/db
	}
	s := policyStore(t)
	for _, st := range steps {
		doOn(t, s, nil, st) // in order, on one store: each step sees what the last did
	}
}
