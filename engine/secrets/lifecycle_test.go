package secrets

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

func outOf(t *testing.T, r *Result) map[string]any {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("%v", r.Err)
	}
	var m map[string]any
	if err := json.Unmarshal(r.Output, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// A secret's recovery window runs on the world's clock: restorable before it ends, gone
// after ("At the end of the recovery window, Secrets Manager deletes the secret
// permanently"), and a secret made again with its name gets a new ARN ("a deleted and
// re-created secret gets a new ARN": the six random characters differ).
func TestDeletionWindow(t *testing.T) {
	s := newStore(t)
	s.run(t, step{op: "DeleteSecret", in: `{"SecretId":"TestEnv/db","RecoveryWindowInDays":7}`})
	s.Advance(6 * 24 * time.Hour)
	if r := s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`}); r.Err != nil {
		t.Fatalf("within the window: %v", r.Err)
	}
	s.Advance(24 * time.Hour)
	if r := s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`}); r.Err == nil || r.Err.Type != ResourceNotFound {
		t.Fatalf("after the window: %v", r.Err)
	}
	if r := s.run(t, step{op: "RestoreSecret", in: `{"SecretId":"TestEnv/db"}`}); r.Err == nil || r.Err.Type != ResourceNotFound {
		t.Fatalf("restore after the window: %v", r.Err)
	}
	out := outOf(t, s.run(t, step{op: "CreateSecret", in: `{"Name":"TestEnv/db","SecretString":"again"}`}))
	if arn := out["ARN"].(string); arn == db || !strings.HasPrefix(arn, strings.TrimSuffix(db, "AbCdEf")) {
		t.Errorf("re-created secret's ARN %s, old %s", arn, db)
	}
	if r := s.run(t, step{op: "GetSecretValue", in: `{"SecretId":"` + db + `"}`}); r.Err == nil || r.Err.Type != ResourceNotFound {
		t.Errorf("the old ARN reads the new secret: %v", r.Err)
	}
	// ForceDeleteWithoutRecovery frees the name at once.
	s.run(t, step{op: "DeleteSecret", in: `{"SecretId":"Prod/db","ForceDeleteWithoutRecovery":true}`})
	if r := s.run(t, step{op: "CreateSecret", in: `{"Name":"Prod/db"}`}); r.Err != nil {
		t.Errorf("name not free after a forced deletion: %v", r.Err)
	}
}

// Staging labels move as AWS moves them: a new AWSCURRENT pushes the old one to
// AWSPREVIOUS, and the version that had AWSPREVIOUS keeps no label (deprecated).
func TestLabelsMove(t *testing.T) {
	s := newStore(t)
	outOf(t, s.run(t, step{op: "PutSecretValue", in: `{"SecretId":"TestEnv/db","SecretString":"three","ClientRequestToken":"` + token + `"}`}))
	d := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`}))
	want := map[string][]string{token: {"AWSCURRENT"}, cur: {"AWSPREVIOUS"}}
	if !jsonEqual(d["VersionIdsToStages"], want) {
		t.Errorf("stages %v, want %v", d["VersionIdsToStages"], want)
	}
	outOf(t, s.run(t, step{op: "UpdateSecretVersionStage", in: `{"SecretId":"TestEnv/db","VersionStage":"AWSCURRENT","MoveToVersionId":"` + cur + `","RemoveFromVersionId":"` + token + `"}`}))
	d = outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`}))
	want = map[string][]string{cur: {"AWSCURRENT"}, token: {"AWSPREVIOUS"}}
	if !jsonEqual(d["VersionIdsToStages"], want) {
		t.Errorf("after the move back: %v, want %v", d["VersionIdsToStages"], want)
	}
}

// No secret value appears in an error or an explanation, whatever the call.
func TestNoValueInErrorsOrExplanations(t *testing.T) {
	s := newStore(t)
	for _, st := range []step{
		{as: "user/alice", op: "GetSecretValue", in: `{"SecretId":"Prod/db"}`},
		{as: "user/alice", op: "PutSecretValue", in: `{"SecretId":"TestEnv/db","SecretString":"EXAMPLE-new-value"}`},
		{op: "PutSecretValue", in: `{"SecretId":"TestEnv/db","SecretString":"EXAMPLE-new-value","SecretBinary":"AA=="}`},
		{op: "CreateSecret", in: `{"Name":"bad name","SecretString":"EXAMPLE-new-value"}`},
		{op: "CreateSecret", in: `{"Name":"x","SecretString":["EXAMPLE-new-value"]}`},
	} {
		r := s.run(t, st)
		if r.Err == nil {
			t.Fatalf("%s: no error", st.op)
		}
		text := r.Err.Message
		if ex := r.Explanation(); ex != nil {
			b, _ := json.Marshal(ex)
			text += string(b)
		}
		for _, v := range []string{"EXAMPLE-new-value", "EXAMPLE-prod-password", "EXAMPLE-test-password"} {
			if strings.Contains(text, v) {
				t.Errorf("%s: a secret value in %q", st.op, text)
			}
		}
	}
}

// Concurrent callers: each call sees the world as the previous left it (run with -race).
func TestConcurrentCallers(t *testing.T) {
	s := newStore(t)
	admin := caller(t, s.w, "user/admin")
	alice := caller(t, s.w, "user/alice")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				var c Call
				switch (g + i) % 3 {
				case 0:
					c = Call{Caller: admin, Operation: "PutSecretValue", Input: []byte(`{"SecretId":"TestEnv/db","SecretString":"v"}`)}
				case 1:
					c = Call{Caller: alice, Operation: "GetSecretValue", Input: []byte(`{"SecretId":"TestEnv/db"}`)}
				default:
					c = Call{Caller: admin, Operation: "ListSecrets", Input: []byte(`{}`)}
				}
				c.Region, c.Network = "us-east-1", DefaultNetwork
				if r := s.Call(c); r.Err != nil {
					t.Errorf("%s: %v", c.Operation, r.Err)
					return
				}
			}
		}()
	}
	wg.Wait()
	d := outOf(t, s.run(t, step{op: "ListSecretVersionIds", in: `{"SecretId":"TestEnv/db","IncludeDeprecated":true}`}))
	if n := len(d["Versions"].([]any)); n != 100 {
		t.Errorf("%d versions after more than 100 puts, want the 100 Secrets Manager keeps", n)
	}
}

// A replica promoted with StopReplicationToReplica is a standalone secret in its region with
// the primary's value, and the primary no longer lists it.
func TestStopReplication(t *testing.T) {
	s := newStore(t)
	outOf(t, s.run(t, step{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"us-west-2"}]}`}))
	outOf(t, s.run(t, step{op: "StopReplicationToReplica", in: `{"SecretId":"TestEnv/db"}`, region: "us-west-2"}))
	got := outOf(t, s.run(t, step{op: "GetSecretValue", in: `{"SecretId":"TestEnv/db"}`, region: "us-west-2"}))
	if got["VersionId"] != cur {
		t.Errorf("the standalone secret's value: %v", got)
	}
	d := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`}))
	if _, ok := d["ReplicationStatus"]; ok {
		t.Errorf("the primary still lists the replica: %v", d["ReplicationStatus"])
	}
}
