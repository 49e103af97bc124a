package gen

import "strings"

// The generator's vocabulary, declared once as data: two accounts, their principals and
// secrets, the actions, the condition keys (each only with actions it applies to, because
// the oracle drops keys that do not apply) and the operators of each key type.

const (
	accountA = "111122223333"
	accountB = "444455556666"
)

type principal struct {
	arn       string
	account   string
	user      string // aws:username, users only
	role      string // role ARN, sessions only
	session   bool
	service   bool
	root      bool // the account root user: no identity policies, boundary or session policy
	federated bool // a federated user session (GetFederationToken)
}

// principalArn is aws:PrincipalArn: the role ARN for a session, else the ARN itself.
func (p principal) principalArn() string {
	if p.role != "" {
		return p.role
	}
	return p.arn
}

var principals = []principal{
	{arn: "arn:aws:iam::" + accountA + ":user/alice", account: accountA, user: "alice"},
	{arn: "arn:aws:iam::" + accountA + ":user/bob", account: accountA, user: "bob"},
	{arn: "arn:aws:iam::" + accountB + ":user/carol", account: accountB, user: "carol"},
	{arn: "arn:aws:sts::" + accountA + ":assumed-role/AppRole/app-session", account: accountA, role: "arn:aws:iam::" + accountA + ":role/AppRole", session: true},
	{arn: "arn:aws:sts::" + accountB + ":assumed-role/PartnerRole/partner-session", account: accountB, role: "arn:aws:iam::" + accountB + ":role/PartnerRole", session: true},
	{arn: "lambda.amazonaws.com", service: true},
	{arn: "arn:aws:iam::" + accountA + ":root", account: accountA, root: true},
	{arn: "arn:aws:iam::" + accountB + ":root", account: accountB, root: true},
	{arn: "arn:aws:sts::" + accountA + ":federated-user/Bob", account: accountA, federated: true},
}

// principalARNs are named in resource policies beside the caller.
var principalARNs = []string{
	"arn:aws:iam::" + accountA + ":user/alice",
	"arn:aws:iam::" + accountA + ":user/bob",
	"arn:aws:iam::" + accountB + ":user/carol",
	"arn:aws:iam::" + accountA + ":role/AppRole",
	"arn:aws:iam::" + accountB + ":role/PartnerRole",
	"arn:aws:sts::" + accountA + ":assumed-role/AppRole/app-session",
	accountA,
}

var secrets = []string{
	"arn:aws:secretsmanager:us-east-1:" + accountA + ":secret:prod/db-AbCdEf",
	"arn:aws:secretsmanager:us-east-1:" + accountA + ":secret:dev/app-QwErTy",
	"arn:aws:secretsmanager:us-east-1:" + accountA + ":secret:alice/key-ZzZzZz",
	"arn:aws:secretsmanager:eu-west-1:" + accountA + ":secret:TestEnv/db-123456",
	"arn:aws:secretsmanager:us-east-1:" + accountB + ":secret:shared/key-XyZ123",
}

// account returns the account field of an ARN, or "" for "*".
func account(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

type action struct {
	name     string
	resource bool     // false: the action takes Resource "*"
	patterns []string // Action values that match it
}

var actions = []action{
	{"secretsmanager:GetSecretValue", true, []string{"secretsmanager:GetSecretValue", "secretsmanager:getsecretvalue", "secretsmanager:Get*", "secretsmanager:*", "*", "secretsmanager:Get?ecretValue", "SecretsManager:*Value"}},
	{"secretsmanager:DescribeSecret", true, []string{"secretsmanager:DescribeSecret", "secretsmanager:Describe*", "secretsmanager:*", "secretsmanager:*Secret", "SECRETSMANAGER:DESCRIBESECRET"}},
	{"secretsmanager:DeleteSecret", true, []string{"secretsmanager:DeleteSecret", "secretsmanager:Delete*", "secretsmanager:*", "*"}},
	{"secretsmanager:TagResource", true, []string{"secretsmanager:TagResource", "secretsmanager:*Resource", "secretsmanager:*", "secretsmanager:T?gResource"}},
	{"secretsmanager:PutSecretValue", true, []string{"secretsmanager:PutSecretValue", "secretsmanager:Put*", "secretsmanager:*"}},
	{"secretsmanager:ListSecrets", false, []string{"secretsmanager:ListSecrets", "secretsmanager:List*", "secretsmanager:*", "*"}},
}

var otherActionPatterns = []string{
	"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:Put*",
	"secretsmanager:*", "kms:Decrypt", "secretsmanager:Delete*", "secretsmanager:TagResource",
}

var resourcePatterns = []string{
	"*",
	"arn:aws:secretsmanager:*:*:secret:*",
	"arn:aws:secretsmanager:us-east-1:" + accountA + ":secret:prod/*",
	"arn:aws:secretsmanager:us-east-1:" + accountA + ":secret:prod/db-??????",
	"arn:aws:secretsmanager:us-east-1:" + accountA + ":secret:prod/db-AbCdEf",
	"arn:aws:secretsmanager:*:" + accountA + ":secret:*",
	"arn:aws:secretsmanager:us-east-1:" + accountB + ":secret:*",
	"arn:aws:secretsmanager:eu-west-?:*:secret:TestEnv/*",
	"arn:aws:secretsmanager:us-east-1:" + accountA + ":secret:dev/*",
	"arn:aws:secretsmanager:*:*:secret:${aws:username}/*",
	"arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team, 'shared'}/*",
}

type key struct {
	name     string
	typ      string // string, numeric, date, bool, ip, arn
	multi    bool
	only     []string // actions it applies to; nil: every action
	values   []string
	patterns []string // extra values with wildcards, for ...Like operators
}

func (k key) appliesTo(action string) bool {
	if k.only == nil {
		return true
	}
	for _, a := range k.only {
		if a == action {
			return true
		}
	}
	return false
}

var keys = []key{
	{name: "aws:username", typ: "string", values: []string{"alice", "bob", "carol"}, patterns: []string{"a*", "?ob", "*"}},
	{name: "aws:PrincipalTag/team", typ: "string", values: []string{"eng", "ops", "shared"}, patterns: []string{"e*", "*s"}},
	{name: "aws:ResourceTag/team", typ: "string", values: []string{"eng", "ops", "shared"}, patterns: []string{"e?g", "*"}},
	{name: "aws:SourceIp", typ: "ip", values: []string{"203.0.113.7", "198.51.100.20", "10.1.2.3"}},
	{name: "aws:CurrentTime", typ: "date", values: []string{"2024-01-01T00:00:00Z", "2026-05-01T12:00:00Z", "2030-01-01T00:00:00Z"}},
	{name: "aws:MultiFactorAuthAge", typ: "numeric", values: []string{"0", "300", "3600", "86400"}},
	{name: "aws:SecureTransport", typ: "bool", values: []string{"true", "false"}},
	{name: "aws:MultiFactorAuthPresent", typ: "bool", values: []string{"true", "false"}},
	{name: "aws:PrincipalArn", typ: "arn", values: []string{
		"arn:aws:iam::" + accountA + ":user/alice", "arn:aws:iam::" + accountA + ":role/AppRole",
		"arn:aws:iam::" + accountA + ":user/*", "arn:aws:iam::*:role/*", "arn:aws:iam::" + accountB + ":*"}},
	{name: "aws:TagKeys", typ: "string", multi: true, only: []string{"secretsmanager:TagResource"}, values: []string{"env", "team", "cost"}, patterns: []string{"t*", "*"}},
	{name: "secretsmanager:VersionStage", typ: "string", only: []string{"secretsmanager:GetSecretValue"}, values: []string{"AWSCURRENT", "AWSPENDING", "AWSPREVIOUS"}, patterns: []string{"AWS*", "*PENDING"}},
}

// sourceIPValues are policy-side CIDRs; ip keys use them instead of the request addresses.
var sourceIPValues = []string{"203.0.113.0/24", "10.0.0.0/8", "198.51.100.20/32"}

var operatorsByType = map[string][]string{
	"string":  {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "Null"},
	"numeric": {"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "Null"},
	"date":    {"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
	"bool":    {"Bool", "Null"},
	"ip":      {"IpAddress", "NotIpAddress"},
	"arn":     {"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"},
}
