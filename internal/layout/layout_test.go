package layout_test

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// moduleRoot is the repository's top directory, relative to this package.
const moduleRoot = "../.."

// engineRoot is the import path of the engine; its own packages may import each other.
const engineRoot = "github.com/iamplay/iamplay/engine"

// goTool finds the go command: on the PATH, as scripts/test and every developer has it.
func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("cannot find the go command: %v", err)
	}
	return p
}

// targets are the builds whose dependencies the layout rules check: the host's and the browser's.
var targets = []struct{ goos, goarch string }{{runtime.GOOS, runtime.GOARCH}, {"js", "wasm"}}

// goListDeps runs go list -deps with args for a target and returns its output.
func goListDeps(t *testing.T, goos, goarch string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(goTool(t), append([]string{"list", "-deps"}, args...)...)
	cmd.Dir = moduleRoot
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list for %s/%s: %v\n%s", goos, goarch, err, stderr.String())
	}
	return out
}

// TestEngineImportsOnlyStandardLibrary lists every dependency of the engine packages, for the
// host and for js/wasm (build tags change the files), and fails on anything that is neither the
// standard library nor the engine itself: the engine must stay small and build everywhere.
func TestEngineImportsOnlyStandardLibrary(t *testing.T) {
	t.Parallel()
	for _, target := range targets {
		out := goListDeps(t, target.goos, target.goarch, "-f", "{{.ImportPath}} {{.Standard}}", "./engine/...")
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

// serverOnly are packages that must stay out of the browser's .wasm and out of the engine:
// the HTTP endpoint with its SigV4 verifier, and the AWS SDK its tests use.
var serverOnly = []string{"github.com/iamplay/iamplay/internal/endpoint", "github.com/aws/"}

// TestServerStaysOutOfBrowserAndEngine lists every dependency of the wasm/ and engine/
// packages, for the host and for js/wasm, and fails on any server-only package.
func TestServerStaysOutOfBrowserAndEngine(t *testing.T) {
	t.Parallel()
	for _, target := range targets {
		out := goListDeps(t, target.goos, target.goarch, "./wasm/...", "./engine/...")
		deps := strings.Fields(string(out))
		if !slices.Contains(deps, engineRoot+"/secrets") {
			t.Fatalf("%s/%s: go list missed the engine's store:\n%s", target.goos, target.goarch, out)
		}
		for _, p := range deps {
			for _, bad := range serverOnly {
				if p == bad || strings.HasPrefix(p, bad) {
					t.Errorf("%s/%s: the browser or engine build depends on %s", target.goos, target.goarch, p)
				}
			}
		}
	}
}

// TestPlaygroundBinaryImports lists what the browser's .wasm links: world mode's store and
// world are in; the HTTP server, SigV4's HMAC, and the packages kept out for the .wasm's size
// budget (regexp, crypto/rand's DRBG, math/big, and net/netip with its zone interning, unique)
// are not.
func TestPlaygroundBinaryImports(t *testing.T) {
	t.Parallel()
	deps := strings.Fields(string(goListDeps(t, "js", "wasm", "./wasm/playground")))
	for _, want := range []string{engineRoot + "/secrets", engineRoot + "/world", engineRoot + "/playground"} {
		if !slices.Contains(deps, want) {
			t.Errorf("the playground's .wasm does not link %s", want)
		}
	}
	// and neither the HTTP API (internal/api) nor the Workers binding, which only the Worker links
	for _, bad := range append([]string{"net/http", "crypto/hmac", "crypto/rand", "math/big", "regexp", "net/netip", "unique", "github.com/iamplay/iamplay/internal/", "github.com/syumai/"}, serverOnly...) {
		for _, p := range deps {
			if p == bad || strings.HasPrefix(p, bad) && strings.HasSuffix(bad, "/") {
				t.Errorf("the playground's .wasm links %s", p)
			}
		}
	}
}

// TestBindingsOnlyInWasm reads every Go file of the repository, whatever its build tags,
// tests included: the browser binding may appear only in files under wasm/ built for js/wasm,
// so that everything else, the engine first, runs natively too; the Cloudflare Workers binding
// only in the Worker's entry, wasm/worker, so that the API it serves (internal/api) stays an
// ordinary http.Handler.
func TestBindingsOnlyInWasm(t *testing.T) {
	t.Parallel()
	for _, b := range []struct{ pkg, dir string }{
		{"syscall" + "/js", "wasm/"}, // spelt in two so that this file does not name it
		{"github.com/syumai/workers", "wasm/worker/"},
	} {
		files, users := eachImportOf(t, b.pkg, func(rel string, f *ast.File, p string) {
			if !strings.HasPrefix(rel, b.dir) {
				t.Errorf("%s imports %s; only files under %s may", rel, p, b.dir)
			}
			if !hasBuildTag(f.Comments, "js && wasm") {
				t.Errorf("%s imports %s without //go:build js && wasm", rel, p)
			}
		})
		if files < 50 || users == 0 {
			t.Fatalf("read %d Go files, %d using %s: the walk missed the repository", files, users, b.pkg)
		}
	}
}

// eachImportOf parses the imports of every Go file of the repository, whatever its build
// tags, tests included, and calls f for each import of pkg or a package under it, with the
// file's slash-separated path. It returns how many files it read and how many imports it found.
func eachImportOf(t *testing.T, pkg string, f func(rel string, file *ast.File, imp string)) (files, users int) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != moduleRoot && (name == "testdata" || name == "node_modules" || name == "dist" || strings.HasPrefix(name, ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(moduleRoot, path)
		for _, imp := range file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == pkg || strings.HasPrefix(p, pkg+"/") {
				users++
				f(filepath.ToSlash(rel), file, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, users
}

// TestAPIReachesNoSigV4 lists what the HTTP API (internal/api) and the Worker (wasm/worker)
// are built from, for the host and for js/wasm: never the local endpoint (internal/endpoint,
// with its SigV4 verifier) or the AWS SDK. The API answers anyone; it verifies no signatures.
func TestAPIReachesNoSigV4(t *testing.T) {
	t.Parallel()
	for _, target := range targets {
		pkgs := []string{"./internal/api"}
		if target.goos == "js" {
			pkgs = append(pkgs, "./wasm/worker") // built for js/wasm only
		}
		deps := strings.Fields(string(goListDeps(t, target.goos, target.goarch, pkgs...)))
		if !slices.Contains(deps, "github.com/iamplay/iamplay/internal/api") {
			t.Fatalf("%s/%s: go list missed the API:\n%s", target.goos, target.goarch, strings.Join(deps, "\n"))
		}
		for _, p := range deps {
			for _, bad := range serverOnly {
				if p == bad || strings.HasPrefix(p, bad) {
					t.Errorf("%s/%s: the API or the Worker depends on %s", target.goos, target.goarch, p)
				}
			}
		}
	}
}

// hasBuildTag reports whether a file's comments hold the //go:build line expr.
func hasBuildTag(groups []*ast.CommentGroup, expr string) bool {
	for _, g := range groups {
		for _, c := range g.List {
			if strings.TrimSpace(strings.TrimPrefix(c.Text, "//go:build")) == expr && strings.HasPrefix(c.Text, "//go:build") {
				return true
			}
		}
	}
	return false
}

// TestNoInternalTypeInPublicAPI type-checks every public engine package from source and fails
// when an exported declaration (a function's signature, a type's exported fields and
// methods, a variable or constant) mentions a type from an internal package: a newcomer
// reading go doc must be able to use what it shows.
func TestNoInternalTypeInPublicAPI(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(goTool(t), "list", "-f", "{{.ImportPath}}", "./engine/...")
	cmd.Dir = moduleRoot
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	checked := 0
	for _, path := range strings.Fields(string(out)) {
		if strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal") {
			continue
		}
		checked++
		pkg, err := imp.(types.ImporterFrom).ImportFrom(path, moduleRoot, 0)
		if err != nil {
			t.Fatalf("type-checking %s: %v", path, err)
		}
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if !obj.Exported() {
				continue
			}
			for _, leak := range internalTypes(obj) {
				t.Errorf("%s.%s exposes %s", pkg.Name(), name, leak)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("checked %d public engine packages; the list is wrong", checked)
	}
}

// internalTypes lists the internal types an exported object shows: its type, and for a named
// type its exported fields and methods.
func internalTypes(obj types.Object) []string {
	var leaks []string
	seen := map[types.Type]bool{}
	var walk func(types.Type, string)
	walk = func(ty types.Type, where string) {
		if seen[ty] {
			return
		}
		seen[ty] = true
		switch x := ty.(type) {
		case *types.Named:
			if p := x.Obj().Pkg(); p != nil && strings.Contains(p.Path(), "/internal/") {
				leaks = append(leaks, x.String()+" in "+where)
				return
			}
			for i := 0; i < x.TypeArgs().Len(); i++ {
				walk(x.TypeArgs().At(i), where)
			}
		case *types.Pointer:
			walk(x.Elem(), where)
		case *types.Slice:
			walk(x.Elem(), where)
		case *types.Array:
			walk(x.Elem(), where)
		case *types.Map:
			walk(x.Key(), where)
			walk(x.Elem(), where)
		case *types.Chan:
			walk(x.Elem(), where)
		case *types.Signature:
			for i := 0; i < x.Params().Len(); i++ {
				walk(x.Params().At(i).Type(), where)
			}
			for i := 0; i < x.Results().Len(); i++ {
				walk(x.Results().At(i).Type(), where)
			}
		case *types.Struct:
			for i := 0; i < x.NumFields(); i++ {
				if f := x.Field(i); f.Exported() {
					walk(f.Type(), where+"."+f.Name())
				}
			}
		}
	}
	walk(obj.Type(), "its type")
	if tn, ok := obj.(*types.TypeName); ok {
		if n, ok := tn.Type().(*types.Named); ok {
			walk(n.Underlying(), obj.Name())
			for i := 0; i < n.NumMethods(); i++ {
				if m := n.Method(i); m.Exported() {
					walk(m.Type(), obj.Name()+"."+m.Name())
				}
			}
		}
	}
	return leaks
}

// dataTables are files whose package variables the browser's .wasm must hold as data: the
// compiler lays a literal out statically unless it copies another variable after an
// initializer with a call has run, copies a pointer out of another variable, or calls code
// to build it. Each shows as the variable read or written by the package's init function.
var dataTables = []struct{ pkg, file string }{
	{"engine/secrets", "apishapes.go"},
	{"engine/internal/operators", "operators.go"},
}

// TestTablesAreData compiles each package with the compiler's static-copy report and its
// assembly, and fails when a table is copied at start-up or the package's init function
// mentions a variable of the table's file.
func TestTablesAreData(t *testing.T) {
	t.Parallel()
	for _, d := range dataTables {
		pkg := "github.com/iamplay/iamplay/" + d.pkg
		cmd := exec.Command(goTool(t), "build", "-gcflags="+pkg+"=-S -d=staticcopy=1", "-o", os.DevNull, "./"+d.pkg)
		cmd.Dir = moduleRoot
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("building %s: %v\n%s", d.pkg, err, out)
		}
		text := string(out)
		for _, line := range strings.Split(text, "\n") {
			if strings.Contains(line, "skipping static copy") {
				t.Errorf("%s: %s", d.pkg, line)
			}
		}
		vars := tableVars(t, filepath.Join(moduleRoot, d.pkg, d.file))
		if len(vars) == 0 {
			t.Fatalf("%s declares no variables", d.file)
		}
		if !strings.Contains(text, "\n"+pkg+".") {
			t.Fatalf("%s: no assembly listing", d.pkg)
		}
		init := initText(text, pkg)
		for _, v := range vars {
			if strings.Contains(init, pkg+"."+v+"(SB)") || strings.Contains(init, pkg+"."+v+"+") {
				t.Errorf("%s's init function reads or writes %s: it is not laid out as data", d.pkg, v)
			}
		}
	}
}

// tableVars lists the package variables a file declares.
func tableVars(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, s := range gd.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					out = append(out, n.Name)
				}
			}
		}
	}
	return out
}

// initText is the assembly of a package's generated init function (its variables'
// initializers, not its init funcs or closures) in a -S listing; "" when it has none.
func initText(listing, pkg string) string {
	start := strings.Index(listing, "\n"+pkg+".init STEXT")
	if start < 0 {
		return ""
	}
	rest := listing[start+1:]
	if end := strings.Index(rest, "\n"+pkg+"."); end >= 0 {
		return rest[:end]
	}
	return rest
}
