package secrets

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/world"
)

// probeWorld is one account in an organization, with a user "probe" (tagged team=payments)
// whose one policy allows the action only under the condition, and a secret tagged env=test.
func probeWorld(t *testing.T, action, condition string) *Store {
	t.Helper()
	src := fmt.Sprintf(`{
  "clock": "2026-11-30T09:00:00Z",
  "organization": {"id": "o-probe12345", "root": {"id": "r-prob", "accounts": ["111122223333"]}},
  "accounts": [{
    "id": "111122223333",
    "users": [{
      "name": "probe",
      "tags": {"team": "payments"},
      "policies": [{"name": "Probe", "policy": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "secretsmanager:%s", "Resource": "*", "Condition": %s}
      ]}}]
    }],
    "roles": [{"name": "rotation", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}],
    "rotationFunctions": [{"arn": "arn:aws:lambda:us-east-1:111122223333:function:r", "role": "rotation"}],
    "secrets": [{
      "name": "app/db", "region": "us-east-1", "suffix": "Xy12Zw", "tags": {"env": "test"},
      "rotation": {"lambdaArn": "arn:aws:lambda:us-east-1:111122223333:function:r"},
      "versions": [{"id": "e1b2c3d4-0000-4000-8000-000000000001", "stages": ["AWSCURRENT"], "secretString": "v"}]
    }]
  }]
}`, action, condition)
	w, fs := world.Read([]byte(src))
	if fs.HasErrors() {
		t.Fatalf("world: %v", fs)
	}
	return New(w, Options{Seed: 1})
}

// Every call carries the request context AWS would send: a policy conditioned on each key
// allows the call when the key has the value and denies it when it has another.
func TestRequestContext(t *testing.T) {
	cases := []struct {
		key, op, in, operator, yes, no string
		net                            *Network
	}{
		{"aws:PrincipalTag/team", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "payments", "platform", nil},
		{"aws:username", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "probe", "alice", nil},
		{"aws:PrincipalArn", "GetSecretValue", `{"SecretId":"app/db"}`, "ArnEquals", "arn:aws:iam::111122223333:user/probe", "arn:aws:iam::111122223333:user/alice", nil},
		{"aws:PrincipalAccount", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "111122223333", "444455556666", nil},
		{"aws:PrincipalType", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "User", "AssumedRole", nil},
		{"aws:PrincipalOrgID", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "o-probe12345", "o-other12345", nil},
		{"aws:userid", "GetSecretValue", `{"SecretId":"app/db"}`, "StringLike", "AIDA*", "AROA*", nil},
		{"aws:RequestedRegion", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "us-east-1", "eu-west-1", nil},
		{"aws:CurrentTime", "GetSecretValue", `{"SecretId":"app/db"}`, "DateLessThan", "2027-01-01T00:00:00Z", "2026-01-01T00:00:00Z", nil},
		{"aws:EpochTime", "GetSecretValue", `{"SecretId":"app/db"}`, "NumericGreaterThan", "1700000000", "1900000000", nil},
		{"aws:SecureTransport", "GetSecretValue", `{"SecretId":"app/db"}`, "Bool", "true", "false", nil},
		{"aws:SecureTransport", "GetSecretValue", `{"SecretId":"app/db"}`, "Bool", "false", "true", &Network{SourceIP: "203.0.113.10"}},
		{"aws:SourceIp", "GetSecretValue", `{"SecretId":"app/db"}`, "IpAddress", "203.0.113.0/24", "198.51.100.0/24", nil},
		{"aws:SourceVpce", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "vpce-1a2b3c4d", "vpce-ffffffff", &Network{VPCEndpoint: "vpce-1a2b3c4d", TLS: true}},
		{"aws:ResourceTag/env", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "test", "prod", nil},
		{"secretsmanager:ResourceTag/env", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "test", "prod", nil},
		{"aws:ResourceAccount", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "111122223333", "444455556666", nil},
		{"secretsmanager:SecretId", "GetSecretValue", `{"SecretId":"app/db"}`, "StringEquals", "app/db", "other", nil},
		{"secretsmanager:VersionStage", "GetSecretValue", `{"SecretId":"app/db"}`, "ForAnyValue:StringEquals", "AWSCURRENT", "AWSPREVIOUS", nil},
		{"secretsmanager:VersionId", "GetSecretValue", `{"SecretId":"app/db","VersionId":"e1b2c3d4-0000-4000-8000-000000000001"}`, "StringEquals", "e1b2c3d4-0000-4000-8000-000000000001", "x", nil},
		{"secretsmanager:Name", "CreateSecret", `{"Name":"app/new"}`, "StringLike", "app/*", "prod/*", nil},
		{"secretsmanager:Description", "CreateSecret", `{"Name":"app/new","Description":"for the app"}`, "StringEquals", "for the app", "other", nil},
		{"secretsmanager:KmsKeyId", "UpdateSecret", `{"SecretId":"app/db","KmsKeyId":"alias/aws/secretsmanager"}`, "StringEquals", "alias/aws/secretsmanager", "alias/other", nil},
		{"aws:RequestTag/owner", "CreateSecret", `{"Name":"app/new","Tags":[{"Key":"owner","Value":"probe"}]}`, "StringEquals", "probe", "alice", nil},
		{"aws:TagKeys", "TagResource", `{"SecretId":"app/db","Tags":[{"Key":"owner","Value":"probe"}]}`, "ForAllValues:StringEquals", "owner", "team", nil},
		{"aws:TagKeys", "UntagResource", `{"SecretId":"app/db","TagKeys":["env"]}`, "ForAllValues:StringEquals", "env", "team", nil},
		{"secretsmanager:RecoveryWindowInDays", "DeleteSecret", `{"SecretId":"app/db","RecoveryWindowInDays":20}`, "NumericGreaterThanEquals", "14", "21", nil},
		{"secretsmanager:ForceDeleteWithoutRecovery", "DeleteSecret", `{"SecretId":"app/db","ForceDeleteWithoutRecovery":true}`, "Bool", "true", "false", nil},
		{"secretsmanager:BlockPublicPolicy", "PutResourcePolicy", `{"SecretId":"app/db","BlockPublicPolicy":true,"ResourcePolicy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}"}`, "Bool", "true", "false", nil},
		{"secretsmanager:RotationLambdaARN", "RotateSecret", `{"SecretId":"app/db","RotationLambdaARN":"arn:aws:lambda:us-east-1:111122223333:function:r"}`, "ArnLike", "arn:aws:lambda:*:111122223333:function:*", "arn:aws:lambda:*:444455556666:function:*", nil},
		{"secretsmanager:ModifyRotationRules", "RotateSecret", `{"SecretId":"app/db","RotationRules":{"AutomaticallyAfterDays":7}}`, "Bool", "true", "false", nil},
		{"secretsmanager:ModifyRotationRules", "RotateSecret", `{"SecretId":"app/db"}`, "Bool", "false", "true", nil},
		{"secretsmanager:RotateImmediately", "RotateSecret", `{"SecretId":"app/db","RotateImmediately":false}`, "Bool", "false", "true", nil},
		{"secretsmanager:resource/AllowRotationLambdaArn", "GetSecretValue", `{"SecretId":"app/db"}`, "ArnEquals", "arn:aws:lambda:us-east-1:111122223333:function:r", "arn:aws:lambda:us-east-1:111122223333:function:other", nil},
		{"secretsmanager:ForceOverwriteReplicaSecret", "ReplicateSecretToRegions", `{"SecretId":"app/db","AddReplicaRegions":[{"Region":"us-west-2"}],"ForceOverwriteReplicaSecret":true}`, "Bool", "true", "false", nil},
		{"secretsmanager:AddReplicaRegions", "ReplicateSecretToRegions", `{"SecretId":"app/db","AddReplicaRegions":[{"Region":"us-west-2"}]}`, "ForAllValues:StringEquals", "us-west-2", "eu-west-1", nil},
	}
	for _, tc := range cases {
		t.Run(tc.key+"/"+tc.op, func(t *testing.T) {
			for _, v := range []string{tc.yes, tc.no} {
				cond := fmt.Sprintf(`{%q: {%q: %q}}`, tc.operator, tc.key, v)
				s := probeWorld(t, tc.op, cond)
				c, err := s.w.Caller("arn:aws:iam::111122223333:user/probe")
				if err != nil {
					t.Fatal(err)
				}
				net := DefaultNetwork
				if tc.net != nil {
					net = *tc.net
				}
				r := s.Call(Call{Caller: c, Region: "us-east-1", Network: net, Operation: tc.op, Input: []byte(tc.in)})
				denied := r.Err != nil && r.Err.Type == AccessDenied
				if want := v == tc.no; denied != want {
					t.Errorf("%s = %s: denied %v, want %v (%v)", tc.key, v, denied, want, r.Err)
				}
				if !denied && r.Err != nil && !strings.Contains(tc.op, "Replicate") {
					t.Errorf("%s: allowed but failed: %v", tc.op, r.Err)
				}
			}
		})
	}
}

// A caller's calls reuse the request of its last call with the same keys (check): each
// change a call's context depends on (the secret's tags and resource policy, the clock, the
// network, the operation's keys) decides the next call anew, back and forth, and an answer
// already given keeps explaining the request it decided.
func TestReusedRequestFollowsChanges(t *testing.T) {
	const root = "arn:aws:iam::111122223333:root"
	deny := `{"SecretId":"app/db","ResourcePolicy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/probe\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}"}`
	type move struct {
		as, op, in string
		net        *Network
		advance    time.Duration
		denied     bool // the probe's call after the move
	}
	read := `{"SecretId":"app/db"}`
	cases := []struct {
		name, cond string
		moves      []move
	}{
		{"tags", `{"StringEquals": {"aws:ResourceTag/env": "test"}}`, []move{
			{as: root, op: "TagResource", in: `{"SecretId":"app/db","Tags":[{"Key":"env","Value":"prod"}]}`, denied: true},
			{as: root, op: "TagResource", in: `{"SecretId":"app/db","Tags":[{"Key":"env","Value":"test"}]}`},
			{as: root, op: "UntagResource", in: `{"SecretId":"app/db","TagKeys":["env"]}`, denied: true},
		}},
		{"clock", `{"DateLessThan": {"aws:CurrentTime": "2026-11-30T10:00:00Z"}}`, []move{
			{advance: 30 * time.Minute},
			{advance: time.Hour, denied: true},
		}},
		{"resource policy", `{"Bool": {"aws:SecureTransport": "true"}}`, []move{
			{as: root, op: "PutResourcePolicy", in: deny, denied: true},
			{as: root, op: "DeleteResourcePolicy", in: read},
		}},
		{"network", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, []move{
			{net: &Network{SourceIP: "198.51.100.7", TLS: true}, denied: true},
			{net: &DefaultNetwork},
			{net: &Network{VPCEndpoint: "vpce-1a2b3c4d", TLS: true}, denied: true},
		}},
		{"operation keys", `{"ForAnyValue:StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT"}}`, []move{
			{in: `{"SecretId":"app/db","VersionStage":"AWSPREVIOUS"}`, denied: true},
			{in: read},
			{in: `{"SecretId":"app/db","VersionStage":"AWSPREVIOUS"}`, denied: true},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := probeWorld(t, "GetSecretValue", tc.cond)
			probe := caller(t, s.w, "user/probe")
			call := Call{Caller: probe, Region: "us-east-1", Network: DefaultNetwork, Operation: "GetSecretValue", Input: []byte(read)}
			first := s.Call(call)
			if first.Err != nil {
				t.Fatalf("before any change: %v", first.Err)
			}
			for _, m := range tc.moves {
				if m.op != "" {
					if r := s.run(t, step{as: m.as, op: m.op, in: m.in}); r.Err != nil {
						t.Fatalf("%s: %v", m.op, r.Err)
					}
				}
				s.Advance(m.advance)
				if m.net != nil {
					call.Network = *m.net
				}
				if m.in != "" && m.op == "" {
					call.Input = []byte(m.in)
				}
				for range 2 { // the second call reuses the first's request
					r := s.Call(call)
					if denied := r.Err != nil && r.Err.Type == AccessDenied; denied != m.denied {
						t.Fatalf("after %s%s%v: denied %v, want %v (%v)", m.op, m.in, m.advance, denied, m.denied, r.Err)
					}
				}
			}
			if d := first.Explanation().Decision; d != authz.Allow {
				t.Errorf("the first call now explains %s, want Allow", d)
			}
		})
	}
}

// TestKeyList: a call's keys held to a request's are the same only when every key and value
// is, in order and no more or fewer; the keys given are the call's own, in memory of their
// own, whether they differ from the first key, from a later one, or not at all, and also
// when they do not fit the room they are written to.
func TestKeyList(t *testing.T) {
	a, b := []string{"a"}, []string{"b"}
	want := []kv{{"k1", a}, {"k2", b}, {"k3", a}}
	tests := []struct {
		name string
		want []kv // the request's keys; nil for none
		give []kv
		same bool
	}{
		{"same", want, []kv{{"k1", a}, {"k2", b}, {"k3", a}}, true},
		{"same values in other lists", want, []kv{{"k1", []string{"a"}}, {"k2", []string{"b"}}, {"k3", []string{"a"}}}, true},
		{"a key without values is not sent", want, []kv{{"k1", a}, {"k0", nil}, {"k2", b}, {"k3", a}}, true},
		{"first key differs", want, []kv{{"k9", a}, {"k2", b}, {"k3", a}}, false},
		{"a later value differs", want, []kv{{"k1", a}, {"k2", a}, {"k3", a}}, false},
		{"one key fewer", want, []kv{{"k1", a}, {"k2", b}}, false},
		{"one key more", want, []kv{{"k1", a}, {"k2", b}, {"k3", a}, {"k4", b}}, false},
		{"no request", nil, []kv{{"k1", a}, {"k2", b}, {"k3", a}}, false},
	}
	for _, tt := range tests {
		for _, size := range []int{maxCallKeys, 2} {
			l := keyList{room: make([]kv, size)}
			var sent []kv
			for _, k := range tt.give {
				l.add(k.k, k.v)
				if k.v != nil {
					sent = append(sent, k)
				}
			}
			if fits := l.n <= size; fits != (len(sent) <= size) || l.n != len(sent) {
				t.Errorf("%s, room %d: %d keys, want %d", tt.name, size, l.n, len(sent))
			}
			if l.n > size { // as keysOf does: the keys again, in memory that fits
				l = keyList{room: make([]kv, l.n)}
				for _, k := range tt.give {
					l.add(k.k, k.v)
				}
			}
			got := l.room[:l.n]
			if same := sameKeys(tt.want, got); same != tt.same {
				t.Errorf("%s, room %d: same %v, want %v", tt.name, size, same, tt.same)
			}
			if fmt.Sprint(got) != fmt.Sprint(sent) {
				t.Errorf("%s, room %d: keys %v, want %v", tt.name, size, got, sent)
			}
			if len(got) > 0 && len(tt.want) > 0 && &got[0] == &tt.want[0] {
				t.Errorf("%s, room %d: keys share the request's memory", tt.name, size)
			}
		}
	}
}

// A call with more keys than a frame's room (a secret with 30 tags: 60 tag keys) is decided
// with all of them, and its caller's next call finds the request it made.
func TestKeysBeyondTheRoom(t *testing.T) {
	s := newStore(t)
	admin := caller(t, s.w, "user/admin")
	call := func(op, in string) *Result {
		r := s.Call(Call{Caller: admin, Region: "us-east-1", Network: DefaultNetwork, Operation: op, Input: []byte(in)})
		if r.Err != nil {
			t.Fatalf("%s: %v", op, r.Err)
		}
		return r
	}
	call("CreateSecret", `{"Name":"Tagged","SecretString":"v","Tags":[`+tags(30)+`]}`)
	e := s.index[secretKey{"111122223333", "us-east-1", "Tagged"}]
	k := requestKey{p: s.principalOf(admin), e: e, action: "secretsmanager:GetSecretValue"}
	call("GetSecretValue", `{"SecretId":"Tagged"}`)
	first := s.requests[k]
	if first == nil || len(first.keys) <= maxCallKeys {
		t.Fatalf("request %v, want one with more than %d keys", first, maxCallKeys)
	}
	n := 0
	for _, kv := range first.keys {
		if strings.HasPrefix(kv.k, "aws:resourcetag/") {
			n++
		}
	}
	if n != 30 {
		t.Errorf("%d aws:ResourceTag keys, want 30", n)
	}
	call("GetSecretValue", `{"SecretId":"Tagged"}`)
	if s.requests[k] != first {
		t.Errorf("the second call made a new request")
	}
}
