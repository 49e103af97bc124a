package policy

import (
	"strings"
	"testing"
)

// TestOneMessageEach: bad input gets one finding that says precisely what is wrong.
func TestOneMessageEach(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, code, contains string
	}{
		{"Version of the wrong type is not also missing", `{"Version": 2012, "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}`,
			"policy.wrong_type", "Version must be a string"},
		{"Version in the wrong case is not also missing", `{"version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}`,
			"policy.element_case", `"Version"`},
		{"1e999", cond(`{"NumericLessThan": {"s3:max-keys": 1e999}}`), "condition.bad_value", "exponent"},
		{"1e999 as a string", cond(`{"NumericLessThan": {"s3:max-keys": "1e999"}}`), "condition.bad_value", "exponent"},
		{"byte-order mark", "\uFEFF{}", "json.syntax", "byte-order mark"},
	}
	for _, tt := range tests {
		_, fs := Check([]byte(tt.src), KindIdentity)
		if len(fs) != 1 || fs[0].Code != tt.code || !strings.Contains(fs[0].Message, tt.contains) {
			t.Errorf("%s: %v, want one %s saying %q", tt.name, fs, tt.code, tt.contains)
		}
	}
	// A long integer is a number, compared exactly: no finding.
	if _, fs := Check([]byte(cond(`{"NumericLessThan": {"s3:max-keys": 123456789012345678901234567890}}`)), KindIdentity); len(fs) != 0 {
		t.Errorf("long integer: %v", fs)
	}
}

// TestSpanningResourceMatchesSecrets: a * that ends an ARN segment may span colons (IAM User
// Guide, "IAM JSON policy elements: Resource"), so the validator does not say such a pattern
// matches no secret; a pattern no secret name can end up matching still gets the warning.
func TestSpanningResourceMatchesSecrets(t *testing.T) {
	t.Parallel()
	for _, r := range []string{"arn:aws:secretsmanager:*:secret:prod/*", "arn:aws:secretsmanager:us-east-1:*:prod/*", "arn:aws:secretsmanager:us-*:111122223333:secret:prod/*"} {
		_, fs := Check([]byte(stmt(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "`+r+`"}`)), KindIdentity)
		if len(fs) != 0 {
			t.Errorf("%s: %v", r, fs)
		}
	}
	_, fs := Check([]byte(stmt(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:*:opsworks-cm!*"}`)), KindIdentity)
	if len(fs) != 1 || fs[0].Code != CodeSecretARNType {
		t.Errorf("opsworks-cm!*: %v", fs)
	}
}
