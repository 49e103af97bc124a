package world

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// worldFiles are the example worlds: the default world and testdata/worlds.
func worldFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{"default": DefaultFile()}
	paths, _ := filepath.Glob("testdata/worlds/*.json")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = b
	}
	return files
}

// Export after Read is the same document, and reading the export gives the same export.
func TestRoundTrip(t *testing.T) {
	for name, src := range worldFiles(t) {
		t.Run(name, func(t *testing.T) {
			w, fs := Read(src)
			if fs.HasErrors() {
				t.Fatalf("findings: %v", fs)
			}
			out, err := w.Export(ExportOptions{Values: true})
			if err != nil {
				t.Fatal(err)
			}
			var a, b any
			if err := json.Unmarshal(src, &a); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &b); err != nil {
				t.Fatal(err)
			}
			if name != "testdata/worlds/small.json" && !reflect.DeepEqual(a, b) {
				t.Errorf("export differs from the file:\n%s", out)
			}
			w2, fs2 := Read(out)
			if fs2.HasErrors() {
				t.Fatalf("the export reads with findings: %v", fs2)
			}
			again, _ := w2.Export(ExportOptions{Values: true})
			if string(again) != string(out) {
				t.Errorf("a second round trip changes the export:\n%s\n---\n%s", out, again)
			}
		})
	}
}

// The small world spells out the defaults (partition "aws"); its export leaves them out and
// is otherwise the same.
func TestRoundTripLeavesOutDefaults(t *testing.T) {
	src, _ := os.ReadFile("testdata/worlds/small.json")
	w, _ := Read(src)
	out, _ := w.Export(ExportOptions{Values: true})
	if strings.Contains(string(out), `"partition"`) {
		t.Errorf("the default partition is written:\n%s", out)
	}
	var a map[string]any
	_ = json.Unmarshal(src, &a)
	delete(a, "partition")
	var b map[string]any
	_ = json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("export differs beyond the default:\n%s", out)
	}
}

// Secret values appear in an export only when asked for.
func TestExportWithoutValues(t *testing.T) {
	w := Default()
	out, err := w.Export(ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"EXAMPLE-test-password", "EXAMPLE-api-key", "secretString", "secretBinary"} {
		if strings.Contains(string(out), leak) {
			t.Errorf("an export without values holds %q", leak)
		}
	}
	with, _ := w.Export(ExportOptions{Values: true})
	if !strings.Contains(string(with), "EXAMPLE-api-key") {
		t.Error("an export with values lacks them")
	}
}

func TestReadFindings(t *testing.T) {
	src, _ := os.ReadFile("testdata/bad/references.json")
	w, fs := Read(src)
	if w == nil {
		t.Fatal("a JSON object is read, whatever its faults")
	}
	want := []struct{ code, text string }{
		{CodeReference, `no SCP named "Nope"`},
		{CodeReference, "account 999999999999 is not among"},
		{CodeBadValue, "twelve digits"},
		{CodeReference, `group "Missing"`},
		{CodeReference, "NoSuchPolicy"},
		{CodeDuplicate, `two users are named "a"`},
		{CodeReference, `KMS key "alias/none"`},
		{CodeDuplicate, "two versions 1"},
		{CodeDuplicate, "staging label AWSPREVIOUS"},
		{CodeBadValue, "both secretString and secretBinary"},
		{CodeMissing, "none is labelled AWSCURRENT"},
		{CodeUnknownField, `"color"`},
	}
	for _, w := range want {
		found := false
		for _, f := range fs {
			if f.Code == w.code && strings.Contains(f.Message, w.text) {
				found = true
				if f.Range.Start.Line < 2 || f.Range.End.Offset <= f.Range.Start.Offset {
					t.Errorf("%s %q is not positioned: %+v", w.code, w.text, f.Range)
				}
			}
		}
		if !found {
			t.Errorf("no %s finding saying %q in %v", w.code, w.text, fs)
		}
	}
	for _, bad := range []string{"", "[]", "{", `{"accounts": 7}`, `{"accounts": [{"id": []}]}`, `{"clock": "yesterday", "accounts": []}`} {
		w, fs := Read([]byte(bad))
		if !fs.HasErrors() {
			t.Errorf("%q: no error finding", bad)
		}
		if (bad == "" || bad == "[]" || bad == "{") != (w == nil) {
			t.Errorf("%q: world %v", bad, w)
		}
	}
}

// Trust policies are read as trust policies (no Resource) and key policies as key policies
// (a Sid may hold spaces; kms: actions checked): the default world's have no findings, a
// misspelt kms: action has one.
func TestTrustAndKeyPolicyKinds(t *testing.T) {
	_, fs := Read(DefaultFile())
	for _, f := range fs {
		if strings.Contains(f.Path, "/trustPolicy") || strings.Contains(f.Path, "/keys/") {
			t.Errorf("%s at %s: %s", f.Code, f.Path, f.Message)
		}
	}
	src := []byte(`{"accounts": [{"id": "123456789012", "keys": [{"id": "k", "region": "us-east-1", "policy": {"Version": "2012-10-17",
	  "Statement": {"Sid": "Key users", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:Decrpyt", "Resource": "*"}}}]}]}`)
	_, fs = Read(src)
	if len(fs) != 1 || fs[0].Code != policy.CodeUnknownAction || fs[0].Suggestion != `"kms:Decrypt"` {
		t.Errorf("findings %v, want one unknown kms: action", fs)
	}
}

// A policy's findings are positioned in the world file, with paths into it.
func TestPolicyFindingsArePositioned(t *testing.T) {
	src := []byte(`{"accounts": [{"id": "123456789012", "users": [{"name": "u",
  "policies": [{"name": "p", "policy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "u"}}}}}]}]}]}`)
	_, fs := Read(src)
	for _, f := range fs {
		if f.Code == "condition.unknown_operator" {
			if f.Range.Start.Line != 2 || string(src[f.Range.Start.Offset:f.Range.End.Offset]) != `"StringEqual"` ||
				f.Path != "/accounts/0/users/0/policies/0/policy/Statement/Condition/StringEqual" {
				t.Errorf("finding at %s %+v", f.Path, f.Range)
			}
			return
		}
	}
	t.Fatalf("no unknown_operator finding: %v", fs)
}

// Caller assembles a principal's compiled policies by reference: a user's own, its groups',
// its boundary, the SCP levels of its account.
func TestCallerInput(t *testing.T) {
	w := Default()
	alice, err := w.Caller("arn:aws:iam::111122223333:user/alice")
	if err != nil {
		t.Fatal(err)
	}
	in := w.Input(alice)
	if len(in.Identity) != 1 || in.Identity[0].Name != "ReadTestEnvSecrets" {
		t.Errorf("alice's identity policies: %v", names(in.Identity))
	}
	if len(in.SCPs) != 3 || len(in.SCPs[1]) != 2 || in.SCPs[0][0].Name != FullAWSAccess {
		t.Errorf("alice's SCP levels: %d", len(in.SCPs))
	}
	if in.Boundaries != nil || in.Session != nil {
		t.Error("alice has no boundary and no session policy")
	}
	if tags := alice.Tags(); len(tags) != 1 || tags[0] != (Tag{"team", "payments"}) {
		t.Errorf("alice's tags %v", tags)
	}
	admin, _ := w.Caller("arn:aws:iam::111122223333:user/admin")
	if in := w.Input(admin); len(in.Identity) != 1 || in.Identity[0].Name != "SecretsManagerReadWrite" {
		t.Errorf("admin's identity policies: %v", names(in.Identity))
	}
	role, err := w.Caller("arn:aws:sts::111122223333:assumed-role/EC2RoleToAccessSecrets/i-0abc")
	if err != nil || role.Role == nil || role.Session != "i-0abc" {
		t.Fatalf("role session: %+v %v", role, err)
	}
	root, err := w.Caller("arn:aws:iam::111122223333:root")
	if err != nil || !root.Root || len(w.Input(root).Identity) != 0 {
		t.Fatalf("root: %+v %v", root, err)
	}
	for _, arn := range []string{"arn:aws:iam::111122223333:user/nobody", "arn:aws:iam::999999999999:user/alice", "alice", "arn:aws:iam::111122223333:user/engineering/alice"} {
		if _, err := w.Caller(arn); err == nil {
			t.Errorf("%s: found a caller", arn)
		}
	}
	// The world's policies decide through authz as they are.
	secret := "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf"
	q := authz.Prepare(authz.Request{Principal: alice.ARN, Action: "secretsmanager:DescribeSecret", Resource: secret,
		Context: map[string][]string{"aws:RequestedRegion": {"us-east-1"}}})
	if d := in.Decide(q); d != authz.Allow {
		t.Errorf("alice describes TestEnv/db: %s", d)
	}
	q = authz.Prepare(authz.Request{Principal: alice.ARN, Action: "secretsmanager:DescribeSecret", Resource: secret,
		Context: map[string][]string{"aws:RequestedRegion": {"eu-west-1"}}})
	if d := in.Decide(q); d != authz.ExplicitDeny {
		t.Errorf("alice describes TestEnv/db from eu-west-1: %s, want the SCP's explicit deny", d)
	}
}

func names(ps []*authz.Policy) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// Every managed policy iamplay ships is valid as AWS publishes it.
func TestManagedPolicies(t *testing.T) {
	if len(awsManaged()) < 5 || awsManaged()["arn:aws:iam::aws:policy/SecretsManagerReadWrite"] == nil {
		t.Fatalf("managed policies: %v", AWSManagedPolicies())
	}
	for arn, m := range awsManaged() {
		if policy.Findings(m.Policy.Policy.Findings).HasErrors() {
			t.Errorf("%s: %v", arn, m.Policy.Policy.Findings)
		}
	}
}
