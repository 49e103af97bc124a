package main

import (
	"strings"
	"testing"
)

// Transcripts of the public-access check: validate's security warnings with their fixes, and
// PutResourcePolicy with BlockPublicPolicy refusing a Principal "*" policy with
// PublicPolicyException, the statement, why, and the condition that would make it private.
func TestPublicAccess(t *testing.T) {
	t.Parallel()
	const admin = "arn:aws:iam::111122223333:user/admin"
	public := `{"SecretId": "Prod/db", "BlockPublicPolicy": true, "ResourcePolicy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Everyone\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}]}"}`
	private := `{"SecretId": "Prod/db", "BlockPublicPolicy": true, "ResourcePolicy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Organization\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"}}}]}"}`
	tests := []commandCase{
		{"validate_public", []string{"validate", "--kind", "resource", "testdata/public_policy.json"}, "", exitOK},
		{"call_public_policy", []string{"call", "--as", admin, "PutResourcePolicy", public}, "", exitFindings},
		{"call_public_policy_pinned", []string{"call", "--as", admin, "PutResourcePolicy", private}, "", exitOK},
	}
	runCommands(t, tests)
}

// The done-when of issue 12 through the local endpoint with the AWS CLI: put-resource-policy
// with --block-public-policy and a Principal "*" policy prints PublicPolicyException with the
// statement, why it is public and the condition that would make it private; the policy with
// that condition is accepted; validate-resource-policy reports the check.
func TestPublicPolicyWithAWSCLI(t *testing.T) {
	aws := awsCLIPath(t)
	url, _, stop := startEmulate(t, emulateOptions{addr: "127.0.0.1:0"})
	defer stop()
	cli := awsCLI(aws, url)
	const public = `{"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	out, stderr, err := cli("test", "test", "put-resource-policy", "--secret-id", "Prod/db", "--resource-policy", public, "--block-public-policy")
	for _, want := range []string{
		"An error occurred (PublicPolicyException) when calling the PutResourcePolicy operation: The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.",
		`statement "Everyone" (line 1) is public: Principal "*" allows every principal of every AWS account, and anonymous callers`,
		`add "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}} to allow only your organization`,
	} {
		if err == nil || out != "" || !strings.Contains(stderr, want) {
			t.Errorf("put-resource-policy --block-public-policy: %v\nstdout: %s\nstderr lacks %q:\n%s", err, out, want, stderr)
		}
	}
	out, stderr, err = cli("test", "test", "validate-resource-policy", "--resource-policy", public)
	if err != nil || !strings.Contains(out, `"PolicyValidationPassed": false`) || !strings.Contains(out, `"CheckName": "policy.public_access"`) {
		t.Errorf("validate-resource-policy: %v\n%s\n%s", err, out, stderr)
	}
	fixed := strings.Replace(public, `"Principal": "*",`, `"Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},`, 1)
	out, stderr, err = cli("test", "test", "put-resource-policy", "--secret-id", "Prod/db", "--resource-policy", fixed, "--block-public-policy")
	if err != nil || !strings.Contains(out, `"Name": "Prod/db"`) {
		t.Errorf("the fixed policy: %v\n%s\n%s", err, out, stderr)
	}
	out, stderr, err = cli("test", "test", "get-resource-policy", "--secret-id", "Prod/db")
	if err != nil || !strings.Contains(out, "aws:PrincipalOrgID") {
		t.Errorf("get-resource-policy: %v\n%s\n%s", err, out, stderr)
	}
}
