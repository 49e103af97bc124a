package secrets

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

const replicateWest = `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"us-west-2"}]}`

// A replica lives in its region with its own ARN and the primary's value and metadata; it
// follows the primary's changes and lists in its region; the primary reports it.
func TestReplica(t *testing.T) {
	s := newStore(t)
	out := outOf(t, s.run(t, step{op: "ReplicateSecretToRegions", in: replicateWest}))
	if !jsonEqual(out["ReplicationStatus"], []any{map[string]any{"Region": "us-west-2", "Status": "InSync"}}) {
		t.Errorf("status %v", out)
	}
	west := "arn:aws:secretsmanager:us-west-2:111122223333:secret:TestEnv/db-AbCdEf"
	for _, id := range []string{"TestEnv/db", west} {
		got := outOf(t, s.run(t, step{op: "GetSecretValue", in: `{"SecretId":"` + id + `"}`, region: "us-west-2"}))
		if got["ARN"] != west || got["VersionId"] != cur {
			t.Errorf("%s in us-west-2: %v", id, got)
		}
	}
	outOf(t, s.run(t, step{op: "PutSecretValue", in: `{"SecretId":"TestEnv/db","SecretString":"changed"}`}))
	if v, _ := valueOf(t, s, "TestEnv/db", "us-west-2"); v != "changed" {
		t.Errorf("the replica has %q after the primary changed", v)
	}
	d := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`, region: "us-west-2"}))
	if d["ARN"] != west || d["PrimaryRegion"] != "us-east-1" || d["ReplicationStatus"] != nil || d["Description"] != "Database credentials for the test environment" {
		t.Errorf("replica description %v", d)
	}
	l := outOf(t, s.run(t, step{op: "ListSecrets", in: `{}`, region: "us-west-2"}))
	if list := l["SecretList"].([]any); len(list) != 1 || list[0].(map[string]any)["ARN"] != west {
		t.Errorf("us-west-2 lists %v", list)
	}
	p := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`}))
	if !jsonEqual(p["ReplicationStatus"], out["ReplicationStatus"]) {
		t.Errorf("primary %v", p["ReplicationStatus"])
	}
}

// Every change on a replica fails and changes nothing: "A replica secret can't be updated
// independently from its primary secret"; the primary cannot be deleted while replicated.
func TestReplicaReadOnly(t *testing.T) {
	setup := []step{{op: "ReplicateSecretToRegions", in: replicateWest}}
	for _, st := range []step{
		{op: "PutSecretValue", in: `{"SecretId":"TestEnv/db","SecretString":"x"}`},
		{op: "UpdateSecret", in: `{"SecretId":"TestEnv/db","Description":"x"}`},
		{op: "UpdateSecretVersionStage", in: `{"SecretId":"TestEnv/db","VersionStage":"mine","MoveToVersionId":"` + cur + `"}`},
		{op: "TagResource", in: `{"SecretId":"TestEnv/db","Tags":[{"Key":"k","Value":"v"}]}`},
		{op: "UntagResource", in: `{"SecretId":"TestEnv/db","TagKeys":["env"]}`},
		{op: "DeleteSecret", in: `{"SecretId":"TestEnv/db"}`},
		{op: "PutResourcePolicy", in: `{"SecretId":"TestEnv/db","ResourcePolicy":"{\"Version\":\"2012-10-17\",\"Statement\":[]}"}`},
		{op: "DeleteResourcePolicy", in: `{"SecretId":"TestEnv/db"}`},
		{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"eu-west-1"}]}`},
		{op: "RemoveRegionsFromReplication", in: `{"SecretId":"TestEnv/db","RemoveReplicaRegions":["us-west-2"]}`},
	} {
		st.region, st.want = "us-west-2", InvalidParameter
		t.Run(st.op, func(t *testing.T) { do(t, setup, st) })
	}
	t.Run("delete the replicated primary", func(t *testing.T) {
		do(t, setup, step{op: "DeleteSecret", in: `{"SecretId":"TestEnv/db","ForceDeleteWithoutRecovery":true}`, want: InvalidRequest})
	})
	t.Run("delete after removing the replica", func(t *testing.T) {
		do(t, append(setup, step{op: "RemoveRegionsFromReplication", in: `{"SecretId":"TestEnv/db","RemoveReplicaRegions":["us-west-2"]}`}),
			step{op: "DeleteSecret", in: `{"SecretId":"TestEnv/db","ForceDeleteWithoutRecovery":true}`})
	})
}

// A secret of the name in the replica's region makes the replica Failed, unless
// ForceOverwriteReplicaSecret overwrites it; CreateSecret replicates with AddReplicaRegions.
func TestReplicaNameTaken(t *testing.T) {
	s := newStore(t)
	outOf(t, s.run(t, step{op: "CreateSecret", in: `{"Name":"TestEnv/db","SecretString":"west"}`, region: "us-west-2"}))
	out := outOf(t, s.run(t, step{op: "ReplicateSecretToRegions", in: replicateWest}))
	if !jsonEqual(out["ReplicationStatus"], []any{map[string]any{"Region": "us-west-2", "Status": "Failed", "StatusMessage": nameTaken}}) {
		t.Errorf("status %v", out)
	}
	if v, _ := valueOf(t, s, "TestEnv/db", "us-west-2"); v != "west" {
		t.Errorf("the secret in us-west-2 was overwritten: %q", v)
	}
	out = outOf(t, s.run(t, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"us-west-2"}],"ForceOverwriteReplicaSecret":true}`}))
	if !jsonEqual(out["ReplicationStatus"], []any{map[string]any{"Region": "us-west-2", "Status": "InSync"}}) {
		t.Errorf("status %v", out)
	}
	if _, id := valueOf(t, s, "TestEnv/db", "us-west-2"); id != cur {
		t.Errorf("the replica reads version %s", id)
	}
	c := outOf(t, s.run(t, step{op: "CreateSecret", in: `{"Name":"multi","SecretString":"m","AddReplicaRegions":[{"Region":"us-west-2","KmsKeyId":"alias/aws/secretsmanager"}]}`}))
	if !jsonEqual(c["ReplicationStatus"], []any{map[string]any{"Region": "us-west-2", "KmsKeyId": "alias/aws/secretsmanager", "Status": "InSync"}}) {
		t.Errorf("create %v", c)
	}
	if v, _ := valueOf(t, s, "multi", "us-west-2"); v != "m" {
		t.Errorf("the replica made by CreateSecret reads %q", v)
	}
}

// StopReplicationToReplica promotes the replica: a standalone secret that changes apart.
func TestPromoteReplica(t *testing.T) {
	s := newStore(t)
	outOf(t, s.run(t, step{op: "ReplicateSecretToRegions", in: replicateWest}))
	outOf(t, s.run(t, step{op: "StopReplicationToReplica", in: `{"SecretId":"arn:aws:secretsmanager:us-west-2:111122223333:secret:TestEnv/db-AbCdEf"}`, region: "us-west-2"}))
	outOf(t, s.run(t, step{op: "PutSecretValue", in: `{"SecretId":"TestEnv/db","SecretString":"west only"}`, region: "us-west-2"}))
	if v, _ := valueOf(t, s, "TestEnv/db", ""); strings.Contains(v, "west only") {
		t.Errorf("the primary changed with the promoted secret")
	}
	outOf(t, s.run(t, step{op: "DeleteSecret", in: `{"SecretId":"TestEnv/db","ForceDeleteWithoutRecovery":true}`}))
	if v, _ := valueOf(t, s, "TestEnv/db", "us-west-2"); v != "west only" {
		t.Errorf("the promoted secret reads %q", v)
	}
}

// The replication keys in conditions: SecretPrimaryRegion lets the reader read the replica,
// AddReplicaRegions keeps replication to two regions, aws:RequestedRegion is the call's.
func TestReplicationKeys(t *testing.T) {
	src, err := os.ReadFile("../world/testdata/worlds/rotation_replication.json")
	if err != nil {
		t.Fatal(err)
	}
	w, fs := world.Read(src)
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	s := New(w, Options{Seed: 1})
	reader, operator := "user/reader", "user/operator"
	for _, tc := range []struct {
		st   step
		want string
	}{
		{step{as: reader, op: "GetSecretValue", in: `{"SecretId":"App/db"}`, region: "us-west-2"}, ""},
		{step{as: reader, op: "GetSecretValue", in: `{"SecretId":"App/db"}`}, ""},
		{step{as: reader, op: "GetSecretValue", in: `{"SecretId":"Legacy/token"}`}, AccessDenied}, // not multi-Region: no SecretPrimaryRegion
		{step{as: reader, op: "GetSecretValue", in: `{"SecretId":"App/db"}`, region: "eu-west-1"}, AccessDenied},
		{step{as: operator, op: "ReplicateSecretToRegions", in: `{"SecretId":"Legacy/token","AddReplicaRegions":[{"Region":"ap-south-1"}]}`}, AccessDenied},
		{step{as: operator, op: "ReplicateSecretToRegions", in: `{"SecretId":"Legacy/token","AddReplicaRegions":[{"Region":"us-west-2"}]}`}, ""},
		{step{as: operator, op: "CreateSecret", in: `{"Name":"n","AddReplicaRegions":[{"Region":"ap-south-1"}]}`}, AccessDenied},
	} {
		r := s.run(t, tc.st)
		got := ""
		if r.Err != nil {
			got = r.Err.Type
		}
		if got != tc.want {
			t.Errorf("%s %s %s in %s: %q (%v), want %q", tc.st.as, tc.st.op, tc.st.in, tc.st.region, got, r.Err, tc.want)
		}
	}
	// the example world's read-only function cannot rotate; its scheduled rotation fails and
	// waits, while App/db rotates every Sunday
	runs := s.Advance(8 * 24 * time.Hour)
	ok, failedRuns := 0, 0
	for _, r := range runs {
		if r.OK() {
			ok++
		} else {
			failedRuns++
		}
	}
	if ok != 1 || failedRuns != 1 {
		t.Errorf("%d rotations done and %d failed, want 1 and 1: %+v", ok, failedRuns, runs)
	}
	got := outOf(t, s.run(t, step{as: reader, op: "GetSecretValue", in: `{"SecretId":"App/db"}`, region: "us-west-2"}))
	if v := got["SecretString"].(string); !strings.Contains(v, `"username":"app"`) || strings.Contains(v, "EXAMPLE") {
		t.Errorf("the replica reads %q after the primary rotated", v)
	}
}

// Every error of the replication operations, and their denials, change nothing.
func TestReplicationErrors(t *testing.T) {
	replicated := []step{{op: "ReplicateSecretToRegions", in: replicateWest}}
	cases := []struct {
		name  string
		setup []step
		st    step
	}{
		{"no regions", nil, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[]}`, want: ValidationException}},
		{"a region not shaped as one", nil, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"West"}]}`, want: ValidationException}},
		{"no region", nil, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{}]}`, want: ValidationException}},
		{"the primary's region", nil, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"us-east-1"}]}`, want: InvalidParameter}},
		{"a region twice", nil, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"us-west-2"},{"Region":"us-west-2"}]}`, want: InvalidParameter}},
		{"no such secret", nil, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"nope","AddReplicaRegions":[{"Region":"us-west-2"}]}`, want: ResourceNotFound}},
		{"scheduled for deletion", []step{{op: "DeleteSecret", in: `{"SecretId":"TestEnv/api-key"}`}}, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/api-key","AddReplicaRegions":[{"Region":"us-west-2"}]}`, want: InvalidRequest}},
		{"a replica key the region lacks", nil, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"us-west-2","KmsKeyId":"alias/nope"}]}`, want: InvalidParameter}},
		{"create: a replica key the region lacks", nil, step{op: "CreateSecret", in: `{"Name":"n","AddReplicaRegions":[{"Region":"us-west-2","KmsKeyId":"0b0e5b5e-1111-4a6d-9c1e-aaaaaaaaaaaa"}]}`, want: InvalidParameter}},
		{"wrong type", nil, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":"us-west-2"}`, want: SerializationException}},
		{"create: the primary's region", nil, step{op: "CreateSecret", in: `{"Name":"n","AddReplicaRegions":[{"Region":"us-east-1"}]}`, want: InvalidParameter}},
		{"create: a region not shaped as one", nil, step{op: "CreateSecret", in: `{"Name":"n","AddReplicaRegions":[{"Region":"x"}]}`, want: ValidationException}},
		{"remove: no regions", replicated, step{op: "RemoveRegionsFromReplication", in: `{"SecretId":"TestEnv/db","RemoveReplicaRegions":[]}`, want: ValidationException}},
		{"remove: a region not shaped as one", replicated, step{op: "RemoveRegionsFromReplication", in: `{"SecretId":"TestEnv/db","RemoveReplicaRegions":["West"]}`, want: ValidationException}},
		{"remove: no such secret", nil, step{op: "RemoveRegionsFromReplication", in: `{"SecretId":"nope","RemoveReplicaRegions":["us-west-2"]}`, want: ResourceNotFound}},
		{"remove: denied", replicated, step{as: "user/alice", op: "RemoveRegionsFromReplication", in: `{"SecretId":"TestEnv/db","RemoveReplicaRegions":["us-west-2"]}`, want: AccessDenied}},
		{"stop: no SecretId", replicated, step{op: "StopReplicationToReplica", in: `{}`, region: "us-west-2", want: ValidationException}},
		{"stop: no such secret", replicated, step{op: "StopReplicationToReplica", in: `{"SecretId":"nope"}`, region: "us-west-2", want: ResourceNotFound}},
		{"stop: on the primary", replicated, step{op: "StopReplicationToReplica", in: `{"SecretId":"TestEnv/db"}`, want: ResourceNotFound}},
		{"stop: denied", replicated, step{as: "user/alice", op: "StopReplicationToReplica", in: `{"SecretId":"TestEnv/db"}`, region: "us-west-2", want: AccessDenied}},
		{"stop: denied in a region the SCP denies", []step{{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"eu-west-1"}]}`}},
			step{op: "StopReplicationToReplica", in: `{"SecretId":"TestEnv/db"}`, region: "eu-west-1", want: AccessDenied}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { do(t, tc.setup, tc.st) })
	}
}

// A replica's value is decrypted in its region with its own key: the kms:Decrypt a read of
// the replica asks is on the AWS managed key of us-west-2.
func TestReplicaDecryptsInItsRegion(t *testing.T) {
	s := newStore(t)
	outOf(t, s.run(t, step{op: "ReplicateSecretToRegions", in: replicateWest}))
	r := s.run(t, step{op: "GetSecretValue", in: `{"SecretId":"TestEnv/db"}`, region: "us-west-2"})
	outOf(t, r)
	var keys []string
	for _, c := range r.Checks {
		if c.Action == "kms:Decrypt" {
			keys = append(keys, c.Resource)
		}
	}
	if len(keys) != 1 || !strings.HasPrefix(keys[0], "arn:aws:kms:us-west-2:111122223333:key/") {
		t.Errorf("kms:Decrypt on %v", keys)
	}
}

// Replication uses keys on the caller's behalf, as the API Reference lists for
// ReplicateSecretToRegions: "To encrypt the replicated secret with a KMS key other than
// aws/secretsmanager, you need kms:GenerateDataKey and kms:Encrypt to the key." A key whose
// policy does not allow the caller fails the replica (replication runs after the call
// answers), with the key's refusal in the call's checks; one that allows it replicates.
func TestReplicationAsksTheReplicaKey(t *testing.T) {
	for _, tc := range []struct {
		name, principal, status string
	}{
		{"key policy names another user", "arn:aws:iam::111122223333:user/alice", failed},
		{"key policy names the caller", "arn:aws:iam::111122223333:user/admin", "InSync"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(worldWithKey(t, "us-west-2", tc.principal), Options{Seed: 1})
			r := s.run(t, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"us-west-2","KmsKeyId":"alias/replica"}]}`})
			out := outOf(t, r)
			st := out["ReplicationStatus"].([]any)[0].(map[string]any)
			if st["Status"] != tc.status {
				t.Fatalf("replica %v, want %s", st, tc.status)
			}
			var asked []string
			for _, c := range r.Checks {
				if strings.HasPrefix(c.Action, "kms:") {
					asked = append(asked, c.Action+" "+string(c.Decision))
				}
			}
			reads := s.run(t, step{op: "GetSecretValue", in: `{"SecretId":"TestEnv/db"}`, region: "us-west-2"})
			if tc.status == failed {
				if st["StatusMessage"] != kmsReplicationFailed || len(asked) != 1 || asked[0] != "kms:GenerateDataKey ImplicitDeny" {
					t.Errorf("status %v, checks %v", st, asked)
				}
				if reads.Err == nil || reads.Err.Type != ResourceNotFound {
					t.Errorf("a failed replica is read: %v", reads.Err)
				}
				return
			}
			if len(asked) != 2 || asked[0] != "kms:GenerateDataKey Allow" || asked[1] != "kms:Encrypt Allow" {
				t.Errorf("checks %v", asked)
			}
			outOf(t, reads)
		})
	}
}

// worldWithKey is the default world with a customer managed key alias/replica in region
// whose key policy allows principal every KMS action.
func worldWithKey(t *testing.T, region, principal string) *world.World {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(world.DefaultFile(), &doc); err != nil {
		t.Fatal(err)
	}
	acct := doc["accounts"].([]any)[0].(map[string]any)
	keys, _ := acct["keys"].([]any)
	acct["keys"] = append(keys, map[string]any{
		"id": "5e1ec7ed-0000-4000-8000-000000000001", "region": region, "aliases": []any{"alias/replica"},
		"policy": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"AWS": principal}, "Action": "kms:*", "Resource": "*"}}},
	})
	src, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	w, fs := world.Read(src)
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	return w
}
