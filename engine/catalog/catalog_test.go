package catalog

import (
	"slices"
	"strings"
	"testing"
)

// TestServices checks every service loads with its actions, resource types and keys, that
// every key an action or resource type names is declared, and what each says about its
// resource policy.
func TestServices(t *testing.T) {
	t.Parallel()
	tests := []struct {
		prefix         string
		actions        int // at least
		resourceTypes  []string
		policyRequired bool
	}{
		{SecretsManager, 23, []string{"Secret"}, false},
		{KMS, 50, []string{"alias", "key"}, true},
		{STS, 10, []string{"role"}, true},
	}
	for i, tt := range tests {
		s, ok := Lookup(strings.ToUpper(tt.prefix))
		if !ok {
			t.Fatalf("Lookup(%q) finds nothing", tt.prefix)
		}
		if s != Services()[i] || s.ID != i || s.Prefix != tt.prefix || s.Name == "" || s.ShortName == "" || !strings.Contains(s.Source, "iam-data@") {
			t.Errorf("%s: %+v", tt.prefix, s)
		}
		if len(s.Actions) < tt.actions {
			t.Errorf("%s: %d actions, want at least %d", tt.prefix, len(s.Actions), tt.actions)
		}
		for _, rt := range tt.resourceTypes {
			if s.resourceType(rt) == nil {
				t.Errorf("%s: no resource type %s", tt.prefix, rt)
			}
		}
		if rp := s.ResourcePolicy; rp.Required != tt.policyRequired || s.resourceType(rp.ResourceType) == nil || !strings.HasPrefix(rp.Doc, "https://docs.aws.amazon.com/") || rp.Quote == "" {
			t.Errorf("%s: resource policy %+v", tt.prefix, rp)
		}
		for j := range s.Actions {
			a := &s.Actions[j]
			if a.Service != s || a.AccessLevel == "" || (j > 0 && strings.ToLower(s.Actions[j-1].Name) >= strings.ToLower(a.Name)) {
				t.Errorf("%s: action %d %s out of order or incomplete", tt.prefix, j, a.Name)
			}
			for _, k := range a.ConditionKeys {
				if s.keys.find(k) < 0 {
					t.Errorf("%s: %s lists undeclared key %s", tt.prefix, a.Name, k)
				}
			}
			for _, l := range a.ResourceTypes {
				if s.resourceType(l.Name) == nil {
					t.Errorf("%s: %s acts on undeclared resource type %s", tt.prefix, a.Name, l.Name)
				}
			}
		}
	}
	if _, ok := Lookup("s3"); ok {
		t.Error("s3 is not catalogued")
	}
	if n := len(GlobalKeys()); n < 50 {
		t.Errorf("%d global keys", n)
	}
}

func TestLookupAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want string // want "" for not found
	}{
		{"secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"},
		{"SecretsManager:getsecretvalue", "secretsmanager:GetSecretValue"},
		{"kms:Decrypt", "kms:Decrypt"},
		{"kms:Encrypt", "kms:Encrypt"},
		{"kms:GenerateDataKey", "kms:GenerateDataKey"},
		{"kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext"},
		{"kms:DescribeKey", "kms:DescribeKey"},
		{"kms:CreateGrant", "kms:CreateGrant"},
		{"sts:AssumeRole", "sts:AssumeRole"},
		{"sts:TagSession", "sts:TagSession"},
		{"sts:SetSourceIdentity", "sts:SetSourceIdentity"},
		{"kms:Decrypts", ""},
		{"s3:GetObject", ""},
		{"GetSecretValue", ""},
		{"kms:", ""},
	}
	for _, tt := range tests {
		a, ok := LookupAction(tt.name)
		got := ""
		if ok {
			got = a.FullName()
		}
		if got != tt.want {
			t.Errorf("LookupAction(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestResourcePolicyRequired(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"kms:Decrypt": true, "kms:GenerateDataKey": true, "kms:CreateGrant": true, "kms:CreateAlias": true,
		"kms:CreateKey": false, "kms:ListAliases": false,
		"sts:AssumeRole": true, "sts:TagSession": true, "sts:SetSourceIdentity": true,
		"sts:GetCallerIdentity": false, "sts:GetFederationToken": false,
		"secretsmanager:GetSecretValue": false,
	} {
		a, ok := LookupAction(name)
		if !ok {
			t.Fatalf("no action %s", name)
		}
		if got := a.ResourcePolicyRequired(); got != want {
			t.Errorf("%s: resource policy required %v, want %v", name, got, want)
		}
	}
}

func TestLookupKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want, typ string // want "" for not found
		global          bool
	}{
		{"aws:username", "aws:username", "String", true},
		{"AWS:SourceIp", "aws:SourceIp", "IPAddress", true},
		{"aws:ResourceTag/team", "aws:ResourceTag/${TagKey}", "String", true},
		{"aws:PrincipalTag/x/y", "aws:PrincipalTag/${TagKey}", "String", true},
		{"secretsmanager:VersionStage", "secretsmanager:VersionStage", "String", false},
		{"secretsmanager:ResourceTag/env", "secretsmanager:ResourceTag/tag-key", "String", false},
		{"kms:ViaService", "kms:ViaService", "String", false},
		{"kms:CallerAccount", "kms:CallerAccount", "String", false},
		{"kms:EncryptionContext:SecretARN", "kms:EncryptionContext:${EncryptionContextKey}", "String", false},
		{"kms:EncryptionContextKeys", "kms:EncryptionContextKeys", "ArrayOfString", false},
		{"sts:ExternalId", "sts:ExternalId", "String", false},
		{"sts:SourceIdentity", "sts:SourceIdentity", "String", false},
		{"sts:TransitiveTagKeys", "sts:TransitiveTagKeys", "ArrayOfString", false},
		{"kms:EncryptionContext:", "", "", false},
		{"kms:NoSuchKey", "", "", false},
		{"s3:prefix", "", "", false},
		{"aws:ResourceTag/", "", "", false},
	}
	for _, tt := range tests {
		k, ok := LookupKey(tt.name)
		if tt.want == "" {
			if ok {
				t.Errorf("LookupKey(%q) = %s, want nothing", tt.name, k.Name)
			}
			continue
		}
		if !ok || k.Name != tt.want || k.Type != tt.typ || k.Global != tt.global || k.MultiValued != strings.HasPrefix(tt.typ, "ArrayOf") {
			t.Errorf("LookupKey(%q) = %+v, %v; want %s %s global %v", tt.name, k, ok, tt.want, tt.typ, tt.global)
		}
	}
}

func TestActionSupportsKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action, key string
		want        bool
	}{
		{"secretsmanager:GetSecretValue", "secretsmanager:VersionStage", true},
		{"secretsmanager:GetSecretValue", "aws:SourceIp", true},                // global
		{"secretsmanager:GetSecretValue", "aws:ResourceTag/team", true},        // in the row
		{"secretsmanager:GetSecretValue", "aws:RequestTag/team", false},        // the service lists it for tagging actions only
		{"secretsmanager:CreateSecret", "secretsmanager:resource/Type", false}, // the row chose among the secret's keys
		{"secretsmanager:DeleteSecret", "secretsmanager:ForceDeleteWithoutRecovery", true},
		{"kms:Decrypt", "kms:ViaService", true},
		{"kms:Decrypt", "kms:CallerAccount", true},
		{"kms:Decrypt", "kms:EncryptionContext:SecretARN", true},
		{"kms:Decrypt", "aws:ResourceTag/team", true}, // a key of the key resource type
		{"kms:Decrypt", "kms:KeySpec", true},
		{"kms:Decrypt", "kms:GranteePrincipal", false},
		{"kms:CreateGrant", "kms:GranteePrincipal", true},
		{"kms:CreateKey", "kms:KeySpec", true},
		{"kms:ListAliases", "kms:KeySpec", false},
		{"sts:AssumeRole", "sts:ExternalId", true},
		{"sts:AssumeRole", "aws:PrincipalArn", true},
		{"sts:TagSession", "aws:RequestTag/project", true},
		{"sts:TagSession", "sts:ExternalId", false},
		{"sts:SetSourceIdentity", "sts:SourceIdentity", true},
	}
	for _, tt := range tests {
		a, ok := LookupAction(tt.action)
		if !ok {
			t.Fatalf("no action %s", tt.action)
		}
		if got := ActionSupportsKey(a, tt.key); got != tt.want {
			t.Errorf("ActionSupportsKey(%s, %s) = %v, want %v", tt.action, tt.key, got, tt.want)
		}
	}
	kms, _ := Lookup(KMS)
	if got := kms.ActionsSupportingKey("kms:ViaService"); !slices.Contains(got, "Decrypt") || !slices.IsSorted(got) {
		t.Errorf("actions supporting kms:ViaService: %v", got)
	}
	// The index agrees, for every action and every key of every service (and a few written
	// instances of templates), with reading the reference's rows.
	var names []string
	for _, s := range Services() {
		for _, k := range s.Keys {
			names = append(names, k.Name)
		}
	}
	for _, k := range GlobalKeys() {
		names = append(names, k.Name)
	}
	names = append(names, "aws:ResourceTag/team", "AWS:RequestTag/x", "kms:EncryptionContext:SecretARN", "secretsmanager:ResourceTag/env", "saml:sub", "s3:prefix")
	for _, s := range Services() {
		for i := range s.Actions {
			a := &s.Actions[i]
			for _, k := range names {
				if got, want := ActionSupportsKey(a, k), supportsByRows(a, k); got != want {
					t.Errorf("ActionSupportsKey(%s, %s) = %v; the rows say %v", a.FullName(), k, got, want)
				}
			}
		}
	}
}

// supportsByRows is ActionSupportsKey by reading the rows each time: the reference the
// index is checked against.
func supportsByRows(a *Action, key string) bool {
	if i := strings.IndexByte(key, ':'); i > 0 {
		if ks, ok := Lookup(key[:i]); ok && ks != a.Service {
			return false
		}
	}
	for _, name := range a.ConditionKeys {
		if keyMatches(name, key) {
			return true
		}
	}
	s := a.Service
	for _, l := range a.ResourceTypes {
		if rt := s.resourceType(l.Name); rt != nil && !rowListsAny(a, rt.ConditionKeys) {
			for _, name := range rt.ConditionKeys {
				if !requestKey(name) && keyMatches(name, key) {
					return true
				}
			}
		}
	}
	for _, k := range s.Keys {
		if keyMatches(k.Name, key) {
			return false
		}
	}
	for _, k := range GlobalKeys() {
		if keyMatches(k.Name, key) {
			return true
		}
	}
	return false
}
