package secrets

import (
	"encoding/json"
	"testing"
)

// The three examples of the seed page "Using Resource-based Policies for Secrets Manager"
// (/work/shared/seeds/002_e369f499395af1d4.txt), end to end: each policy is put on a secret
// that had none with PutResourcePolicy, as the page attaches it, and its principal calls.
func TestSeedResourcePolicyExamples(t *testing.T) {
	const secret = "TestEnv/api-key" // the default world's secret without a resource policy
	const role = "arn:aws:sts::111122223333:assumed-role/EC2RoleToAccessSecrets/i-0abc"
	put := func(s *Store, policy string) {
		t.Helper()
		in, _ := json.Marshal(map[string]string{"SecretId": secret, "ResourcePolicy": policy})
		outOf(t, s.run(t, step{op: "PutResourcePolicy", in: string(in)}))
	}
	get := `{"SecretId":"` + secret + `"}`
	cases := []struct {
		name, policy  string
		before, after step // the call before the policy is put (denied) and after
	}{
		{
			// "grants the user Anaya permission to run any Secrets Manager operation on it"
			// (the page's account 123456789012 is the world's 111122223333)
			name:   "Anaya, same account",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Principal":{"AWS":"arn:aws:iam::111122223333:user/anaya"},"Resource":"*"}]}`,
			before: step{as: "user/anaya", op: "DescribeSecret", in: get, want: AccessDenied},
			after:  step{as: "user/anaya", op: "DescribeSecret", in: get},
		},
		{
			// "grants the IAM user Mateo in the account 123456789012 access to read any version
			// of a specific secret": in another account his identity policy must allow too (it
			// names TestEnv/*), and the secret's key must let him decrypt: under the AWS managed
			// key the read fails as AWS fails it (kms_test.go has the customer managed key).
			name:   "Mateo, another account",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/mateo"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`,
			before: step{as: mateo, op: "GetSecretValue", in: `{"SecretId":"arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/api-key-Gh1jKl"}`, want: AccessDenied},
			after:  step{as: mateo, op: "GetSecretValue", in: `{"SecretId":"arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/api-key-Gh1jKl"}`, want: InvalidRequest},
		},
		{
			// "any requests to retrieve the secret work only if the requester is using
			// credentials that are associated with that role, and if the request asks only for
			// the current version of the secret"
			name:   "the EC2 role, current version only",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/EC2RoleToAccessSecrets"},"Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"secretsmanager:VersionStage":"AWSCURRENT"}}}]}`,
			before: step{as: role, op: "GetSecretValue", in: get, want: AccessDenied},
			after:  step{as: role, op: "GetSecretValue", in: get},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			if r := s.run(t, tc.before); r.Err == nil || r.Err.Type != tc.before.want {
				t.Fatalf("before the policy: %v, want %s", r.Err, tc.before.want)
			}
			put(s, tc.policy)
			r := s.run(t, tc.after)
			switch {
			case tc.after.want == "" && r.Err != nil:
				t.Fatalf("after the policy: %v", r.Err)
			case tc.after.want != "" && (r.Err == nil || r.Err.Type != tc.after.want):
				t.Fatalf("after the policy: %v, want %s", r.Err, tc.after.want)
			}
		})
	}
	// The role's session asking for another version is still refused: the condition holds
	// only for AWSCURRENT.
	s := newStore(t)
	put(s, cases[2].policy)
	if r := s.run(t, step{as: role, op: "GetSecretValue", in: `{"SecretId":"` + secret + `","VersionStage":"AWSPREVIOUS"}`}); r.Err == nil || r.Err.Type != AccessDenied {
		t.Errorf("AWSPREVIOUS as the role session: %v, want AccessDeniedException", r.Err)
	}
}
