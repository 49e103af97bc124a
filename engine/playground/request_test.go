package playground

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
)

// TestStateRequestProblems: the playground's request is read as an evaluation document's:
// a context key written twice (in any case), an over-long value and an over-long resource
// are findings on the request (tab -1), and the first key written is the one used.
func TestStateRequestProblems(t *testing.T) {
	t.Parallel()
	cond := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "alice"}}}]}`
	tabs := `[{"kind": "identity", "enabled": true, "text": ` + quoteJSON(cond) + `}]`
	tests := []struct {
		name, request string
		code          string
		want          authz.Decision
	}{
		{"key twice, first wins", `{"action": "secretsmanager:GetSecretValue", "resource": "*", "context": {"aws:username": "alice", "AWS:UserName": "bob"}}`, "request.duplicate_context_key", authz.Allow},
		{"key twice, first wins (other order)", `{"action": "secretsmanager:GetSecretValue", "resource": "*", "context": {"AWS:UserName": "bob", "aws:username": "alice"}}`, "request.duplicate_context_key", authz.ImplicitDeny},
		{"long value", `{"action": "secretsmanager:GetSecretValue", "resource": "*", "context": {"aws:username": "` + strings.Repeat("a", authz.MaxContextValueBytes+1) + `"}}`, "request.context_value_too_long", authz.ImplicitDeny},
		{"long resource", `{"action": "secretsmanager:GetSecretValue", "resource": "` + strings.Repeat("a", authz.MaxRequestBytes+1) + `"}`, "request.too_long", authz.ImplicitDeny},
	}
	for _, tt := range tests {
		var a struct {
			Decision authz.Decision `json:"decision"`
			Findings []struct {
				Code string `json:"code"`
				Tab  int    `json:"tab"`
			} `json:"findings"`
		}
		out := Evaluate([]byte(`{"policies": ` + tabs + `, "request": ` + tt.request + `}`))
		if err := json.Unmarshal(out, &a); err != nil {
			t.Fatalf("%s: %v in %s", tt.name, err, out)
		}
		found := false
		for _, f := range a.Findings {
			found = found || f.Code == tt.code && f.Tab == -1
		}
		if !found || a.Decision != tt.want {
			t.Errorf("%s: decision %s, findings %+v; want %s and %s", tt.name, a.Decision, a.Findings, tt.want, tt.code)
		}
	}
}

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
