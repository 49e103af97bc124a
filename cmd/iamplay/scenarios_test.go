package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The scenarios command's transcripts: a passing scenario, a failing one (each failure at
// its file and line), a malformed one, the directory form, export to standard output.
func TestScenariosCommand(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "scenarios")
	runCommands(t, []commandCase{
		{"scenarios_test_pass", []string{"scenarios", "test", filepath.Join(dir, "pass.md")}, "", exitOK},
		{"scenarios_test_wrong", []string{"scenarios", "test", filepath.Join(dir, "wrong.md")}, "", exitFindings},
		{"scenarios_test_malformed", []string{"scenarios", "test", filepath.Join(dir, "malformed.md")}, "", exitFindings},
		{"scenarios_test_dir", []string{"scenarios", "test", "--dir", dir}, "", exitFindings},
		{"scenarios_export_stdout", []string{"scenarios", "export", filepath.Join(dir, "pass.md")}, "", exitOK},
		{"scenarios_no_verb", []string{"scenarios"}, "", exitUsage},
		{"scenarios_empty_dir", []string{"scenarios", "test", "--dir", filepath.Join("testdata", "eval")}, "", exitUsage},
	})
}

// iamplay scenarios test passes on the course, and export writes one JSON per scenario in
// the shape internal/scenario documents.
func TestScenariosCourse(t *testing.T) {
	t.Parallel()
	course := filepath.Join("..", "..", "scenarios")
	var out, errb bytes.Buffer
	if code := run([]string{"scenarios", "test", "--dir", course}, stdio{in: strings.NewReader(""), out: &out, err: &errb}); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	dir := t.TempDir()
	if code := run([]string{"scenarios", "export", "--dir", course, "--out", dir}, stdio{in: strings.NewReader(""), out: &out, err: &errb}); code != exitOK {
		t.Fatalf("export: exit %d\n%s", code, errb.String())
	}
	mds, _ := filepath.Glob(filepath.Join(course, "*.md"))
	jsons, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(jsons) != len(mds) || len(jsons) < 30 {
		t.Fatalf("%d JSON files for %d scenarios", len(jsons), len(mds))
	}
	for _, f := range jsons {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Slug     string `json:"slug"`
			Pass     bool   `json:"pass"`
			Policies []any  `json:"policies"`
			Checks   []struct {
				Want, Got string
				Enabled   []bool
			} `json:"checks"`
		}
		if err := json.Unmarshal(b, &p); err != nil || p.Slug+".json" != filepath.Base(f) || !p.Pass {
			t.Errorf("%s: %v %+v", f, err, p)
		}
		for _, c := range p.Checks {
			if c.Want != c.Got || len(c.Enabled) != len(p.Policies) {
				t.Errorf("%s: check %+v", f, c)
			}
		}
	}
}
