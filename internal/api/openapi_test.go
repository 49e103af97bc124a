package api_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/internal/api"
)

// spec is openapi.json, read as a generic value: the tests check every answer against it.
type spec struct{ doc map[string]any }

// loadSpec reads the description the handler serves.
func loadSpec(t *testing.T) *spec {
	t.Helper()
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return &spec{doc: doc}
}

// schema resolves a "$ref": "#/components/schemas/X", or returns s.
func (s *spec) resolve(sch map[string]any) map[string]any {
	for {
		ref, ok := sch["$ref"].(string)
		if !ok {
			return sch
		}
		name, ok := strings.CutPrefix(ref, "#/components/schemas/")
		target, _ := field(s.doc, "components", "schemas", name).(map[string]any)
		if !ok || target == nil {
			return map[string]any{"not": map[string]any{}, "x-unresolved": ref}
		}
		sch = target
	}
}

// check validates an answer against the response the description gives for its path,
// method and status; a path or method the description does not have may answer only 404 or
// 405, with an Error.
func (s *spec) check(t *testing.T, method, path string, r *response) {
	t.Helper()
	path, _, _ = strings.Cut(path, "?")
	op, _ := field(s.doc, "paths", path, strings.ToLower(method)).(map[string]any)
	var sch map[string]any
	if op == nil {
		if r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
			t.Errorf("openapi.json has no %s %s, which answered %d", method, path, r.status)
			return
		}
		sch = map[string]any{"$ref": "#/components/schemas/Error"}
	} else {
		res, _ := field(op, "responses", strconv.Itoa(r.status)).(map[string]any)
		if res == nil {
			t.Errorf("openapi.json documents no %d for %s %s", r.status, method, path)
			return
		}
		sch, _ = field(res, "content", "application/json", "schema").(map[string]any)
		if sch == nil {
			if len(r.body) > 0 {
				t.Errorf("openapi.json documents no body for %d of %s %s, which has one", r.status, method, path)
			}
			return
		}
	}
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Errorf("the body is not JSON: %v", err)
		return
	}
	for _, e := range s.validate(v, sch, "") {
		t.Errorf("%s %s %d does not fit openapi.json: %s", method, path, r.status, e)
	}
}

// validate checks v against a JSON Schema (the part of 2020-12 openapi.json uses: $ref,
// type, const, enum, oneOf, properties, required, additionalProperties, items, minimum) and
// returns what does not fit, each with its JSON pointer.
func (s *spec) validate(v any, sch map[string]any, at string) []string {
	sch = s.resolve(sch)
	if ref, ok := sch["x-unresolved"]; ok {
		return []string{fmt.Sprintf("%s: unresolved %v", at, ref)}
	}
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, at+": "+fmt.Sprintf(f, a...)) }
	if c, ok := sch["const"]; ok && !equalJSON(c, v) {
		bad("%v is not %v", v, c)
	}
	if e, ok := sch["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return equalJSON(x, v) }) {
		bad("%v is not one of %v", v, e)
	}
	if one, ok := sch["oneOf"].([]any); ok {
		n := 0
		for _, alt := range one {
			if len(s.validate(v, alt.(map[string]any), at)) == 0 {
				n++
			}
		}
		if n != 1 {
			bad("fits %d of oneOf's %d schemas, not exactly one", n, len(one))
		}
	}
	if ty, ok := sch["type"]; ok {
		var types []string
		switch x := ty.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, y := range x {
				types = append(types, y.(string))
			}
		}
		if !slices.ContainsFunc(types, func(ty string) bool { return hasType(v, ty) }) {
			bad("%s is not of type %v", typeOf(v), types)
			return errs
		}
	}
	if min, ok := sch["minimum"].(float64); ok {
		if n, ok := v.(float64); ok && n < min {
			bad("%v is below the minimum %v", n, min)
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := sch["properties"].(map[string]any)
		for _, r := range asStrings(sch["required"]) {
			if _, ok := x[r]; !ok {
				bad("required %q is missing", r)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if p, ok := props[k].(map[string]any); ok {
				errs = append(errs, s.validate(x[k], p, at+"/"+k)...)
				continue
			}
			switch ap := sch["additionalProperties"].(type) {
			case bool:
				if !ap {
					bad("%q is not in the schema", k)
				}
			case map[string]any:
				errs = append(errs, s.validate(x[k], ap, at+"/"+k)...)
			}
		}
	case []any:
		if items, ok := sch["items"].(map[string]any); ok {
			for i, e := range x {
				errs = append(errs, s.validate(e, items, at+"/"+strconv.Itoa(i))...)
			}
		}
	}
	return errs
}

// hasType says whether a decoded JSON value is of a JSON Schema type.
func hasType(v any, ty string) bool {
	switch ty {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n)
	case "null":
		return v == nil
	}
	return false
}

// typeOf names a decoded JSON value's type.
func typeOf(v any) string {
	for _, ty := range []string{"null", "integer", "number", "string", "boolean", "array", "object"} {
		if hasType(v, ty) {
			return ty
		}
	}
	return fmt.Sprintf("%T", v)
}

func asStrings(v any) []string {
	var out []string
	xs, _ := v.([]any)
	for _, x := range xs {
		out = append(out, x.(string))
	}
	return out
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestOpenAPIDescribesTheHandler: the description is OpenAPI 3.1 and has exactly the
// handler's endpoints, each with its method (and the CORS preflight where any origin may call
// it), every $ref resolves, and its list of error codes is the handler's.
func TestOpenAPIDescribesTheHandler(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	if s.doc["openapi"] != "3.1.0" || field(s.doc, "info", "title") == nil || field(s.doc, "info", "version") == nil {
		t.Errorf("not an OpenAPI 3.1 document: openapi %v, info %v", s.doc["openapi"], s.doc["info"])
	}
	paths, _ := s.doc["paths"].(map[string]any)
	routes := api.New(api.Options{}).Paths()
	if got, want := slices.Sorted(maps.Keys(paths)), slices.Sorted(maps.Keys(routes)); !slices.Equal(got, want) {
		t.Errorf("openapi.json has paths %v, the handler %v", got, want)
	}
	ids := map[string]bool{}
	for p, method := range routes {
		item, _ := paths[p].(map[string]any)
		if field(item, strings.ToLower(method)) == nil {
			t.Errorf("openapi.json has no %s %s", method, p)
		}
		for m, op := range item {
			id, _ := field(op, "operationId").(string)
			if id == "" || ids[id] {
				t.Errorf("%s %s: operationId %q missing or repeated", m, p, id)
			}
			ids[id] = true
		}
	}
	var refs func(v any)
	refs = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if r, ok := x["$ref"].(string); ok {
				if _, ok := s.resolve(x)["x-unresolved"]; ok {
					t.Errorf("$ref %s does not resolve", r)
				}
			}
			for _, y := range x {
				refs(y)
			}
		case []any:
			for _, y := range x {
				refs(y)
			}
		}
	}
	refs(s.doc)
	var codes []string
	for _, c := range field(s.doc, "components", "schemas", "Error", "properties", "code", "enum").([]any) {
		codes = append(codes, c.(string))
	}
	if got, want := slices.Sorted(slices.Values(codes)), slices.Sorted(maps.Keys(api.Codes())); !slices.Equal(got, want) {
		t.Errorf("openapi.json lists error codes %v, the handler %v", got, want)
	}
}

// TestOpenAPIChecksSomething: the checker rejects answers that do not fit, so that the
// table's checks against openapi.json can fail.
func TestOpenAPIChecksSomething(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	for _, c := range []struct {
		body string
		errs int
	}{
		{`{"code": "bad_argument", "message": "x"}`, 0},
		{`{"code": "no_such_code", "message": "x"}`, 1},
		{`{"code": "bad_argument"}`, 1},
		{`{"code": "bad_argument", "message": "x", "extra": 1}`, 1},
		{`{"code": "malformed_json", "message": "x", "position": {"line": 1.5, "column": 1, "offset": 0}}`, 1},
	} {
		var v any
		if err := json.Unmarshal([]byte(c.body), &v); err != nil {
			t.Fatal(err)
		}
		if errs := s.validate(v, map[string]any{"$ref": "#/components/schemas/Error"}, ""); len(errs) != c.errs {
			t.Errorf("%s: %d errors %v, want %d", c.body, len(errs), errs, c.errs)
		}
	}
}
