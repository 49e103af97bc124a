package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConditionWhyGolden renders Explain's sentence for every case of conditionCases into
// testdata/conditions/why.golden, for a person to read (go test -run Golden -update rewrites it).
func TestConditionWhyGolden(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for _, tt := range conditionCases {
		version := "2012-10-17"
		switch tt.version {
		case "2008-10-17":
			version = tt.version
		case "none":
			version = ""
		}
		st := parseCondition(t, version, tt.cond)
		p := compileCondition(st.Condition, version == "2012-10-17")
		b.WriteString("# " + tt.name + "\n" + tt.cond + "\n")
		for _, r := range p.Explain(NewContext(tt.ctx)) {
			mark := "✗"
			if r.Result {
				mark = "✓"
			}
			b.WriteString(mark + " " + r.Why + "\n")
		}
		b.WriteString("\n")
	}
	path := filepath.Join("testdata", "conditions", "why.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update)", err)
	}
	if string(want) != b.String() {
		t.Errorf("explanations differ from %s (run go test -run Golden -update and read the diff):\n%s", path, b.String())
	}
}
