package scenario

import (
	"path/filepath"
	"testing"
)

// corpusDir is the course: every scenario in it is evaluated by go test.
var corpusDir = filepath.Join("..", "..", "scenarios")

// TestCorpus evaluates every scenario of the course and fails on each wrong expectation
// with its file and line.
func TestCorpus(t *testing.T) {
	all, err := Load(corpusDir)
	if err != nil {
		t.Fatalf("the course does not read:\n%v", err)
	}
	for _, s := range all {
		t.Run(s.Slug, func(t *testing.T) {
			t.Parallel()
			if err := Test(s); err != nil {
				t.Errorf("\n%v", err)
			}
		})
	}
}
