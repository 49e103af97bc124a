// Package engine_test holds checks that span every package under engine/.
package engine_test

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// engineRoot is the import path of the engine; its own packages may import each other.
const engineRoot = "github.com/iamplay/iamplay/engine"

// goTool finds the go command that runs this test.
func goTool(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("cannot find the go command: %v", err)
	}
	return p
}

// TestEngineImportsOnlyStandardLibrary lists every dependency of the engine packages, for the
// host and for js/wasm (build tags change the files), and fails on anything that is neither the
// standard library nor the engine itself: the engine must stay small and build everywhere.
func TestEngineImportsOnlyStandardLibrary(t *testing.T) {
	t.Parallel()
	gotool := goTool(t)
	for _, target := range []struct{ goos, goarch string }{{runtime.GOOS, runtime.GOARCH}, {"js", "wasm"}} {
		cmd := exec.Command(gotool, "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", "./...")
		cmd.Env = append(os.Environ(), "GOOS="+target.goos, "GOARCH="+target.goarch)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list for %s/%s: %v\n%s", target.goos, target.goarch, err, stderr.String())
		}
		n := 0
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			fields := strings.Fields(line)
			if len(fields) < 2 {
				continue
			}
			n++
			path, standard := fields[0], fields[1] == "true"
			if !standard && path != engineRoot && !strings.HasPrefix(path, engineRoot+"/") {
				t.Errorf("%s/%s: engine depends on %s, which is outside the standard library", target.goos, target.goarch, path)
			}
		}
		if n < 10 { // the engine uses at least strings, strconv, encoding/json...: an empty list means go list failed quietly
			t.Fatalf("%s/%s: go list printed only %d packages:\n%s", target.goos, target.goarch, n, out)
		}
	}
}

// TestEngineAvoidsSyscallJS reads every Go file under engine/, whatever its build tags, tests
// included: the browser binding belongs in wasm/, so the engine runs natively too.
func TestEngineAvoidsSyscallJS(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "syscall/js" || strings.HasPrefix(p, "syscall/js/") {
				t.Errorf("%s imports %s; only files under wasm/ may", fset.Position(imp.Pos()), p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("found no Go files under engine/")
	}
}
