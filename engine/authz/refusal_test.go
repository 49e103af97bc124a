package authz_test

import (
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// evalDoc writes an evaluation document with the given policy members and a request for
// alice's GetSecretValue on a secret of her account.
func evalDoc(members string) string {
	return `{` + members + `, "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:GetSecretValue",
	"resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}}`
}

const allowRead = `{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`

// TestRefusal checks that only findings AWS refuses stop the decision, and that the answer
// then names the policy, the error AWS gives and the finding.
func TestRefusal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc      string
		decision       authz.Decision
		policy, awsErr string // the refused policy and AWS's error, "" when none is refused
		code           string
	}{
		{"sid with a hyphen in an identity policy", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Sid": "read-secrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}]`),
			authz.Refused, "identityPolicies/0", "MalformedPolicyDocument", policy.CodeSidCharacters},
		{"sid with a space in the secret's policy", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": ` + allowRead + `}],
			"resourcePolicy": {"Version": "2012-10-17", "Statement": {"Sid": "Deny everyone else", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "*", "Resource": "*"}}`),
			authz.ExplicitDeny, "", "", ""},
		{"unknown partition in the secret's policy", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": ` + allowRead + `}],
			"resourcePolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "arn:amazon:secretsmanager:us-east-1:111122223333:secret:*"}}`),
			authz.Refused, "resourcePolicy", "MalformedPolicyDocumentException", policy.CodeUnknownPartition},
		{"condition key without a prefix in an SCP", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": ` + allowRead + `}],
			"scps": [[{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"RequestedRegion": "us-east-1"}}}}]]`),
			authz.Refused, "scps/0/0", "MalformedPolicyDocumentException", policy.CodeConditionKeyFormat},
		{"unclosed variable in a boundary", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": ` + allowRead + `}],
			"permissionBoundaries": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:secretsmanager:*:*:secret:${aws:username*"}}]`),
			authz.Refused, "permissionBoundaries/0", "MalformedPolicyDocument", policy.CodeUnclosedVariable},
		{"grammar: a statement without Effect", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": {"Action": "*", "Resource": "*"}}]`),
			authz.Refused, "identityPolicies/0", "MalformedPolicyDocument", policy.CodeMissingEffect},
		{"an unknown action matches nothing", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}}]`),
			authz.ImplicitDeny, "", "", ""},
		{"an unknown action beside a known one", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValu", "secretsmanager:GetSecretValue"], "Resource": "*"}}]`),
			authz.Allow, "", "", ""},
		{"a key no action supports", evalDoc(`"identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "secretsmanager:ListSecrets", "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT"}}}}, {"Version": "2012-10-17", "Statement": ` + allowRead + `}]`),
			authz.Allow, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, res := authz.Evaluate([]byte(tt.doc))
			if doc == nil {
				t.Fatalf("unreadable: %v", res.Findings)
			}
			if res.Decision != tt.decision {
				t.Errorf("decision %s, want %s (%s)", res.Decision, tt.decision, res.Reason)
			}
			if d := doc.Input.Decide(authz.Prepare(doc.Request)); d != res.Decision {
				t.Errorf("Decide says %s, Evaluate %s", d, res.Decision)
			}
			if res.Valid != (tt.policy == "") || doc.Input.Valid() != (tt.policy == "") {
				t.Errorf("Valid %v (input %v) with refusals %v", res.Valid, doc.Input.Valid(), res.Refused)
			}
			if tt.policy == "" {
				if len(res.Refused) != 0 {
					t.Errorf("refused %v", res.Refused)
				}
				if strings.Contains(res.Reason, "refuse") {
					t.Errorf("reason %q", res.Reason)
				}
				return
			}
			if len(res.Refused) != 1 {
				t.Fatalf("refused %v, want one", res.Refused)
			}
			r := res.Refused[0]
			if r.Policy.String() != tt.policy || r.Error != tt.awsErr || r.Code != tt.code || r.Range.IsZero() {
				t.Errorf("refused %+v, want %s %s %s", r, tt.policy, tt.awsErr, tt.code)
			}
			want := "AWS would refuse " + tt.policy + " (" + tt.awsErr + "), so no request is decided: " + tt.code + ": "
			if !strings.HasPrefix(res.Reason, want) {
				t.Errorf("reason %q, want it to start %q", res.Reason, want)
			}
			if res.DecidedBy != authz.LayerNone {
				t.Errorf("decided by %q", res.DecidedBy)
			}
			for _, l := range res.Layers {
				if l.Decided {
					t.Errorf("layer %s marked as deciding a refused document", l.Kind)
				}
			}
			if len(res.Policies) == 0 {
				t.Error("the verdicts are gone")
			}
		})
	}
}

// TestInputCodeExamples checks the catalogue's examples of evaluation-document codes: each
// produces its code, with the catalogue's severity, and never claims AWS refuses a policy.
func TestInputCodeExamples(t *testing.T) {
	t.Parallel()
	for _, c := range policy.Codes() {
		if c.AWS != policy.Input || c.Example == "" {
			continue
		}
		_, res := authz.Evaluate([]byte(c.Example))
		found := false
		for _, f := range res.Findings {
			if f.Code == c.Code {
				found = true
				if f.Severity != c.Severity || f.Refused {
					t.Errorf("%s: severity %s refused %v, catalogue says %s", c.Code, f.Severity, f.Refused, c.Severity)
				}
			}
		}
		if !found {
			t.Errorf("%s: example %s does not produce it: %v", c.Code, c.Example, res.Findings)
		}
	}
}
