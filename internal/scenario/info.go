package scenario

import (
	"fmt"
	"strings"
)

// The kinds of scenario blocks, named in a fenced block's info string.
const (
	blockPolicy   = "policy"
	blockRequest  = "request"
	blockExpect   = "expect"
	blockFindings = "findings"
	blockWorld    = "world"
	blockCalls    = "calls"
)

var blockKinds = []string{blockPolicy, blockRequest, blockExpect, blockFindings, blockWorld, blockCalls}

// attrsOf is which attributes each kind takes; "flag" marks one written without a value.
var attrsOf = map[string]map[string]string{
	blockPolicy:   {"kind": "value", "name": "value", "level": "value", "off": "flag"},
	blockRequest:  {"name": "value", "policies": "value"},
	blockExpect:   {},
	blockFindings: {"policy": "value"},
	blockWorld:    {"src": "value"},
	blockCalls:    {},
}

// info is a fenced block's info string read: its language (may be ""), its scenario kind
// ("" for an ordinary code block) and attributes in order.
type info struct {
	lang  string
	kind  string
	attrs map[string]string
	cols  map[string]int // the column offset (0-based, in the info string) of each attribute
}

func isKind(w string) bool {
	for _, k := range blockKinds {
		if w == k {
			return true
		}
	}
	return false
}

// infoWord is one word of an info string and its offset in it.
type infoWord struct {
	text string
	at   int
}

// splitInfo splits an info string into words; a value may be quoted ("...") to hold spaces.
func splitInfo(s string) ([]infoWord, int, error) {
	var words []infoWord
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		var b strings.Builder
		for i < len(s) && s[i] != ' ' && s[i] != '\t' {
			if s[i] == '"' {
				end := strings.IndexByte(s[i+1:], '"')
				if end < 0 {
					return nil, i, fmt.Errorf("a quote is not closed")
				}
				b.WriteString(s[i+1 : i+1+end])
				i += end + 2
				continue
			}
			b.WriteByte(s[i])
			i++
		}
		words = append(words, infoWord{b.String(), start})
	}
	return words, 0, nil
}

// parseInfo reads an info string. An error carries the 0-based offset in s it is about.
func parseInfo(s string) (info, int, error) {
	in := info{attrs: map[string]string{}, cols: map[string]int{}}
	words, at, err := splitInfo(s)
	if err != nil {
		return in, at, err
	}
	if len(words) == 0 {
		return in, 0, nil
	}
	rest := words
	switch {
	case isKind(words[0].text):
		in.kind, rest = words[0].text, words[1:]
	case len(words) > 1 && isKind(words[1].text):
		in.lang, in.kind, rest = words[0].text, words[1].text, words[2:]
	case len(words) > 1:
		w := words[1]
		if !strings.Contains(w.text, "=") {
			return in, w.at, fmt.Errorf("%q is not a scenario block kind (%s)", w.text, strings.Join(blockKinds, ", "))
		}
		return in, w.at, fmt.Errorf("attributes need a scenario block kind before them (%s)", strings.Join(blockKinds, ", "))
	default:
		in.lang = words[0].text
		return in, 0, nil
	}
	allowed := attrsOf[in.kind]
	for _, w := range rest {
		k, v, hasValue := strings.Cut(w.text, "=")
		how, ok := allowed[k]
		switch {
		case !ok:
			return in, w.at, fmt.Errorf("a %s block has no attribute %q%s", in.kind, k, known(allowed))
		case how == "flag" && hasValue:
			return in, w.at, fmt.Errorf("%s takes no value", k)
		case how == "value" && (!hasValue || v == ""):
			return in, w.at, fmt.Errorf("%s needs a value: %s=...", k, k)
		}
		if _, dup := in.attrs[k]; dup {
			return in, w.at, fmt.Errorf("%s is written twice", k)
		}
		in.attrs[k] = v
		in.cols[k] = w.at
	}
	return in, 0, nil
}

// known lists the attributes a kind takes, for an error message.
func known(allowed map[string]string) string {
	if len(allowed) == 0 {
		return " (it takes none)"
	}
	var names []string
	for _, k := range []string{"kind", "name", "level", "off", "policies", "policy", "src"} {
		if _, ok := allowed[k]; ok {
			names = append(names, k)
		}
	}
	return " (it takes " + strings.Join(names, ", ") + ")"
}
