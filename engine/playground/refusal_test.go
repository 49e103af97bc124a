package playground

import (
	"encoding/json"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
)

// TestEvaluateRefusal checks the playground's answer tells a policy AWS refuses from one it
// stores: a refused tab makes the decision Refused, names the tab's policy and marks the
// finding; an unknown action is evaluated and leaves the state valid.
func TestEvaluateRefusal(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text string
		want       authz.Decision
		refused    bool
		code       string
	}{
		{"a Sid IAM rejects", `{"Version": "2012-10-17", "Statement": [{"Sid": "read secrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`,
			authz.Refused, true, "policy.sid_characters"},
		{"an unknown action", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValu", "secretsmanager:GetSecretValue"], "Resource": "*"}]}`,
			authz.Allow, false, "policy.unknown_action"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var a struct {
				Decision authz.Decision  `json:"decision"`
				Valid    bool            `json:"valid"`
				Refused  []authz.Refusal `json:"refused"`
				Findings []struct {
					Code    string `json:"code"`
					Refused bool   `json:"refused"`
					Tab     int    `json:"tab"`
				} `json:"findings"`
			}
			out := Evaluate(stateJSON(t, []Tab{{Kind: "identity", Name: "Reader", Enabled: true, Text: c.text}}, "secretsmanager:GetSecretValue"))
			if err := json.Unmarshal(out, &a); err != nil {
				t.Fatal(err)
			}
			if a.Decision != c.want || a.Valid == c.refused || (len(a.Refused) == 1) != c.refused {
				t.Errorf("decision %s valid %v refused %v; want %s, refused %v", a.Decision, a.Valid, a.Refused, c.want, c.refused)
			}
			if c.refused && (a.Refused[0].Policy.String() != "identityPolicies/0" || a.Refused[0].Code != c.code) {
				t.Errorf("refused %+v", a.Refused[0])
			}
			found := false
			for _, f := range a.Findings {
				if f.Code == c.code {
					found = true
					if f.Refused != c.refused || f.Tab != 0 {
						t.Errorf("finding %+v, want refused %v on tab 0", f, c.refused)
					}
				}
			}
			if !found {
				t.Errorf("no %s finding in %s", c.code, out)
			}
		})
	}
}
