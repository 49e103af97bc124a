package secrets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/world"
)

// crossAccountWorld is the example world of the cross-account KMS rule: three secrets of
// 111122223333 whose resource policies let mateo of 444455556666 read them, one under the
// AWS managed key, one under a customer managed key whose policy allows him, one under a key
// whose policy does not; mateo's identity policy allows the reads and kms:Decrypt; sofia's
// allows the reads only.
const crossAccountWorld = "../world/testdata/worlds/cross_account_kms.json"

func kmsStore(t testing.TB) *Store {
	t.Helper()
	src, err := os.ReadFile(crossAccountWorld)
	if err != nil {
		t.Fatal(err)
	}
	w, fs := world.Read(src)
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	return New(w, Options{Seed: 3})
}

const (
	sofia       = "arn:aws:iam::444455556666:user/sofia"
	onDefault   = "arn:aws:secretsmanager:us-east-1:111122223333:secret:Shared/on-default-key-AbCdEf"
	onCustomer  = "arn:aws:secretsmanager:us-east-1:111122223333:secret:Shared/on-customer-key-GhIjKl"
	onPrivate   = "arn:aws:secretsmanager:us-east-1:111122223333:secret:Shared/on-private-key-MnOpQr"
	sharedKey   = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	managedKey  = "arn:aws:kms:us-east-1:111122223333:key/0b0e5b5e-1111-4a6d-9c1e-aaaaaaaaaaaa"
	privateKey  = "arn:aws:kms:us-east-1:111122223333:key/5678efab-34cd-56ef-78ab-1234567890cd"
	keyadminARN = "user/keyadmin"
)

// kmsCase is one call and what it must answer: the error type and message ("" for success),
// and the check that decided it: its action, resource and decision.
type kmsCase struct {
	name               string
	as, op, in         string
	region             string
	wantErr, wantMsg   string
	wantAction, wantOn string
	wantDecision       authz.Decision
	check              func(t *testing.T, out map[string]any)
}

func (tc kmsCase) run(t *testing.T, s *Store) {
	t.Helper()
	before := export(t, s)
	r := s.run(t, step{as: tc.as, op: tc.op, in: tc.in, region: tc.region})
	got, msg := "", ""
	if r.Err != nil {
		got, msg = r.Err.Type, r.Err.Message
	}
	if got != tc.wantErr || (tc.wantMsg != "" && msg != tc.wantMsg) {
		t.Fatalf("%s %s: got %s %q, want %s %q", tc.op, tc.in, got, msg, tc.wantErr, tc.wantMsg)
	}
	if r.Err != nil {
		if after := export(t, s); !bytes.Equal(before, after) {
			t.Fatalf("%s failed with %s and changed the world", tc.op, got)
		}
		if tc.wantAction != "" && !r.Denied() {
			t.Fatalf("%s failed with %s but no check denied", tc.op, got)
		}
	}
	if tc.wantAction != "" {
		var decided *Check
		for i := range r.Checks {
			if r.Checks[i].Decision != authz.Allow || i == len(r.Checks)-1 {
				decided = &r.Checks[i]
				break
			}
		}
		if decided == nil || decided.Action != tc.wantAction || decided.Resource != tc.wantOn || decided.Decision != tc.wantDecision {
			t.Fatalf("deciding check %+v, want %s on %s: %s", decided, tc.wantAction, tc.wantOn, tc.wantDecision)
		}
		ex := r.Explanation()
		if ex == nil || ex.Decision != tc.wantDecision {
			t.Fatalf("explanation %+v, want %s", ex, tc.wantDecision)
		}
		if tc.wantDecision != authz.Allow && !strings.Contains(ex.Reason, tc.wantAction+" on resource: "+tc.wantOn) {
			t.Errorf("the explanation does not name the key: %s", ex.Reason)
		}
		b, _ := json.Marshal(ex)
		if bytes.Contains(b, []byte("EXAMPLE-")) {
			t.Errorf("a secret value in the explanation: %s", b)
		}
	}
	if r.Err == nil && tc.check != nil {
		var out map[string]any
		if err := json.Unmarshal(r.Output, &out); err != nil {
			t.Fatal(err)
		}
		tc.check(t, out)
	}
}

// The cross-account KMS rule of the seed 004_80a921312c8f277f.txt, end to end through the
// store: "When an IAM principal in one account accesses a secret in a different account, the
// secret must be encrypted using a custom AWS KMS customer master key (CMK). A secret
// encrypted with the default Secrets Manager CMK for the account can be decrypted only by
// principals in that account. A principal from a different account must be granted
// permission to both the secret and to the custom AWS KMS CMK."
func TestCrossAccountKMSWalkthrough(t *testing.T) {
	s := kmsStore(t)
	steps := []kmsCase{
		// "A secret encrypted with the default Secrets Manager CMK for the account can be
		// decrypted only by principals in that account": the resource policy and mateo's
		// identity policy both allow, the key's policy (kms:CallerAccount) does not.
		{name: "default key across accounts", as: mateo, op: "GetSecretValue", in: `{"SecretId":"` + onDefault + `"}`,
			wantErr: InvalidRequest, wantMsg: defaultKeyAcrossAccounts, wantAction: kmsDecrypt, wantOn: managedKey, wantDecision: authz.ImplicitDeny},
		// "the secret must be encrypted using a custom AWS KMS customer master key (CMK)" and
		// "A principal from a different account must be granted permission to both the
		// secret and to the custom AWS KMS CMK"
		{name: "customer managed key that allows him", as: mateo, op: "GetSecretValue", in: `{"SecretId":"` + onCustomer + `"}`,
			wantAction: kmsDecrypt, wantOn: sharedKey, wantDecision: authz.Allow, check: has("SecretString", "EXAMPLE-customer-key-value")},
		// the key's policy does not name him: permission to the secret alone is not enough
		{name: "customer managed key whose policy does not allow him", as: mateo, op: "GetSecretValue", in: `{"SecretId":"` + onPrivate + `"}`,
			wantErr: AccessDenied, wantMsg: kmsDenied, wantAction: kmsDecrypt, wantOn: privateKey, wantDecision: authz.ImplicitDeny},
		// across accounts the identity side must allow kms:Decrypt too (User Guide, "Access
		// secrets from a different account", Step 3)
		{name: "key policy allows, identity policy does not", as: sofia, op: "GetSecretValue", in: `{"SecretId":"` + onCustomer + `"}`,
			wantErr: AccessDenied, wantMsg: kmsDenied, wantAction: kmsDecrypt, wantOn: sharedKey, wantDecision: authz.ImplicitDeny},
		// the account's own principals decrypt with the default key through Secrets
		// Manager without any kms: permission of their own
		{name: "default key in its account", as: "user/admin", op: "GetSecretValue", in: `{"SecretId":"Shared/on-default-key"}`,
			wantAction: kmsDecrypt, wantOn: managedKey, wantDecision: authz.Allow, check: has("SecretString", "EXAMPLE-default-key-value")},
		// a customer managed key whose policy enables IAM: the identity policy must allow
		// kms:Decrypt ("you also need kms:Decrypt permissions for that key", GetSecretValue)
		{name: "customer managed key, same account, no kms permission", as: "user/admin", op: "GetSecretValue", in: `{"SecretId":"Shared/on-customer-key"}`,
			wantErr: AccessDenied, wantMsg: kmsDenied, wantAction: kmsDecrypt, wantOn: sharedKey, wantDecision: authz.ImplicitDeny},
		{name: "customer managed key, same account, kms permission", as: keyadminARN, op: "GetSecretValue", in: `{"SecretId":"Shared/on-customer-key"}`,
			wantAction: kmsDecrypt, wantOn: sharedKey, wantDecision: authz.Allow},
		// writing across accounts on the default key fails the same way (kms:GenerateDataKey)
		{name: "put across accounts on the default key", as: mateo, op: "PutSecretValue", in: `{"SecretId":"` + onDefault + `","SecretString":"EXAMPLE-new"}`,
			wantErr: InvalidRequest, wantMsg: defaultKeyAcrossAccounts, wantAction: kmsGenerateDataKey, wantOn: managedKey, wantDecision: authz.ImplicitDeny},
		// the resource policy decides before the key is asked
		{name: "no resource policy grant", as: mateo, op: "DescribeSecret", in: `{"SecretId":"` + onCustomer + `"}`,
			wantErr: AccessDenied, wantAction: "secretsmanager:DescribeSecret", wantOn: onCustomer, wantDecision: authz.ImplicitDeny},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, s) })
	}
}

// Writing with a customer managed key asks kms:GenerateDataKey (and, where the key is
// established or changed, the validation calls with SecretVersionId
// RequestToValidateKeyAccess) of the caller; DescribeSecret then names the key.
func TestKMSOnWrites(t *testing.T) {
	cases := []kmsCase{
		{name: "create under a key the caller may not use", as: "user/admin", op: "CreateSecret", in: `{"Name":"app/k","KmsKeyId":"alias/SharedSecretsKey","SecretString":"EXAMPLE-v"}`,
			wantErr: AccessDenied, wantMsg: kmsDenied, wantAction: kmsGenerateDataKey, wantOn: sharedKey, wantDecision: authz.ImplicitDeny},
		{name: "create under a key the caller may use", as: keyadminARN, op: "CreateSecret", in: `{"Name":"app/k","KmsKeyId":"alias/SharedSecretsKey","SecretString":"EXAMPLE-v"}`,
			wantAction: kmsGenerateDataKey, wantOn: sharedKey, wantDecision: authz.Allow},
		{name: "create without a value still validates the key", as: "user/admin", op: "CreateSecret", in: `{"Name":"app/k2","KmsKeyId":"` + sharedKey + `"}`,
			wantErr: AccessDenied, wantMsg: kmsDenied, wantAction: kmsGenerateDataKey, wantOn: sharedKey, wantDecision: authz.ImplicitDeny},
		{name: "create under the default key", as: "user/admin", op: "CreateSecret", in: `{"Name":"app/d","SecretString":"EXAMPLE-v"}`,
			wantAction: kmsGenerateDataKey, wantOn: managedKey, wantDecision: authz.Allow},
		{name: "create naming the default key", as: "user/admin", op: "CreateSecret", in: `{"Name":"app/d2","KmsKeyId":"alias/aws/secretsmanager","SecretString":"EXAMPLE-v"}`,
			wantAction: kmsGenerateDataKey, wantOn: managedKey, wantDecision: authz.Allow},
		{name: "put under a customer managed key without permission", as: "user/admin", op: "PutSecretValue", in: `{"SecretId":"Shared/on-customer-key","SecretString":"EXAMPLE-v"}`,
			wantErr: AccessDenied, wantMsg: kmsDenied, wantAction: kmsGenerateDataKey, wantOn: sharedKey, wantDecision: authz.ImplicitDeny},
		{name: "put under a customer managed key", as: keyadminARN, op: "PutSecretValue", in: `{"SecretId":"Shared/on-customer-key","SecretString":"EXAMPLE-v"}`,
			wantAction: kmsGenerateDataKey, wantOn: sharedKey, wantDecision: authz.Allow},
		{name: "update to a key the caller may not use", as: "user/admin", op: "UpdateSecret", in: `{"SecretId":"Shared/on-default-key","KmsKeyId":"alias/SharedSecretsKey"}`,
			wantErr: AccessDenied, wantMsg: kmsDenied, wantAction: kmsGenerateDataKey, wantOn: sharedKey, wantDecision: authz.ImplicitDeny},
		{name: "update to a key the caller may use", as: keyadminARN, op: "UpdateSecret", in: `{"SecretId":"Shared/on-default-key","KmsKeyId":"alias/SharedSecretsKey","SecretString":"EXAMPLE-v"}`,
			wantAction: kmsGenerateDataKey, wantOn: sharedKey, wantDecision: authz.Allow},
		{name: "update with a key not in the world", as: keyadminARN, op: "UpdateSecret", in: `{"SecretId":"Shared/on-default-key","KmsKeyId":"alias/nope"}`,
			wantErr: InvalidParameter},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, kmsStore(t)) })
	}
	// after a successful create under a key, DescribeSecret names it; under the default key it
	// is omitted
	s := kmsStore(t)
	kmsCase{as: keyadminARN, op: "CreateSecret", in: `{"Name":"app/k","KmsKeyId":"alias/SharedSecretsKey"}`}.run(t, s)
	kmsCase{as: keyadminARN, op: "DescribeSecret", in: `{"SecretId":"app/k"}`, check: has("KmsKeyId", "alias/SharedSecretsKey")}.run(t, s)
	kmsCase{as: keyadminARN, op: "CreateSecret", in: `{"Name":"app/d","KmsKeyId":"alias/aws/secretsmanager"}`}.run(t, s)
	kmsCase{as: keyadminARN, op: "DescribeSecret", in: `{"SecretId":"app/d"}`, check: has("KmsKeyId", nil)}.run(t, s)
}

// The context Secrets Manager sends KMS: kms:ViaService, kms:CallerAccount, the encryption
// context ("You can also use the keys or values in the encryption context as a condition for
// using the KMS key", User Guide, Permissions for the KMS key), each of which a key policy can
// require: the statement that lets mateo decrypt allows with the right value and not with
// another.
func TestKMSRequestContext(t *testing.T) {
	src, err := os.ReadFile(crossAccountWorld)
	if err != nil {
		t.Fatal(err)
	}
	const cond = `"Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}`
	if !bytes.Contains(src, []byte(cond)) {
		t.Fatal("the world's key policy changed")
	}
	cases := []struct{ operator, key, yes, no string }{
		{"StringEquals", "kms:ViaService", "secretsmanager.us-east-1.amazonaws.com", "secretsmanager.us-west-2.amazonaws.com"},
		{"StringEquals", "kms:CallerAccount", "444455556666", "111122223333"},
		{"StringEquals", "kms:EncryptionContext:SecretARN", onCustomer, onPrivate},
		{"StringEquals", "kms:EncryptionContext:SecretVersionId", "e1b2c3d4-0000-4000-8000-000000000001", "RequestToValidateKeyAccess"},
		{"ForAnyValue:StringEquals", "kms:EncryptionContextKeys", "SecretVersionId", "Department"},
		{"StringEquals", "kms:EncryptionAlgorithm", "SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_256"},
		{"Bool", "aws:ViaAWSService", "true", "false"},
		{"StringEquals", "aws:ResourceAccount", "111122223333", "444455556666"},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			for _, v := range []string{tc.yes, tc.no} {
				c := fmt.Sprintf(`"Condition": {%q: {%q: %q}}`, tc.operator, tc.key, v)
				w, fs := world.Read(bytes.Replace(src, []byte(cond), []byte(c), 1))
				if fs.HasErrors() {
					t.Fatal(fs)
				}
				s := New(w, Options{Seed: 1})
				r := s.run(t, step{as: mateo, op: "GetSecretValue", in: `{"SecretId":"` + onCustomer + `"}`})
				denied := r.Err != nil && r.Err.Type == AccessDenied && r.Err.Message == kmsDenied
				if want := v == tc.no; denied != want || (!denied && r.Err != nil) {
					t.Errorf("%s = %s: %v, want denied %v", tc.key, v, r.Err, want)
				}
			}
		})
	}
}

// A denied batch read reports the key's refusal per secret, as GetSecretValue would.
func TestKMSBatch(t *testing.T) {
	s := kmsStore(t)
	r := s.run(t, step{as: mateo, op: "BatchGetSecretValue", in: `{"SecretIdList":["` + onDefault + `","` + onCustomer + `","` + onPrivate + `"]}`})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	var out struct {
		SecretValues []struct{ ARN string }
		Errors       []struct{ SecretId, ErrorCode, ErrorMessage string }
	}
	if err := json.Unmarshal(r.Output, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.SecretValues) != 1 || out.SecretValues[0].ARN != onCustomer {
		t.Errorf("values %+v", out.SecretValues)
	}
	if len(out.Errors) != 2 || out.Errors[0].ErrorCode != InvalidRequest || out.Errors[0].ErrorMessage != defaultKeyAcrossAccounts ||
		out.Errors[1].ErrorCode != AccessDenied || out.Errors[1].ErrorMessage != kmsDenied {
		t.Errorf("errors %+v", out.Errors)
	}
}

// KMS decisions are remembered per caller, key, context and clock: a read decided once is
// decided again, not replayed, when the clock moves past a key policy's time condition or
// the call comes from another network.
func TestKMSDecisionsFollowClockAndNetwork(t *testing.T) {
	src, err := os.ReadFile(crossAccountWorld)
	if err != nil {
		t.Fatal(err)
	}
	const cond = `"Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}`
	c := `"Condition": {"DateLessThan": {"aws:CurrentTime": "2026-12-01T00:00:00Z"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`
	w, fs := world.Read(bytes.Replace(src, []byte(cond), []byte(c), 1))
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	s := New(w, Options{Seed: 1})
	who := caller(t, w, mateo)
	get := func(net Network) *Error {
		return s.Call(Call{Caller: who, Region: "us-east-1", Network: net, Operation: "GetSecretValue", Input: []byte(`{"SecretId":"` + onCustomer + `"}`)}).Err
	}
	if err := get(DefaultNetwork); err != nil {
		t.Fatalf("before the date: %v", err)
	}
	if err := get(Network{SourceIP: "198.51.100.7", TLS: true}); err == nil || err.Message != kmsDenied {
		t.Errorf("from another network: %v", err)
	}
	if err := get(DefaultNetwork); err != nil {
		t.Fatalf("again before the date: %v", err)
	}
	s.Advance(24 * time.Hour)
	if err := get(DefaultNetwork); err == nil || err.Message != kmsDenied {
		t.Errorf("after the date: %v", err)
	}
}
