package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/iamplay/iamplay/engine/secrets"
)

// prompt starts a command line of a transcript.
const prompt = "$ "

// calls reads a transcript: "$ iamplay call ..." lines, each followed by its expected answer.
func (b *builder) calls(bl *block, line int) {
	if b.s.World == nil {
		b.errorf(line, 0, "calls run against a world: write the world block before them")
	}
	text := strings.TrimSuffix(bl.text, "\n")
	var cur *Call
	var out []string
	flush := func() {
		if cur != nil {
			cur.Expected = strings.TrimSpace(strings.Join(out, "\n"))
			if err := checkExpected(cur.Expected); err != nil {
				b.errorf(cur.Line, 0, "the answer after this command: %v", err)
			}
			b.s.Calls = append(b.s.Calls, cur)
		}
		cur, out = nil, nil
	}
	n := 0
	for i, l := range strings.Split(text, "\n") {
		ml, mc := bl.at(i+1, 1)
		if !strings.HasPrefix(l, prompt) {
			if cur == nil && strings.TrimSpace(l) != "" {
				b.errorf(ml, mc, "a transcript starts with a command: \"$ iamplay call --as ARN OPERATION 'INPUT'\"")
				return
			}
			out = append(out, l)
			continue
		}
		flush()
		if len(b.s.Calls) >= maxCalls {
			b.errorf(ml, mc, "a scenario has at most %d calls", maxCalls)
			return
		}
		c, err := parseCommand(strings.TrimPrefix(l, prompt))
		if err != nil {
			b.errorf(ml, mc, "%v", err)
			return
		}
		c.Line = ml
		cur = c
		n++
	}
	flush()
	if n == 0 {
		b.errorf(line, 0, "the calls block has no command")
	}
}

// parseCommand reads "iamplay call --as ARN [flags] OPERATION ['INPUT']".
func parseCommand(cmd string) (*Call, error) {
	words, err := shellWords(cmd)
	if err != nil {
		return nil, err
	}
	if len(words) < 2 || words[0] != "iamplay" || words[1] != "call" {
		return nil, errors.New("a transcript's commands are \"iamplay call --as ARN OPERATION 'INPUT'\"")
	}
	c := &Call{Command: cmd, Region: "us-east-1", SourceIP: secrets.DefaultNetwork.SourceIP}
	var args []string
	rest := words[2:]
	for i := 0; i < len(rest); i++ {
		w := rest[i]
		if !strings.HasPrefix(w, "-") {
			args = append(args, w)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(w, "-"), "=")
		if name == "no-tls" {
			c.NoTLS = true
			continue
		}
		if !hasVal {
			if i+1 >= len(rest) {
				return nil, fmt.Errorf("--%s needs a value", name)
			}
			i++
			val = rest[i]
		}
		switch name {
		case "as":
			c.Caller = val
		case "region":
			c.Region = val
		case "source-ip":
			c.SourceIP = val
		case "vpce":
			c.VPCE = val
		default:
			return nil, fmt.Errorf("iamplay call has no flag --%s here (--as, --region, --source-ip, --vpce, --no-tls)", name)
		}
	}
	if c.Caller == "" {
		return nil, errors.New("the call needs --as ARN: who calls")
	}
	if len(args) < 1 || len(args) > 2 {
		return nil, errors.New("the call needs an OPERATION and at most one INPUT_JSON")
	}
	c.Operation = args[0]
	known := false
	for _, op := range secrets.Operations() {
		known = known || op == c.Operation
	}
	if !known {
		return nil, fmt.Errorf("%q is not a Secrets Manager operation the store runs", c.Operation)
	}
	c.Input = json.RawMessage("{}")
	if len(args) == 2 {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(args[1]), &obj); err != nil || obj == nil {
			return nil, fmt.Errorf("the input is not a JSON object: %s", args[1])
		}
		c.Input = json.RawMessage(args[1])
	}
	return c, nil
}

// shellWords splits a command line as a POSIX shell would for plain words, '...' and "...".
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("a ' is not closed")
			}
			w.WriteString(s[i+1 : i+1+end])
			i += end + 1
			in = true
		case c == '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				w.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, errors.New(`a " is not closed`)
			}
			i = j
			in = true
		case c == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
			in = true
		default:
			w.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words, nil
}

// awsError reads the AWS CLI's error line.
func awsError(s string) (typ, op, msg string, ok bool) {
	rest, found := strings.CutPrefix(s, "An error occurred (")
	if !found {
		return "", "", "", false
	}
	typ, rest, found = strings.Cut(rest, ") when calling the ")
	if !found {
		return "", "", "", false
	}
	op, msg, found = strings.Cut(rest, " operation: ")
	if !found {
		op, found = strings.CutSuffix(rest, " operation")
		if !found {
			return "", "", "", false
		}
	}
	return typ, op, msg, true
}

// checkExpected checks that an expected answer is one of the three forms.
func checkExpected(s string) error {
	switch {
	case s == "":
		return nil
	case strings.HasPrefix(s, "An error occurred"):
		if _, _, _, ok := awsError(s); !ok {
			return errors.New("write the error as the AWS CLI prints it: An error occurred (TYPE) when calling the OPERATION operation: MESSAGE")
		}
		return nil
	default:
		var v map[string]any
		if err := json.Unmarshal([]byte(s), &v); err != nil || v == nil {
			return errors.New("expected a JSON object (the response), an AWS CLI error line, or nothing")
		}
		return nil
	}
}
