package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestEvalCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
	}{
		{"eval_json", []string{"eval", "testdata/eval/testenv.json", "testdata/eval/testenv_get.json"}, "", exitOK},
		{"eval_text_explain", []string{"eval", "--explain", "--format", "text", "testdata/eval/testenv.json"}, "", exitOK},
		{"eval_text_get", []string{"eval", "--format=text", "testdata/eval/testenv_get.json"}, "", exitOK},
		{"eval_explain_json", []string{"eval", "--explain", "testdata/eval/testenv_get.json"}, "", exitOK},
		{"eval_check_ok", []string{"eval", "--check", "testdata/eval/testenv.json", "testdata/eval/testenv_get.json"}, "", exitOK},
		{"eval_check_wrong", []string{"eval", "--check", "testdata/eval/wrong_want.json"}, "", exitFindings},
		{"eval_invalid", []string{"eval", "testdata/eval/invalid.json"}, "", exitUsage},
		{"eval_unreadable", []string{"eval", "testdata/eval/missing.json"}, "", exitUsage},
		{"eval_stdin", []string{"eval"}, `{"identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}}],"request":{"principal":"arn:aws:iam::111122223333:user/bob","action":"secretsmanager:ListSecrets","resource":"*"}}`, exitOK},
		{"eval_bad_format", []string{"eval", "--format", "yaml", "testdata/eval/testenv.json"}, "", exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errb bytes.Buffer
			if code := run(tt.args, stdio{in: strings.NewReader(tt.stdin), out: &out, err: &errb}); code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, out.String(), errb.String())
			}
			checkGolden(t, tt.name, transcript(tt.args, tt.stdin))
		})
	}
}
