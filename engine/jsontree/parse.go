package jsontree

import (
	"bytes"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/iamplay/iamplay/engine/internal/block"
)

type parser struct {
	src   []byte
	str   string // src[base:] as a string, so unescaped string values are zero-copy substrings
	base  int    // the offset in src where str starts: 0, or the start of a window (ParseElements)
	i     int
	depth int
	max   int
	err   *Error
	arena []Node
	// Children are gathered on these stacks and copied out once, at the exact size, when
	// their container closes: no slice grows element by element.
	elems   []*Node
	members []Member
	// The exact-size copies are cut from growing blocks: one allocation per block, not per
	// container.
	elemBlock   []*Node
	memberBlock []Member
}

// Parse parses src, which must hold exactly one JSON value (surrounding whitespace allowed).
func Parse(src []byte, lim Limits) (*Node, *Error) {
	if lim.MaxBytes > 0 && len(src) > lim.MaxBytes {
		return nil, &Error{Offset: 0, End: 0, Code: "json.too_large",
			Message: "the document is larger than " + strconv.Itoa(lim.MaxBytes) + " bytes, the most that is read; it is not read"}
	}
	p := &parser{src: src, str: string(src), max: lim.MaxDepth}
	// The first value of a container follows its '{' or '['; every other follows a ','.
	// Counting those bytes (a fast scan) bounds the number of values: the arena is sized
	// once, with neither waste nor growth.
	p.arena = make([]Node, 0, min(bytes.Count(src, []byte{','})+bytes.Count(src, []byte{'{'})+bytes.Count(src, []byte{'['})+1, 1<<16))
	if p.max <= 0 {
		p.max = 64
	}
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		return nil, &Error{Offset: 0, End: 3, Code: "json.syntax", Expected: "{",
			Message: "the document starts with a byte-order mark (U+FEFF); save it as UTF-8 without one"}
	}
	p.skipSpace()
	if p.i >= len(src) {
		return nil, &Error{Offset: p.i, End: p.i, Code: "json.empty", Message: "the document is empty; expected a JSON object", Expected: "{"}
	}
	n := p.value()
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.i < len(src) {
		p.fail(p.i, "unexpected "+p.describe(p.i)+" after the end of the JSON value", "")
		return nil, p.err
	}
	return n, nil
}

func (p *parser) node() *Node { return block.New(&p.arena, 64) }

func (p *parser) fail(off int, msg, expected string) {
	if p.err != nil {
		return
	}
	end := off
	if off < len(p.src) {
		_, w := utf8.DecodeRune(p.src[off:])
		end = off + w
	}
	p.err = &Error{Offset: off, End: end, Code: "json.syntax", Message: msg, Expected: expected}
}

// describe names what is at offset i for an error message that reads "unexpected ...".
func (p *parser) describe(i int) string {
	if i >= len(p.src) {
		return "end of input"
	}
	r, w := utf8.DecodeRune(p.src[i:])
	switch {
	case r == utf8.RuneError && w == 1:
		return "byte " + hexByte(p.src[i]) + ", which is not UTF-8"
	case r == '\uFEFF':
		return "byte-order mark (U+FEFF)"
	case r < 0x20:
		return "control character " + strconv.QuoteRune(r)
	}
	return "'" + string(r) + "'"
}

// hexByte writes b as 0xAB.
func hexByte(b byte) string {
	const digits = "0123456789ABCDEF"
	return "0x" + string(digits[b>>4]) + string(digits[b&15])
}

func (p *parser) skipSpace() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() *Node {
	if p.i >= len(p.src) {
		p.fail(p.i, "unexpected end of input; expected a value", "value")
		return nil
	}
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		start := p.i
		s, ok := p.string()
		if !ok {
			return nil
		}
		n := p.node()
		*n = Node{Kind: String, Start: start, End: p.i, Text: s}
		return n
	case c == '-' || ('0' <= c && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", Bool)
	case c == 'f':
		return p.literal("false", Bool)
	case c == 'n':
		return p.literal("null", Null)
	default:
		hint := ""
		if c == '\'' {
			hint = " (JSON strings use double quotes)"
		}
		p.fail(p.i, "unexpected "+p.describe(p.i)+"; expected a value"+hint, "value")
		return nil
	}
}

func (p *parser) literal(word string, k Kind) *Node {
	start := p.i
	if len(p.src)-p.i < len(word) || string(p.src[p.i:p.i+len(word)]) != word {
		p.fail(p.i, "unexpected "+p.describe(p.i)+"; expected a value", "value")
		return nil
	}
	p.i += len(word)
	n := p.node()
	*n = Node{Kind: k, Start: start, End: p.i, Text: word}
	return n
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > p.max {
		p.err = &Error{Offset: p.i, End: p.i + 1, Code: "json.too_deep",
			Message: "values are nested more than " + strconv.Itoa(p.max) + " levels deep"}
		return false
	}
	return true
}

func (p *parser) object() *Node {
	start := p.i
	if !p.enter() {
		return nil
	}
	p.i++ // {
	n := p.node()
	n.Kind, n.Start = Object, start
	base := len(p.members)
	defer func() { p.members = p.members[:base] }()
	p.skipSpace()
	if p.i < len(p.src) && p.src[p.i] == '}' {
		p.i++
		n.End = p.i
		p.depth--
		return n
	}
	for {
		p.skipSpace()
		if p.i >= len(p.src) || p.src[p.i] != '"' {
			msg := "expected a member name in double quotes"
			if p.i < len(p.src) && p.src[p.i] == '}' {
				msg = "unexpected '}' after ','; remove the trailing comma"
			} else {
				msg = "unexpected " + p.describe(p.i) + "; " + msg
			}
			p.fail(p.i, msg, "\"")
			return nil
		}
		nameFrom := p.i
		name, ok := p.string()
		if !ok {
			return nil
		}
		nameTo := p.i
		p.skipSpace()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			p.fail(p.i, "unexpected "+p.describe(p.i)+"; expected ':' after the member name", ":")
			return nil
		}
		p.i++
		p.skipSpace()
		v := p.value()
		if v == nil {
			return nil
		}
		p.members = append(p.members, Member{Name: name, NameFrom: nameFrom, NameTo: nameTo, Value: v})
		p.skipSpace()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.src) && p.src[p.i] == '}' {
			p.i++
			n.End = p.i
			n.Members = block.Copy(&p.memberBlock, p.members[base:], block.Grow(cap(p.memberBlock), 16, 1024))
			p.depth--
			return n
		}
		p.fail(p.i, "unexpected "+p.describe(p.i)+"; expected ',' or '}' after an object member", "}")
		return nil
	}
}

func (p *parser) array() *Node {
	start := p.i
	if !p.enter() {
		return nil
	}
	p.i++ // [
	n := p.node()
	n.Kind, n.Start = Array, start
	base := len(p.elems)
	defer func() { p.elems = p.elems[:base] }()
	p.skipSpace()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.i++
		n.End = p.i
		p.depth--
		return n
	}
	for {
		p.skipSpace()
		if p.i < len(p.src) && p.src[p.i] == ']' {
			p.fail(p.i, "unexpected ']' after ','; remove the trailing comma", "value")
			return nil
		}
		v := p.value()
		if v == nil {
			return nil
		}
		p.elems = append(p.elems, v)
		p.skipSpace()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.src) && p.src[p.i] == ']' {
			p.i++
			n.End = p.i
			n.Elems = block.Copy(&p.elemBlock, p.elems[base:], block.Grow(cap(p.elemBlock), 16, 1024))
			p.depth--
			return n
		}
		p.fail(p.i, "unexpected "+p.describe(p.i)+"; expected ',' or ']' after an array element", "]")
		return nil
	}
}

func (p *parser) number() *Node {
	start := p.i
	i := p.i
	if p.src[i] == '-' {
		i++
	}
	digits := func() int {
		s := i
		for i < len(p.src) && '0' <= p.src[i] && p.src[i] <= '9' {
			i++
		}
		return i - s
	}
	if i < len(p.src) && p.src[i] == '0' {
		i++
	} else if digits() == 0 {
		p.fail(i, "unexpected "+p.describe(i)+" in a number; expected a digit", "digit")
		return nil
	}
	if i < len(p.src) && p.src[i] == '.' {
		i++
		if digits() == 0 {
			p.fail(i, "unexpected "+p.describe(i)+" in a number; expected a digit after '.'", "digit")
			return nil
		}
	}
	if i < len(p.src) && (p.src[i] == 'e' || p.src[i] == 'E') {
		i++
		if i < len(p.src) && (p.src[i] == '+' || p.src[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.fail(i, "unexpected "+p.describe(i)+" in a number; expected a digit in the exponent", "digit")
			return nil
		}
	}
	p.i = i
	n := p.node()
	*n = Node{Kind: Number, Start: start, End: i, Text: p.str[start-p.base : i-p.base]}
	return n
}

// string reads a string at p.i (which is '"') and leaves p.i after the closing quote.
func (p *parser) string() (string, bool) {
	start := p.i
	i := p.i + 1
	// Fast path: no escapes, ASCII or valid UTF-8.
	for i < len(p.src) {
		for i < len(p.src) && !special[p.src[i]] {
			i++
		}
		if i >= len(p.src) {
			break
		}
		c := p.src[i]
		if c == '"' {
			s := p.str[start+1-p.base : i-p.base]
			p.i = i + 1
			return s, true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c >= 0x80 {
			r, w := utf8.DecodeRune(p.src[i:])
			if r == utf8.RuneError && w == 1 {
				p.fail(i, "byte "+hexByte(p.src[i])+" in a string is not UTF-8; save the file as UTF-8", "")
				return "", false
			}
			i += w
			continue
		}
		i++
	}
	if i >= len(p.src) {
		p.fail(start, "unterminated string; expected a closing '\"'", "\"")
		return "", false
	}
	// Slow path with escapes: find the closing quote first, so the buffer is allocated once.
	end := i
	for {
		k := bytes.IndexByte(p.src[end:], '"')
		if k < 0 {
			end = len(p.src)
			break
		}
		end += k
		n := 0 // backslashes just before the quote: an odd number escapes it
		for x := end - 1; x > start && p.src[x] == '\\'; x-- {
			n++
		}
		if n%2 == 0 {
			break
		}
		end++
	}
	buf := make([]byte, 0, end-start)
	buf = append(buf, p.src[start+1:i]...)
	for i < len(p.src) {
		c := p.src[i]
		switch {
		case c == '"':
			p.i = i + 1
			return string(buf), true
		case c < 0x20:
			p.fail(i, "unexpected "+p.describe(i)+" in a string; escape it", "")
			return "", false
		case c == '\\':
			if i+1 >= len(p.src) {
				p.fail(start, "unterminated string; expected a closing '\"'", "\"")
				return "", false
			}
			e := p.src[i+1]
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := p.hex4(i + 2)
				if !ok {
					p.fail(i, "invalid \\u escape; expected four hex digits", "")
					return "", false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2, ok := p.hex4(i + 2); ok && i+1 < len(p.src) && p.src[i] == '\\' && p.src[i+1] == 'u' {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							i += 6
							r = d
						} else {
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				p.fail(i, "invalid escape '\\"+string(rune(e))+"' in a string", "")
				return "", false
			}
			i += 2
		case c >= 0x80:
			r, w := utf8.DecodeRune(p.src[i:])
			if r == utf8.RuneError && w == 1 {
				p.fail(i, "byte "+hexByte(p.src[i])+" in a string is not UTF-8; save the file as UTF-8", "")
				return "", false
			}
			buf = append(buf, p.src[i:i+w]...)
			i += w
		default: // a run of plain ASCII is copied at once
			j := i + 1
			for j < len(p.src) && !special[p.src[j]] {
				j++
			}
			buf = append(buf, p.src[i:j]...)
			i = j
		}
	}
	p.fail(start, "unterminated string; expected a closing '\"'", "\"")
	return "", false
}

// special marks the bytes a string scan must stop at: the closing quote, an escape, a
// control character (which JSON forbids raw) and the start of a multi-byte character.
var special = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80
	}
	return t
}()

func (p *parser) hex4(i int) (rune, bool) {
	if i+4 > len(p.src) {
		return 0, false
	}
	var r rune
	for _, c := range p.src[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
