package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/iamplay/iamplay/internal/scenario"
)

// ScenariosDir is where the course's scenario documents are, under the module root.
const ScenariosDir = "scenarios"

// pageMarkdown renders a scenario's prose: the scenario extension reads the blocks (the same
// one the tests use), headings get ids, and the blocks are replaced by what the page shows.
var pageMarkdown = goldmark.New(
	goldmark.WithExtensions(scenario.Extension),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(blockRenderer{}, 100))),
)

// loadScenarios reads the course (scenarios/*.md under o.Root), runs each scenario (its JSON
// carries the decisions and the transcript of a real run) and renders its page.
func loadScenarios(o Options) ([]*scenarioPage, error) {
	dir := filepath.Join(o.Root, ScenariosDir)
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil, nil
	}
	all, err := scenario.Load(dir)
	if err != nil {
		return nil, err
	}
	// Each scenario is run and rendered on its own: as many at once as there are processors.
	out := make([]*scenarioPage, len(all))
	errs := make([]error, len(all))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, s := range all {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i], errs[i] = scenarioPageOf(s)
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func scenarioPageOf(s *scenario.Scenario) (*scenarioPage, error) {
	if err := scenario.Test(s); err != nil {
		return nil, fmt.Errorf("site: a stated outcome is not what the engine gives: %w", err)
	}
	pub := scenario.Publish(s)
	pub.File = filepath.ToSlash(filepath.Join(ScenariosDir, filepath.Base(s.File))) // not where this machine keeps it
	export, err := json.MarshalIndent(pub, "", "  ")
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(s.File)
	if err != nil {
		return nil, err
	}
	// Parse again to get the blocks' nodes in the tree that is rendered; Load's scenario (with
	// its world file read) and this one list the same blocks in the same order.
	pc := scenario.NewContext(s.File)
	doc := pageMarkdown.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	r, err := scenario.FromContext(pc)
	if err != nil {
		return nil, err
	}
	if len(r.Checks) != len(pub.Checks) || len(r.Policies) != len(pub.Policies) {
		return nil, fmt.Errorf("site: %s: the page's parse and the run disagree on the blocks", s.File)
	}
	p := &scenarioPage{Slug: s.Slug, Path: "/course/" + s.Slug + "/", Title: s.Title, Summary: s.Summary, Tags: s.Tags, Order: s.Order, Export: export}
	first, err := placeBlocks(doc, src, r, pub)
	if err != nil {
		return nil, fmt.Errorf("site: %s: %w", s.File, err)
	}
	p.Teaser = first
	var b bytes.Buffer
	if err := pageMarkdown.Renderer().Render(&b, src, doc); err != nil {
		return nil, fmt.Errorf("site: %s: %w", s.File, err)
	}
	body := b.String()
	if h, ok := doc.FirstChild().(*ast.Heading); !ok || h.Level != 1 {
		body = "<h1>" + template.HTMLEscapeString(s.Title) + "</h1>\n" + body
	}
	p.Body = template.HTML(body)
	p.Text = plainText(doc, src)
	return p, nil
}

// htmlBlock is a node of the page's tree whose HTML was made at build time.
type htmlBlock struct {
	ast.BaseBlock
	html template.HTML
}

var kindHTMLBlock = ast.NewNodeKind("IamplayHTML")

func (n *htmlBlock) Kind() ast.NodeKind         { return kindHTMLBlock }
func (n *htmlBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (n *htmlBlock) IsRaw() bool                { return true }
func newHTMLBlock(h template.HTML) *htmlBlock   { return &htmlBlock{html: h} }
func (blockRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(kindHTMLBlock, renderHTMLBlock)
	r.Register(ast.KindFencedCodeBlock, renderFenced)
}

// blockRenderer renders htmlBlocks and the fenced blocks that are not the scenario's (JSON
// highlighted at build time).
type blockRenderer struct{}

func renderHTMLBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(string(n.(*htmlBlock).html))
	}
	return ast.WalkSkipChildren, nil
}

func renderFenced(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	f := n.(*ast.FencedCodeBlock)
	_, _ = w.WriteString(string(codeHTML(string(f.Language(src)), blockText(f, src))))
	return ast.WalkSkipChildren, nil
}

// codeHTML is a code block: JSON highlighted, anything else escaped.
func codeHTML(lang, code string) template.HTML {
	if lang == "json" {
		return template.HTML(`<pre class="json"><code>`) + HighlightJSON(code) + template.HTML("</code></pre>\n")
	}
	return template.HTML(`<pre><code>` + template.HTMLEscapeString(code) + "</code></pre>\n")
}

func blockText(f *ast.FencedCodeBlock, src []byte) string {
	var b strings.Builder
	for i := 0; i < f.Lines().Len(); i++ {
		seg := f.Lines().At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

// blockKind is the scenario kind a fenced block's info string names ("" for none) and its
// attributes, as the scenario package reads them.
func blockKind(f *ast.FencedCodeBlock, src []byte) (string, map[string]string) {
	if f.Info == nil {
		return "", nil
	}
	words := strings.Fields(string(f.Info.Segment.Value(src)))
	kinds := map[string]bool{"policy": true, "request": true, "expect": true, "findings": true, "world": true, "calls": true}
	kind, rest := "", words
	switch {
	case len(words) > 0 && kinds[words[0]]:
		kind, rest = words[0], words[1:]
	case len(words) > 1 && kinds[words[1]]:
		kind, rest = words[1], words[2:]
	}
	attrs := map[string]string{}
	for _, w := range rest {
		k, v, _ := strings.Cut(w, "=")
		attrs[k] = strings.Trim(v, `"`)
	}
	return kind, attrs
}

// lineOf is the 1-based line of a byte offset.
func lineOf(src []byte, off int) int { return bytes.Count(src[:off], []byte("\n")) + 1 }

// placeBlocks replaces the scenario's blocks by what the page shows and puts a live widget
// after each request (with its expect block) and after each table of requests. It returns
// the first widget's HTML.
func placeBlocks(doc ast.Node, src []byte, r *scenario.Scenario, pub *scenario.Published) (template.HTML, error) {
	policies := make([]Tab, len(pub.Policies))
	for i, p := range pub.Policies {
		policies[i] = Tab{Kind: string(p.Kind), Name: p.Name, Enabled: p.Enabled, Text: p.Text}
		if p.Kind == "scp" {
			lvl := p.Level
			policies[i].Level = &lvl
		}
	}
	// Widgets: consecutive checks with one anchor (a request block and its expect, or a table).
	type group struct {
		anchor ast.Node
		checks []int
	}
	var groups []*group
	for i, c := range r.Checks {
		anchor := c.Node
		for p := c.Node; p != nil; p = p.Parent() {
			if p.Kind() == east.KindTable {
				anchor = p
				break
			}
		}
		if f, ok := anchor.(*ast.FencedCodeBlock); ok {
			if next, ok := f.NextSibling().(*ast.FencedCodeBlock); ok {
				if k, _ := blockKind(next, src); k == "expect" {
					anchor = next
				}
			}
		}
		if n := len(groups); n > 0 && groups[n-1].anchor == anchor {
			groups[n-1].checks = append(groups[n-1].checks, i)
			continue
		}
		groups = append(groups, &group{anchor: anchor, checks: []int{i}})
	}
	var first template.HTML
	for _, g := range groups {
		w := Widget{Title: pub.Title, Policies: policies}
		for _, i := range g.checks {
			c := pub.Checks[i]
			var req Request
			if err := json.Unmarshal(c.Request, &req); err != nil {
				return "", fmt.Errorf("line %d: the request: %w", c.Line, err)
			}
			w.Requests = append(w.Requests, WidgetRequest{Name: c.Name, Request: req, Expect: string(c.Want), Enabled: c.Enabled})
		}
		h, err := widgetHTML(w)
		if err != nil {
			return "", err
		}
		if first == "" {
			first = h
		}
		g.anchor.Parent().InsertAfter(g.anchor.Parent(), g.anchor, newHTMLBlock(h))
	}
	// The scenario's own blocks.
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering {
			blocks = append(blocks, f)
		}
		return ast.WalkContinue, nil
	})
	for _, f := range blocks {
		kind, attrs := blockKind(f, src)
		code := blockText(f, src)
		var h template.HTML
		var err error
		switch kind {
		case "":
			continue
		case "policy":
			h, err = render("block-policy", map[string]any{"Kind": orDefault(attrs["kind"], "identity"), "Name": attrs["name"], "Off": hasAttr(f, src, "off"), "Code": HighlightJSON(code)})
		case "request":
			h, err = render("block-request", map[string]any{"Name": attrs["name"], "Code": HighlightJSON(code)})
		case "expect":
			h, err = render("block-expect", strings.TrimSpace(code))
		case "findings":
			h, err = render("block-findings", map[string]any{"Policy": attrs["policy"], "Codes": findingCodes(code)})
		case "world":
			h, err = render("block-world", map[string]any{"Src": attrs["src"], "Code": HighlightJSON(worldText(pub, code))})
		case "calls":
			start := lineOf(src, f.Lines().At(0).Start)
			end := start + f.Lines().Len()
			h, err = transcriptHTML(pub, policies, start, end)
		}
		if err != nil {
			return "", err
		}
		f.Parent().ReplaceChild(f.Parent(), f, newHTMLBlock(h))
	}
	return first, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func hasAttr(f *ast.FencedCodeBlock, src []byte, word string) bool {
	return f.Info != nil && strings.Contains(" "+string(f.Info.Segment.Value(src))+" ", " "+word+" ")
}

// findingCodes are the codes of a findings block: the first word of each line.
func findingCodes(code string) []string {
	var out []string
	for _, l := range strings.Split(code, "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// worldText is the world a world block shows: its own text, else the file it names.
func worldText(pub *scenario.Published, code string) string {
	if strings.TrimSpace(code) != "" || pub.World == nil {
		return code
	}
	return pub.World.Text
}

// transcriptHTML shows the calls written on lines [start, end) with the answers of a real
// run at build time.
func transcriptHTML(pub *scenario.Published, policies []Tab, start, end int) (template.HTML, error) {
	type call struct {
		Command, Output, Error string
		OK                     bool
	}
	var calls []call
	for _, c := range pub.Transcript {
		if c.Line < start || c.Line >= end {
			continue
		}
		x := call{Command: c.Command}
		switch {
		case c.Error != nil:
			x.Error = fmt.Sprintf("An error occurred (%s) when calling the %s operation: %s", c.Error.Type, c.Operation, c.Error.Message)
		case len(c.Output) > 0:
			var v any
			if json.Unmarshal(c.Output, &v) == nil {
				b, _ := json.MarshalIndent(v, "", "  ")
				x.Output = string(b)
			}
			x.OK = true
		default:
			x.OK = true
		}
		calls = append(calls, x)
	}
	link := ""
	if len(policies) > 0 {
		frag, err := ShareFragment(State{Policies: policies, Request: Request{Context: map[string]any{}}})
		if err != nil {
			return "", err
		}
		link = "/playground/#" + frag
	}
	return render("block-calls", map[string]any{"Calls": calls, "Link": link, "Highlight": HighlightJSON})
}

// plainText is the prose of a page for search: its text, without code blocks.
func plainText(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *htmlBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
