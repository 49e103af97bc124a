package tsgen

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// FromSource reads constants and comments from the Go files (tests excluded) of the module
// rooted at root, which must hold go.mod; types of other modules get none.
func FromSource(root string) (Source, error) {
	f, err := os.Open(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := &source{root: root, pkgs: map[string]*pkgInfo{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			s.module = strings.Trim(strings.TrimSpace(m), `"`)
			break
		}
	}
	return s, sc.Err()
}

type source struct {
	root, module string
	mu           sync.Mutex
	pkgs         map[string]*pkgInfo
}

// pkgInfo is what one package's files say about its types.
type pkgInfo struct {
	consts map[string][]string          // type name -> values of its string constants
	docs   map[string]string            // type name -> doc comment
	fields map[string]map[string]string // struct name -> field name -> comment
}

func (s *source) Constants(t reflect.Type) []string { return s.pkg(t.PkgPath()).consts[t.Name()] }
func (s *source) TypeDoc(t reflect.Type) string     { return s.pkg(t.PkgPath()).docs[t.Name()] }
func (s *source) FieldDoc(t reflect.Type, f string) string {
	return s.pkg(t.PkgPath()).fields[t.Name()][f]
}

// pkg parses a package of the module once; an unknown or unreadable one says nothing.
func (s *source) pkg(path string) *pkgInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.pkgs[path]; ok {
		return p
	}
	p := &pkgInfo{consts: map[string][]string{}, docs: map[string]string{}, fields: map[string]map[string]string{}}
	s.pkgs[path] = p
	rel, ok := strings.CutPrefix(path, s.module)
	if !ok || (rel != "" && rel[0] != '/') {
		return p
	}
	dir := filepath.Join(s.root, filepath.FromSlash(rel))
	fset := token.NewFileSet()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				p.read(gd)
			}
		}
	}
	return p
}

// read records a declaration's typed string constants, type docs and field comments.
func (p *pkgInfo) read(gd *ast.GenDecl) {
	for _, spec := range gd.Specs {
		switch sp := spec.(type) {
		case *ast.ValueSpec:
			id, ok := sp.Type.(*ast.Ident)
			if gd.Tok != token.CONST || !ok {
				continue
			}
			for _, v := range sp.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						p.consts[id.Name] = append(p.consts[id.Name], s)
					}
				}
			}
		case *ast.TypeSpec:
			doc := sp.Doc
			if doc == nil && len(gd.Specs) == 1 {
				doc = gd.Doc
			}
			p.docs[sp.Name.Name] = doc.Text()
			st, ok := sp.Type.(*ast.StructType)
			if !ok {
				continue
			}
			fs := map[string]string{}
			for _, f := range st.Fields.List {
				c := f.Doc.Text()
				if c == "" {
					c = f.Comment.Text()
				}
				for _, n := range f.Names {
					fs[n.Name] = c
				}
			}
			p.fields[sp.Name.Name] = fs
		}
	}
}
