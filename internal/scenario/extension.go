package scenario

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	meta "github.com/yuin/goldmark-meta"
)

// MaxBytes bounds a scenario document: a course page is a few kilobytes; a megabyte is
// far beyond any, and keeps parsing bounded.
const MaxBytes = 1 << 20

// MaxWorldBytes bounds a world file a scenario names (the world file's own bound would be
// 16 MiB, too large for a page).
const MaxWorldBytes = 1 << 20

// Extension is the goldmark extension that reads scenarios: front matter (goldmark-meta),
// GitHub tables, and an AST transformer that collects the scenario's blocks. A host that
// renders scenarios (the site) uses the same extension and reads the result with
// FromContext; the nodes of the blocks stay in the AST (Policy.Node, Check.Node, ...) for
// the host's renderers.
var Extension goldmark.Extender = extender{}

type extender struct{}

func (extender) Extend(m goldmark.Markdown) {
	meta.Meta.Extend(m)
	extension.Table.Extend(m)
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 1000)))
}

var (
	resultKey = parser.NewContextKey()
	fileKey   = parser.NewContextKey()
)

// result is what the transformer leaves in the parser context.
type result struct {
	s    *Scenario
	errs Errors
}

// NewContext is a parser context for the scenario file named file: errors name it.
func NewContext(file string) parser.Context {
	pc := parser.NewContext()
	pc.Set(fileKey, file)
	return pc
}

// FromContext is the scenario a parse with Extension read, or its errors (an Errors).
func FromContext(pc parser.Context) (*Scenario, error) {
	r, _ := pc.Get(resultKey).(*result)
	if r == nil {
		return nil, Errors{{File: fileOf(pc), Line: 1, Message: "not parsed with scenario.Extension"}}
	}
	if len(r.errs) > 0 {
		return nil, r.errs.sorted()
	}
	return r.s, nil
}

func fileOf(pc parser.Context) string {
	f, _ := pc.Get(fileKey).(string)
	return f
}

// markdown is a goldmark instance with the extension; goldmark instances are safe for
// concurrent use once built.
var markdown = goldmark.New(goldmark.WithExtensions(Extension))

// Parse reads a scenario document; file names it in errors and gives the slug. A world
// file the document names (world src=PATH) is not read: ParseFile reads it.
func Parse(file string, src []byte) (s *Scenario, err error) {
	if len(src) > MaxBytes {
		return nil, Errors{{File: file, Line: 1, Message: fmt.Sprintf("the document is %d bytes; a scenario has at most %d", len(src), MaxBytes)}}
	}
	defer func() {
		if r := recover(); r != nil { // a bug, never a crash: said where
			s, err = nil, Errors{{File: file, Line: 1, Message: fmt.Sprintf("internal error reading the scenario: %v", r)}}
		}
	}()
	pc := NewContext(file)
	markdown.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	return FromContext(pc)
}

// ParseFile reads the scenario at path and the world file it names, if any.
func ParseFile(path string) (*Scenario, error) {
	src, err := readBounded(path, MaxBytes)
	if err != nil {
		return nil, Errors{{File: path, Line: 1, Message: err.Error()}}
	}
	s, err := Parse(path, src)
	if err != nil {
		return nil, err
	}
	if w := s.World; w != nil && w.Text == nil {
		wp := filepath.Join(filepath.Dir(path), filepath.FromSlash(w.Src))
		b, err := readBounded(wp, MaxWorldBytes)
		if err != nil {
			return nil, Errors{{File: path, Line: w.Line, Message: fmt.Sprintf("world file %s: %v", w.Src, err)}}
		}
		if es := checkWorld(path, w, b); len(es) > 0 {
			return nil, es
		}
		w.Text = b
	}
	return s, nil
}

// Load reads every scenario (*.md) in dir, sorted by order and then by file name; every
// document's errors are returned together.
func Load(dir string) ([]*Scenario, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	var all []*Scenario
	var errs Errors
	for _, p := range paths {
		if strings.EqualFold(filepath.Base(p), "README.md") {
			continue // the directory's own page, not a scenario
		}
		s, err := ParseFile(p)
		if es, ok := err.(Errors); ok {
			errs = append(errs, es...)
			continue
		}
		all = append(all, s)
	}
	if len(errs) > 0 {
		return all, errs
	}
	Sort(all)
	return all, nil
}

func readBounded(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("larger than %d bytes", max)
	}
	return b, nil
}

// transformer collects the scenario from the parsed AST.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	b := newBuilder(fileOf(pc), reader.Source())
	b.frontMatter(pc)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock:
			b.fenced(n)
			return ast.WalkSkipChildren, nil
		default:
			if t, ok := asTable(n, b.src); ok {
				b.table(t)
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	b.finish()
	pc.Set(resultKey, &result{s: b.s, errs: b.errs})
}
