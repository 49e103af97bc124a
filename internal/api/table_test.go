package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iamplay/iamplay/internal/api"
	"github.com/iamplay/iamplay/internal/logbuf"
	"github.com/iamplay/iamplay/internal/workerd"
)

// root is the repository, relative to this package.
const root = "../.."

// httpCase is one request and what its answer must be, on every target: the native handler
// and the Worker in workerd.
type httpCase struct {
	name   string
	method string
	path   string
	ctype  string // the Content-Type; none when ""
	body   []byte
	status int
	code   string // for an error status: the error's code
	// check, when set, asserts more of the answer; do sends further requests to the same
	// target (a call that carries the world the previous one returned).
	check func(t *testing.T, r *response, do func(method, path, ctype string, body []byte) *response)
	// varies marks answers that differ by where the handler runs (health's runtime); the
	// others must be the same bytes on every target.
	varies bool
}

// response is what a target answered.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r *response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("the body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

const (
	jsonType = "application/json"
	alice    = "arn:aws:iam::111122223333:user/alice"
	admin    = "arn:aws:iam::111122223333:user/admin"
)

// mustRead reads a file of the repository.
func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// callBody is a /call request body.
func callBody(t testing.TB, world any, caller, op string, input any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"world": world, "caller": caller, "operation": op, "input": input, "seed": 7})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// field walks a decoded JSON value by keys and indexes ("error", "__type").
func field(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// cases is the shared table: every endpoint's success, every error status, the evaluation
// corpus (engine/authz/testdata/cases) and store calls.
func cases(t *testing.T) []httpCase {
	eval := mustRead(t, "examples/testenv_eval.json")
	cs := []httpCase{
		{name: "health", method: "GET", path: "/api/v1/health", status: 200, varies: true, check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
			m := r.json(t)
			if m["status"] != "ok" || m["operations"] != float64(23) {
				t.Errorf("health = %s", r.body)
			}
		}},
		{name: "catalog", method: "GET", path: "/api/v1/catalog", status: 200, check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
			m := r.json(t)
			if !slices.Contains(m["services"].([]any), any("secretsmanager")) || len(m["actions"].([]any)) < 23 {
				t.Errorf("catalog services %v, %d actions", m["services"], len(m["actions"].([]any)))
			}
		}},
		{name: "openapi", method: "GET", path: "/api/v1/openapi.json", status: 200, check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
			if m := r.json(t); m["openapi"] != "3.1.0" {
				t.Errorf("openapi = %v", m["openapi"])
			}
		}},
		{name: "evaluate", method: "POST", path: "/api/v1/evaluate", ctype: jsonType, body: eval, status: 200, check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
			m := r.json(t)
			if m["decision"] != "Allow" || !strings.Contains(m["reason"].(string), "because an identity-based policy allows it") || m["layers"] != nil {
				t.Errorf("evaluate = %s", r.body)
			}
			if r.header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("evaluate answers without Access-Control-Allow-Origin: *")
			}
		}},
		{name: "evaluate explained", method: "POST", path: "/api/v1/evaluate?explain=1", ctype: "application/json; charset=utf-8", body: eval, status: 200, check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
			m := r.json(t)
			if m["decision"] != "Allow" || m["decidedBy"] != "identity" || field(m, "policies", 0, "verdict") != "Allows" || field(m, "row", "decision") != "Allow" {
				t.Errorf("evaluate?explain=1 = %s", r.body)
			}
		}},
		{name: "evaluate refused", method: "POST", path: "/api/v1/evaluate", ctype: jsonType, status: 200,
			body: []byte(`{"identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "alice"}}}]}],
			  "request": {"principal": "` + alice + `", "action": "secretsmanager:GetSecretValue", "resource": "*"}}`),
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				m := r.json(t)
				if m["decision"] != "Refused" || field(m, "refused", 0, "code") != "condition.unknown_operator" {
					t.Errorf("refused = %s", r.body)
				}
			}},
		{name: "malformed JSON", method: "POST", path: "/api/v1/evaluate", ctype: jsonType, body: []byte("{\n  \"request\": ?\n}"), status: 400, code: api.CodeMalformedJSON,
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				if p := r.json(t)["position"]; field(p, "line") != float64(2) || field(p, "column") != float64(14) || field(p, "offset") != float64(15) {
					t.Errorf("position = %v, want line 2, column 14, offset 15", p)
				}
			}},
		{name: "empty body", method: "POST", path: "/api/v1/validate", ctype: jsonType, status: 400, code: api.CodeMalformedJSON},
		{name: "explain takes 1 or 0", method: "POST", path: "/api/v1/evaluate?explain=maybe", ctype: jsonType, body: eval, status: 400, code: api.CodeBadArgument},
		{name: "not found", method: "GET", path: "/api/v1/nothing", status: 404, code: api.CodeNotFound},
		{name: "wrong method", method: "GET", path: "/api/v1/evaluate", status: 405, code: api.CodeMethodNotAllowed,
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				if a := r.header.Get("Allow"); a != "POST, OPTIONS" {
					t.Errorf("Allow = %q", a)
				}
			}},
		{name: "POST to a GET endpoint", method: "POST", path: "/api/v1/catalog", ctype: jsonType, body: []byte(`{}`), status: 405, code: api.CodeMethodNotAllowed},
		{name: "preflight", method: "OPTIONS", path: "/api/v1/evaluate", status: 204,
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				h := r.header
				if h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") || !strings.EqualFold(h.Get("Access-Control-Allow-Headers"), "Content-Type") {
					t.Errorf("preflight headers %v", h)
				}
			}},
		{name: "call takes no cross-origin preflight", method: "OPTIONS", path: "/api/v1/call", status: 405, code: api.CodeMethodNotAllowed,
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				if r.header.Get("Access-Control-Allow-Origin") != "" {
					t.Errorf("call answers with Access-Control-Allow-Origin")
				}
			}},
		{name: "too large", method: "POST", path: "/api/v1/evaluate", ctype: jsonType, body: []byte(`{"name": "` + strings.Repeat("x", api.MaxBody) + `"}`), status: 413, code: api.CodeTooLarge},
		{name: "wrong content type", method: "POST", path: "/api/v1/evaluate", ctype: "text/plain", body: eval, status: 415, code: api.CodeUnsupportedMediaType},
		{name: "no content type", method: "POST", path: "/api/v1/validate", body: []byte(`{"kind": "identity", "text": "{}"}`), status: 415, code: api.CodeUnsupportedMediaType},
		{name: "not UTF-8", method: "POST", path: "/api/v1/evaluate", ctype: "application/json; charset=latin1", body: eval, status: 415, code: api.CodeUnsupportedMediaType},
		{name: "not an object", method: "POST", path: "/api/v1/evaluate", ctype: jsonType, body: []byte(`[1, 2]`), status: 422, code: api.CodeUnreadable},
		{name: "no request", method: "POST", path: "/api/v1/evaluate", ctype: jsonType, body: []byte(`{"identityPolicies": []}`), status: 422, code: api.CodeInvalidDocument,
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				if c := field(r.json(t), "findings", 0, "code"); c != "request.missing" {
					t.Errorf("finding %v, want request.missing", c)
				}
			}},
		{name: "validate", method: "POST", path: "/api/v1/validate", ctype: jsonType, status: 200,
			body: []byte(`{"kind": "identity", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "alice"}}}]}}`),
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				m := r.json(t)
				f := field(m, "findings", 0)
				if m["valid"] != false || m["refused"] != true || field(f, "code") != "condition.unknown_operator" || field(f, "suggestion") != `"StringEquals"` ||
					field(f, "range", "start", "column") != float64(135) {
					t.Errorf("validate = %s", r.body)
				}
			}},
		{name: "validate text", method: "POST", path: "/api/v1/validate", ctype: jsonType, status: 200,
			body: []byte(`{"kind": "resource", "text": "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}}"}`),
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				m := r.json(t)
				if m["kind"] != "resource" || m["valid"] != false || field(m, "findings", 0, "code") != "policy.missing_principal" || field(m, "findings", 0, "range", "start", "line") != float64(2) {
					t.Errorf("validate text = %s", r.body)
				}
			}},
		{name: "validate a public resource policy", method: "POST", path: "/api/v1/validate", ctype: jsonType, status: 200,
			body: []byte(`{"kind": "resource", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}}`),
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				m := r.json(t)
				if field(m, "publicAccess", "public") != true || field(m, "publicAccess", "statements", 0, "rule") != "wildcard_principal" ||
					field(m, "publicAccess", "statements", 0, "fix", "key") != "aws:PrincipalAccount" || field(m, "findings", 0, "code") != "policy.public_access" {
					t.Errorf("validate public = %s", r.body)
				}
			}},
		{name: "validate a resource policy pinned to an organization", method: "POST", path: "/api/v1/validate", ctype: jsonType, status: 200,
			body: []byte(`{"kind": "resource", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}}`),
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				m := r.json(t)
				if field(m, "publicAccess", "public") != false || field(m, "publicAccess", "statements", 0, "rule") != "pinned" || len(m["findings"].([]any)) != 0 {
					t.Errorf("validate pinned = %s", r.body)
				}
			}},
		{name: "validate an identity policy: no public-access check", method: "POST", path: "/api/v1/validate", ctype: jsonType, status: 200,
			body: []byte(`{"kind": "identity", "text": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:ListSecrets\", \"Resource\": \"*\"}]}"}`),
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				if m := r.json(t); m["valid"] != true || m["publicAccess"] != nil {
					t.Errorf("validate identity = %s", r.body)
				}
			}},
		{name: "validate unknown kind", method: "POST", path: "/api/v1/validate", ctype: jsonType, body: []byte(`{"kind": "bucket", "text": "{}"}`), status: 400, code: api.CodeBadArgument},
		{name: "validate without kind", method: "POST", path: "/api/v1/validate", ctype: jsonType, body: []byte(`{"text": "{}"}`), status: 400, code: api.CodeBadArgument},
		{name: "validate field of the wrong type", method: "POST", path: "/api/v1/validate", ctype: jsonType, body: []byte(`{"kind": ["identity"], "text": "{}"}`), status: 400, code: api.CodeBadArgument,
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				if p := r.json(t)["position"]; field(p, "column") != float64(10) {
					t.Errorf("position %v, want column 10", p)
				}
			}},
		{name: "validate unknown field", method: "POST", path: "/api/v1/validate", ctype: jsonType, body: []byte(`{"kind": "identity", "txt": "{}"}`), status: 400, code: api.CodeBadArgument},
		{name: "call denied", method: "POST", path: "/api/v1/call", ctype: jsonType, status: 200,
			body: callBody(t, "default", alice, "GetSecretValue", map[string]string{"SecretId": "Prod/db"}),
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				m := r.json(t)
				if field(m, "error", "__type") != "AccessDeniedException" || field(m, "explanation", "decision") != "ImplicitDeny" || field(m, "checks", 0, "decision") != "ImplicitDeny" || m["output"] != nil {
					t.Errorf("call = %.600s", r.body)
				}
				if field(m, "world", "accounts", 0, "id") != "111122223333" {
					t.Errorf("the reply carries no world")
				}
			}},
		{name: "call carries its world", method: "POST", path: "/api/v1/call", ctype: jsonType, status: 200,
			body: callBody(t, "default", admin, "PutSecretValue", map[string]string{"SecretId": "TestEnv/db", "SecretString": "carried-over"}),
			check: func(t *testing.T, r *response, do func(string, string, string, []byte) *response) {
				m := r.json(t)
				if m["error"] != nil || field(m, "output", "VersionId") == nil {
					t.Fatalf("PutSecretValue = %.600s", r.body)
				}
				next := do("POST", "/api/v1/call", jsonType, callBody(t, m["world"], admin, "GetSecretValue", map[string]string{"SecretId": "TestEnv/db"}))
				if next.status != 200 || field(next.json(t), "output", "SecretString") != "carried-over" {
					t.Errorf("GetSecretValue in the world PutSecretValue returned = %d %.600s", next.status, next.body)
				}
			}},
		{name: "call by a stranger", method: "POST", path: "/api/v1/call", ctype: jsonType, body: callBody(t, "default", "arn:aws:iam::111122223333:user/nobody", "ListSecrets", nil), status: 422, code: api.CodeUnknownPrincipal},
		{name: "call in a broken world", method: "POST", path: "/api/v1/call", ctype: jsonType, body: callBody(t, map[string]any{"accounts": 5}, alice, "ListSecrets", nil), status: 422, code: api.CodeInvalidWorld},
		{name: "call without a world", method: "POST", path: "/api/v1/call", ctype: jsonType, body: []byte(`{"caller": "` + alice + `", "operation": "ListSecrets"}`), status: 400, code: api.CodeBadArgument},
	}
	return append(cs, corpus(t)...)
}

// corpus is every evaluation document of engine/authz/testdata/cases: each must decide as
// its "want" says, whichever target answers.
func corpus(t *testing.T) []httpCase {
	files, err := filepath.Glob(filepath.Join(root, "engine/authz/testdata/cases/*.json"))
	if err != nil || len(files) < 500 {
		t.Fatalf("the corpus: %d files, %v", len(files), err)
	}
	var cs []httpCase
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Want struct{ Decision string } `json:"want"`
		}
		if err := json.Unmarshal(src, &doc); err != nil || doc.Want.Decision == "" {
			t.Fatalf("%s: no want.decision (%v)", f, err)
		}
		want := doc.Want.Decision
		cs = append(cs, httpCase{name: "corpus/" + strings.TrimSuffix(filepath.Base(f), ".json"), method: "POST", path: "/api/v1/evaluate", ctype: jsonType, body: src, status: 200,
			check: func(t *testing.T, r *response, _ func(string, string, string, []byte) *response) {
				if got := r.json(t)["decision"]; got != want {
					t.Errorf("decision %v, want %s", got, want)
				}
			}})
	}
	return cs
}

// send makes one request to base.
func send(t *testing.T, client *http.Client, base, method, path, ctype string, body []byte) *response {
	t.Helper()
	req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: b}
}

// runTable runs every case against base. native, when set, is the handler whose answers the
// target's must equal byte for byte (the Worker against the handler it wraps).
func runTable(t *testing.T, base string, native http.Handler) {
	spec := loadSpec(t)
	// A connection per request: workerd closes kept-alive connections as it likes, and Go does
	// not resend a POST sent on one it was closing (EOF).
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			do := func(method, path, ctype string, body []byte) *response {
				return send(t, client, base, method, path, ctype, body)
			}
			r := do(c.method, c.path, c.ctype, c.body)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %.800s", r.status, c.status, r.body)
			}
			if r.status != http.StatusNoContent {
				if ct := r.header.Get("Content-Type"); ct != jsonType {
					t.Errorf("Content-Type %q, want %q", ct, jsonType)
				}
				spec.check(t, c.method, c.path, r)
			}
			if c.status >= 400 {
				if code := r.json(t)["code"]; code != c.code {
					t.Errorf("code %v, want %s: %s", code, c.code, r.body)
				}
				if msg, _ := r.json(t)["message"].(string); msg == "" {
					t.Errorf("an error without a message: %s", r.body)
				}
			}
			if c.check != nil {
				c.check(t, r, do)
			}
			if native != nil && !c.varies {
				req := httptest.NewRequest(c.method, c.path, bytes.NewReader(c.body))
				if c.ctype != "" {
					req.Header.Set("Content-Type", c.ctype)
				}
				w := httptest.NewRecorder()
				native.ServeHTTP(w, req)
				if w.Code != r.status || !bytes.Equal(w.Body.Bytes(), r.body) {
					t.Errorf("the native handler answers %d %.300s\nthis target answers %d %.300s", w.Code, w.Body.Bytes(), r.status, r.body)
				}
			}
		})
	}
}

// TestTableNative runs the shared table against the handler served natively, as iamplay
// serve serves it.
func TestTableNative(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(api.New(api.Options{}))
	defer srv.Close()
	runTable(t, srv.URL, nil)
}

// TestTableWorkerd runs the shared table against the Worker (wasm/worker) in workerd, the
// real Workers runtime from npm; every answer must equal the native handler's, byte for
// byte, and health must say it ran as js/wasm.
func TestTableWorkerd(t *testing.T) {
	t.Parallel()
	srv := startWorkerd(t)
	h := send(t, http.DefaultClient, srv.URL, "GET", "/api/v1/health", "", nil)
	if rt := h.json(t)["runtime"]; rt != "js/wasm" {
		t.Fatalf("health in workerd says runtime %v, want js/wasm: not the Worker?", rt)
	}
	t.Logf("workerd listened %v after it started", srv.Started)
	runTable(t, srv.URL, api.New(api.Options{}))
}

var (
	builtOnce sync.Once
	builtDir  string
	builtErr  error
)

// startWorkerd builds the Worker (once per test binary) and starts workerd on it; the test's
// end stops it. Without workerd installed it skips, except under scripts/test (IAMPLAY_CI=1).
func startWorkerd(t *testing.T) *workerd.Server {
	t.Helper()
	bin, err := workerd.Binary(root)
	if err != nil {
		if os.Getenv("IAMPLAY_CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	builtOnce.Do(func() {
		builtDir, builtErr = os.MkdirTemp("", "iamplay-worker")
		if builtErr == nil {
			builtErr = workerd.Build(context.Background(), root, builtDir, workerd.Program)
		}
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	var logs logbuf.Buffer
	srv, err := workerd.Start(context.Background(), bin, builtDir, &logs)
	if err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	t.Cleanup(func() {
		srv.Close()
		if t.Failed() {
			t.Logf("workerd's output:\n%s", logs.String())
		}
	})
	return srv
}
