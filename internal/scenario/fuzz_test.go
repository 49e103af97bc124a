package scenario

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any bytes read as a scenario give a scenario or positioned errors, never a
// panic; a scenario that reads runs (policies, requests, calls) without a panic either.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(front + okPolicy + okRequest + "```expect\nAllow\n```\n| action | context | decision |\n|---|---|---|\n| `a:b` | k=v;x=1,2 | Allow |\n"))
	f.Add([]byte(front + "```json world src=default\n```\n```console calls\n$ iamplay call --as \"arn\" 'ListSecrets' '{}'\n{}\n```\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("f.md", src)
		if err != nil {
			es, ok := err.(Errors)
			if !ok || len(es) == 0 {
				t.Fatalf("error %T %v: want positioned Errors", err, err)
			}
			for _, e := range es {
				if e.Line < 1 || e.File != "f.md" || e.Message == "" {
					t.Fatalf("unpositioned error %+v", e)
				}
			}
			return
		}
		if s.World != nil && s.World.Text == nil {
			s.World.Text = []byte("{}")
		}
		r := Run(s)
		if len(r.Checks) != len(s.Checks) {
			t.Fatalf("%d results for %d checks", len(r.Checks), len(s.Checks))
		}
		if _, err := Export(s); err != nil {
			t.Fatalf("export: %v", err)
		}
	})
}
