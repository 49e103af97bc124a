package playground

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// The policies of an answer are most of its bytes (a 2,100-statement policy explains a few
// hundred statements, 180 KB), and encoding/json's reflection over them cost more than the
// edit itself, three times more in WebAssembly. They are written here by hand, exactly as
// encoding/json writes them (same keys, omissions and escaping: TestAnswerEncoding), and the
// rest of the answer by encoding/json.

// answerRest is an Answer without its policies: its Policies field, always nil, hides the
// Result's.
type answerRest struct {
	*authz.Result
	Policies *struct{}       `json:"policies,omitempty"`
	Findings []FindingAnswer `json:"findings"`
}

// encodeAnswer writes a as json.Marshal does, but for the order of the keys: "policies"
// comes last.
func encodeAnswer(a *Answer) []byte {
	b, err := json.Marshal(answerRest{Result: a.Result, Findings: a.Findings})
	if err != nil || len(b) < 2 || b[len(b)-1] != '}' {
		return marshal(a)
	}
	n := len(b) + 256 // room for the policies: an explained statement takes about a kilobyte
	for i := range a.Policies {
		n += 256 + 1024*len(a.Policies[i].Statements)
	}
	b = append(make([]byte, 0, n), b[:len(b)-1]...)
	if len(b) > 1 {
		b = append(b, ',')
	}
	b = append(b, `"policies":`...)
	b = appendPolicies(b, a.Policies)
	return append(b, '}')
}

func appendPolicies(b []byte, ps []PolicyAnswer) []byte {
	if ps == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		p := &ps[i]
		b = append(b, `{"kind":`...)
		b = appendString(b, string(p.Kind))
		b = appendInt(b, `,"index":`, p.Index)
		if p.Level != 0 {
			b = appendInt(b, `,"level":`, p.Level)
		}
		b = append(b, `,"name":`...)
		b = appendString(b, p.Name)
		b = append(b, `,"policy":`...)
		b = appendString(b, p.Ref.String())
		b = append(b, `,"verdict":`...)
		b = appendString(b, string(p.Verdict))
		if p.Strength != "" {
			b = append(b, `,"principalMatch":`...)
			b = appendString(b, p.Strength)
		}
		b = append(b, `,"statements":`...)
		b = appendStatements(b, p.Statements)
		if p.Omitted != 0 {
			b = appendInt(b, `,"omitted":`, p.Omitted)
		}
		b = appendInt(b, `,"tab":`, p.Tab)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendStatements(b []byte, ss []policy.StatementResult) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		s := &ss[i]
		b = appendInt(b, `{"index":`, s.Index)
		if s.Sid != "" {
			b = append(b, `,"sid":`...)
			b = appendString(b, s.Sid)
		}
		b = append(b, `,"effect":`...)
		b = appendString(b, s.Effect)
		b = appendBool(b, `,"matched":`, s.Matched)
		b = append(b, `,"path":`...)
		b = appendString(b, s.Path)
		b = appendRange(b, s.Range)
		b = appendCheck(b, `,"action":`, &s.Action)
		b = appendCheck(b, `,"resource":`, &s.Resource)
		if s.Principal != nil {
			b = appendCheck(b, `,"principal":`, s.Principal)
		}
		if len(s.Conditions) > 0 {
			b = append(b, `,"conditions":[`...)
			for j := range s.Conditions {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendCondition(b, &s.Conditions[j])
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendCheck(b []byte, key string, c *policy.ElementCheck) []byte {
	b = append(b, key...)
	b = appendBool(b, `{"matched":`, c.Matched)
	b = append(b, `,"why":`...)
	b = appendString(b, c.Why)
	if c.Path != "" {
		b = append(b, `,"path":`...)
		b = appendString(b, c.Path)
	}
	b = appendRange(b, c.Range)
	return append(b, '}')
}

func appendCondition(b []byte, c *policy.ConditionResult) []byte {
	b = append(b, `{"operator":`...)
	b = appendString(b, c.Operator)
	b = append(b, `,"key":`...)
	b = appendString(b, c.Key)
	b = append(b, `,"values":`...)
	if c.Values == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, v := range c.Values {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, v)
		}
		b = append(b, ']')
	}
	b = appendBool(b, `,"result":`, c.Result)
	if c.Missing {
		b = append(b, `,"missing":true`...)
	}
	b = append(b, `,"why":`...)
	b = appendString(b, c.Why)
	b = append(b, `,"path":`...)
	b = appendString(b, c.Path)
	b = appendRange(b, c.Range)
	return append(b, '}')
}

// appendRange writes `,"range":{...}`.
func appendRange(b []byte, r policy.Range) []byte {
	b = appendPos(b, `,"range":{"start":`, r.Start)
	b = appendPos(b, `,"end":`, r.End)
	return append(b, '}')
}

func appendPos(b []byte, key string, p policy.Pos) []byte {
	b = appendInt(b, key+`{"line":`, p.Line)
	b = appendInt(b, `,"column":`, p.Column)
	b = appendInt(b, `,"offset":`, p.Offset)
	return append(b, '}')
}

func appendInt(b []byte, key string, n int) []byte {
	return strconv.AppendInt(append(b, key...), int64(n), 10)
}

func appendBool(b []byte, key string, v bool) []byte {
	return strconv.AppendBool(append(b, key...), v)
}

// appendString writes s as a JSON string as encoding/json does: <, > and & escaped for
// HTML, U+2028 and U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
