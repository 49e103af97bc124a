package scenario

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// The columns of a table of requests.
const (
	colPrincipal = "principal"
	colAction    = "action"
	colResource  = "resource"
	colContext   = "context"
	colTime      = "time"
	colPolicies  = "policies"
	colDecision  = "decision"
	colNote      = "note"
)

var tableColumns = []string{colPrincipal, colAction, colResource, colContext, colTime, colPolicies, colDecision, colNote}

// asTable is n as a table of requests: a table whose header has a "decision" column.
func asTable(n ast.Node, src []byte) (*east.Table, bool) {
	t, ok := n.(*east.Table)
	if !ok || t.FirstChild() == nil {
		return nil, false
	}
	for c := t.FirstChild().FirstChild(); c != nil; c = c.NextSibling() {
		if strings.EqualFold(strings.TrimSpace(inlineText(c, src)), colDecision) {
			return t, true
		}
	}
	return nil, false
}

// inlineText is the text of a node's inline children (code spans, emphasis and all).
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// cellPos is the position of a cell's first text, or ok false for an empty cell.
func (b *builder) cellPos(n ast.Node) (line, col int, ok bool) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, isText := c.(*ast.Text); entering && isText && !ok {
			line, col = b.lines.pos(t.Segment.Start)
			ok = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return
}

// table reads a table of requests: each row is a check, its empty cells taken from the last
// request block above the table.
func (b *builder) table(t *east.Table) {
	b.unanswered()
	header := t.FirstChild()
	var cols []string
	hl, _, _ := b.cellPos(header)
	for c := header.FirstChild(); c != nil; c = c.NextSibling() {
		name := strings.ToLower(strings.TrimSpace(inlineText(c, b.src)))
		l, col, _ := b.cellPos(c)
		if l == 0 {
			l = hl
		}
		known := false
		for _, k := range tableColumns {
			known = known || name == k
		}
		if !known {
			b.errorf(l, col, "a table of requests has no column %q (%s)", name, strings.Join(tableColumns, ", "))
			return
		}
		cols = append(cols, name)
	}
	var base map[string]json.RawMessage
	if b.base != nil {
		_ = json.Unmarshal(b.base.Request, &base)
	}
	prev := hl + 1
	for row := header.NextSibling(); row != nil; row = row.NextSibling() {
		if len(b.s.Checks) >= maxChecks {
			b.errorf(prev, 0, "a scenario has at most %d requests", maxChecks)
			return
		}
		b.row(row, cols, base, &prev)
	}
}

func (b *builder) row(row ast.Node, cols []string, base map[string]json.RawMessage, prev *int) {
	line := 0
	req := map[string]json.RawMessage{}
	for k, v := range base {
		req[k] = v
	}
	c := &Check{Node: row}
	var names []string
	hasPolicies := false
	i := 0
	var decisionCol int
	for cell := row.FirstChild(); cell != nil && i < len(cols); cell, i = cell.NextSibling(), i+1 {
		v := strings.TrimSpace(inlineText(cell, b.src))
		l, col, ok := b.cellPos(cell)
		if ok && line == 0 {
			line = l
		}
		if v == "" {
			continue
		}
		switch cols[i] {
		case colPrincipal, colAction, colResource, colTime:
			req[cols[i]], _ = json.Marshal(v)
		case colContext:
			ctx, err := mergeContext(req["context"], v)
			if err != nil {
				b.errorf(l, col, "%v", err)
				return
			}
			req["context"] = ctx
		case colPolicies:
			names, hasPolicies = splitList(v), true
		case colDecision:
			d, ok := decisionOf(strings.Trim(v, "*_ "))
			if !ok {
				b.errorf(l, col, "%q is not a decision: write Allow, ExplicitDeny, ImplicitDeny or Refused", v)
				return
			}
			c.Want = d
			decisionCol = col
		}
	}
	if line == 0 {
		line = *prev + 1
	}
	*prev = line
	c.Line, c.WantAt = line, line
	c.Name = fmt.Sprintf("row at line %d", line)
	if c.Want == "" {
		b.errorf(line, decisionCol, "the row has no decision")
		return
	}
	raw, _ := json.Marshal(req)
	if !b.checkRequest(raw, func(int, int) (int, int) { return line, 0 }) {
		return
	}
	c.Request = raw
	if hasPolicies {
		b.uses[c] = used{names: names, line: line}
	}
	b.s.Checks = append(b.s.Checks, c)
}

// mergeContext adds "key=value; key2=v1,v2; key3=null" to a request's context object.
func mergeContext(base json.RawMessage, cell string) (json.RawMessage, error) {
	ctx := map[string]any{}
	if len(base) > 0 {
		if err := json.Unmarshal(base, &ctx); err != nil || ctx == nil {
			ctx = map[string]any{}
		}
	}
	for _, item := range strings.Split(cell, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" {
			return nil, fmt.Errorf("context %q: write key=value, key=v1,v2 for a list, key=null for a key AWS does not send; separate keys with ;", item)
		}
		switch {
		case v == "null":
			ctx[k] = nil
		case strings.Contains(v, ","):
			var list []string
			for _, s := range strings.Split(v, ",") {
				list = append(list, strings.TrimSpace(s))
			}
			ctx[k] = list
		default:
			ctx[k] = v
		}
	}
	return json.Marshal(ctx)
}
