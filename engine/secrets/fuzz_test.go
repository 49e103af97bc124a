package secrets

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// FuzzCalls drives random call sequences against the default world and checks what must
// always hold: exactly one AWSCURRENT version on every secret that has versions, no value
// readable from a secret scheduled for deletion, and no change at all from a call that was
// denied or failed.
func FuzzCalls(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Add([]byte{3, 3, 3, 9, 9, 10, 1, 1, 0, 200, 17, 4})
	f.Add([]byte("PutSecretValue then DeleteSecret then RestoreSecret"))
	f.Fuzz(callSequence)
}

// callSequence runs one program of FuzzCalls: three bytes a call (the operation, then
// arguments), holding the invariants after each.
func callSequence(t *testing.T, prog []byte) {
	{
		if len(prog) > 256 {
			prog = prog[:256]
		}
		s := New(world.Default(), Options{Seed: 3})
		failing := true
		s.RegisterRotationFunc(fuzzFunctions[1], func(step, arn, token string, call CallFunc) error {
			failing = !failing
			if failing && step == StepTest {
				return errors.New("the new password does not work")
			}
			return passwordRotation(nil)(step, arn, token, call)
		})
		s.w.Account("111122223333").RotationFunctions = append(s.w.Account("111122223333").RotationFunctions,
			&world.RotationFunction{ARN: fuzzFunctions[1], Role: "SecretsManagerRotationRole"},
			&world.RotationFunction{ARN: fuzzFunctions[2], Role: "EC2RoleToAccessSecrets"})
		callers := []string{"user/admin", "user/alice", "user/anaya", "arn:aws:iam::444455556666:user/mateo", "arn:aws:iam::111122223333:root"}
		names := []string{"TestEnv/db", "Prod/db", "TestEnv/api-key", "new/one", "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf", ""}
		stages := []string{"AWSCURRENT", "AWSPREVIOUS", "AWSPENDING", "mine"}
		versions := []string{token, token2, cur, prev}
		for i := 0; i+2 < len(prog); i += 3 {
			op, a, b := prog[i], prog[i+1], prog[i+2]
			who := callers[int(a)%len(callers)]
			id := strconv.Quote(names[int(b)%len(names)])
			stage := strconv.Quote(stages[int(a>>3)%len(stages)])
			ver := strconv.Quote(versions[int(b>>3)%len(versions)])
			var in, name string
			regions := []string{"us-east-1", "us-west-2", "eu-west-1"}
			region := regions[int(b>>5)%len(regions)]
			schedules := []string{`{"AutomaticallyAfterDays":1}`, `{"ScheduleExpression":"rate(4 hours)"}`, `{"ScheduleExpression":"cron(0 */6 ? * * *)","Duration":"2h"}`, `{"ScheduleExpression":"rate(2 days)"}`}
			switch op % 22 {
			case 0:
				name, in = "CreateSecret", `{"Name":`+id+`,"SecretString":"v`+strconv.Itoa(i)+`"}`
			case 1:
				name, in = "GetSecretValue", `{"SecretId":`+id+`,"VersionStage":`+stage+`}`
			case 2:
				name, in = "PutSecretValue", `{"SecretId":`+id+`,"SecretString":"p","ClientRequestToken":`+ver+`}`
			case 3:
				name, in = "PutSecretValue", `{"SecretId":`+id+`,"SecretBinary":"AAEC","VersionStages":[`+stage+`]}`
			case 4:
				name, in = "UpdateSecretVersionStage", `{"SecretId":`+id+`,"VersionStage":`+stage+`,"MoveToVersionId":`+ver+`}`
			case 5:
				name, in = "UpdateSecretVersionStage", `{"SecretId":`+id+`,"VersionStage":`+stage+`,"RemoveFromVersionId":`+ver+`}`
			case 6:
				name, in = "UpdateSecretVersionStage", `{"SecretId":`+id+`,"VersionStage":`+stage+`,"RemoveFromVersionId":`+ver+`,"MoveToVersionId":`+strconv.Quote(versions[int(a)%len(versions)])+`}`
			case 7:
				name, in = "DeleteSecret", `{"SecretId":`+id+`,"RecoveryWindowInDays":`+strconv.Itoa(int(a)%30+1)+`}`
			case 8:
				name, in = "DeleteSecret", `{"SecretId":`+id+`,"ForceDeleteWithoutRecovery":true}`
			case 9:
				name, in = "RestoreSecret", `{"SecretId":`+id+`}`
			case 10:
				name, in = "UpdateSecret", `{"SecretId":`+id+`,"SecretString":"u","Description":"d"}`
			case 11:
				name, in = "TagResource", `{"SecretId":`+id+`,"Tags":[{"Key":"k`+strconv.Itoa(int(a%4))+`","Value":"v"}]}`
			case 14:
				name, in = "RotateSecret", `{"SecretId":`+id+`,"RotationLambdaARN":"`+fuzzFunctions[int(a>>4)%len(fuzzFunctions)]+`","RotationRules":`+schedules[int(a)%len(schedules)]+`,"RotateImmediately":`+strconv.FormatBool(a&8 == 0)+`}`
			case 15:
				name, in = "RotateSecret", `{"SecretId":`+id+`}`
			case 16:
				name, in = "CancelRotateSecret", `{"SecretId":`+id+`}`
			case 17:
				name, in = "ReplicateSecretToRegions", `{"SecretId":`+id+`,"AddReplicaRegions":[{"Region":"`+regions[int(a)%len(regions)]+`"}],"ForceOverwriteReplicaSecret":`+strconv.FormatBool(a&1 == 1)+`}`
			case 18:
				name, in = "RemoveRegionsFromReplication", `{"SecretId":`+id+`,"RemoveReplicaRegions":["`+regions[int(a)%len(regions)]+`"]}`
			case 19:
				name, in = "StopReplicationToReplica", `{"SecretId":`+id+`}`
			case 20:
				name, in = "CreateSecret", `{"Name":`+id+`,"SecretString":"r","AddReplicaRegions":[{"Region":"`+regions[int(a)%len(regions)]+`"}]}`
			default:
				name, in = "ListSecrets", `{"IncludePlannedDeletion":true,"MaxResults":`+strconv.Itoa(int(a)%5)+`}`
			}
			if op%22 == 12 {
				s.Advance(time.Duration(a) * time.Hour)
				holdInvariants(t, s)
				continue
			}
			before := export(t, s)
			r := s.run(t, step{as: who, op: name, in: in, region: region})
			if r.Err != nil {
				if after := export(t, s); !bytes.Equal(before, after) {
					t.Fatalf("%s %s as %s failed (%v) and changed the world", name, in, who, r.Err)
				}
			}
			holdInvariants(t, s)
		}
	}
}

// fuzzFunctions are the rotation functions of the call sequences: the default world's,
// a Go function that fails every other testSecret, and one whose role may not rotate.
var fuzzFunctions = []string{
	"arn:aws:lambda:us-east-1:111122223333:function:rotate",
	"arn:aws:lambda:us-east-1:111122223333:function:flaky",
	"arn:aws:lambda:us-east-1:111122223333:function:powerless",
}

func holdInvariants(t *testing.T, s *Store) {
	t.Helper()
	for k, e := range s.index { // every entry, primary or replica, is a secret of the world: none outlives its deletion
		if !slices.Contains(e.acct.Secrets, e.s) || k.region != e.region {
			t.Fatalf("%s in %s: an entry of a secret the world no longer has", k.name, k.region)
		}
	}
	for _, a := range s.w.Accounts {
		for _, sec := range a.Secrets {
			n := 0
			labels := map[string]bool{}
			for _, v := range sec.Versions {
				for _, l := range v.Stages {
					if labels[l] {
						t.Fatalf("%s: label %s on two versions", sec.Name, l)
					}
					labels[l] = true
				}
				if slices.Contains(v.Stages, "AWSCURRENT") {
					n++
				}
			}
			if len(sec.Versions) > 0 && n != 1 {
				t.Fatalf("%s: %d AWSCURRENT versions", sec.Name, n)
			}
			for _, rep := range sec.Replicas {
				e := s.index[secretKey{a.ID, rep.Region, sec.Name}]
				if rep.Status == "InSync" && (e == nil || e.s != sec || e.primary == nil) {
					t.Fatalf("%s: the replica in %s is not the primary's", sec.Name, rep.Region)
				}
			}
			if !sec.DeletionDate.IsZero() {
				arn := sec.ARN(s.w.Partition, a.ID)
				r := s.run(t, step{as: "arn:aws:iam::" + a.ID + ":root", op: "GetSecretValue", in: `{"SecretId":"` + arn + `"}`, region: sec.Region})
				if r.Err == nil {
					t.Fatalf("%s: a value read while scheduled for deletion", sec.Name)
				}
			}
		}
	}
}

// FuzzBodies sends any body to any operation: nothing panics, the answer is JSON output or
// an AWS error, and a call that fails changes nothing.
func FuzzBodies(f *testing.F) {
	f.Add(uint8(1), []byte(`{"SecretId":"TestEnv/db"}`))
	f.Add(uint8(0), []byte(`{"Name":"a","SecretString":"v","Tags":[{"Key":"k","Value":"v"}]}`))
	f.Add(uint8(6), []byte(`{"Filters":[{"Key":"all","Values":["test !prod"]}],"MaxResults":1}`))
	f.Add(uint8(13), []byte(`{"PasswordLength":5,"ExcludeCharacters":"abc"}`))
	f.Add(uint8(4), []byte(`[1,2]`))
	ops := Operations()
	s := New(world.Default(), Options{Seed: 5})
	admin := caller(f, s.w, "user/admin")
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		before := export(t, s)
		r := s.Call(Call{Caller: admin, Region: "us-east-1", Network: DefaultNetwork, Operation: ops[int(op)%len(ops)], Input: body})
		switch {
		case r.Err != nil && r.Output != nil:
			t.Fatalf("both an error and output")
		case r.Err != nil:
			if !bytes.Equal(before, export(t, s)) {
				t.Fatalf("%s failed (%v) and changed the world", ops[int(op)%len(ops)], r.Err)
			}
		case !json.Valid(r.Output):
			t.Fatalf("output is not JSON: %s", r.Output)
		}
		holdInvariants(t, s)
	})
}
