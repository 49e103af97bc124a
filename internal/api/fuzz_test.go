package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/internal/api"
)

// FuzzHandler sends any method, path, query, content type and body: the handler never
// panics and never answers 500, every answer is JSON, and every error has a code with its
// status (api.Codes) and a message.
func FuzzHandler(f *testing.F) {
	eval, err := os.ReadFile("../../examples/testenv_eval.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(1), uint8(0), "", "application/json", eval)
	f.Add(uint8(1), uint8(0), "explain=1", "application/json", eval)
	f.Add(uint8(1), uint8(1), "", "application/json", []byte(`{"kind": "resource", "text": "{\"Statement\": {\"Principal\": \"*\"}}"}`))
	f.Add(uint8(1), uint8(2), "", "application/json", []byte(`{"world": "default", "caller": "arn:aws:iam::111122223333:user/admin", "operation": "CreateSecret", "input": {"Name": "x", "SecretString": "y"}}`))
	f.Add(uint8(0), uint8(3), "", "", []byte(nil))
	f.Add(uint8(2), uint8(0), "", "text/plain", []byte("{"))
	h := api.New(api.Options{})
	methods := []string{"GET", "POST", "OPTIONS", "PUT", "DELETE", "HEAD"}
	paths := []string{"/api/v1/evaluate", "/api/v1/validate", "/api/v1/call", "/api/v1/catalog", "/api/v1/health", "/api/v1/openapi.json", "/api/v1/", "/api/v1/evaluate/x"}
	codes := api.Codes()
	f.Fuzz(func(t *testing.T, m, p uint8, query, ctype string, body []byte) {
		if len(body) > 64<<10 {
			return // large bodies are the table's (413); the fuzzer explores content
		}
		method, path := methods[int(m)%len(methods)], paths[int(p)%len(paths)]
		r := httptest.NewRequest(method, "/", strings.NewReader(string(body)))
		r.URL.Path, r.URL.RawQuery = path, query
		if ctype != "" {
			r.Header.Set("Content-Type", ctype)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code == http.StatusNoContent || method == "HEAD" && w.Code < 400 {
			return
		}
		if w.Code == http.StatusInternalServerError {
			t.Fatalf("%s %s?%s (%q) %q: 500 %s", method, path, query, ctype, body, w.Body.Bytes())
		}
		var e api.Error
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
			t.Fatalf("%s %s: the answer is not JSON: %v\n%s", method, path, err, w.Body.Bytes())
		}
		if w.Code >= 400 && (codes[e.Code] != w.Code || e.Message == "") {
			t.Fatalf("%s %s: %d with code %q (status %d) and message %q", method, path, w.Code, e.Code, codes[e.Code], e.Message)
		}
	})
}
