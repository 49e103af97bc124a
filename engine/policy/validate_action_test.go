package policy

import (
	"testing"

	"github.com/iamplay/iamplay/engine/internal/pattern"

	"github.com/iamplay/iamplay/engine/catalog"
)

func TestActionIndexFits(t *testing.T) {
	t.Parallel()
	if n := len(catalog.Actions()); n == 0 || n > 64 || len(smActions) != n {
		t.Fatalf("catalogue has %d actions, index %d; actionSet holds 64", n, len(smActions))
	}
	if starOnlyActs.count() != 3 {
		t.Errorf("actions that accept only Resource \"*\": %v, want 3", names(starOnlyActs))
	}
}

func (s actionSet) count() int {
	n := 0
	for ; s != 0; s &= s - 1 {
		n++
	}
	return n
}

func names(s actionSet) []string {
	var out []string
	for _, a := range s.list() {
		out = append(out, a.Name)
	}
	return out
}

func TestActionCoverage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action string
		want   int // how many Secrets Manager actions it covers
	}{
		{"*", len(smActions)},
		{"secretsmanager:*", len(smActions)},
		{"SecretsManager:GetSecretValue", 1},
		{"secretsmanager:describesecret", 1},
		{"secretsmanager:Get*", 3},
		{"secretsmanager:*ResourcePolicy", 4},
		{"secretsmanager:?etSecretValue", 1},
		{"secretsmanager:GetSecretValu", 0},
		{"secrets*:ListSecrets", 1},
		{"s3:*", 0},
		{"*:*", len(smActions)},
	}
	for _, tt := range tests {
		if got := actionCoverage(tt.action).count(); got != tt.want {
			t.Errorf("actionCoverage(%q) covers %d %v, want %d", tt.action, got, names(actionCoverage(tt.action)), tt.want)
		}
	}
}

// TestStatementActions checks the actions handed to the condition checker: NotAction
// covers every action it does not exclude.
func TestStatementActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want int
	}{
		{`{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "s3:GetObject"], "Resource": "*"}`, 1},
		{`{"Effect": "Deny", "NotAction": "secretsmanager:Get*", "Resource": "*"}`, len(smActions) - 3},
		{`{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}`, 0},
	}
	for _, tt := range tests {
		doc, fs := Parse([]byte(`{"Version": "2012-10-17", "Statement": ` + tt.src + `}`))
		if doc == nil || len(doc.Statements) != 1 {
			t.Fatalf("%s: %v", tt.src, fs)
		}
		v := &validator{doc: doc, kind: KindIdentity}
		set := v.actions(doc.Statements[0])
		if set.count() != tt.want {
			t.Errorf("%s: covers %v, want %d actions", tt.src, names(set), tt.want)
		}
		if tt.want == 0 && set.list() != nil {
			t.Errorf("%s: empty set lists %v, want nil", tt.src, set.list())
		}
	}
}

func TestGlobFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"Get*", "getsecretvalue", true},
		{"*Secret*", "DescribeSecret", true},
		{"?et*", "GetRandomPassword", true},
		{"Get?", "Get", false},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"", "x", false},
		{"**", "x", true},
	}
	for _, tt := range tests {
		if got := pattern.Glob(tt.pattern, tt.s, true); got != tt.want {
			t.Errorf("Glob(%q, %q) = %v", tt.pattern, tt.s, got)
		}
	}
}

func TestScanAction(t *testing.T) {
	t.Parallel()
	ok := []string{"*", "s3:GetObject", "SNS:Publish", "Partnercentral-account-management:AssociatePartnerUser", "ec2:Describe*", "s3:Get?bject", "*:*"}
	bad := []string{"", "GetObject", ":x", "s3:", "s3:Get Object", "s3:a:b", "s3:Get\"Object", " s3:x"}
	for _, s := range ok {
		if _, msg := scanAction(s); msg != "" {
			t.Errorf("scanAction(%q) = %q, want ok", s, msg)
		}
	}
	for _, s := range bad {
		if _, msg := scanAction(s); msg == "" {
			t.Errorf("scanAction(%q) is ok, want a message", s)
		}
	}
}
