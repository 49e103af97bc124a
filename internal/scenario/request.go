package scenario

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/iamplay/iamplay/engine/authz"
)

// requestFields are the members of the evaluation document's request (docs/contract.md).
var requestFields = map[string]bool{
	"principal": true, "action": true, "resource": true, "context": true,
	"time": true, "derive": true, "sessionIssuer": true,
}

// requestPrefix wraps a request into an evaluation document; it holds no newline, so a
// position in the document is the request's, shifted on the first line only.
const requestPrefix = `{"request":`

// checkRequest reads a request as the evaluation document's reader (authz.Reader) reads it
// and reports every finding about it, positioned by at (a line and column of raw to the
// markdown's). A scenario's request must be clean: a finding there is a mistake in the page.
func (b *builder) checkRequest(raw []byte, at func(line, col int) (int, int)) bool {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		l, c := at(1, 1)
		if se, ok := err.(*json.SyntaxError); ok {
			l, c = at(lineCol(raw, int(se.Offset)))
		}
		b.errorf(l, c, "the request is not a JSON object: %v", err)
		return false
	}
	ok := true
	var unknown []string
	for k := range fields {
		if !requestFields[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		l, c := at(lineCol(raw, bytes.Index(raw, []byte(`"`+k+`"`))))
		b.errorf(l, c, "a request has no field %q (principal, action, resource, context, time, derive, sessionIssuer)", k)
		ok = false
	}
	if _, has := fields["principal"]; !has {
		l, c := at(1, 1)
		b.errorf(l, c, "the request has no \"principal\"")
		ok = false
	}
	_, fs := (&authz.Reader{}).Read(append(append([]byte(requestPrefix), raw...), '}'))
	for _, f := range fs {
		line, col := f.Range.Start.Line, f.Range.Start.Column
		if line == 1 {
			col -= len(requestPrefix)
		}
		l, c := at(line, col)
		b.errorf(l, c, "%s (%s)", strings.TrimSuffix(f.Message, "."), f.Code)
		ok = false
	}
	return ok
}

// lineCol is the 1-based line and column of offset off in src (off < 0: the start).
func lineCol(src []byte, off int) (int, int) {
	if off < 0 {
		return 1, 1
	}
	if off > len(src) {
		off = len(src)
	}
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	return line, off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
}
