package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/internal/golden"
)

// goldenKind reads the policy kind from a golden case's file name: identity_..., resource_...
func goldenKind(t *testing.T, name string) Kind {
	t.Helper()
	prefix, _, _ := strings.Cut(name, "_")
	k, err := ParseKind(prefix)
	if err != nil {
		t.Fatalf("%s: file names start with the kind: %v", name, err)
	}
	return k
}

// renderGolden is what a golden file holds: the findings as the command line prints them,
// then one line per finding with its path, exact range and suggestion.
func renderGolden(t *testing.T, name string, src []byte, fs Findings) []byte {
	t.Helper()
	var b bytes.Buffer
	if len(fs) == 0 {
		b.WriteString("no findings\n")
	}
	if err := Render(&b, name, src, fs, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	b.WriteString("--- paths and ranges\n")
	for _, f := range fs {
		r := f.Range
		b.WriteString(f.Code + " " + f.Path + " " + strconv.Itoa(r.Start.Line) + ":" + strconv.Itoa(r.Start.Column) + "-" +
			strconv.Itoa(r.End.Line) + ":" + strconv.Itoa(r.End.Column) + " [" + strconv.Itoa(r.Start.Offset) + "," + strconv.Itoa(r.End.Offset) + ")")
		if f.Suggestion != "" {
			b.WriteString(" => " + f.Suggestion)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestValidateGolden checks each policy in testdata/validate against its .golden file
// (go test -run TestValidateGolden -update rewrites them).
func TestValidateGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/validate/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, fs := Check(src, goldenKind(t, name))
			assertRangesInSource(t, src, fs)
			got := renderGolden(t, filepath.Base(file), src, fs)
			golden.Check(t, strings.TrimSuffix(file, ".json")+".golden", got)
		})
	}
}

// assertRangesInSource checks every finding's range lies inside the source and agrees
// with its line and column.
func assertRangesInSource(t *testing.T, src []byte, fs Findings) {
	t.Helper()
	for _, f := range fs {
		r := f.Range
		if r.Start.Offset < 0 || r.End.Offset > len(src) || r.Start.Offset > r.End.Offset || r.Start.Line < 1 || r.Start.Column < 1 {
			t.Errorf("%s at %s: range %+v outside the source", f.Code, f.Path, r)
			continue
		}
		line := 1 + bytes.Count(src[:r.Start.Offset], []byte("\n"))
		if line != r.Start.Line {
			t.Errorf("%s at %s: line %d, offset says %d", f.Code, f.Path, r.Start.Line, line)
		}
	}
}

// TestCodesGoldenCoverage checks the golden cases produce every code Validate can emit.
func TestCodesGoldenCoverage(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/validate/*.json")
	seen := map[string]bool{}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		_, fs := Check(src, goldenKind(t, name))
		for _, f := range fs {
			seen[f.Code] = true
			if _, ok := LookupCode(f.Code); !ok {
				t.Errorf("%s: code %s is not in the code catalogue", name, f.Code)
			}
		}
	}
	for _, c := range Codes() {
		if strings.HasPrefix(c.Code, "json.") || strings.HasPrefix(c.Code, "condition.") || c.AWS == Input || slices.Contains(parserOnlyCodes, c.Code) || c.Code == CodePublicAccess {
			continue
		}
		if !seen[c.Code] {
			t.Errorf("no golden case in testdata/validate produces %s", c.Code)
		}
	}
}

// parserOnlyCodes are Parse's shape codes; parse_test.go covers them (condition_validate_test.go
// covers condition.*).
var parserOnlyCodes = []string{"policy.not_object", "policy.wrong_type", "policy.unknown_element", "policy.element_case"}

// TestCodeExamples checks the catalogue: codes are unique, described, and each example
// produces its code.
func TestCodeExamples(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, c := range Codes() {
		if seen[c.Code] {
			t.Errorf("code %s declared twice", c.Code)
		}
		seen[c.Code] = true
		if c.Summary == "" || c.Severity == "" || c.AWS == "" || c.Basis == "" {
			t.Errorf("code %s lacks a summary, severity, AWS response or basis", c.Code)
		}
		if c.AWS == Refuses && c.Severity != SeverityError {
			t.Errorf("code %s: AWS refuses the policy, so the finding is an error, not a %s", c.Code, c.Severity)
		}
		if c.AWS == Input {
			continue // an evaluation document or playground state: authz and jsonapi check those examples
		}
		if c.Code == CodePublicAccess {
			continue // emitted by package exposure, whose tests check this example
		}
		if c.Example == "" {
			if c.Code != "json.too_deep" && c.Code != "json.too_large" {
				t.Errorf("code %s has no example", c.Code)
			}
			continue
		}
		_, fs := Check([]byte(c.Example), c.Kind)
		found := false
		for _, f := range fs {
			if f.Code == c.Code {
				found = true
				if f.Severity != c.Severity || f.Refused != (c.AWS == Refuses) {
					t.Errorf("%s: example gives severity %s (refused %v), catalogue says %s (%s)", c.Code, f.Severity, f.Refused, c.Severity, c.AWS)
				}
			}
		}
		if !found {
			t.Errorf("%s: example %s gives %v, not the code", c.Code, c.Example, codesOf(fs))
		}
	}
}

func codesOf(fs Findings) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Code
	}
	return out
}

// TestValidateNil checks Validate accepts what Parse may return.
func TestValidateNil(t *testing.T) {
	t.Parallel()
	if fs := Validate(nil, KindIdentity); fs != nil {
		t.Errorf("Validate(nil) = %v", fs)
	}
	if fs := Validate(&Document{}, KindResource); !slices.Contains(codesOf(fs), "policy.missing_statement") {
		t.Errorf("empty document: %v", codesOf(fs))
	}
}

// TestValidateKinds checks which elements each kind requires and forbids.
func TestValidateKinds(t *testing.T) {
	t.Parallel()
	noPrincipal := `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}}`
	withPrincipal := `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}}`
	noResource := `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "secretsmanager:DeleteSecret"}}`
	tests := []struct {
		kind Kind
		src  string
		want string // a code that must be reported; "" means no error at all
	}{
		{KindIdentity, noPrincipal, ""},
		{KindBoundary, noPrincipal, ""},
		{KindSession, noPrincipal, ""},
		{KindSCP, noPrincipal, ""},
		{KindResource, noPrincipal, "policy.missing_principal"},
		{KindResource, withPrincipal, ""},
		{KindIdentity, withPrincipal, "policy.principal_not_allowed"},
		{KindBoundary, withPrincipal, "policy.principal_not_allowed"},
		{KindSession, withPrincipal, "policy.principal_not_allowed"},
		{KindSCP, withPrincipal, "policy.principal_not_allowed"},
		{KindIdentity, noResource, "policy.missing_resource"},
		{KindBoundary, noResource, "policy.missing_resource"},
		{KindSession, noResource, "policy.missing_resource"},
		{KindSCP, noResource, "policy.resource_omitted"},
		{KindKey, noPrincipal, "policy.missing_principal"},
		{KindKey, withPrincipal, ""},
		{KindTrust, noPrincipal, "policy.missing_principal"},
		{KindTrust, withPrincipal, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+"/"+tt.want, func(t *testing.T) {
			t.Parallel()
			_, fs := Check([]byte(tt.src), tt.kind)
			if tt.want == "" {
				if fs.HasErrors() {
					t.Errorf("want no errors, got %v", codesOf(fs))
				}
				return
			}
			if !slices.Contains(codesOf(fs), tt.want) {
				t.Errorf("want %s, got %v", tt.want, codesOf(fs))
			}
		})
	}
}

// TestValidateKeyAndTrust checks what sets key and trust policies apart: a trust policy
// names no Resource (its resource is the role), a key policy's Sid may hold spaces, and
// each has its own size quota.
func TestValidateKeyAndTrust(t *testing.T) {
	t.Parallel()
	trust := `{"Version": "2012-10-17", "Statement": {"Sid": "Ci", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/ci"}, "Action": "sts:AssumeRole"}}`
	key := `{"Version": "2012-10-17", "Statement": {"Sid": "Allow use of the key", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}}`
	padded := func(src string, n int) string { return src[:len(src)-1] + strings.Repeat(" ", n-len(src)) + "}" }
	tests := []struct {
		kind Kind
		src  string
		want []string // every code reported
	}{
		{KindTrust, trust, nil},
		{KindTrust, padded(trust, 2048), nil},
		{KindTrust, padded(trust, 2049), []string{"policy.too_large"}},
		{KindIdentity, trust, []string{"policy.missing_resource", "policy.principal_not_allowed"}},
		{KindKey, key, nil},
		{KindKey, padded(key, 32768), nil},
		{KindKey, padded(key, 32769), []string{"policy.too_large"}},
		{KindIdentity, key, []string{"policy.sid_characters", "policy.principal_not_allowed"}},
	}
	for _, tt := range tests {
		_, fs := Check([]byte(tt.src), tt.kind)
		if got := codesOf(fs); !slices.Equal(got, tt.want) {
			t.Errorf("%s policy of %d bytes: %v, want %v", tt.kind, len(tt.src), got, tt.want)
		}
	}
	for _, k := range Kinds {
		if got, err := ParseKind(string(k)); got != k || err != nil {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
}

// TestValidateStatementIDs covers the pairwise and the hashed paths of the Sid check.
func TestValidateStatementIDs(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, 40} {
		var b strings.Builder
		b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			sid := "S" + strconv.Itoa(i)
			if i == n-1 {
				sid = "S1"
			}
			b.WriteString(`{"Sid": "` + sid + `", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}`)
		}
		b.WriteString("]}")
		_, fs := Check([]byte(b.String()), KindIdentity)
		if got := codesOf(fs); !slices.Equal(got, []string{"policy.duplicate_sid"}) || fs[0].Path != "/Statement/"+strconv.Itoa(n-1)+"/Sid" {
			t.Errorf("%d statements: got %v %v", n, got, fs)
		}
	}
}

// TestValidateLongActionList covers the hashed path of the duplicate check.
func TestValidateLongActionList(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Resource": "*", "Action": [`)
	for i := range 50 {
		b.WriteString(`"s3:Action` + strconv.Itoa(i) + `", `)
	}
	b.WriteString(`"S3:ACTION7"]}}`)
	_, fs := Check([]byte(b.String()), KindIdentity)
	if got := codesOf(fs); !slices.Equal(got, []string{"policy.duplicate_entry"}) || fs[0].Path != "/Statement/Action/50" {
		t.Errorf("got %v", fs)
	}
}
