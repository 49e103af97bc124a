package authz_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// corpusCase is the part of a corpus file this test reads.
type corpusCase struct {
	Name string `json:"name"`
	Doc  string `json:"doc"`
	Want struct {
		Decision string `json:"decision"`
	} `json:"want"`
}

var caseFileName = regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*\.json$`)

// TestCorpusAgainstOracle runs every corpus case through the oracle in one node process and
// compares with its want. The oracle may disagree exactly on the cases that
// known-differences.md lists (each with the AWS documentation that shows it is wrong).
func TestCorpusAgainstOracle(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 300 {
		t.Fatalf("the corpus has %d cases; it must have at least 300", len(files))
	}
	sort.Strings(files)
	docs := make([][]byte, len(files))
	cases := make([]corpusCase, len(files))
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(src, &cases[i]); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		c := cases[i]
		base := filepath.Base(f)
		if !caseFileName.MatchString(base) {
			t.Errorf("%s: file names are lowercase words joined by underscores", base)
		}
		if c.Name == "" || c.Doc == "" {
			t.Errorf("%s: every case needs a name and the documentation it rests on (doc)", base)
		}
		switch c.Want.Decision {
		case "Allow", "ExplicitDeny", "ImplicitDeny", "Refused":
		default:
			t.Errorf("%s: want.decision %q is not Allow, ExplicitDeny, ImplicitDeny or Refused", base, c.Want.Decision)
		}
		docs[i] = src
	}
	requireOracle(t)
	listed := map[string]string{}
	known := readKnownDifferences(t)
	for _, k := range known {
		for _, c := range k.Cases {
			listed[c] = k.Category
		}
	}
	res := runOracle(t, forOracle(t, docs))
	for i, f := range files {
		base := filepath.Base(f)
		want, got := cases[i].Want.Decision, res[i].Decision
		cat, isListed := listed[base]
		switch {
		case want != got && !isListed:
			t.Errorf("%s: oracle says %s %s, the case wants %s (%s)\n  either fix the case per its doc, or list it in known-differences.md",
				base, got, strings.TrimSpace(res[i].Error), want, cases[i].Name)
		case want != got && classify(known, docs[i], want, got) != cat:
			t.Errorf("%s: listed under %s in known-differences.md, but that category's classifier does not recognise its disagreement (ours %s, oracle %s)", base, cat, want, got)
		case want == got && isListed:
			t.Errorf("%s: listed under %s in known-differences.md, but the oracle now agrees (%s): remove it from the list", base, cat, got)
		}
	}
}
