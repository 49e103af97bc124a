package authz_test

import (
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
)

func TestReadDocumentFindings(t *testing.T) {
	t.Parallel()
	huge := `{"request":{"action":"secretsmanager:GetSecretValue","context":{"k":"` + strings.Repeat("x", authz.MaxDocumentBytes) + `"}}}`
	tests := []struct {
		name, src, code string
		sugg            string
	}{
		{"unknown action", `{"request":{"principal":"arn:aws:iam::1:user/a","action":"secretsmanager:GetSecretValu","resource":"*"}}`, "request.unknown_action", `"secretsmanager:GetSecretValue"`},
		{"unknown kms action", `{"request":{"principal":"arn:aws:iam::1:user/a","action":"kms:GenerateDataKy","resource":"*"}}`, "request.unknown_action", `"kms:GenerateDataKey"`},
		{"action without service", `{"request":{"action":"GetSecretValue","resource":"*"}}`, "request.bad_action", ""},
		{"no action", `{"request":{"resource":"*"}}`, "request.missing_action", ""},
		{"no request", `{"identityPolicies":[]}`, "request.missing", ""},
		{"malformed resource", `{"request":{"action":"secretsmanager:GetSecretValue","resource":"prod/db"}}`, "request.bad_resource", ""},
		{"malformed principal", `{"request":{"principal":"alice","action":"secretsmanager:GetSecretValue","resource":"*"}}`, "request.bad_principal", ""},
		{"context of the wrong kind", `{"request":{"action":"secretsmanager:GetSecretValue","resource":"*","context":{"k":{"a":1}}}}`, "document.wrong_type", ""},
		{"unknown field", `{"request":{"action":"secretsmanager:GetSecretValue","resource":"*"},"identityPolicy":{}}`, "document.unknown_field", ""},
		{"bad want", `{"request":{"action":"secretsmanager:GetSecretValue","resource":"*"},"want":{"decision":"Deny"}}`, "document.bad_want", ""},
		{"huge", huge, "json.too_large", ""},
		{"deep", strings.Repeat(`{"a":`, 10000), "json.too_deep", ""},
		{"bad time", `{"request":{"action":"secretsmanager:GetSecretValue","resource":"*","time":"2025-13-01"}}`, "request.bad_time", ""},
		{"derive of the wrong kind", `{"request":{"action":"secretsmanager:GetSecretValue","resource":"*","derive":"no"}}`, "document.wrong_type", ""},
		{"session issuer for a user", `{"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"secretsmanager:GetSecretValue","resource":"*","sessionIssuer":"arn:aws:iam::111122223333:user/b"}}`, "request.unused_session_issuer", ""},
		{"session issuer not a user", `{"request":{"principal":"arn:aws:sts::111122223333:federated-user/b","action":"secretsmanager:GetSecretValue","resource":"*","sessionIssuer":"arn:aws:iam::111122223333:role/b"}}`, "request.bad_session_issuer", ""},
		{"context key twice", `{"request":{"action":"s3:GetObject","resource":"*","context":{"aws:username":"a","aws:username":"b"}}}`, "request.duplicate_context_key", ""},
		{"context key in two cases", `{"request":{"action":"s3:GetObject","resource":"*","context":{"aws:username":"a","AWS:UserName":"b"}}}`, "request.duplicate_context_key", ""},
		{"long context value", `{"request":{"action":"s3:GetObject","resource":"*","context":{"k":"` + strings.Repeat("x", authz.MaxContextValueBytes+1) + `"}}}`, "request.context_value_too_long", ""},
		{"many context values", `{"request":{"action":"s3:GetObject","resource":"*","context":{"k":[` + strings.Repeat(`"x",`, authz.MaxContextValues) + `"x"]}}}`, "request.too_many_context_values", ""},
		{"long resource", `{"request":{"action":"s3:GetObject","resource":"arn:aws:s3:::` + strings.Repeat("x", authz.MaxRequestBytes) + `"}}`, "request.too_long", ""},
		{"many policies", `{"identityPolicies":[` + strings.Repeat(`{"Statement":[]},`, authz.MaxPolicies) + `{"Statement":[]}],"request":{"action":"s3:GetObject","resource":"*"}}`, "document.too_many_policies", ""},
		{"many statements", `{"identityPolicies":{"Statement":[` + strings.Repeat(`{},`, authz.MaxStatements) + `{}]},"request":{"action":"s3:GetObject","resource":"*"}}`, "document.too_many_statements", ""},
		{"policy typo", `{"identityPolicies":[{"Statement":{"Efect":"Allow"}}],"request":{"action":"s3:GetObject","resource":"*"}}`, "policy.unknown_element", `"Effect"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, res := authz.Evaluate([]byte(tt.src))
			for _, f := range res.Findings {
				if f.Code == tt.code {
					if f.Suggestion != tt.sugg {
						t.Errorf("suggestion %q, want %q", f.Suggestion, tt.sugg)
					}
					return
				}
			}
			t.Errorf("no %s finding in %v", tt.code, res.Findings)
		})
	}
}

func TestEvaluatePositionsAreInTheDocument(t *testing.T) {
	t.Parallel()
	src := "{\n  \"identityPolicies\": [\n    {\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"secretsmanager:*\", \"Resource\": \"*\",\n      \"Condition\": {\"StringEqual\": {\"aws:username\": \"a\"}}}}],\n  \"request\": {\"principal\": \"arn:aws:iam::1:user/a\", \"action\": \"secretsmanager:GetSecretValue\", \"resource\": \"*\"}\n}"
	_, res := authz.Evaluate([]byte(src))
	for _, f := range res.Findings {
		if f.Code == "condition.unknown_operator" {
			if f.Policy.String() != "identityPolicies/0" || f.Range.Start.Line != 4 || f.Range.Start.Column != 21 || f.Path != "/identityPolicies/0/Statement/Condition/StringEqual" {
				t.Errorf("finding at %s %s %d:%d", f.Policy, f.Path, f.Range.Start.Line, f.Range.Start.Column)
			}
			if res.Valid {
				t.Error("a document with an error finding is not valid")
			}
			return
		}
	}
	t.Fatalf("no unknown_operator finding: %v", res.Findings)
}

// The "policies" list's key and trust policies apply to the requests whose resource carries
// them: a key policy to kms: actions, not to a Secrets Manager request.
func TestResourcePolicyKindFollowsTheAction(t *testing.T) {
	t.Parallel()
	doc := func(action, resource string) string {
		return `{"policies": [
		  {"kind": "identity", "policy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"], "Resource": "*"}}},
		  {"kind": "key", "policy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}}}],
		  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "` + action + `", "resource": "` + resource + `"}}`
	}
	d, fs := authz.ReadDocument([]byte(doc("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf")))
	if d.Input.Resource != nil || d.Entries[1].Applied {
		t.Error("a key policy is not the resource policy of a secret")
	}
	ignored := false
	for _, f := range fs {
		ignored = ignored || (f.Code == "document.ignored_policy" && f.Policy.String() == "policies/1")
	}
	if !ignored {
		t.Errorf("the key policy is not reported as not applying: %v", fs)
	}
	if dec := d.Input.Decide(authz.Prepare(d.Request)); dec != authz.Allow {
		t.Errorf("GetSecretValue: %s", dec)
	}
	d, _ = authz.ReadDocument([]byte(doc("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")))
	if d.Input.Resource == nil || !d.Entries[1].Applied || d.Entries[1].Ref.String() != "resourcePolicy" {
		t.Fatal("the key policy is the resource policy of a kms: request")
	}
	if dec := d.Input.Decide(authz.Prepare(d.Request)); dec != authz.Allow {
		t.Errorf("kms:Decrypt with a key policy enabling IAM and an IAM allow: %s", dec)
	}
}
