package eval

import (
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
)

// parseCondition parses a Condition element written as JSON, inside a statement.
func parseCondition(t testing.TB, version, cond string) *policy.Statement {
	t.Helper()
	v := ""
	if version != "" {
		v = `"Version": "` + version + `", `
	}
	src := `{` + v + `"Statement": {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": ` + cond + `}}`
	doc, fs := policy.Parse([]byte(src))
	if doc == nil || fs.HasErrors() || len(doc.Statements) != 1 || doc.Statements[0].Condition == nil {
		t.Fatalf("Parse(%s): %v", src, fs)
	}
	return doc.Statements[0]
}

type ctxMap map[string][]string

// conditionCases is the table of evaluation cases: every operator matching and not matching,
// IfExists, set qualifiers with absent keys and empty lists, negated operators on absent keys,
// policy variables with defaults. why is a fragment Explain's sentence must contain.
var conditionCases = []struct {
	name    string
	version string // "" means 2012-10-17
	cond    string
	ctx     ctxMap
	want    bool
	why     string
}{
	// String
	{"StringEquals match", "", `{"StringEquals": {"aws:username": "alice"}}`, ctxMap{"aws:username": {"alice"}}, true, `aws:username "alice" is equal to "alice"`},
	{"StringEquals case", "", `{"StringEquals": {"aws:username": "alice"}}`, ctxMap{"aws:username": {"Alice"}}, false, `aws:username "Alice" is not equal to "alice"`},
	{"StringEquals key case-insensitive", "", `{"StringEquals": {"AWS:UserName": "alice"}}`, ctxMap{"aws:username": {"alice"}}, true, ""},
	{"StringEquals values OR", "", `{"StringEquals": {"aws:username": ["bob", "alice"]}}`, ctxMap{"aws:username": {"alice"}}, true, `is equal to "alice"`},
	{"StringEquals none of", "", `{"StringEquals": {"aws:username": ["bob", "carol"]}}`, ctxMap{"aws:username": {"alice"}}, false, `is not equal to any of "bob", "carol"`},
	{"StringEquals absent", "", `{"StringEquals": {"aws:username": "alice"}}`, ctxMap{}, false, `aws:username is absent, so StringEquals does not match`},
	{"StringEquals no wildcard", "", `{"StringEquals": {"aws:username": "a*"}}`, ctxMap{"aws:username": {"alice"}}, false, ""},
	{"StringNotEquals match", "", `{"StringNotEquals": {"aws:username": ["bob", "carol"]}}`, ctxMap{"aws:username": {"alice"}}, true, `so StringNotEquals matches`},
	{"StringNotEquals no match", "", `{"StringNotEquals": {"aws:username": ["bob", "alice"]}}`, ctxMap{"aws:username": {"alice"}}, false, `aws:username "alice" is equal to "alice", so StringNotEquals does not match`},
	{"StringNotEquals absent", "", `{"StringNotEquals": {"aws:username": "alice"}}`, ctxMap{}, true, `aws:username is absent, so StringNotEquals matches`},
	{"StringEqualsIgnoreCase", "", `{"StringEqualsIgnoreCase": {"aws:username": "ALICE"}}`, ctxMap{"aws:username": {"alice"}}, true, ""},
	{"StringEqualsIgnoreCase no", "", `{"StringEqualsIgnoreCase": {"aws:username": "bob"}}`, ctxMap{"aws:username": {"alice"}}, false, ""},
	{"StringNotEqualsIgnoreCase", "", `{"StringNotEqualsIgnoreCase": {"aws:username": "ALICE"}}`, ctxMap{"aws:username": {"alice"}}, false, ""},
	{"StringNotEqualsIgnoreCase yes", "", `{"StringNotEqualsIgnoreCase": {"aws:username": "BOB"}}`, ctxMap{"aws:username": {"alice"}}, true, ""},
	{"StringLike match", "", `{"StringLike": {"aws:username": "svc-*"}}`, ctxMap{"aws:username": {"svc-ci"}}, true, `aws:username "svc-ci" is like "svc-*"`},
	{"StringLike no match", "", `{"StringLike": {"aws:username": "svc-*"}}`, ctxMap{"aws:username": {"bob"}}, false, `aws:username "bob" is not like "svc-*"`},
	{"StringLike question", "", `{"StringLike": {"aws:username": "b?b"}}`, ctxMap{"aws:username": {"bob"}}, true, ""},
	{"StringNotLike", "", `{"StringNotLike": {"aws:username": "svc-*"}}`, ctxMap{"aws:username": {"bob"}}, true, ""},
	{"StringNotLike no", "", `{"StringNotLike": {"aws:username": "svc-*"}}`, ctxMap{"aws:username": {"svc-x"}}, false, ""},
	{"StringNotLike absent", "", `{"StringNotLike": {"aws:username": "svc-*"}}`, ctxMap{}, true, "is absent, so StringNotLike matches"},
	{"StringEqualsIfExists absent", "", `{"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}`, ctxMap{}, true, `aws:SourceVpc is absent, so StringEqualsIfExists matches`},
	{"StringEqualsIfExists present no", "", `{"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}`, ctxMap{"aws:sourcevpc": {"vpc-2"}}, false, ""},
	{"StringEqualsIfExists present yes", "", `{"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}`, ctxMap{"aws:sourcevpc": {"vpc-1"}}, true, ""},
	{"JSON number as string", "", `{"StringEquals": {"secretsmanager:RecoveryWindowInDays": 7}}`, ctxMap{"secretsmanager:recoverywindowindays": {"7"}}, true, ""},
	// Policy variables
	{"variable", "", `{"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}}`, ctxMap{"aws:principaltag/team": {"red"}, "aws:resourcetag/team": {"red"}}, true, `"${aws:ResourceTag/team}" ("red")`},
	{"variable differs", "", `{"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}}`, ctxMap{"aws:principaltag/team": {"red"}, "aws:resourcetag/team": {"blue"}}, false, ""},
	{"variable default", "", `{"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team, 'none'}"}}`, ctxMap{"aws:principaltag/team": {"none"}}, true, ""},
	{"variable unresolved", "", `{"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}}`, ctxMap{"aws:principaltag/team": {"red"}}, false, `${aws:ResourceTag/team} has no single value`},
	{"variable unresolved negated", "", `{"StringNotEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}}`, ctxMap{"aws:principaltag/team": {"red"}}, false, ""},
	{"variable unresolved skipped", "", `{"StringNotEquals": {"aws:PrincipalTag/team": ["${aws:ResourceTag/team}", "blue"]}}`, ctxMap{"aws:principaltag/team": {"red"}}, true, ""},
	{"variable in like", "", `{"StringLike": {"aws:userid": "*:${aws:username}"}}`, ctxMap{"aws:userid": {"AIDA:alice"}, "aws:username": {"alice"}}, true, ""},
	{"variable literal 2008", "2008-10-17", `{"StringEquals": {"aws:username": "${aws:username}"}}`, ctxMap{"aws:username": {"${aws:username}"}}, true, ""},
	{"variable literal no version", "none", `{"StringEquals": {"aws:username": "${aws:username}"}}`, ctxMap{"aws:username": {"alice"}}, false, ""},
	{"special variables", "", `{"StringEquals": {"aws:username": "a${*}${?}${$}"}}`, ctxMap{"aws:username": {"a*?$"}}, true, ""},
	// Multivalued request values without a set qualifier
	{"plain on multivalued any", "", `{"StringEquals": {"aws:TagKeys": "b"}}`, ctxMap{"aws:tagkeys": {"a", "b"}}, true, `aws:TagKeys value "b" is equal to "b"`},
	{"plain negated on multivalued", "", `{"StringNotEquals": {"aws:TagKeys": "b"}}`, ctxMap{"aws:tagkeys": {"a", "b"}}, false, ""},
	{"plain on empty list", "", `{"StringNotEquals": {"aws:TagKeys": "b"}}`, ctxMap{"aws:tagkeys": {}}, true, "has no values"},
	// Set qualifiers
	{"ForAnyValue match", "", `{"ForAnyValue:StringEquals": {"aws:TagKeys": ["x", "b"]}}`, ctxMap{"aws:tagkeys": {"a", "b"}}, true, `ForAnyValue: aws:TagKeys value "b" is equal to "b"`},
	{"ForAnyValue none", "", `{"ForAnyValue:StringEquals": {"aws:TagKeys": ["x", "y"]}}`, ctxMap{"aws:tagkeys": {"a", "b"}}, false, `no value of aws:TagKeys ["a", "b"]`},
	{"ForAnyValue absent", "", `{"ForAnyValue:StringEquals": {"aws:TagKeys": "a"}}`, ctxMap{}, false, "is absent, so ForAnyValue:StringEquals does not match"},
	{"ForAnyValue empty", "", `{"ForAnyValue:StringEquals": {"aws:TagKeys": "a"}}`, ctxMap{"aws:tagkeys": {}}, false, "has no values"},
	{"ForAnyValue IfExists absent", "", `{"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "a*"}}`, ctxMap{}, true, ""},
	{"ForAnyValue negated", "", `{"ForAnyValue:StringNotEquals": {"aws:TagKeys": "a"}}`, ctxMap{"aws:tagkeys": {"a", "b"}}, true, `value "b" is not equal to "a"`},
	{"ForAnyValue negated none", "", `{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a", "b"]}}`, ctxMap{"aws:tagkeys": {"a", "b"}}, false, ""},
	{"ForAllValues match", "", `{"ForAllValues:StringLike": {"aws:TagKeys": ["team", "cost*"]}}`, ctxMap{"aws:tagkeys": {"team", "costcenter"}}, true, "every value of aws:TagKeys"},
	{"ForAllValues one fails", "", `{"ForAllValues:StringLike": {"aws:TagKeys": ["team", "cost*"]}}`, ctxMap{"aws:tagkeys": {"team", "owner"}}, false, `aws:TagKeys value "owner" is not like any of "team", "cost*"`},
	{"ForAllValues absent", "", `{"ForAllValues:StringEquals": {"aws:TagKeys": "a"}}`, ctxMap{}, true, "is absent, so ForAllValues:StringEquals matches"},
	{"ForAllValues empty", "", `{"ForAllValues:StringEquals": {"aws:TagKeys": "a"}}`, ctxMap{"aws:tagkeys": {}}, true, ""},
	{"ForAllValues negated", "", `{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["x"]}}`, ctxMap{"aws:tagkeys": {"a", "b"}}, true, "no value of aws:TagKeys"},
	{"ForAllValues negated fails", "", `{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["b"]}}`, ctxMap{"aws:tagkeys": {"a", "b"}}, false, `value "b" is equal to "b"`},
	// Numeric
	{"NumericEquals", "", `{"NumericEquals": {"secretsmanager:RecoveryWindowInDays": "7"}}`, ctxMap{"secretsmanager:recoverywindowindays": {"7.0"}}, true, ""},
	{"NumericEquals no", "", `{"NumericEquals": {"secretsmanager:RecoveryWindowInDays": "7"}}`, ctxMap{"secretsmanager:recoverywindowindays": {"8"}}, false, ""},
	{"NumericNotEquals", "", `{"NumericNotEquals": {"secretsmanager:RecoveryWindowInDays": "7"}}`, ctxMap{"secretsmanager:recoverywindowindays": {"8"}}, true, ""},
	{"NumericNotEquals absent", "", `{"NumericNotEquals": {"secretsmanager:RecoveryWindowInDays": "7"}}`, ctxMap{}, true, ""},
	{"NumericLessThan", "", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, ctxMap{"aws:multifactorauthage": {"100"}}, true, `"100" is less than "3600"`},
	{"NumericLessThan no", "", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, ctxMap{"aws:multifactorauthage": {"3600"}}, false, ""},
	{"NumericLessThanEquals", "", `{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": 3600}}`, ctxMap{"aws:multifactorauthage": {"3600"}}, true, ""},
	{"NumericGreaterThan", "", `{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "1.5"}}`, ctxMap{"aws:multifactorauthage": {"2"}}, true, ""},
	{"NumericGreaterThan no", "", `{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "-1"}}`, ctxMap{"aws:multifactorauthage": {"-1"}}, false, ""},
	{"NumericGreaterThanEquals", "", `{"NumericGreaterThanEquals": {"aws:MultiFactorAuthAge": "-1"}}`, ctxMap{"aws:multifactorauthage": {"-1"}}, true, ""},
	{"Numeric bad request", "", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, ctxMap{"aws:multifactorauthage": {"abc"}}, false, `aws:MultiFactorAuthAge "abc" is not a number, so NumericLessThan does not match`},
	{"Numeric bad request negated", "", `{"NumericNotEquals": {"aws:MultiFactorAuthAge": "3600"}}`, ctxMap{"aws:multifactorauthage": {"abc"}}, false, ""},
	{"NumericLessThanIfExists absent", "", `{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}`, ctxMap{}, true, ""},
	// Date
	{"DateGreaterThan", "", `{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}`, ctxMap{"aws:currenttime": {"2026-05-01T12:00:00Z"}}, true, `is after "2020-01-01T00:00:00Z"`},
	{"DateLessThan", "", `{"DateLessThan": {"aws:CurrentTime": "2020-01-01"}}`, ctxMap{"aws:currenttime": {"2019-12-31T23:59:59Z"}}, true, ""},
	{"DateLessThan no", "", `{"DateLessThan": {"aws:CurrentTime": "2020-01-01"}}`, ctxMap{"aws:currenttime": {"2020-01-01T00:00:00Z"}}, false, ""},
	{"DateLessThanEquals", "", `{"DateLessThanEquals": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}`, ctxMap{"aws:currenttime": {"2020-01-01T01:00:00+01:00"}}, true, ""},
	{"DateEquals epoch", "", `{"DateEquals": {"aws:EpochTime": "2020-01-01T00:00:00Z"}}`, ctxMap{"aws:epochtime": {"1577836800"}}, true, ""},
	{"DateEquals fraction", "", `{"DateEquals": {"aws:CurrentTime": "2020-01-01T00:00:00.000Z"}}`, ctxMap{"aws:currenttime": {"2020-01-01T00:00:00Z"}}, true, ""},
	{"DateNotEquals", "", `{"DateNotEquals": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}`, ctxMap{"aws:currenttime": {"2021-01-01T00:00:00Z"}}, true, ""},
	{"DateGreaterThanEquals", "", `{"DateGreaterThanEquals": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}`, ctxMap{"aws:tokenissuetime": {"2020-01-01T00:00:00Z"}}, true, ""},
	{"Date bad request", "", `{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}`, ctxMap{"aws:currenttime": {"yesterday"}}, false, "is not a date"},
	// Bool
	{"Bool true", "", `{"Bool": {"aws:SecureTransport": "true"}}`, ctxMap{"aws:securetransport": {"true"}}, true, ""},
	{"Bool JSON bool", "", `{"Bool": {"aws:SecureTransport": false}}`, ctxMap{"aws:securetransport": {"FALSE"}}, true, ""},
	{"Bool no", "", `{"Bool": {"aws:SecureTransport": "true"}}`, ctxMap{"aws:securetransport": {"false"}}, false, `aws:SecureTransport "false" is not equal to "true"`},
	{"Bool absent", "", `{"Bool": {"aws:SecureTransport": "false"}}`, ctxMap{}, false, ""},
	{"BoolIfExists absent", "", `{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}`, ctxMap{}, true, ""},
	{"Bool bad request", "", `{"Bool": {"aws:SecureTransport": "true"}}`, ctxMap{"aws:securetransport": {"yes"}}, false, `is not "true" or "false"`},
	// Binary
	{"BinaryEquals", "", `{"BinaryEquals": {"k:bin": "QmluYXJ5VmFsdWU="}}`, ctxMap{"k:bin": {"QmluYXJ5VmFsdWU="}}, true, ""},
	{"BinaryEquals unpadded", "", `{"BinaryEquals": {"k:bin": "QmluYXJ5VmFsdWU="}}`, ctxMap{"k:bin": {"QmluYXJ5VmFsdWU"}}, true, ""},
	{"BinaryEquals no", "", `{"BinaryEquals": {"k:bin": "QmluYXJ5VmFsdWU="}}`, ctxMap{"k:bin": {"AAAA"}}, false, ""},
	{"BinaryEqualsIfExists absent", "", `{"BinaryEqualsIfExists": {"k:bin": "AAAA"}}`, ctxMap{}, true, ""},
	// IP
	{"IpAddress CIDR", "", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:sourceip": {"203.0.113.9"}}, true, `aws:SourceIp "203.0.113.9" is in "203.0.113.0/24"`},
	{"IpAddress no", "", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:sourceip": {"198.51.100.1"}}, false, ""},
	{"IpAddress bare", "", `{"IpAddress": {"aws:SourceIp": "203.0.113.9"}}`, ctxMap{"aws:sourceip": {"203.0.113.9"}}, true, ""},
	{"IpAddress IPv6", "", `{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}`, ctxMap{"aws:sourceip": {"2001:db8:1::5"}}, true, ""},
	{"IpAddress list", "", `{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}`, ctxMap{"aws:sourceip": {"10.1.2.3"}}, true, ""},
	{"NotIpAddress", "", `{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:sourceip": {"198.51.100.1"}}, true, ""},
	{"NotIpAddress in", "", `{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:sourceip": {"203.0.113.1"}}, false, "so NotIpAddress does not match"},
	{"NotIpAddress absent", "", `{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{}, true, ""},
	{"IpAddress bad request", "", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:sourceip": {"nope"}}, false, "is not an IP address"},
	// ARN
	{"ArnLike", "", `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}`, ctxMap{"aws:principalarn": {"arn:aws:iam::111122223333:role/admin-x"}}, true, ""},
	{"ArnLike no cross component", "", `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*"}}`, ctxMap{"aws:principalarn": {"arn:aws:iam::111122223333:role/x"}}, false, ""},
	{"ArnLike resource colons", "", `{"ArnLike": {"aws:SourceArn": "arn:aws:logs:*:*:log-group:*"}}`, ctxMap{"aws:sourcearn": {"arn:aws:logs:us-east-1:1:log-group:g:stream"}}, true, ""},
	{"ArnEquals wildcard", "", `{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}`, ctxMap{"aws:principalarn": {"arn:aws:iam::111122223333:role/r"}}, true, ""},
	{"ArnEquals case", "", `{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/R"}}`, ctxMap{"aws:principalarn": {"arn:aws:iam::111122223333:role/r"}}, false, ""},
	{"ArnNotEquals", "", `{"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/R"}}`, ctxMap{"aws:principalarn": {"arn:aws:iam::111122223333:role/r"}}, true, ""},
	{"ArnNotLike absent", "", `{"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::b"}}`, ctxMap{}, true, ""},
	{"ArnLike variable", "", `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/${aws:username}"}}`, ctxMap{"aws:principalarn": {"arn:aws:iam::1:user/alice"}, "aws:username": {"alice"}}, true, ""},
	{"ArnLike bad request", "", `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}`, ctxMap{"aws:principalarn": {"not-an-arn"}}, false, "is not an ARN"},
	{"ArnLike whole variable", "", `{"ArnLike": {"aws:SourceArn": "${aws:PrincipalArn}"}}`, ctxMap{"aws:sourcearn": {"arn:aws:iam::1:role/r"}, "aws:principalarn": {"arn:aws:iam::1:role/r"}}, true, ""},
	{"ForAnyValue skips bad value", "", `{"ForAnyValue:NumericLessThan": {"k:n": "5"}}`, ctxMap{"k:n": {"x", "3"}}, true, `ForAnyValue: k:n value "3" is less than "5"`},
	{"ForAllValues bad value", "", `{"ForAllValues:NumericLessThan": {"k:n": "5"}}`, ctxMap{"k:n": {"3", "x"}}, false, `k:n "x" is not a number`},
	{"ArnLike star", "", `{"ArnLike": {"aws:PrincipalArn": "*"}}`, ctxMap{"aws:principalarn": {"arn:aws:iam::1:role/r"}}, true, ""},
	// Null
	{"Null true absent", "", `{"Null": {"aws:TokenIssueTime": "true"}}`, ctxMap{}, true, `aws:TokenIssueTime is absent, so Null "true" matches`},
	{"Null true present", "", `{"Null": {"aws:TokenIssueTime": "true"}}`, ctxMap{"aws:tokenissuetime": {"2020-01-01T00:00:00Z"}}, false, `is present, so Null "true" does not match`},
	{"Null false present", "", `{"Null": {"aws:TokenIssueTime": false}}`, ctxMap{"aws:tokenissuetime": {"x"}}, true, ""},
	{"Null false absent", "", `{"Null": {"aws:TokenIssueTime": "false"}}`, ctxMap{}, false, ""},
	// Several keys and operators AND
	{"keys AND", "", `{"StringEquals": {"aws:username": "alice", "aws:PrincipalTag/team": "red"}}`, ctxMap{"aws:username": {"alice"}, "aws:principaltag/team": {"blue"}}, false, ""},
	{"operators AND", "", `{"StringLike": {"aws:username": "a*"}, "Bool": {"aws:SecureTransport": "true"}}`, ctxMap{"aws:username": {"alice"}, "aws:securetransport": {"true"}}, true, ""},
	// Unknown operator never holds
	{"unknown operator", "", `{"StringEqual": {"aws:username": "alice"}}`, ctxMap{"aws:username": {"alice"}}, false, "is not a condition operator"},
	{"lower-case operator", "", `{"stringEquals": {"aws:username": "alice"}}`, ctxMap{"aws:username": {"alice"}}, false, ""},
}

func TestConditionEval(t *testing.T) {
	t.Parallel()
	for _, tt := range conditionCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			version := tt.version
			switch version {
			case "":
				version = "2012-10-17"
			case "none":
				version = ""
			}
			st := parseCondition(t, version, tt.cond)
			p := compileCondition(st.Condition, version == "2012-10-17")
			ctx := NewContext(tt.ctx)
			if got := p.Eval(ctx); got != tt.want {
				t.Errorf("Eval = %v, want %v (%s)", got, tt.want, explainText(p.Explain(ctx)))
			}
			rs := p.Explain(ctx)
			all := true
			for _, r := range rs {
				all = all && r.Result
				if r.Why == "" || r.Path == "" || r.Range.IsZero() {
					t.Errorf("incomplete result %+v", r)
				}
			}
			if all != tt.want {
				t.Errorf("Explain disagrees with Eval: %s", explainText(rs))
			}
			if tt.why != "" && !strings.Contains(explainText(rs), tt.why) {
				t.Errorf("Why = %q, want it to contain %q", explainText(rs), tt.why)
			}
		})
	}
}

func explainText(rs []policy.ConditionResult) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Why)
	}
	return strings.Join(parts, "; ")
}

func TestConditionEvalAllocs(t *testing.T) {
	for _, tt := range conditionCases {
		version := "2012-10-17"
		if tt.version == "2008-10-17" {
			version = tt.version
		}
		st := parseCondition(t, version, tt.cond)
		p := compileCondition(st.Condition, version == "2012-10-17")
		ctx := NewContext(tt.ctx)
		if n := testing.AllocsPerRun(50, func() { p.Eval(ctx) }); n != 0 {
			t.Errorf("%s: Eval allocates %v times per run", tt.name, n)
		}
	}
}

func TestConditionMissingKeys(t *testing.T) {
	t.Parallel()
	st := parseCondition(t, "2012-10-17", `{"StringEquals": {"aws:SourceVpc": "v", "aws:username": "${aws:PrincipalTag/name}", "aws:userid": "${aws:PrincipalTag/x, 'd'}"}, "Bool": {"aws:SecureTransport": "true"}}`)
	p := compileCondition(st.Condition, true)
	got := p.MissingKeys(NewContext(map[string][]string{"aws:username": {"a"}, "aws:userid": {"d"}}))
	want := "aws:SourceVpc aws:PrincipalTag/name aws:SecureTransport"
	if strings.Join(got, " ") != want {
		t.Errorf("MissingKeys = %v, want %s", got, want)
	}
	if (*conditionProgram)(nil).MissingKeys(nil) != nil || !(*conditionProgram)(nil).Eval(nil) {
		t.Error("a nil program holds and needs no keys")
	}
}

func BenchmarkConditionEval(b *testing.B) {
	st := parseCondition(b, "2012-10-17", `{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/svc-*"}, "StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}}`)
	p := compileCondition(st.Condition, true)
	ctx := NewContext(map[string][]string{
		"aws:PrincipalArn":      {"arn:aws:iam::111122223333:role/svc-ci"},
		"aws:PrincipalTag/team": {"red"},
		"aws:ResourceTag/team":  {"red"},
		"aws:username":          {"alice"},
	})
	if !p.Eval(ctx) {
		b.Fatal("the benchmark condition must hold")
	}
	b.ReportAllocs()
	for b.Loop() {
		p.Eval(ctx)
	}
}

func FuzzCondition(f *testing.F) {
	for _, tt := range conditionCases {
		v := ""
		if len(tt.ctx) > 0 {
			for _, vs := range tt.ctx {
				if len(vs) > 0 {
					v = vs[0]
				}
			}
		}
		f.Add(tt.cond, v)
	}
	f.Fuzz(func(t *testing.T, cond, value string) {
		src := `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": ` + cond + `}}`
		doc, _ := policy.Parse([]byte(src))
		if doc == nil || len(doc.Statements) != 1 || doc.Statements[0].Condition == nil {
			return
		}
		st := doc.Statements[0]
		policy.Validate(doc, policy.KindIdentity) // the validator reads the same condition without failing
		p := compileCondition(st.Condition, true)
		kv := map[string][]string{}
		for _, o := range st.Condition.Operators {
			for _, k := range o.Keys {
				kv[k.Name.Value] = []string{value, value + "x"}
			}
		}
		for _, ctx := range []*Context{NewContext(kv), NewContext(nil)} {
			got := p.Eval(ctx)
			all := true
			for _, r := range p.Explain(ctx) {
				all = all && r.Result
			}
			if got != all {
				t.Fatalf("Eval %v, Explain %v", got, all)
			}
			p.MissingKeys(ctx)
		}
	})
}
