package scenario

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/yuin/goldmark/ast"
)

// Bounds on what one scenario holds, so that reading and checking one stays bounded: a
// course page has a few policies and a score of requests; at these bounds, with large
// policies, publishing one (every request explained) takes about a second.
const (
	maxPolicies = 32
	maxChecks   = 256
	maxCalls    = 256
)

// builder collects a scenario while the transformer walks the AST in document order.
type builder struct {
	file    string
	src     []byte
	lines   *lines
	s       *Scenario
	errs    Errors
	pending *Check          // the last request block, until its expect block
	base    *Check          // the last request block: the defaults of a table's rows
	uses    map[*Check]used // the policies= of each check, resolved at the end
	finds   []*FindingWant
}

// used is a policies= list and where it was written.
type used struct {
	names     []string
	line, col int
}

func newBuilder(file string, src []byte) *builder {
	slug := strings.TrimSuffix(path.Base(strings.ReplaceAll(file, "\\", "/")), ".md")
	return &builder{file: file, src: src, lines: newLines(src), s: &Scenario{File: file, Slug: slug}, uses: map[*Check]used{}}
}

func (b *builder) errorf(line, col int, format string, args ...any) {
	if len(b.errs) >= 100 {
		return
	}
	b.errs = append(b.errs, &Error{File: b.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// block is a fenced block's text and where each of its lines is.
type block struct {
	text      string
	fenceLine int   // the line of the opening fence
	lineNo    []int // the markdown line of each text line
	colOf     []int // the markdown column of each text line's first byte
}

// at is the markdown position of line and column (1-based) of the block's text.
func (bl *block) at(line, col int) (int, int) {
	if line < 1 || len(bl.lineNo) == 0 {
		return bl.fenceLine + 1, 0
	}
	if line > len(bl.lineNo) {
		line = len(bl.lineNo)
	}
	return bl.lineNo[line-1], bl.colOf[line-1] + col - 1
}

// first is the markdown line of the text's first line.
func (bl *block) first() int {
	if len(bl.lineNo) == 0 {
		return bl.fenceLine + 1
	}
	return bl.lineNo[0]
}

func (b *builder) blockOf(n *ast.FencedCodeBlock) *block {
	bl := &block{}
	if n.Info != nil {
		bl.fenceLine, _ = b.lines.pos(n.Info.Segment.Start)
	} else if n.Lines().Len() > 0 {
		bl.fenceLine, _ = b.lines.pos(n.Lines().At(0).Start)
		bl.fenceLine--
	}
	var t strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		l, c := b.lines.pos(seg.Start)
		bl.lineNo = append(bl.lineNo, l)
		bl.colOf = append(bl.colOf, c)
		t.Write(seg.Value(b.src))
	}
	bl.text = t.String()
	return bl
}

// fenced reads a fenced block; blocks that name no scenario kind are prose.
func (b *builder) fenced(n *ast.FencedCodeBlock) {
	if n.Info == nil {
		return
	}
	raw := string(n.Info.Segment.Value(b.src))
	in, off, err := parseInfo(raw)
	line, col := b.lines.pos(n.Info.Segment.Start)
	if err != nil {
		b.errorf(line, col+off, "%v", err)
		return
	}
	if in.kind == "" {
		return
	}
	bl := b.blockOf(n)
	attrCol := func(k string) int { return col + in.cols[k] }
	switch in.kind {
	case blockPolicy:
		b.policy(n, bl, in, line, attrCol)
	case blockRequest:
		b.request(n, bl, in, line, attrCol)
	case blockExpect:
		b.expect(bl, line)
	case blockFindings:
		b.findings(bl, in, line)
	case blockWorld:
		b.world(n, bl, in, line, attrCol)
	case blockCalls:
		b.calls(bl, line)
	}
}

func (b *builder) policy(n *ast.FencedCodeBlock, bl *block, in info, line int, attrCol func(string) int) {
	if len(b.s.Policies) >= maxPolicies {
		b.errorf(line, 0, "a scenario has at most %d policies", maxPolicies)
		return
	}
	p := &Policy{Kind: policy.KindIdentity, Name: in.attrs["name"], Enabled: true, Text: bl.text, Line: bl.first(), Node: n}
	if k, ok := in.attrs["kind"]; ok {
		kind, err := policy.ParseKind(k)
		if err != nil {
			b.errorf(line, attrCol("kind"), "kind=%s: %v", k, err)
			return
		}
		p.Kind = kind
	}
	if lv, ok := in.attrs["level"]; ok {
		n, err := strconv.Atoi(lv)
		switch {
		case p.Kind != policy.KindSCP:
			b.errorf(line, attrCol("level"), "level is for an SCP (kind=scp), not a %s policy", p.Kind)
		case err != nil || n < 0 || n > 5:
			b.errorf(line, attrCol("level"), "level must be a whole number from 0 (the organization root) to 5, not %q", lv)
		}
		p.Level = n
	}
	if _, off := in.attrs["off"]; off {
		p.Enabled = false
	}
	if strings.TrimSpace(p.Text) == "" {
		b.errorf(bl.first(), 0, "the policy block is empty")
	}
	if p.Name != "" {
		for _, q := range b.s.Policies {
			if q.Name == p.Name {
				b.errorf(line, attrCol("name"), "a policy named %q is already written at line %d", p.Name, q.Line)
			}
		}
	}
	b.s.Policies = append(b.s.Policies, p)
}

func (b *builder) request(n *ast.FencedCodeBlock, bl *block, in info, line int, attrCol func(string) int) {
	b.unanswered()
	if len(b.s.Checks) >= maxChecks {
		b.errorf(line, 0, "a scenario has at most %d requests", maxChecks)
		return
	}
	c := &Check{Name: in.attrs["name"], Request: []byte(bl.text), Line: bl.first(), Node: n}
	if c.Name == "" {
		c.Name = fmt.Sprintf("request at line %d", c.Line)
	}
	if ok := b.checkRequest(c.Request, func(l, col int) (int, int) { return bl.at(l, col) }); !ok {
		return
	}
	if p, ok := in.attrs["policies"]; ok {
		b.uses[c] = used{names: splitList(p), line: line, col: attrCol("policies")}
	}
	b.s.Checks = append(b.s.Checks, c)
	b.pending, b.base = c, c
}

// unanswered reports a request block that no expect block followed.
func (b *builder) unanswered() {
	if b.pending != nil {
		b.errorf(b.pending.Line, 0, "the request has no expected decision: write an expect block after it (Allow, ExplicitDeny, ImplicitDeny or Refused)")
		b.pending = nil
	}
}

func (b *builder) expect(bl *block, line int) {
	word := strings.TrimSpace(bl.text)
	d, ok := decisionOf(word)
	switch {
	case b.pending == nil:
		b.errorf(line, 0, "an expect block states the decision of the request block just above it; there is none")
	case !ok:
		b.errorf(bl.first(), 0, "%q is not a decision: write Allow, ExplicitDeny, ImplicitDeny or Refused", word)
	default:
		b.pending.Want, b.pending.WantAt = d, bl.first()
	}
	b.pending = nil
}

func decisionOf(s string) (authz.Decision, bool) {
	for _, d := range []authz.Decision{authz.Allow, authz.ExplicitDeny, authz.ImplicitDeny, authz.Refused} {
		if s == string(d) {
			return d, true
		}
	}
	return "", false
}

func (b *builder) findings(bl *block, in info, line int) {
	name, ok := in.attrs["policy"]
	if !ok {
		b.errorf(line, 0, "a findings block names its policy: findings policy=NAME")
		return
	}
	n := 0
	for i, l := range strings.Split(bl.text, "\n") {
		fields := strings.Fields(l)
		if len(fields) == 0 {
			continue
		}
		ml, mc := bl.at(i+1, 1)
		if _, known := policy.LookupCode(fields[0]); !known {
			b.errorf(ml, mc, "%q is not a finding code (iamplay help codes lists them)", fields[0])
			continue
		}
		b.finds = append(b.finds, &FindingWant{Policy: name, Code: fields[0], Line: ml})
		n++
	}
	if n == 0 {
		b.errorf(line, 0, "the findings block lists no finding code")
	}
}

// finish checks what needs the whole document: names, expectations, the front matter.
func (b *builder) finish() {
	b.unanswered()
	byName := map[string]int{}
	for i, p := range b.s.Policies {
		if p.Name != "" {
			byName[p.Name] = i
		}
	}
	for _, c := range b.s.Checks {
		c.Enabled = make([]bool, len(b.s.Policies))
		u, ok := b.uses[c]
		if !ok {
			for i, p := range b.s.Policies {
				c.Enabled[i] = p.Enabled
			}
			continue
		}
		for _, name := range u.names {
			i, ok := byName[name]
			if !ok {
				b.errorf(u.line, u.col, "no policy is named %q%s", name, namesOf(b.s.Policies))
				continue
			}
			c.Enabled[i] = true
		}
	}
	for _, f := range b.finds {
		if _, ok := byName[f.Policy]; !ok {
			b.errorf(f.Line, 0, "no policy is named %q%s", f.Policy, namesOf(b.s.Policies))
		}
	}
	b.s.Findings = b.finds
	if len(b.s.Checks) == 0 && len(b.s.Calls) == 0 && len(b.s.Findings) == 0 {
		b.errorf(1, 0, "the scenario states no expectation: write a request and its expect block, a table of requests, or a world and its calls")
	}
	if len(b.s.Calls) > 0 && b.s.World == nil {
		b.errorf(b.s.Calls[0].Line, 0, "calls need a world block")
	}
}

func namesOf(ps []*Policy) string {
	var names []string
	for _, p := range ps {
		if p.Name != "" {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return " (no policy has a name=)"
	}
	return " (the policies are " + strings.Join(names, ", ") + ")"
}

// splitList splits "A,B, C" into names.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
