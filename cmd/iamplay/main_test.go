package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/internal/golden"
)

// transcript is what a person sees of one run: the command line, the exit status, both streams.
func transcript(args []string, stdin string) string {
	var out, errb bytes.Buffer
	code := run(args, stdio{in: strings.NewReader(stdin), out: &out, err: &errb})
	return fmt.Sprintf("$ iamplay %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(args, " "), code, out.String(), errb.String())
}

// checkGolden compares a transcript with testdata/golden/name.txt (golden.Check).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name+".txt"), []byte(got))
}

func TestCommands(t *testing.T) {
	t.Parallel()
	stdinPolicy, err := os.ReadFile(filepath.Join("testdata", "typo_operator.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []commandCase{
		{"validate_typo", []string{"validate", "testdata/typo_operator.json"}, "", exitFindings},
		{"codes_some", []string{"codes", "policy.sid_characters", "policy.unknown_action", "request.missing"}, "", exitOK},
		{"codes_json", []string{"codes", "--format", "json", "condition.key_format"}, "", exitOK},
		{"codes_unknown", []string{"codes", "policy.no_such_code"}, "", exitUsage},
		{"validate_clean", []string{"validate", "testdata/clean.json"}, "", exitOK},
		{"validate_truncated", []string{"validate", "testdata/truncated.json"}, "", exitFindings},
		{"validate_several", []string{"validate", "testdata/clean.json", "testdata/typo_operator.json", "testdata/resource_policy.json"}, "", exitFindings},
		{"validate_kind_resource", []string{"validate", "--kind", "resource", "testdata/resource_policy.json"}, "", exitOK},
		{"validate_kind_key", []string{"validate", "--kind", "key", "testdata/key_policy.json"}, "", exitOK},
		{"validate_kind_trust", []string{"validate", "--kind=trust", "testdata/trust_policy.json"}, "", exitFindings},
		{"validate_key_as_identity", []string{"validate", "testdata/key_policy.json"}, "", exitFindings},
		{"validate_flags_after_files", []string{"validate", "testdata/resource_policy.json", "--kind=resource"}, "", exitOK},
		{"validate_json", []string{"validate", "--format", "json", "testdata/typo_operator.json", "testdata/clean.json"}, "", exitFindings},
		{"validate_stdin", []string{"validate", "-"}, string(stdinPolicy), exitFindings},
		{"validate_color", []string{"validate", "--color=always", "testdata/typo_operator.json"}, "", exitFindings},
		{"validate_unreadable", []string{"validate", "testdata/clean.json", "testdata/missing.json"}, "", exitUsage},
		{"validate_directory", []string{"validate", "testdata"}, "", exitUsage},
		{"validate_unreadable_json", []string{"validate", "--format=json", "testdata/missing.json", "testdata/typo_operator.json"}, "", exitUsage},
		{"validate_no_files", []string{"validate"}, "", exitUsage},
		{"validate_bad_kind", []string{"validate", "--kind", "user", "testdata/clean.json"}, "", exitUsage},
		{"validate_bad_format", []string{"validate", "--format", "xml", "testdata/clean.json"}, "", exitUsage},
		{"validate_bad_flag", []string{"validate", "--strict", "testdata/clean.json"}, "", exitUsage},
		{"validate_double_dash", []string{"validate", "--", "--kind"}, "", exitUsage},
		{"validate_h", []string{"validate", "-h"}, "", exitOK},
		{"eval_json", []string{"eval", "testdata/eval/testenv.json", "testdata/eval/testenv_get.json"}, "", exitOK},
		{"eval_text_explain", []string{"eval", "--explain", "--format", "text", "testdata/eval/testenv.json"}, "", exitOK},
		{"eval_text_get", []string{"eval", "--format=text", "testdata/eval/testenv_get.json"}, "", exitOK},
		{"eval_explain_json", []string{"eval", "--explain", "testdata/eval/testenv_get.json"}, "", exitOK},
		{"eval_check_ok", []string{"eval", "--check", "testdata/eval/testenv.json", "testdata/eval/testenv_get.json"}, "", exitOK},
		{"eval_check_wrong", []string{"eval", "--check", "testdata/eval/wrong_want.json"}, "", exitFindings},
		{"eval_invalid", []string{"eval", "testdata/eval/invalid.json"}, "", exitUsage},
		{"eval_refused", []string{"eval", "testdata/eval/refused.json"}, "", exitOK},
		{"eval_refused_text", []string{"eval", "--format", "text", "testdata/eval/refused.json"}, "", exitOK},
		{"eval_reported", []string{"eval", "testdata/eval/reported.json"}, "", exitOK},
		{"eval_unreadable", []string{"eval", "testdata/eval/missing.json"}, "", exitUsage},
		{"eval_stdin", []string{"eval"}, `{"identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}}],"request":{"principal":"arn:aws:iam::111122223333:user/bob","action":"secretsmanager:ListSecrets","resource":"*"}}`, exitOK},
		{"eval_bad_format", []string{"eval", "--format", "yaml", "testdata/eval/testenv.json"}, "", exitUsage},
		{"help", []string{"help"}, "", exitOK},
		{"help_validate", []string{"help", "validate"}, "", exitOK},
		{"help_unknown", []string{"help", "frobnicate"}, "", exitUsage},
		{"no_arguments", nil, "", exitUsage},
		{"unknown_command", []string{"frobnicate"}, "", exitUsage},
	}
	runCommands(t, tests)
}

func TestVersion(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, stdio{out: &out, err: &errb}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if got := out.String(); !strings.HasPrefix(got, "iamplay "+version+" ") || !strings.Contains(got, "go1.") || errb.Len() != 0 {
		t.Errorf("version printed %q, stderr %q", got, errb.String())
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args     []string
		wantRest string
		wantKind string
	}{
		{[]string{"a", "--kind", "scp", "b"}, "a b", "scp"},
		{[]string{"--kind=scp", "-", "b"}, "- b", "scp"},
		{[]string{"a", "--", "--kind", "x"}, "a --kind x", "identity"},
		{[]string{"--", "-"}, "-", "identity"},
		{nil, "", "identity"},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		kind := fs.String("kind", "identity", "")
		rest, err := parseInterspersed(fs, tt.args)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got := strings.Join(rest, " "); got != tt.wantRest || *kind != tt.wantKind {
			t.Errorf("%q: rest %q kind %q, want %q %q", tt.args, got, *kind, tt.wantRest, tt.wantKind)
		}
	}
}

// TestCodesListsEveryCode checks that codes without arguments lists the whole catalogue, each
// with what AWS does with such a policy.
func TestCodesListsEveryCode(t *testing.T) {
	t.Parallel()
	var out, errOut strings.Builder
	if code := run([]string{"codes"}, stdio{in: strings.NewReader(""), out: &out, err: &errOut}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, c := range policy.Codes() {
		if !strings.Contains(out.String(), c.Code+"  "+string(c.Severity)+"  "+awsText[c.AWS]+"\n") {
			t.Errorf("codes does not list %s as %s, %s", c.Code, c.Severity, awsText[c.AWS])
		}
	}
}

// commandCase is one command line, what it reads on standard input and the exit status it
// must give; its transcript is compared with testdata/golden/NAME.txt.
type commandCase struct {
	name     string
	args     []string
	stdin    string
	wantCode int
}

// runCommands runs each case in parallel and checks its exit status and transcript.
func runCommands(t *testing.T, tests []commandCase) {
	t.Helper()
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
