package policy_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
)

func TestParseRanges(t *testing.T) {
	t.Parallel()
	src := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"é1\", \"Effect\": \"Allow\",\n    \"Action\": [\"secretsmanager:GetSecretValue\"], \"Resource\": \"*\",\n    \"Condition\": {\"StringLike\": {\"aws:PrincipalTag/team\": [\"a*\"]}}}]\n}"
	doc, fs := policy.Parse([]byte(src))
	if doc == nil || len(fs) != 0 {
		t.Fatalf("Parse: %v", fs)
	}
	st := doc.Statements[0]
	check := func(what string, n policy.Node, text string, line, col int, path string) {
		t.Helper()
		got := src[n.Range.Start.Offset:n.Range.End.Offset]
		if got != text || n.Range.Start.Line != line || n.Range.Start.Column != col || n.Path != path {
			t.Errorf("%s: got %q at %d:%d %s; want %q at %d:%d %s", what, got, n.Range.Start.Line, n.Range.Start.Column, n.Path, text, line, col, path)
		}
	}
	check("version", doc.Version.Node, `"2012-10-17"`, 2, 14, "/Version")
	check("effect", st.Effect.Node, `"Allow"`, 3, 41, "/Statement/0/Effect")
	check("action item", st.Action.Items[0].Node, `"secretsmanager:GetSecretValue"`, 4, 16, "/Statement/0/Action/0")
	check("resource", st.Resource.Items[0].Node, `"*"`, 4, 62, "/Statement/0/Resource")
	v := st.Condition.Operators[0].Keys[0].Values.Items[0]
	check("condition value", v.Node, `"a*"`, 5, 60, "/Statement/0/Condition/StringLike/aws:PrincipalTag~1team/0")
	if st.Sid.Value != "é1" || st.Effect.Range.Start.Column != 41 {
		t.Errorf("columns must count characters: %+v", st.Effect.Range)
	}
	if !st.Action.List || st.Resource.List || !doc.StatementList {
		t.Errorf("list flags wrong: action %v resource %v statement %v", st.Action.List, st.Resource.List, doc.StatementList)
	}
}

func TestParseFindings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, code string
		line, col       int
		sugg            string
	}{
		{"trailing comma", `{"Statement": [1,]}`, "json.syntax", 1, 18, ""},
		{"missing colon", `{"Version" "x"}`, "json.syntax", 1, 12, ""},
		{"single quotes", `{'Version': 1}`, "json.syntax", 1, 2, ""},
		{"unterminated", `{"Version": "20`, "json.syntax", 1, 13, ""},
		{"empty", ``, "json.empty", 1, 1, ""},
		{"trailing garbage", `{} x`, "json.syntax", 1, 4, ""},
		{"not an object", `[1]`, "policy.not_object", 1, 1, ""},
		{"bad number", `{"a": 01}`, "json.syntax", 1, 8, ""},
		{"element case", `{"statement": []}`, "policy.element_case", 1, 2, `"Statement"`},
		{"unknown element", `{"Statment": []}`, "policy.unknown_element", 1, 2, `"Statement"`},
		{"unknown statement element", `{"Statement": {"Efect": "Allow"}}`, "policy.unknown_element", 1, 16, `"Effect"`},
		{"duplicate key", `{"Statement": {"Effect": "Allow", "Effect": "Deny"}}`, "json.duplicate_key", 1, 35, ""},
		{"wrong type", `{"Statement": {"Effect": 1}}`, "policy.wrong_type", 1, 26, ""},
		{"wrong statement type", `{"Statement": "x"}`, "policy.wrong_type", 1, 15, ""},
		{"action item type", `{"Statement": {"Action": ["a:b", 3]}}`, "policy.wrong_type", 1, 34, ""},
		{"principal string", `{"Statement": {"Principal": "123456789012"}}`, "principal.format", 1, 29, `{"AWS": "123456789012"}`},
		{"condition type", `{"Statement": {"Condition": []}}`, "policy.wrong_type", 1, 29, ""},
		{"invalid utf8", "{\"Sid\": \"\xff\"}", "json.syntax", 1, 10, ""},
		{"too deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), "json.too_deep", 1, 65, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, fs := policy.Parse([]byte(tt.src))
			for _, f := range fs {
				if f.Code == tt.code {
					if f.Range.Start.Line != tt.line || f.Range.Start.Column != tt.col || f.Suggestion != tt.sugg {
						t.Errorf("%s at %d:%d suggestion %q; want %d:%d %q (%s)", f.Code, f.Range.Start.Line, f.Range.Start.Column, f.Suggestion, tt.line, tt.col, tt.sugg, f.Message)
					}
					return
				}
			}
			t.Errorf("no %s finding; got %v", tt.code, fs)
		})
	}
}

func TestParseHugeInput(t *testing.T) {
	t.Parallel()
	deep := bytes.Repeat([]byte("["), 10000)
	if doc, fs := policy.Parse(deep); doc != nil || len(fs) != 1 || fs[0].Code != "json.too_deep" {
		t.Errorf("10,000-deep nesting: %v", fs)
	}
	huge := make([]byte, 100<<20)
	if doc, fs := policy.Parse(huge); doc != nil || len(fs) != 1 || fs[0].Code != "json.too_large" {
		t.Errorf("100 MB input: %v", fs)
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range compatCorpus {
		f.Add([]byte(c.src))
	}
	f.Add([]byte(`{"Statement": [{"Effect": "Allow", "Effect": "Deny", "Condition": {"StringLike": {"a": [null, {}, []]}}}]}`))
	f.Add([]byte(`{"a": "\ud800\udc00\u00e9\n"}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, k := range policy.Kinds {
			doc, fs := policy.Check(src, k)
			if doc == nil && !fs.HasErrors() {
				t.Fatalf("no document and no error finding")
			}
			for _, f := range fs {
				if f.Range.Start.Offset < 0 || f.Range.End.Offset > len(src) || f.Range.Start.Offset > f.Range.End.Offset {
					t.Fatalf("finding %s has range %+v outside the source (%d bytes)", f.Code, f.Range, len(src))
				}
				if f.Range.Start.Line < 1 || f.Range.Start.Column < 1 {
					t.Fatalf("finding %s has range %+v", f.Code, f.Range)
				}
			}
		}
	})
}

// An element written with the wrong type or case gets one finding, not also "missing".
func TestUnreadableElementIsNotMissing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src, want, notWant string
	}{
		{`{"Version":"2012-10-17","Statement":{"Effect":["Allow"],"Action":"s3:*","Resource":"*"}}`, "policy.wrong_type", "policy.missing_effect"},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","action":"s3:*","Resource":"*"}}`, "policy.element_case", "policy.missing_action"},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":7}}`, "policy.wrong_type", "policy.missing_resource"},
		{`{"Version":"2012-10-17","statement":[]}`, "policy.element_case", "policy.missing_statement"},
	}
	for _, tt := range tests {
		_, fs := policy.Check([]byte(tt.src), policy.KindIdentity)
		var codes []string
		for _, f := range fs {
			codes = append(codes, f.Code)
		}
		if !slices.Contains(codes, tt.want) || slices.Contains(codes, tt.notWant) {
			t.Errorf("%s: findings %v; want %s and not %s", tt.src, codes, tt.want, tt.notWant)
		}
	}
}
