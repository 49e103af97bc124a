package eval

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/internal/golden"
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
	golden.Check(t, path, []byte(b.String()))
}
