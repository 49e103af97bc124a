package eval_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamplay/iamplay/engine/internal/eval"
	"github.com/iamplay/iamplay/engine/policy"
)

func TestEvaluateMatchesStatements(t *testing.T) {
	t.Parallel()
	src := `{"Version":"2012-10-17","Statement":[
	 {"Sid":"Read","Effect":"Allow","Action":["secretsmanager:Get*","secretsmanager:DescribeSecret"],"Resource":"arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*"},
	 {"Sid":"NoProd","Effect":"Deny","Action":"secretsmanager:*","Resource":"arn:aws:secretsmanager:us-east-1:111122223333:secret:*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}},
	 {"Sid":"Everything","Effect":"Allow","NotAction":"secretsmanager:Delete*","NotResource":"arn:aws:secretsmanager:*:*:secret:locked-*"}]}`
	doc, fs := policy.Parse([]byte(src))
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	p := eval.Compile(doc)
	const arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:"
	tests := []struct {
		name, action, resource string
		ctx                    map[string][]string
		allow, deny            bool
	}{
		{"own secret", "secretsmanager:GetSecretValue", arn + "alice/db-AbCdEf", map[string][]string{"aws:username": {"alice"}}, true, false},
		{"case-insensitive action", "SECRETSMANAGER:getsecretvalue", arn + "alice/db-AbCdEf", map[string][]string{"aws:username": {"alice"}}, true, false},
		{"prod is denied", "secretsmanager:GetSecretValue", arn + "alice/db-AbCdEf", map[string][]string{"aws:username": {"alice"}, "aws:ResourceTag/env": {"prod"}}, false, true},
		{"NotAction and NotResource allow others", "secretsmanager:PutSecretValue", arn + "bob/x-AbCdEf", nil, true, false},
		{"NotResource excludes locked", "secretsmanager:PutSecretValue", arn + "locked-1-AbCdEf", nil, false, false},
		{"NotAction excludes delete", "secretsmanager:DeleteSecret", arn + "locked-1-AbCdEf", nil, false, false},
		{"missing variable matches nothing", "secretsmanager:GetSecretValue", arn + "locked-alice/db", nil, false, false},
	}
	for _, tt := range tests {
		r := eval.NewRequest("arn:aws:iam::111122223333:user/alice", tt.action, tt.resource, eval.NewContext(tt.ctx))
		o := p.Evaluate(r)
		if o.Allow != tt.allow || o.Deny != tt.deny {
			t.Errorf("%s: allow %v deny %v; want %v %v", tt.name, o.Allow, o.Deny, tt.allow, tt.deny)
		}
		if e := explained(p, r); e.Allow != o.Allow || e.Deny != o.Deny {
			t.Errorf("%s: Explain %+v, Evaluate %+v", tt.name, e, o)
		}
	}
}

func TestResourceComponents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, resource string
		want              bool
	}{
		{"arn:aws:secretsmanager:*:111122223333:secret:*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf", true},
		// A * that ends a component may span colons (IAM User Guide, "IAM JSON policy elements:
		// Resource": "If the * wildcard is the last character of a resource ARN segment, it can
		// expand to match beyond the colon boundaries."); other wildcards stay in their component.
		{"arn:aws:secretsmanager:*:111122223333:secret:*", "arn:aws:secretsmanager:us:east:111122223333:secret:a", true},
		{"arn:aws:secretsmanager:us-*-1:111122223333:secret:*", "arn:aws:secretsmanager:us:x-1:111122223333:secret:a", false},
		{"arn:aws:secretsmanager:us-east-?:111122223333:secret:*", "arn:aws:secretsmanager:us-east-:111122223333:secret:a", false},
		{"arn:aws:secretsmanager:*:secret:prod-??????", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod-AbCdEf", true},
		{"arn:aws:secretsmanager:us-east-1:*:prod-*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod-AbCdEf", true},
		{"arn:aws:secretsmanager:us-east-1:*:prod-*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:dev-AbCdEf", false},
		{"arn:aws:secretsmanager:us-*:secret:prod-*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod-AbCdEf", true},
		{"arn:aws:secretsmanager:eu-*:111122223333:secret:*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf", false},
		{"arn:aws:secretsmanager:us-east-1:111122223333:secret:a*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:a:b:c", true},
		{"arn:aws:secretsmanager:us-east-?:*:secret:a", "arn:aws:secretsmanager:us-east-2:1:secret:a", true},
		{"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/x", false},
		{"*", "anything at all", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key", true},
	}
	for _, tt := range tests {
		doc, fs := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"` + tt.pattern + `"}}`))
		if fs.HasErrors() {
			t.Fatal(fs)
		}
		r := eval.NewRequest("arn:aws:iam::111122223333:user/alice", "secretsmanager:GetSecretValue", tt.resource, nil)
		if got := eval.Compile(doc).Evaluate(r).Allow; got != tt.want {
			t.Errorf("%s against %s: %v, want %v", tt.pattern, tt.resource, got, tt.want)
		}
	}
}

func TestEvaluateAllocatesNothing(t *testing.T) {
	doc, _ := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:Get*","Resource":"arn:aws:secretsmanager:*:*:secret:${aws:username}/*","Condition":{"StringLike":{"aws:PrincipalTag/team":"red*"}}}]}`))
	p := eval.Compile(doc)
	r := eval.NewRequest("arn:aws:iam::1:user/alice", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:1:secret:alice/x", eval.NewContext(map[string][]string{"aws:username": {"alice"}, "aws:PrincipalTag/team": {"red-1"}}))
	if n := testing.AllocsPerRun(1000, func() { p.Evaluate(r) }); n != 0 {
		t.Fatalf("Evaluate allocates %v times", n)
	}
	if !p.Evaluate(r).Allow {
		t.Fatal("the request should be allowed")
	}
}

// FuzzMatch matches arbitrary requests against arbitrary policies: no panic, and the fast
// path (Evaluate) always agrees with the explained one.
func FuzzMatch(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "policy", "testdata", "validate", "*.json"))
	for _, name := range seeds {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, "arn:aws:iam::111122223333:user/alice", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/x-AbCdEf", "aws:username", "alice")
	}
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"arn:*:*:*:*:${aws:username, 'x'}*"}}`), "arn:aws:sts::111122223333:assumed-role/r/s", "s3:GetObject", "arn:aws:s3:::b", "aws:username", "")
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:GenerateDataKey*","sts:*"],"Resource":"*"},{"Effect":"Deny","NotAction":"kms:Decrypt","Resource":"*"}]}`), "arn:aws:iam::111122223333:role/app", "kms:GenerateDataKeyWithoutPlaintext", "arn:aws:kms:us-east-1:111122223333:key/k", "kms:ViaService", "secretsmanager.us-east-1.amazonaws.com")
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`), "arn:aws:iam::111122223333:user/alice", "sts:AssumeRole", "arn:aws:iam::111122223333:role/app", "sts:ExternalId", "x")
	f.Fuzz(func(t *testing.T, src []byte, principal, action, resource, key, value string) {
		doc, _ := policy.Parse(src)
		p := eval.Compile(doc)
		r := eval.NewRequest(principal, action, resource, eval.NewContext(map[string][]string{key: {value}, "aws:TagKeys": {value, key}}))
		o, e := p.Evaluate(r), explained(p, r)
		if o.Allow != e.Allow || o.Deny != e.Deny {
			t.Fatalf("Evaluate %+v, Explain %+v", o, e)
		}
	})
}

// TestEvaluateServices checks the per-service action index: KMS and STS actions are found
// through their own wildcards, an action of another service only through the others.
func TestEvaluateServices(t *testing.T) {
	t.Parallel()
	src := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":["kms:GenerateDataKey*","kms:Decrypt"],"Resource":"arn:aws:kms:us-east-1:111122223333:key/*"},
	 {"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/app"},
	 {"Effect":"Deny","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}},
	 {"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}`
	doc, fs := policy.Parse([]byte(src))
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	p := eval.Compile(doc)
	const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := []struct {
		action, resource string
		ctx              map[string][]string
		allow, deny      bool
	}{
		{"kms:GenerateDataKeyWithoutPlaintext", key, nil, true, false},
		{"kms:GenerateDataKey", key, nil, true, false},
		{"KMS:decrypt", key, nil, true, false},
		{"kms:Encrypt", key, nil, false, false},
		{"kms:Decrypt", key, map[string][]string{"kms:ViaService": {"s3.us-east-1.amazonaws.com"}}, false, true},
		{"sts:AssumeRole", "arn:aws:iam::111122223333:role/app", nil, true, false},
		{"sts:TagSession", "arn:aws:iam::111122223333:role/app", nil, false, false},
		{"s3:GetObject", "arn:aws:s3:::bucket/key", nil, true, false},
		{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:x-AbCdEf", nil, false, false},
	}
	for _, tt := range tests {
		r := eval.NewRequest("arn:aws:iam::111122223333:user/alice", tt.action, tt.resource, eval.NewContext(tt.ctx))
		if o := p.Evaluate(r); o.Allow != tt.allow || o.Deny != tt.deny {
			t.Errorf("%s: allow %v deny %v; want %v %v", tt.action, o.Allow, o.Deny, tt.allow, tt.deny)
		}
		if e := explained(p, r); e.Allow != tt.allow || e.Deny != tt.deny {
			t.Errorf("%s: Explain allow %v deny %v; want %v %v", tt.action, e.Allow, e.Deny, tt.allow, tt.deny)
		}
	}
}

// explained is the outcome Explain reports.
func explained(p *eval.Policy, r *eval.Request) eval.Outcome {
	_, o := p.Explain(r)
	return o
}

// TestResourceAccount: the account is the fifth field of the resource ARN, "" when the
// resource is no ARN or has fewer fields.
func TestResourceAccount(t *testing.T) {
	for _, tt := range []struct{ resource, want string }{
		{"arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", "111122223333"},
		{"arn:aws:s3:::bucket/key", ""},
		{"arn:aws:iam::444455556666:role/r", "444455556666"},
		{"arn:aws:kms:us-east-1:111122223333", ""},
		{"arn:aws:kms:us-east-1:111122223333:", "111122223333"},
		{"*", ""},
		{"", ""},
		{"ARN:aws:iam::444455556666:role/r", ""},
	} {
		if got := eval.NewRequest("", "secretsmanager:GetSecretValue", tt.resource, nil).ResourceAccount(); got != tt.want {
			t.Errorf("%q: ResourceAccount %q, want %q", tt.resource, got, tt.want)
		}
	}
}
