package scenario

import (
	"path/filepath"
	"strings"

	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/world"
	"github.com/yuin/goldmark/ast"
)

// worldDefault is src=default: the default world (engine/world's default.json).
const worldDefault = "default"

func (b *builder) world(n *ast.FencedCodeBlock, bl *block, in info, line int, attrCol func(string) int) {
	if b.s.World != nil {
		b.errorf(line, 0, "a scenario has one world; the first is at line %d", b.s.World.Line)
		return
	}
	w := &World{Src: in.attrs["src"], Line: line, body: bl.first(), Node: n}
	b.s.World = w
	body := strings.TrimSpace(bl.text)
	switch {
	case w.Src == "" && body == "":
		b.errorf(line, 0, "the world block is empty: write the world file in it, or src=PATH")
	case w.Src != "" && body != "":
		b.errorf(bl.first(), 0, "a world block with src= has no body: the world is the file")
	case w.Src == worldDefault:
		w.Text = world.DefaultFile()
	case w.Src != "":
		if !filepath.IsLocal(filepath.FromSlash(w.Src)) {
			b.errorf(line, attrCol("src"), "src=%s must be a path inside the scenario's directory", w.Src)
		}
	default:
		w.Text = []byte(bl.text)
		for _, f := range worldFindings(w.Text) {
			l, c := bl.at(f.Range.Start.Line, f.Range.Start.Column)
			b.errorf(l, c, "world: %s (%s)", f.Message, f.Code)
		}
	}
}

// checkWorld reads a world file a scenario names; its errors are positioned in that file
// and said at the world block.
func checkWorld(file string, w *World, text []byte) Errors {
	var es Errors
	for _, f := range worldFindings(text) {
		es = append(es, &Error{File: file, Line: w.Line, Message: "world file " + w.Src + ":" + f.Range.String() + ": " + f.Message + " (" + f.Code + ")"})
	}
	return es
}

// worldFindings are the errors of a world file (warnings are the world's business).
func worldFindings(text []byte) policy.Findings {
	_, fs := world.Read(text)
	var out policy.Findings
	for _, f := range fs {
		if f.Severity == policy.SeverityError {
			out = append(out, f)
		}
	}
	return out
}
