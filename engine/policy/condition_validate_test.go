package policy

import (
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/catalog"
)

// conditionFindings validates a Condition element inside a statement with the given actions
// and returns the findings with the source text each range covers.
func conditionFindings(t *testing.T, version string, actions []string, cond string) (Findings, string) {
	t.Helper()
	v := ""
	if version != "" {
		v = `"Version": "` + version + `", `
	}
	src := `{` + v + `"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": ` + cond + `}}`
	doc, fs := Parse([]byte(src))
	if doc == nil || fs.HasErrors() {
		t.Fatalf("Parse(%s): %v", src, fs)
	}
	var acts []*catalog.Action
	for _, a := range actions {
		if !strings.Contains(a, ":") {
			a = catalog.SecretsManager + ":" + a
		}
		x, ok := catalog.LookupAction(a)
		if !ok {
			t.Fatalf("unknown action %s", a)
		}
		acts = append(acts, x)
	}
	var out Findings
	st := doc.Statements[0]
	validateCondition(st, st.Condition, acts, version, func(f Finding) { out = append(out, f) })
	return out, src
}

func TestValidateCondition(t *testing.T) {
	t.Parallel()
	const v12 = "2012-10-17"
	tests := []struct {
		name    string
		version string
		actions []string
		cond    string
		code    string // "" means no finding
		text    string // the source text the range covers
		sugg    string
		msg     string // a fragment of the message
	}{
		{"clean", v12, []string{"GetSecretValue"}, `{"StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT", "aws:username": "${aws:username}"}, "Bool": {"aws:SecureTransport": true}}`, "", "", "", ""},
		{"other services are not checked", v12, nil, `{"StringLike": {"s3:prefix": "home/*"}, "ForAnyValue:StringEquals": {"lambda:FunctionArn": "x"}, "NumericLessThan": {"ec2:x": "3"}}`, "", "", "", ""},
		{"kms keys are checked", v12, nil, `{"ForAnyValue:StringEquals": {"kms:ViaService": "x"}}`, "condition.set_operator_on_single_valued", `"kms:ViaService"`, "", "single-valued key kms:ViaService"},
		{"kms key typo", v12, nil, `{"StringEquals": {"kms:ViaServices": "x"}}`, "condition.unknown_key", `"kms:ViaServices"`, `"kms:ViaService"`, "did you mean `kms:ViaService`?"},
		{"kms key supported", v12, []string{"kms:Decrypt"}, `{"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com", "kms:EncryptionContext:SecretARN": "x", "aws:ResourceTag/team": "a"}}`, "", "", "", ""},
		{"kms key not supported", v12, []string{"kms:Decrypt"}, `{"StringEquals": {"kms:GranteePrincipal": "x"}}`, "condition.key_not_supported", `"kms:GranteePrincipal"`, "", "kms:Decrypt"},
		{"sts key supported", v12, []string{"sts:AssumeRole"}, `{"StringEquals": {"sts:ExternalId": "x", "sts:SourceIdentity": "y"}}`, "", "", "", ""},
		{"sts key not supported", v12, []string{"sts:TagSession"}, `{"StringEquals": {"sts:ExternalId": "x"}}`, "condition.key_not_supported", `"sts:ExternalId"`, "", "sts:TagSession"},
		{"typo operator", v12, nil, `{"StringEqual": {"aws:username": "a"}}`, "condition.unknown_operator", `"StringEqual"`, `"StringEquals"`, "did you mean `StringEquals`?"},
		{"operator case", v12, nil, `{"stringequals": {"aws:username": "a"}}`, "condition.unknown_operator", `"stringequals"`, `"StringEquals"`, "case-sensitive"},
		{"qualified typo", v12, nil, `{"ForAnyValues:StringLike": {"aws:TagKeys": "a"}}`, "condition.unknown_operator", `"ForAnyValues:StringLike"`, `"ForAnyValue:StringLike"`, "did you mean"},
		{"nonsense operator", v12, nil, `{"Frobnicate": {"aws:username": "a"}}`, "condition.unknown_operator", `"Frobnicate"`, "", "unknown condition operator"},
		{"NullIfExists", v12, nil, `{"NullIfExists": {"aws:TokenIssueTime": "true"}}`, "condition.ifexists_on_null", `"NullIfExists"`, `"Null"`, ""},
		{"set on Null", v12, nil, `{"ForAnyValue:Null": {"aws:TagKeys": "true"}}`, "condition.unknown_operator", `"ForAnyValue:Null"`, `"Null"`, ""},
		{"bad number", v12, nil, `{"NumericLessThan": {"aws:MultiFactorAuthAge": "an hour"}}`, "condition.bad_value", `"an hour"`, "", "is not a number"},
		{"bad date", v12, nil, `{"DateGreaterThan": {"aws:CurrentTime": "2020-13-01"}}`, "condition.bad_value", `"2020-13-01"`, "", "is not a date"},
		{"bad CIDR", v12, nil, `{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.0.0.0/33"]}}`, "condition.bad_value", `"10.0.0.0/33"`, "", "IP address"},
		{"bad bool", v12, nil, `{"Bool": {"aws:SecureTransport": "yes"}}`, "condition.bad_value", `"yes"`, "", "boolean"},
		{"bad base64", v12, nil, `{"BinaryEquals": {"k:b": "!!"}}`, "condition.bad_value", `"!!"`, "", "base64"},
		{"bad ARN", v12, nil, `{"ArnLike": {"aws:SourceArn": "my-function"}}`, "condition.bad_value", `"my-function"`, "", "is not an ARN"},
		{"ARN variable is fine", v12, nil, `{"ArnLike": {"aws:SourceArn": "${aws:PrincipalArn}"}}`, "", "", "", ""},
		{"bad Null", v12, nil, `{"Null": {"aws:TokenIssueTime": "maybe"}}`, "condition.bad_value", `"maybe"`, "", "Null takes"},
		{"numbers as JSON", v12, nil, `{"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}, "DateLessThan": {"aws:EpochTime": 1700000000}}`, "", "", "", ""},
		{"object value", v12, nil, `{"StringEquals": {"aws:username": {"a": 1}}}`, "condition.value_type", `{"a": 1}`, "", "not object"},
		{"null value", v12, nil, `{"StringEquals": {"aws:username": [null]}}`, "condition.value_type", `null`, "", "not null"},
		{"empty values", v12, nil, `{"StringEquals": {"aws:username": []}}`, "condition.empty_values", `[]`, "", "no values"},
		{"ForAllValues single-valued", v12, nil, `{"ForAllValues:StringEquals": {"aws:username": "a"}}`, "condition.set_operator_on_single_valued", `"aws:username"`, "", "also matches when the key is absent"},
		{"ForAnyValue single-valued", v12, nil, `{"ForAnyValue:StringEquals": {"aws:PrincipalTag/team": "a"}}`, "condition.set_operator_on_single_valued", `"aws:PrincipalTag/team"`, "", ""},
		{"plain on multivalued", v12, nil, `{"StringEquals": {"aws:TagKeys": "a"}}`, "condition.single_operator_on_multivalued", `"aws:TagKeys"`, "", "ForAnyValue"},
		{"set on multivalued is right", v12, nil, `{"ForAllValues:StringEquals": {"aws:TagKeys": "a"}, "ForAnyValue:StringLike": {"secretsmanager:AddReplicaRegions": "eu-*"}}`, "", "", "", ""},
		{"variable in Numeric", v12, nil, `{"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:username}"}}`, "condition.variable_not_expanded", `"${aws:username}"`, "", "does not expand"},
		{"variable in old version", "2008-10-17", nil, `{"StringEquals": {"aws:username": "${aws:username}"}}`, "condition.variable_not_expanded", `"${aws:username}"`, "", "2012-10-17"},
		{"variable without version", "", nil, `{"StringLike": {"aws:username": "${aws:username}"}}`, "condition.variable_not_expanded", `"${aws:username}"`, "", ""},
		{"unterminated variable", v12, nil, `{"StringLike": {"aws:username": "home/${aws:username"}}`, "policy.unclosed_variable", "${aws:username", "", "no closing"},
		{"unterminated variable in an old version", "2008-10-17", nil, `{"StringLike": {"aws:username": "home/${aws:username"}}`, "condition.variable_not_expanded", `"home/${aws:username"`, "", "2012-10-17"},
		{"key without a prefix", v12, nil, `{"StringEquals": {"username": "alice"}}`, "condition.key_format", `"username"`, `"aws:username"`, "no service prefix"},
		{"key without a prefix, unknown", v12, nil, `{"StringEquals": {"team": "a"}}`, "condition.key_format", `"team"`, "", "service:key"},
		{"bad default", v12, nil, `{"StringLike": {"aws:username": "x${aws:username, none}"}}`, "condition.bad_variable", `${aws:username, none}`, "", "${key, 'default'}"},
		{"good default", v12, nil, `{"StringLike": {"aws:username": "x${aws:username, 'none'}"}}`, "", "", "", ""},
		{"unknown aws key", v12, nil, `{"StringEquals": {"aws:usrname": "a"}}`, "condition.unknown_key", `"aws:usrname"`, `"aws:username"`, "did you mean `aws:username`?"},
		{"unknown secretsmanager key", v12, nil, `{"StringEquals": {"secretsmanager:VersionStages": "a"}}`, "condition.unknown_key", `"secretsmanager:VersionStages"`, `"secretsmanager:VersionStage"`, ""},
		{"templated key", v12, nil, `{"StringEquals": {"aws:ResourceTag/team": "a", "secretsmanager:ResourceTag/env": "p"}}`, "", "", "", ""},
		{"key not supported", v12, []string{"GetSecretValue"}, `{"Bool": {"secretsmanager:ForceDeleteWithoutRecovery": "true"}}`, "condition.key_not_supported", `"secretsmanager:ForceDeleteWithoutRecovery"`, "", "secretsmanager:GetSecretValue"},
		{"key supported by one", v12, []string{"GetSecretValue", "DeleteSecret"}, `{"Bool": {"secretsmanager:ForceDeleteWithoutRecovery": "true"}}`, "", "", "", ""},
		{"global key always supported", v12, []string{"GetSecretValue"}, `{"StringEquals": {"aws:ResourceTag/x": "a"}}`, "", "", "", ""},
		{"numeric on string key", v12, nil, `{"NumericEquals": {"aws:username": "1"}}`, "condition.key_type_mismatch", `"aws:username"`, "", "String key"},
		{"date on numeric key", v12, nil, `{"DateLessThan": {"aws:MultiFactorAuthAge": "2020-01-01"}}`, "condition.key_type_mismatch", `"aws:MultiFactorAuthAge"`, "", ""},
		{"numeric on epoch is fine", v12, nil, `{"NumericLessThan": {"aws:EpochTime": "1700000000"}}`, "", "", "", ""},
		{"string on ARN key is fine", v12, nil, `{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}`, "", "", "", ""},
		{"duplicate key by case", v12, nil, `{"StringEquals": {"aws:username": "a", "AWS:UserName": "b"}}`, "condition.duplicate_key", `"AWS:UserName"`, "", "case-insensitive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs, src := conditionFindings(t, tt.version, tt.actions, tt.cond)
			if tt.code == "" {
				if len(fs) != 0 {
					t.Fatalf("want no findings, got %+v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one %s, got %+v", tt.code, fs)
			}
			f := fs[0]
			got := src[f.Range.Start.Offset:f.Range.End.Offset]
			if f.Code != tt.code || got != tt.text || f.Suggestion != tt.sugg || !strings.Contains(f.Message, tt.msg) {
				t.Errorf("got %s %q sugg %q %q; want %s %q sugg %q containing %q", f.Code, got, f.Suggestion, f.Message, tt.code, tt.text, tt.sugg, tt.msg)
			}
			if f.Severity != NewFinding(tt.code, "", Range{}, "", "").Severity || f.Path == "" {
				t.Errorf("severity %s path %q", f.Severity, f.Path)
			}
			if col := strings.LastIndex(src[:f.Range.Start.Offset], "\n"); f.Range.Start.Column != f.Range.Start.Offset-col {
				t.Errorf("column %d does not match offset %d", f.Range.Start.Column, f.Range.Start.Offset)
			}
		})
	}
}
