package jsontree

import (
	"strings"
	"testing"
)

// TestMessages: each syntax error reads as English and names what it found.
func TestMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src, msg string
		offset   int
	}{
		{"\uFEFF{}", "the document starts with a byte-order mark (U+FEFF); save it as UTF-8 without one", 0},
		{"[\xff]", "unexpected byte 0xFF, which is not UTF-8; expected a value", 1},
		{`["a` + "\xfe" + `"]`, "byte 0xFE in a string is not UTF-8; save the file as UTF-8", 3},
		{"[\uFEFF]", "unexpected byte-order mark (U+FEFF); expected a value", 1},
		{"[\x01]", `unexpected control character '\x01'; expected a value`, 1},
		{`{"a" 1}`, "unexpected '1'; expected ':' after the member name", 5},
		{`[1,]`, "unexpected ']' after ','; remove the trailing comma", 3},
		{`[1`, "unexpected end of input; expected ',' or ']' after an array element", 2},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src), Limits{})
		if err == nil || err.Message != tt.msg || err.Offset != tt.offset {
			t.Errorf("Parse(%q) = %+v, want %q at %d", tt.src, err, tt.msg, tt.offset)
		}
		if err != nil && strings.Contains(err.Message, "unexpected a") {
			t.Errorf("Parse(%q): %q", tt.src, err.Message)
		}
	}
}

func TestContext(t *testing.T) {
	t.Parallel()
	n, err := Parse([]byte(`{"a": "1", "A": "2", "b": ["x", 7, true, {}], "c": null, "d": "`+strings.Repeat("v", 9)+`", "e": ["1", "2", "3"]}`), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, probs := n.Context(ContextLimits{MaxValues: 5, MaxValueBytes: 8}) // "c": null marks c absent: no value, no problem
	want := map[string][]string{"a": {"1"}, "b": {"x", "7", "true"}, "d": {}, "e": {"1"}}
	if len(ctx) != len(want) {
		t.Errorf("context %v, want %v", ctx, want)
	}
	for k, vs := range want {
		if strings.Join(ctx[k], ",") != strings.Join(vs, ",") {
			t.Errorf("%s: %v, want %v", k, ctx[k], vs)
		}
	}
	var codes []string
	for _, p := range probs {
		codes = append(codes, p.Code+" "+p.Key)
	}
	if got := strings.Join(codes, "; "); got != "request.duplicate_context_key A; document.wrong_type b; request.context_value_too_long d; request.too_many_context_values e" {
		t.Errorf("problems: %s", got)
	}
}
