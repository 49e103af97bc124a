package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const front = "---\ntitle: T\nsummary: S\n---\n"

const okPolicy = "```json policy name=P\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}]}\n```\n"

const okRequest = "```json request\n{\"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"secretsmanager:GetSecretValue\", \"resource\": \"arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf\"}\n```\n"

// TestMalformed holds every malformed scenario to one error naming the file, the line
// (and column where one is meant) and what is wrong.
func TestMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"no front matter", "# Hi\n" + okRequest + "```expect\nAllow\n```\n", "s.md:1: the scenario has no front matter"},
		{"front matter not YAML", "---\ntitle: a: b\n---\n", "s.md:2: the front matter is not YAML"},
		{"no title", "---\nsummary: S\n---\n" + okRequest + "```expect\nAllow\n```\n", "s.md:1: the front matter has no title"},
		{"unknown field", "---\ntitle: T\nsummary: S\nauthor: me\n---\n" + okRequest + "```expect\nAllow\n```\n", `s.md:4: unknown front matter field "author"`},
		{"order not a number", "---\ntitle: T\nsummary: S\norder: first\n---\n" + okRequest + "```expect\nAllow\n```\n", "s.md:4: order must be a whole number"},
		{"nothing to check", front + "Prose only.\n", "s.md:1: the scenario states no expectation"},
		{"misspelt kind", front + "```json polcy\n{}\n```\n", `s.md:5:9: "polcy" is not a scenario block kind`},
		{"unknown attribute", front + "```json policy kidn=identity\n{}\n```\n", `s.md:5:16: a policy block has no attribute "kidn"`},
		{"bad policy kind", front + "```json policy kind=group\n{}\n```\n" + okRequest + "```expect\nAllow\n```\n", "s.md:5:16: kind=group: unknown policy kind"},
		{"level on identity", front + "```json policy level=1\n{}\n```\n" + okRequest + "```expect\nAllow\n```\n", "s.md:5:16: level is for an SCP"},
		{"duplicate name", front + okPolicy + "```json policy name=P\n{}\n```\n" + okRequest + "```expect\nAllow\n```\n", `s.md:8:16: a policy named "P" is already written at line 6`},
		{"request not JSON", front + "```json request\n{\"principal\": \n```\n```expect\nAllow\n```\n", "s.md:6:"},
		{"request unknown field", front + "```json request\n{\"principle\": \"x\"}\n```\n```expect\nAllow\n```\n", `s.md:6:2: a request has no field "principle"`},
		{"request bad action", front + "```json request\n{\"principal\": \"arn:aws:iam::111122223333:user/alice\",\n \"action\": \"secretsmanager:GetSecretValues\", \"resource\": \"*\"}\n```\n```expect\nAllow\n```\n", `s.md:7:12: unknown Secrets Manager action "secretsmanager:GetSecretValues"`},
		{"request without expect", front + okRequest, "s.md:6: the request has no expected decision"},
		{"expect without request", front + "```expect\nAllow\n```\n", "s.md:5: an expect block states the decision of the request block just above it"},
		{"bad decision", front + okRequest + "```expect\nAllowed\n```\n", `s.md:9: "Allowed" is not a decision`},
		{"unknown policy in policies=", front + okPolicy + "```json request policies=Q\n{\"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"secretsmanager:GetSecretValue\", \"resource\": \"*\"}\n```\n```expect\nAllow\n```\n", `s.md:8:17: no policy is named "Q" (the policies are P)`},
		{"table unknown column", front + okRequest + "```expect\nAllow\n```\n\n| actoin | decision |\n|---|---|\n| x | Allow |\n", `s.md:12:3: a table of requests has no column "actoin"`},
		{"table bad decision", front + okRequest + "```expect\nAllow\n```\n\n| action | decision |\n|---|---|\n| `secretsmanager:DescribeSecret` | Maybe |\n", `s.md:14:37: "Maybe" is not a decision`},
		{"table bad context", front + okRequest + "```expect\nAllow\n```\n\n| context | decision |\n|---|---|\n| aws:SourceIp | Allow |\n", `s.md:14:3: context "aws:SourceIp": write key=value`},
		{"table row bad action", front + okRequest + "```expect\nAllow\n```\n\n| action | decision |\n|---|---|\n| `nope` | Allow |\n", `s.md:14: the action "nope" is not of the form service:Action`},
		{"unknown finding code", front + okPolicy + "```text findings policy=P\npolicy.nope\n```\n", `s.md:9:1: "policy.nope" is not a finding code`},
		{"world empty", front + "```json world\n```\n", "s.md:5: the world block is empty"},
		{"world escapes", front + "```json world src=../x.json\n```\n```console calls\n$ iamplay call --as arn:aws:iam::111122223333:user/alice ListSecrets\n```\n", "s.md:5:15: src=../x.json must be a path inside the scenario's directory"},
		{"world has errors", front + "```json world\n{\"accounts\": 7}\n```\n", "s.md:6:"},
		{"calls without world", front + "```console calls\n$ iamplay call --as arn:aws:iam::111122223333:user/alice ListSecrets\n```\n", "s.md:5: calls run against a world"},
		{"calls not a command", front + "```json world src=default\n```\n```console calls\nhello\n```\n", "s.md:8:1: a transcript starts with a command"},
		{"calls other program", front + "```json world src=default\n```\n```console calls\n$ aws secretsmanager list-secrets\n```\n", "s.md:8:1: a transcript's commands are"},
		{"calls unknown operation", front + "```json world src=default\n```\n```console calls\n$ iamplay call --as arn:aws:iam::111122223333:user/alice GetSecret '{}'\n```\n", `s.md:8:1: "GetSecret" is not a Secrets Manager operation`},
		{"calls without --as", front + "```json world src=default\n```\n```console calls\n$ iamplay call ListSecrets\n```\n", "s.md:8:1: the call needs --as ARN"},
		{"calls bad input", front + "```json world src=default\n```\n```console calls\n$ iamplay call --as arn:aws:iam::111122223333:user/alice ListSecrets '[1]'\n```\n", "s.md:8:1: the input is not a JSON object"},
		{"calls bad answer", front + "```json world src=default\n```\n```console calls\n$ iamplay call --as arn:aws:iam::111122223333:user/alice ListSecrets\nsure\n```\n", "s.md:8: the answer after this command: expected a JSON object"},
		{"unclosed quote", front + "```json policy name=\"P\n{}\n```\n", "s.md:5:21: a quote is not closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("s.md", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			es, ok := err.(Errors)
			if !ok {
				t.Fatalf("error %T, want Errors", err)
			}
			found := false
			for _, e := range es {
				found = found || strings.HasPrefix(e.Error(), tc.want)
			}
			if !found {
				t.Errorf("errors:\n%v\nwant one starting %q", err, tc.want)
			}
		})
	}
}

// TestWrongExpectation: a scenario that reads but states a wrong outcome fails at the
// line of the outcome, for decisions, table rows, findings and calls.
func TestWrongExpectation(t *testing.T) {
	t.Parallel()
	src := front + okPolicy + okRequest + "```expect\nExplicitDeny\n```\n\n" +
		"| action | decision |\n|---|---|\n| `secretsmanager:DescribeSecret` | Allow |\n\n" +
		"```text findings policy=P\npolicy.duplicate_sid\n```\n\n" +
		"```json world src=default\n```\n```console calls\n" +
		"$ iamplay call --as arn:aws:iam::111122223333:user/alice GetSecretValue '{\"SecretId\": \"Prod/db\"}'\n{\"Name\": \"Prod/db\"}\n" +
		"$ iamplay call --as arn:aws:iam::111122223333:user/alice DescribeSecret '{\"SecretId\": \"TestEnv/db\"}'\nAn error occurred (AccessDeniedException) when calling the DescribeSecret operation: ...\n" +
		"$ iamplay call --as arn:aws:iam::111122223333:user/nobody ListSecrets\n```\n"
	s, err := Parse("w.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := Run(s).Failures
	want := []string{
		"w.md:12: request at line 9: want ExplicitDeny, got Allow",
		"w.md:17: row at line 17: want Allow, got ImplicitDeny",
		"w.md:20: policy P: want finding policy.duplicate_sid, got none",
		"w.md:26: GetSecretValue arn:aws:iam::111122223333:user/alice: want success, got AccessDeniedException",
		"w.md:28: DescribeSecret arn:aws:iam::111122223333:user/alice: want AccessDeniedException, but the call succeeded",
		"w.md:30: arn:aws:iam::111122223333:user/nobody: no such principal in the world",
	}
	if len(got) != len(want) {
		t.Fatalf("failures:\n%v\nwant %d", got, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i].Error(), w) {
			t.Errorf("failure %d:\n%s\nwant it to start %q", i, got[i], w)
		}
	}
}

// A world named by src= is read beside the scenario; a missing or broken one is an error at
// the world block, naming the world file's own position.
func TestWorldFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	md := front + "```json world src=worlds/w.json\n```\n\n```console calls\n" +
		"$ iamplay call --as arn:aws:iam::123456789012:user/dev GetSecretValue '{\"SecretId\": \"app/one\"}'\n{\"SecretString\": \"one\"}\n```\n"
	world := `{"accounts": [{"id": "123456789012",
  "users": [{"name": "dev", "policies": [{"name": "R", "policy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}}}]}],
  "secrets": [{"name": "app/one", "region": "us-east-1", "suffix": "AbCdEf", "versions": [{"id": "v1", "stages": ["AWSCURRENT"], "secretString": "one"}]}]}]}`
	write := func(name, text string) string {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	path := write("s.md", md)
	if _, err := ParseFile(path); err == nil || !strings.Contains(err.Error(), "s.md:5: world file worlds/w.json: open") {
		t.Errorf("a missing world file: %v", err)
	}
	write("worlds/w.json", `{"accounts": [{"id": "12"}]}`)
	if _, err := ParseFile(path); err == nil || !strings.Contains(err.Error(), "s.md:5: world file worlds/w.json:1:") {
		t.Errorf("a broken world file: %v", err)
	}
	write("worlds/w.json", world)
	s, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Test(s); err != nil {
		t.Error(err)
	}
}
