package site

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, PlaygroundDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, PlaygroundDir, "playground.wasm"), []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := Handler(dir)
	cases := []struct {
		path, wantType string
		wantCode       int
	}{
		{"/", "", http.StatusFound},
		{"/favicon.ico", "", http.StatusNoContent},
		{"/playground/playground.wasm", "application/wasm", http.StatusOK},
		{"/missing", "", http.StatusNotFound},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		if rec.Code != c.wantCode {
			t.Errorf("%s: status %d, want %d", c.path, rec.Code, c.wantCode)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", c.path, csp)
		}
		if c.wantType != "" && rec.Header().Get("Content-Type") != c.wantType {
			t.Errorf("%s: Content-Type %q", c.path, rec.Header().Get("Content-Type"))
		}
	}
}
