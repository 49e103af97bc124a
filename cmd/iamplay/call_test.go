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
		{"call_rotate", []string{"call", "--as", "arn:aws:iam::111122223333:user/admin", "RotateSecret",
			`{"SecretId": "TestEnv/db", "ClientRequestToken": "00000000-0000-4000-8000-00000000r0t8", "RotationLambdaARN": "arn:aws:lambda:us-east-1:111122223333:function:rotate", "RotationRules": {"ScheduleExpression": "cron(0 4 ? * SUN *)"}}`}, "", exitOK},
		{"call_advance_usage", []string{"call", "--as", alice, "--advance", "soon"}, "", exitUsage},
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

// --advance runs the scheduled rotations first: the example world's read-only function fails
// with the denial explained, the other rotates; with no ACTION the call only advances.
func TestCallAdvance(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	code := run([]string{"call", "--world", "../../engine/world/testdata/worlds/rotation_replication.json", "--as", "arn:aws:iam::111122223333:user/reader",
		"--advance", "8d", "GetSecretValue", `{"SecretId": "App/db"}`}, stdio{out: &out, err: &errb})
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	e := errb.String()
	if !strings.Contains(e, "Legacy/token-Lg4cY0 by arn:aws:lambda:us-east-1:111122223333:function:read-only-rotation at 2026-11-30T09:00:00Z") ||
		!strings.Contains(e, "failed: createSecret: AccessDeniedException") || !strings.Contains(e, "createSecret authorization: ImplicitDeny") ||
		!strings.Contains(e, "App/db-Ap9dB1 by arn:aws:lambda:us-east-1:111122223333:function:app-rotation at 2026-12-06T04:00:00Z") {
		t.Errorf("rotations: %s", e)
	}
	if strings.Contains(out.String(), "EXAMPLE-app-password-2") || !strings.Contains(out.String(), `\"username\":\"app\"`) {
		t.Errorf("App/db after its rotation: %s", out.String())
	}
	errb.Reset()
	if code := run([]string{"call", "--as", "arn:aws:iam::111122223333:root", "--advance", "1h"}, stdio{out: &out, err: &errb}); code != exitOK || errb.Len() != 0 {
		t.Errorf("advance alone: exit %d: %s", code, errb.String())
	}
}
