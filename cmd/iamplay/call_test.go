package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kmsWorld is the example world of the cross-account KMS rule.
const (
	kmsWorld = "../../engine/world/testdata/worlds/cross_account_kms.json"
	mateo    = "arn:aws:iam::444455556666:user/mateo"
)

// Transcripts of iamplay call against the default world, as a person reads them.
func TestCall(t *testing.T) {
	t.Parallel()
	const alice = "arn:aws:iam::111122223333:user/alice"
	tests := []commandCase{
		{"call_get", []string{"call", "--as", alice, "GetSecretValue", `{"SecretId": "TestEnv/db"}`}, "", exitOK},
		{"call_denied", []string{"call", "--as", alice, "GetSecretValue", `{"SecretId": "Prod/db"}`}, "", exitFindings},
		{"call_scp_region", []string{"call", "--as", "arn:aws:iam::111122223333:user/admin", "--region", "eu-west-1", "ListSecrets"}, "", exitFindings},
		{"call_stdin", []string{"call", "--as", "arn:aws:iam::111122223333:user/admin", "DescribeSecret", "-"}, `{"SecretId": "TestEnv/api-key"}`, exitOK},
		{"call_not_found", []string{"call", "--as", "arn:aws:iam::111122223333:root", "DescribeSecret", `{"SecretId": "nope"}`}, "", exitFindings},
		{"call_unknown_principal", []string{"call", "--as", "arn:aws:iam::111122223333:user/nobody", "ListSecrets"}, "", exitUsage},
		{"call_bad_world", []string{"call", "--world", "testdata/bad_world.json", "--as", alice, "ListSecrets"}, "", exitUsage},
		{"call_usage", []string{"call", "GetSecretValue"}, "", exitUsage},
		// the cross-account KMS rule (seed 004_80a921312c8f277f.txt): mateo's read fails on the
		// AWS managed key, though the secret's resource policy and his identity policy allow it,
		// and succeeds on a customer managed key whose key policy allows him
		{"call_kms_default_key", []string{"call", "--world", kmsWorld, "--as", mateo, "GetSecretValue", `{"SecretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:Shared/on-default-key-AbCdEf"}`}, "", exitFindings},
		{"call_kms_customer_key", []string{"call", "--world", kmsWorld, "--as", mateo, "--explain", "GetSecretValue", `{"SecretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:Shared/on-customer-key-GhIjKl"}`}, "", exitOK},
	}
	runCommands(t, tests)
}

// --save writes the world after the call, and a later call reads it back: the secret made
// by the first call is there with its value.
func TestCallSave(t *testing.T) {
	t.Parallel()
	saved := filepath.Join(t.TempDir(), "world.json")
	admin := "arn:aws:iam::111122223333:user/admin"
	var out, errb bytes.Buffer
	if code := run([]string{"call", "--as", admin, "--save", saved, "CreateSecret", `{"Name": "app/new", "SecretString": "EXAMPLE-saved"}`}, stdio{out: &out, err: &errb}); code != exitOK {
		t.Fatalf("create: exit %d: %s", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"call", "--world", saved, "--as", admin, "GetSecretValue", `{"SecretId": "app/new"}`}, stdio{out: &out, err: &errb}); code != exitOK {
		t.Fatalf("get from the saved world: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "EXAMPLE-saved") {
		t.Errorf("the saved world lost the value: %s", out.String())
	}
	if b, err := os.ReadFile(saved); err != nil || !bytes.Contains(b, []byte(`"name": "app/new"`)) {
		t.Errorf("saved world: %v %s", err, b)
	}
}
