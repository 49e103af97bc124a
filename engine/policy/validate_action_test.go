package policy

import (
	"github.com/iamplay/iamplay/engine/internal/actions"
	"testing"

	"github.com/iamplay/iamplay/engine/internal/pattern"

	"github.com/iamplay/iamplay/engine/catalog"
)

func TestActionIndex(t *testing.T) {
	t.Parallel()
	total := 0
	for _, s := range catalog.Services() {
		n := actions.SvcStart[s.ID+1] - actions.SvcStart[s.ID]
		if n == 0 || n != len(s.Actions) {
			t.Errorf("%s: %d actions in the index, %d in the catalogue", s.Prefix, n, len(s.Actions))
		}
		total += n
	}
	if actions.All.Count() != total || total <= 64 {
		t.Errorf("the index holds %d of %d actions; want them all, more than one word's worth", actions.All.Count(), total)
	}
	sm, _ := catalog.Lookup(catalog.SecretsManager)
	if actions.SecretsManager.Count() != len(sm.Actions) {
		t.Errorf("Secrets Manager actions: %d, want %d", actions.SecretsManager.Count(), len(sm.Actions))
	}
	if actions.StarOnly.Count() != 3 {
		t.Errorf("actions that accept only Resource \"*\": %v, want 3", names(actions.StarOnly))
	}
}

// smCount is how many Secrets Manager actions s holds.
func smCount(s actions.Set) int {
	n := 0
	for i := s.Next(0); i >= 0; i = s.Next(i + 1) {
		if actions.SecretsManager.Has(i) {
			n++
		}
	}
	return n
}

func names(s actions.Set) []string {
	var out []string
	for _, a := range setActions(s) {
		out = append(out, a.FullName())
	}
	return out
}

func mustService(t *testing.T, prefix string) *catalog.Service {
	t.Helper()
	s, ok := catalog.Lookup(prefix)
	if !ok {
		t.Fatalf("no service %s", prefix)
	}
	return s
}

func TestActionCoverage(t *testing.T) {
	t.Parallel()
	nSM, nAll := actions.SecretsManager.Count(), actions.All.Count()
	tests := []struct {
		action string
		want   int // how many Secrets Manager actions it covers
		all    int // how many catalogued actions, when it is not want
	}{
		{"*", nSM, nAll},
		{"secretsmanager:*", nSM, 0},
		{"SecretsManager:GetSecretValue", 1, 0},
		{"secretsmanager:describesecret", 1, 0},
		{"secretsmanager:Get*", 3, 0},
		{"secretsmanager:*ResourcePolicy", 4, 0},
		{"secretsmanager:?etSecretValue", 1, 0},
		{"secretsmanager:GetSecretValu", 0, 0},
		{"secrets*:ListSecrets", 1, 0},
		{"s3:*", 0, 0},
		{"*:*", nSM, nAll},
		{"kms:GenerateDataKey*", 0, 4},
		{"KMS:decrypt", 0, 1},
		{"kms:Decryp", 0, 0},
		{"sts:AssumeRole*", 0, 3},
		{"sts:TagSession", 0, 1},
		{"*s:*", 0, len(mustService(t, "kms").Actions) + len(mustService(t, "sts").Actions)},
	}
	for _, tt := range tests {
		set := actionCoverage(tt.action)
		all := tt.all
		if all == 0 {
			all = tt.want
		}
		if got := smCount(set); got != tt.want {
			t.Errorf("actionCoverage(%q) covers %d Secrets Manager actions %v, want %d", tt.action, got, names(set), tt.want)
		}
		if got := set.Count(); got != all {
			t.Errorf("actionCoverage(%q) covers %d actions %v, want %d", tt.action, got, names(set), all)
		}
	}
}

// TestStatementActions checks the actions handed to the condition checker: NotAction
// covers every action it does not exclude; a statement without Condition collects none.
func TestStatementActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want int
	}{
		{`{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "s3:GetObject"], "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`, 1},
		{`{"Effect": "Deny", "NotAction": "secretsmanager:Get*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`, actions.SecretsManager.Count() - 3},
		{`{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`, 0},
		{`{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}`, 0}, // no Condition: not collected
	}
	for _, tt := range tests {
		doc, fs := Parse([]byte(`{"Version": "2012-10-17", "Statement": ` + tt.src + `}`))
		if doc == nil || len(doc.Statements) != 1 {
			t.Fatalf("%s: %v", tt.src, fs)
		}
		v := &validator{doc: doc, kind: KindIdentity}
		set := v.actions(doc.Statements[0])
		if smCount(set) != tt.want {
			t.Errorf("%s: covers %v, want %d actions", tt.src, names(set), tt.want)
		}
		if set.Empty() && setActions(set) != nil {
			t.Errorf("%s: empty set lists %v, want nil", tt.src, setActions(set))
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
