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
