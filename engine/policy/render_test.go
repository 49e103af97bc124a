package policy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/iamplay/iamplay/internal/golden"
)

// posOf is the position of byte offset off in src, as the parser reports it.
func posOf(src string, off int) Pos {
	before := src[:off]
	line := strings.Count(before, "\n") + 1
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return Pos{Line: line, Column: utf8.RuneCountInString(src[lineStart:off]) + 1, Offset: off}
}

// span is the range of the n-th (0-based) occurrence of needle in src; n < 0 means an empty range just past the end.
func span(t *testing.T, src, needle string, n int) Range {
	t.Helper()
	if n < 0 {
		return Range{Start: posOf(src, len(src)), End: posOf(src, len(src))}
	}
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(src[off:], needle)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", needle, n+1)
		}
		if i == n {
			off += j
			break
		}
		off += j + len(needle)
	}
	return Range{Start: posOf(src, off), End: posOf(src, off+len(needle))}
}

const typoPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "secretsmanager:GetSecretValue",
    "Resource": "*",
    "Condition": {"StringEqual": {"aws:username": "alice"}}
  }]
}
`

// minified is the seed's TestEnv example on one line, as it appears on the AWS page.
const minified = `{ "Version": "2012-10-17", "Statement": [ { "Sid" : "Stmt1DescribeSecret", "Effect": "Allow", "Action": [ "secretsmanager:DescribeSecret" ], "Resource": "arn:aws:secretsmanager:<region>:<account_id>:secret:TestEnv/*" }, { "Sid" : "Stmt2GetSecretValue", "Effect": "Allow", "Action": [ "secretsmanager:GetSecretValue" ], "Resource": "arn:aws:secretsmanager:<region>:<account_id>:secret:TestEnv/-*", "Condition" : { "ForAnyValue:StringLike" : { "secretsmanager:Label" : "AWSCURRENT" } } } ] }`

func TestRender(t *testing.T) {
	t.Parallel()
	tabbed := "{\n\t\"Statement\": {\n\t\t\"Effect\":\t\"Alow\"\n\t}\n}\n"
	unicodeSrc := "{\"Sid\": \"café→東京\", \"Effect\": \"Deny\", \"Action\": \"secretsmanager:GetSecretValu\"}\n"
	crlf := "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": []\r\n}\r\n"
	multi := "{\n  \"Statement\": [{\n    \"Effect\": \"Allow\"\n  }]\n}\n"
	escape := "{\"Sid\": \"a\x1b[31mred\", \"Effect\": 1}"
	tests := []struct {
		name string
		src  string
		fs   func(t *testing.T, src string) Findings
		opts RenderOptions
	}{
		{"typo_operator", typoPolicy, func(t *testing.T, src string) Findings {
			return Findings{{Code: "condition.unknown_operator", Severity: SeverityError,
				Message: `unknown condition operator "StringEqual"`, Path: "/Statement/0/Condition/StringEqual",
				Range: span(t, src, `"StringEqual"`, 0), Suggestion: `"StringEquals"`}}
		}, RenderOptions{}},
		{"typo_operator_color", typoPolicy, func(t *testing.T, src string) Findings {
			return Findings{{Code: "condition.unknown_operator", Severity: SeverityError,
				Message: `unknown condition operator "StringEqual"`, Range: span(t, src, `"StringEqual"`, 0),
				Suggestion: `"StringEquals"`}}
		}, RenderOptions{Color: true}},
		{"every_severity", typoPolicy, func(t *testing.T, src string) Findings {
			return Findings{
				{Code: "policy.version", Severity: SeveritySuggestion, Message: "a suggestion", Range: span(t, src, `"2012-10-17"`, 0)},
				{Code: "statement.allow_star", Severity: SeveritySecurityWarning, Message: "a security warning", Range: span(t, src, `"*"`, 0)},
				{Code: "condition.key", Severity: SeverityWarning, Message: "a warning", Range: span(t, src, `"aws:username"`, 0)},
				{Code: "statement.effect", Severity: SeverityError, Message: "an error", Range: span(t, src, `"Allow"`, 0)},
			}
		}, RenderOptions{}},
		{"every_severity_color", typoPolicy, func(t *testing.T, src string) Findings {
			return Findings{
				{Code: "policy.version", Severity: SeveritySuggestion, Message: "a suggestion", Range: span(t, src, `"2012-10-17"`, 0)},
				{Code: "statement.allow_star", Severity: SeveritySecurityWarning, Message: "a security warning", Range: span(t, src, `"*"`, 0)},
				{Code: "condition.key", Severity: SeverityWarning, Message: "a warning", Range: span(t, src, `"aws:username"`, 0)},
			}
		}, RenderOptions{Color: true}},
		{"tabs", tabbed, func(t *testing.T, src string) Findings {
			return Findings{{Code: "statement.invalid_effect", Severity: SeverityError,
				Message: `Effect must be "Allow" or "Deny"`, Range: span(t, src, `"Alow"`, 0), Suggestion: `"Allow"`}}
		}, RenderOptions{}},
		{"unicode", unicodeSrc, func(t *testing.T, src string) Findings {
			return Findings{
				{Code: "action.unknown", Severity: SeverityError, Message: "unknown action",
					Range: span(t, src, `"secretsmanager:GetSecretValu"`, 0), Suggestion: `"secretsmanager:GetSecretValue"`},
				{Code: "sid.chars", Severity: SeverityWarning, Message: "a Sid may hold only letters and digits",
					Range: span(t, src, "東京", 0)},
			}
		}, RenderOptions{}},
		{"multiline_range", multi, func(t *testing.T, src string) Findings {
			r := span(t, src, "{\n    \"Effect\": \"Allow\"\n  }", 0)
			return Findings{{Code: "statement.missing_action", Severity: SeverityError,
				Message: "a statement needs Action or NotAction", Range: r}}
		}, RenderOptions{}},
		{"crlf", crlf, func(t *testing.T, src string) Findings {
			return Findings{{Code: "policy.empty_statement", Severity: SeverityWarning,
				Message: "Statement is empty: the policy allows nothing", Range: span(t, src, "[]", 0)}}
		}, RenderOptions{}},
		{"end_of_input", "{\"Version\": \"2012-10-17\"", func(t *testing.T, src string) Findings {
			return Findings{{Code: "json.syntax", Severity: SeverityError,
				Message: `unexpected end of input: expected "," or "}"`, Range: span(t, src, "", -1)}}
		}, RenderOptions{}},
		{"no_position", typoPolicy, func(t *testing.T, src string) Findings {
			return Findings{{Code: "policy.too_large", Severity: SeverityWarning,
				Message: "policy is larger than the quota", Suggestion: "a shorter policy"}}
		}, RenderOptions{}},
		{"offset_unusable", typoPolicy, func(t *testing.T, src string) Findings {
			r := span(t, src, `"Resource"`, 0)
			r.Start.Offset, r.End.Offset = len(src)+100, len(src)+110 // located by line and column instead
			return Findings{{Code: "statement.resource", Severity: SeverityWarning, Message: "found by line and column", Range: r}}
		}, RenderOptions{}},
		{"long_line", minified, func(t *testing.T, src string) Findings {
			return Findings{
				{Code: "condition.unknown_key", Severity: SeverityWarning, Message: `unknown condition key "secretsmanager:Label"`,
					Range: span(t, src, `"secretsmanager:Label"`, 0), Suggestion: `"secretsmanager:VersionStage"`},
				{Code: "policy.version", Severity: SeveritySuggestion, Message: "near the start", Range: span(t, src, `"Version"`, 0)},
				{Code: "resource.placeholder", Severity: SeverityError, Message: "near the middle",
					Range: span(t, src, `"arn:aws:secretsmanager:<region>:<account_id>:secret:TestEnv/-*"`, 0)},
			}
		}, RenderOptions{}},
		{"control_characters", escape, func(t *testing.T, src string) Findings {
			return Findings{{Code: "statement.effect_type", Severity: SeverityError,
				Message: "Effect must be a string, not\x1b[2J a number", Range: span(t, src, "1", 1)}}
		}, RenderOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := Render(&b, "policy.json", []byte(tt.src), tt.fs(t, tt.src), tt.opts); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "render", tt.name+".golden"), b.Bytes())
		})
	}
}

// TestRenderCheck renders what Check finds in each testdata/render/check/*.json, checked as an
// identity policy, next to it in a .golden file: the text a person reads from iamplay validate.
func TestRenderCheck(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob(filepath.Join("testdata", "render", "check", "*.json"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in testdata/render/check (%v)", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			_, fs := Check(src, KindIdentity)
			var b bytes.Buffer
			if err := Render(&b, filepath.Base(in), src, fs, RenderOptions{}); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, strings.TrimSuffix(in, ".json")+".golden", b.Bytes())
		})
	}
}

// TestRenderCaretAlignment checks, for every range in sources with tabs and wide characters,
// that the caret sits under the first character of the range.
func TestRenderCaretAlignment(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, needle string }{
		{"\t\"a\":\t\"x\"", `"x"`},
		{"ab\tcd\t\tef", "ef"},
		{"東京 \"k\"", `"k"`},
		{"e\u0301\u0301 \"k\"", `"k"`},
		{"\x00\x01\"k\"", `"k"`},
		{strings.Repeat("é", 150) + "X" + strings.Repeat("z", 150), "X"},
	}
	for _, tt := range tests {
		r := span(t, tt.src, tt.needle, 0)
		ex, ok := excerpt([]byte(tt.src), r)
		if !ok {
			t.Fatalf("excerpt(%q) found no line", tt.src)
		}
		cells := lineCells([]byte(ex.text), 0)
		col, i := 0, 0
		for ; i < len(cells) && col < ex.pad; i++ {
			col += cells[i].width
		}
		if col != ex.pad || !strings.HasPrefix(ex.text[cells[i].off:], tt.needle[:1]) {
			t.Errorf("src %q: caret at column %d is not under %q in %q", tt.src, ex.pad, tt.needle, ex.text)
		}
		if ex.width != columns(lineCells([]byte(tt.needle), 0)) {
			t.Errorf("src %q: caret run is %d columns, want the width of %q", tt.src, ex.width, tt.needle)
		}
	}
}

// TestRenderAnyRange renders every start and end offset pair of a small tricky source:
// nothing may panic and every finding prints a header line.
func TestRenderAnyRange(t *testing.T) {
	t.Parallel()
	src := "{\r\n\t\"é東\": [\xff, \"x\"]\n}"
	for s := -1; s <= len(src)+1; s++ {
		for e := -1; e <= len(src)+1; e++ {
			f := Finding{Code: "c", Severity: SeverityError, Message: "m",
				Range: Range{Start: Pos{Line: 2, Column: 3, Offset: s}, End: Pos{Line: 2, Column: 4, Offset: e}}}
			var b bytes.Buffer
			if err := Render(&b, "p.json", []byte(src), Findings{f}, RenderOptions{}); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(b.String(), "p.json:2:3: error c: m\n") {
				t.Fatalf("range %d..%d: got %q", s, e, b.String())
			}
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add([]byte(typoPolicy), 10, 20, 2, 3)
	f.Add([]byte(minified), 300, 340, 1, 300)
	f.Add([]byte("\t\xff東\r\n"), 1, 0, 5, 1)
	f.Fuzz(func(t *testing.T, src []byte, start, end, line, col int) {
		f := Finding{Code: "c", Severity: SeverityWarning, Message: "m", Suggestion: "s",
			Range: Range{Start: Pos{Line: line, Column: col, Offset: start}, End: Pos{Line: line, Column: col + 1, Offset: end}}}
		var b bytes.Buffer
		if err := Render(&b, "f", src, Findings{f}, RenderOptions{Color: start%2 == 0}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(b.String(), "\n") {
			if utf8.RuneCountInString(l) > renderMaxWidth+2*len(renderEllipsis)+len(renderIndent)+2*renderTabWidth+40 &&
				!strings.HasPrefix(l, "f:") {
				t.Fatalf("line of %d characters: %q", utf8.RuneCountInString(l), l)
			}
		}
	})
}

func TestSummary(t *testing.T) {
	t.Parallel()
	e := Finding{Severity: SeverityError}
	w := Finding{Severity: SeverityWarning}
	sw := Finding{Severity: SeveritySecurityWarning}
	s := Finding{Severity: SeveritySuggestion}
	tests := []struct {
		fs   Findings
		want string
	}{
		{nil, "no findings"},
		{Findings{e}, "1 error"},
		{Findings{e, w, e}, "2 errors, 1 warning"},
		{Findings{s, sw, w, e}, "1 error, 1 security warning, 1 warning, 1 suggestion"},
		{Findings{sw, sw, s, s, s}, "2 security warnings, 3 suggestions"},
	}
	for _, tt := range tests {
		if got := Summary(tt.fs); got != tt.want {
			t.Errorf("Summary(%v) = %q, want %q", tt.fs, got, tt.want)
		}
	}
}

func TestRenderJSON(t *testing.T) {
	t.Parallel()
	r := span(t, typoPolicy, `"StringEqual"`, 0)
	files := []FileFindings{
		{File: "typo.json", Findings: Findings{{Code: "condition.unknown_operator", Severity: SeverityError,
			Message: `unknown condition operator "StringEqual"`, Path: "/Statement/0/Condition/StringEqual",
			Range: r, Suggestion: `"StringEquals"`}, {Code: "w", Severity: SeverityWarning, Message: "w"}}},
		{File: "clean.json"},
	}
	var b bytes.Buffer
	if err := RenderJSON(&b, files); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "render", "report.json"), b.Bytes())
}

func ExampleRender() {
	src := []byte(`{"Statement": {"Effect": "Alow"}}`)
	fs := Findings{{
		Code: "statement.invalid_effect", Severity: SeverityError, Message: `Effect must be "Allow" or "Deny"; did you mean "Allow"?`,
		Range:      Range{Start: Pos{Line: 1, Column: 26, Offset: 25}, End: Pos{Line: 1, Column: 32, Offset: 31}},
		Suggestion: `"Allow"`,
	}}
	_ = Render(os.Stdout, "policy.json", src, fs, RenderOptions{})
	// Output:
	// policy.json:1:26: error statement.invalid_effect: Effect must be "Allow" or "Deny"; did you mean "Allow"?
	//     {"Statement": {"Effect": "Alow"}}
	//                              ^~~~~~
	//                              "Allow"
}

func ExampleSummary() {
	fs := Findings{{Severity: SeverityError}, {Severity: SeverityWarning}, {Severity: SeverityError}}
	fmt.Println(Summary(fs))
	// Output: 2 errors, 1 warning
}

// TestRenderIsLinear: rendering looks at a bounded window of the line around each finding,
// so 4,000 findings on a one-line 296 KB policy (once 48 s) and a finding at the start of a
// one-line 8 MB input (once about 38 bytes per input byte) cost little each.
func TestRenderIsLinear(t *testing.T) {
	line := `{"Version": "2012-10-17", "Statement": [` + strings.Repeat(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, `, 4600) + `{}]}`
	var fs Findings
	for off := 0; off < len(line) && len(fs) < 4000; off += len(line) / 4000 {
		at := func(o int) Pos { return Pos{Line: 1, Column: o + 1, Offset: o} } // one ASCII line
		fs = append(fs, Finding{Code: "policy.example", Severity: SeverityWarning, Message: "m", Range: Range{Start: at(off), End: at(off + 5)}})
	}
	huge := bytes.Repeat([]byte("x"), 8<<20)
	tests := []struct {
		name       string
		src        []byte
		fs         Findings
		perFinding uint64 // bytes allocated per finding, at most
	}{
		{"4,000 findings on a 296 KB line", []byte(line), fs, 64 << 10},
		{"a finding on an 8 MB line", huge, Findings{{Code: "json.too_large", Severity: SeverityError, Message: "m", Range: Range{Start: Pos{Line: 1, Column: 1}, End: Pos{Line: 1, Column: 1}}}}, 64 << 10},
	}
	for _, tt := range tests {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var out bytes.Buffer
		if err := Render(&out, "p.json", tt.src, tt.fs, RenderOptions{}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if got := (after.TotalAlloc - before.TotalAlloc) / uint64(len(tt.fs)); got > tt.perFinding {
			t.Errorf("%s: %d bytes allocated per finding, want at most %d", tt.name, got, tt.perFinding)
		}
		if n := bytes.Count(out.Bytes(), []byte("\n")); n < 2*len(tt.fs) {
			t.Errorf("%s: %d lines of output for %d findings", tt.name, n, len(tt.fs))
		}
	}
}
