package secrets

import (
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/world"
)

// The rotation and replication paragraphs of the seed page "Authentication and access
// control for AWS Secrets Manager" (/work/shared/seeds/003_5b6738d4103b6d6f.txt), end to end.
const seedRotationWorld = `{
  "clock": "2026-11-30T09:00:00Z",
  "accounts": [{
    "id": "111122223333",
    "users": [
      {"name": "admin", "managedPolicies": ["arn:aws:iam::aws:policy/SecretsManagerReadWrite"]},
      {"name": "dev", "managedPolicies": ["arn:aws:iam::aws:policy/SecretsManagerReadWrite"], "policies": [{"name": "PreventReplication", "policy": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "secretsmanager:ReplicateSecretToRegions", "Resource": "*"}]
      }}]}
    ],
    "roles": [
      {"name": "RotationRole", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
       "policies": [{"name": "Passwords", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetRandomPassword", "Resource": "*"}]}}]}
    ],
    "rotationFunctions": [{"arn": "arn:aws:lambda:us-east-1:111122223333:function:db-rotation", "role": "RotationRole"}],
    "secrets": [{
      "name": "Prod/db", "region": "us-east-1", "suffix": "Pr0dDb", "created": "2026-01-01T00:00:00Z",
      "versions": [{"id": "90000000-0000-4000-8000-000000000001", "stages": ["AWSCURRENT"], "created": "2026-01-01T00:00:00Z", "secretString": "{\"username\":\"app\",\"password\":\"EXAMPLE-old\"}"}]
    }]
  }]
}`

// "Secrets Manager uses AWS Lambda functions to rotate secrets. The Lambda function must
// have access to the secret as well as the database or service that the secret contains
// credentials for." A function whose role has no access to the secret cannot rotate it; a
// resource policy that grants its role access lets it.
func TestSeedRotationNeedsAccessToTheSecret(t *testing.T) {
	w, fs := world.Read([]byte(seedRotationWorld))
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	s := New(w, Options{Seed: 1})
	rotate := step{op: "RotateSecret", in: `{"SecretId":"Prod/db","RotationLambdaARN":"arn:aws:lambda:us-east-1:111122223333:function:db-rotation","RotationRules":{"AutomaticallyAfterDays":30}}`}
	r := s.run(t, rotate)
	outOf(t, r) // RotateSecret "starts the asynchronous process of rotating the secret"
	denied := r.Rotation.Steps[0].Calls[0]
	if r.Rotation.OK() || denied.Err == nil || denied.Err.Type != AccessDenied ||
		!strings.Contains(denied.Err.Message, "assumed-role/RotationRole/db-rotation is not authorized to perform: secretsmanager:DescribeSecret") {
		t.Fatalf("a role without access rotated the secret: %+v", r.Rotation)
	}
	if v, id := valueOf(t, s, "Prod/db", ""); id != "90000000-0000-4000-8000-000000000001" || !strings.Contains(v, "EXAMPLE-old") {
		t.Fatalf("the failed rotation changed the value")
	}
	grant := `{"SecretId":"Prod/db","ResourcePolicy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/RotationRole\"},\"Action\":[\"secretsmanager:DescribeSecret\",\"secretsmanager:GetSecretValue\",\"secretsmanager:PutSecretValue\",\"secretsmanager:UpdateSecretVersionStage\"],\"Resource\":\"*\"}]}"}`
	outOf(t, s.run(t, step{op: "PutResourcePolicy", in: grant}))
	r = s.run(t, step{op: "RotateSecret", in: `{"SecretId":"Prod/db"}`})
	outOf(t, r)
	if !r.Rotation.OK() {
		t.Fatalf("the role with access to the secret could not rotate it: %v", r.Rotation.Err)
	}
	if v, id := valueOf(t, s, "Prod/db", ""); id != r.Rotation.Token || strings.Contains(v, "EXAMPLE-old") || !strings.Contains(v, `"username":"app"`) {
		t.Errorf("after the rotation: version %s", id)
	}
}

// "By using IAM permission policies, you control which users or services can replicate your
// secrets to other Regions. See Prevent AWS Secrets Manager replication." A Deny on
// secretsmanager:ReplicateSecretToRegions stops dev; admin replicates, and the replica is
// read in its Region.
func TestSeedReplicationControlledByPolicy(t *testing.T) {
	w, fs := world.Read([]byte(seedRotationWorld))
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	s := New(w, Options{Seed: 1})
	replicate := `{"SecretId":"Prod/db","AddReplicaRegions":[{"Region":"eu-central-1"}]}`
	r := s.run(t, step{as: "user/dev", op: "ReplicateSecretToRegions", in: replicate})
	if r.Err == nil || r.Err.Type != AccessDenied || !strings.Contains(r.Err.Message, "with an explicit deny in an identity-based policy") {
		t.Fatalf("dev replicated despite the Deny: %v", r.Err)
	}
	outOf(t, s.run(t, step{as: "user/admin", op: "ReplicateSecretToRegions", in: replicate}))
	if v, _ := valueOf(t, s, "Prod/db", "eu-central-1"); !strings.Contains(v, "EXAMPLE-old") {
		t.Errorf("the replica reads %q", v)
	}
}
