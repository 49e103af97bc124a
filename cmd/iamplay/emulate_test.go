package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/iamplay/iamplay/internal/logbuf"
)

// startEmulate runs iamplay emulate in process on a free port and returns its URL, its
// standard error and a stop function that returns its exit status.
func startEmulate(t *testing.T, o emulateOptions) (string, *logbuf.Buffer, func() int) {
	t.Helper()
	var out, errb logbuf.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	status := make(chan int, 1)
	go func() { status <- emulate(ctx, stdio{out: &out, err: &errb}, o) }()
	endpointLine := regexp.MustCompile(`endpoint: (http://127\.0\.0\.1:\d+)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := endpointLine.FindStringSubmatch(out.String()); m != nil {
			if !strings.Contains(out.String(), "AKIA") || !strings.Contains(out.String(), "test  ") {
				t.Errorf("the credentials are not printed:\n%s", out.String())
			}
			return m[1], &errb, func() int { cancel(); return <-status }
		}
		select {
		case s := <-status:
			t.Fatalf("emulate exited with %d: %s", s, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("emulate printed no endpoint:\n%s\n%s", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestEmulateWithAWSCLI is the smoke test of issue 11: the AWS CLI lists the default
// world's secrets as test/test, alice's get-secret-value of Prod/db prints AWS's
// AccessDeniedException, and sts get-caller-identity names alice. Without the CLI it skips, except under IAMPLAY_CI=1.
func TestEmulateWithAWSCLI(t *testing.T) {
	aws := awsCLIPath(t)
	url, logs, stop := startEmulate(t, emulateOptions{addr: "127.0.0.1:0"})
	cli := awsCLI(aws, url)
	out, stderr, err := cli("test", "test", "list-secrets")
	if err != nil || !strings.Contains(out, `"Name": "TestEnv/db"`) || !strings.Contains(out, `"Name": "Prod/db"`) {
		t.Errorf("list-secrets: %v\n%s\n%s", err, out, stderr)
	}
	out, stderr, err = cli("AKIAALICEEXAMPLE0001", "alice-secret-access-key-example", "get-secret-value", "--secret-id", "Prod/db")
	want := "An error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: arn:aws:iam::111122223333:user/alice is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/db-"
	if err == nil || out != "" || !strings.Contains(stderr, want) || !strings.Contains(stderr, "because no identity-based policy allows the secretsmanager:GetSecretValue action") {
		t.Errorf("alice's get-secret-value: %v\nstdout: %s\nstderr: %s", err, out, stderr)
	}
	_, stderr, err = cli("test", "not-test", "list-secrets")
	if err == nil || !strings.Contains(stderr, "InvalidSignatureException") {
		t.Errorf("a wrong secret: %v\n%s", err, stderr)
	}
	out, stderr, err = cli("AKIAALICEEXAMPLE0001", "alice-secret-access-key-example", "sts", "get-caller-identity")
	if err != nil || !strings.Contains(out, `"Arn": "arn:aws:iam::111122223333:user/alice"`) {
		t.Errorf("sts get-caller-identity: %v\n%s\n%s", err, out, stderr)
	}
	if s := stop(); s != exitOK {
		t.Errorf("emulate exited with %d after its context ended", s)
	}
	if l := logs.String(); !strings.Contains(l, "authorization: ImplicitDeny") || !strings.Contains(l, "stopped") {
		t.Errorf("log lacks the denial's explanation or the stop:\n%s", l)
	}
}

// awsCLIPath is the AWS CLI's path; without it the test skips, except under IAMPLAY_CI=1.
func awsCLIPath(t *testing.T) string {
	t.Helper()
	aws, err := exec.LookPath("aws")
	if err != nil {
		if os.Getenv("IAMPLAY_CI") == "1" {
			t.Fatalf("the AWS CLI is required under IAMPLAY_CI=1: %v", err)
		}
		t.Skipf("no AWS CLI: %v", err)
	}
	return aws
}

// awsCLI runs the AWS CLI against the endpoint at url, signing with the key and secret and
// reading nothing from the environment's AWS configuration; a command that is not sts is
// a secretsmanager one.
func awsCLI(aws, url string) func(key, secret string, args ...string) (string, string, error) {
	return func(key, secret string, args ...string) (string, string, error) {
		if args[0] != "sts" {
			args = append([]string{"secretsmanager"}, args...)
		}
		cmd := exec.Command(aws, append([]string{"--endpoint-url", url, "--region", "us-east-1", "--output", "json"}, args...)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+key, "AWS_SECRET_ACCESS_KEY="+secret,
			"AWS_SESSION_TOKEN=", "AWS_CONFIG_FILE="+os.DevNull, "AWS_SHARED_CREDENTIALS_FILE="+os.DevNull,
			"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		return o.String(), e.String(), err
	}
}

// The cross-account KMS rule through the local endpoint with the AWS CLI (issue 12): mateo's
// get-secret-value fails on the AWS managed key with AWS's InvalidRequestException, and the
// log explains it with the key's policy; it succeeds on a customer managed key whose policy
// allows him.
func TestEmulateCrossAccountKMSWithAWSCLI(t *testing.T) {
	aws := awsCLIPath(t)
	url, logs, stop := startEmulate(t, emulateOptions{addr: "127.0.0.1:0", world: kmsWorld})
	cli := awsCLI(aws, url)
	const key, secret = "AKIAMATEOEXAMPLE0001", "mateo-secret-access-key-example"
	out, stderr, err := cli(key, secret, "get-secret-value", "--secret-id", "arn:aws:secretsmanager:us-east-1:111122223333:secret:Shared/on-default-key-AbCdEf")
	want := "An error occurred (InvalidRequestException) when calling the GetSecretValue operation: You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key."
	if err == nil || out != "" || !strings.Contains(stderr, want) {
		t.Errorf("on the default key: %v\nstdout: %s\nstderr: %s", err, out, stderr)
	}
	out, stderr, err = cli(key, secret, "get-secret-value", "--secret-id", "arn:aws:secretsmanager:us-east-1:111122223333:secret:Shared/on-customer-key-GhIjKl")
	if err != nil || !strings.Contains(out, `"SecretString": "EXAMPLE-customer-key-value"`) {
		t.Errorf("on the customer managed key: %v\n%s\n%s", err, out, stderr)
	}
	if s := stop(); s != exitOK {
		t.Errorf("emulate exited with %d", s)
	}
	l := logs.String()
	if !strings.Contains(l, "is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/0b0e5b5e-1111-4a6d-9c1e-aaaaaaaaaaaa") ||
		!strings.Contains(l, `kms:CallerAccount "444455556666" is not equal to "111122223333"`) || strings.Contains(l, "EXAMPLE-") {
		t.Errorf("the log does not explain the key's refusal (or holds a value):\n%s", l)
	}
}

// TestEmulateRefusesABadWorld: a world with errors is reported with its findings and
// nothing is served.
func TestEmulateRefusesABadWorld(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/w.json"
	if err := os.WriteFile(path, []byte(`{"accounts": 7}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if s := emulate(context.Background(), stdio{out: &out, err: &errb}, emulateOptions{addr: "127.0.0.1:0", world: path}); s != exitUsage || out.Len() != 0 || !strings.Contains(errb.String(), "w.json") {
		t.Fatalf("status %d\nstdout %s\nstderr %s", s, out.String(), errb.String())
	}
}
