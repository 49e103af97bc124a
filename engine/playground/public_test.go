package playground

import (
	"encoding/json"
	"testing"
)

// A resource tab open to everyone gets the public-access warning with a fix; applying the
// fix as the editor applies a finding's suggestion (replace the range with it) makes the
// warning go away, and Validate gives the same finding.
func TestPublicAccessFix(t *testing.T) {
	t.Parallel()
	text := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}]}`
	state := []byte(`{"policies": [{"kind": "resource", "name": "secret", "enabled": true}],
	  "request": {"principal": "arn:aws:iam::444455556666:user/mateo", "action": "secretsmanager:GetSecretValue", "resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}}`)
	public := func(text string) []FindingAnswer {
		var a struct {
			Findings []FindingAnswer `json:"findings"`
		}
		if err := json.Unmarshal(Evaluate(state, text), &a); err != nil {
			t.Fatal(err)
		}
		var out []FindingAnswer
		for _, f := range a.Findings {
			if f.Code == "policy.public_access" && f.Tab == 0 {
				out = append(out, f)
			}
		}
		return out
	}
	fs := public(text)
	if len(fs) != 1 || fs[0].Suggestion == "" || fs[0].Severity != "security_warning" {
		t.Fatalf("findings %+v", fs)
	}
	var v struct {
		Findings []struct {
			Code       string `json:"code"`
			Suggestion string `json:"suggestion"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(Validate([]byte(text), "resource"), &v); err != nil || len(v.Findings) != 1 || v.Findings[0].Suggestion != fs[0].Suggestion {
		t.Errorf("Validate: %v %+v", err, v)
	}
	r := fs[0].Range
	fixed := text[:r.Start.Offset] + fs[0].Suggestion + text[r.End.Offset:]
	if fs := public(fixed); len(fs) != 0 {
		t.Errorf("after the fix: %+v\n%s", fs, fixed)
	}
}
