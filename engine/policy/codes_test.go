package policy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// codeLike is what a finding code looks like: an area, a dot and snake_case words.
var codeLike = regexp.MustCompile(`^(json|policy|principal|condition|document|request|playground|state|context|limit|input|world)\.[a-z]+(_[a-z]+)*$`)

// codeLiteralHomes are the files where a finding code may be written as a string literal:
// the catalogue, and the JSON tree, which the policy package imports (so it cannot name the
// constants) and whose json.* codes the catalogue declares.
var codeLiteralHomes = []string{"engine/policy/codes.go", "engine/jsontree/"}

// TestCodesDeclaredOnce reads every non-test Go source of the engine: each string literal that
// looks like a finding code must be declared in the catalogue, and outside the catalogue
// codes are named by their constants (policy.CodeUnknownAction), never spelt again.
func TestCodesDeclaredOnce(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	literals := 0
	err := filepath.WalkDir(filepath.Join(root, "engine"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		home := false
		for _, h := range codeLiteralHomes {
			home = home || strings.HasPrefix(rel, h)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !codeLike.MatchString(s) {
				return true
			}
			literals++
			if _, ok := LookupCode(s); !ok {
				t.Errorf("%s: %q looks like a finding code but is not in the catalogue (codes.go)", fset.Position(lit.Pos()), s)
			} else if !home {
				t.Errorf("%s: write the constant for %q, not the string", fset.Position(lit.Pos()), s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if literals < len(codes) {
		t.Errorf("found %d code literals, fewer than the %d codes declared: the scan is not reading codes.go", literals, len(codes))
	}
}

// TestCodeAreas checks every declared code matches the shape the scan looks for, so that no
// code can escape it.
func TestCodeAreas(t *testing.T) {
	t.Parallel()
	for _, c := range codes {
		if !codeLike.MatchString(c.Code) {
			t.Errorf("code %q does not match %v: extend the pattern with its area", c.Code, codeLike)
		}
	}
}
