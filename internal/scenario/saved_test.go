package scenario

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/playground"
)

// TestSavedFromPlayground: what the playground's "Save as scenario" writes reads as a
// scenario, and its expectation holds: the decision it records is the one the scenario gets.
func TestSavedFromPlayground(t *testing.T) {
	t.Parallel()
	states := map[string]string{
		"explicit deny, names to quote, a tab off": `{"policies": [
			{"kind": "identity", "name": "Reads \"TestEnv\"", "enabled": true, "text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}]}"},
			{"kind": "resource", "name": "Secret policy", "enabled": true, "text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"Null\": {\"aws:SourceVpce\": \"true\"}}}]}"},
			{"kind": "identity", "name": "Reads \"TestEnv\"", "enabled": false, "text": "{\"Version\": \"2012-10-17\", \"Statement\": []}"}],
			"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:GetSecretValue",
				"resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf",
				"context": {"secretsmanager:VersionStage": ["AWSCURRENT", "custom"], "aws:SourceIp": "192.0.2.1", "aws:MultiFactorAuthPresent": null}}}`,
		"SCP levels, a session, no derivation, backticks in a policy": "{\"policies\": [" +
			`{"kind": "scp", "name": "Root", "enabled": true, "level": 0, "text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}"},` +
			`{"kind": "identity", "name": "", "enabled": true, "text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"x\", \"Effect\": \"Allow\", \"Action\": \"secretsmanager:*\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/note\": \"` + "```" + `\"}}}]}"},` +
			`{"kind": "session", "name": "S", "enabled": true, "text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:Describe*\", \"Resource\": \"*\"}]}"}],` +
			`"request": {"principal": "arn:aws:sts::111122223333:assumed-role/R/s", "action": "secretsmanager:DescribeSecret", "resource": "*", "derive": false, "time": "2026-01-01T00:00:00Z", "context": {"aws:PrincipalTag/note": "` + "```" + `"}}}`,
		"refused policy": `{"policies": [{"kind": "identity", "name": "Broken", "enabled": true, "text": "{\"Version\": \"2012-10-17\", \"Statement\": ["}],
			"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:ListSecrets", "resource": "*"}}`,
	}
	for name, st := range states {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var saved playground.SavedScenario
			out := playground.SaveScenario([]byte(st))
			if err := json.Unmarshal(out, &saved); err != nil || saved.Markdown == "" {
				t.Fatalf("SaveScenario: %s", out)
			}
			s, err := Parse(saved.File, []byte(saved.Markdown))
			if err != nil {
				t.Fatalf("the saved scenario does not read:\n%v\n%s", err, saved.Markdown)
			}
			if err := Test(s); err != nil {
				t.Fatalf("the saved scenario fails:\n%v\n%s", err, saved.Markdown)
			}
			if len(s.Checks) != 1 || s.Checks[0].Want != saved.Decision {
				t.Fatalf("checks %+v, want one expecting %s", s.Checks, saved.Decision)
			}
		})
	}
	for _, bad := range []string{`[]`, `{"policies": [], "request": {"action": "secretsmanager:ListSecrets"}}`} {
		if out := string(playground.SaveScenario([]byte(bad))); !strings.Contains(out, `"code"`) {
			t.Errorf("SaveScenario(%s) = %s, want an error reply", bad, out)
		}
	}
}
