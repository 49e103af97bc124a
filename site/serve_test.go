package site

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testSite writes files (path -> content) into a temporary directory.
func testSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestHandler(t *testing.T) {
	t.Parallel()
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "worker "+r.URL.Path+"?"+r.URL.RawQuery)
	}))
	defer upstream.Close()
	cfg, err := ParseNetlify("netlify.toml", []byte(`
[[headers]]
  for = "/*"
  [headers.values]
    X-Content-Type-Options = "nosniff"
[[headers]]
  for = "/assets/*"
  [headers.values]
    Cache-Control = "public, max-age=31536000, immutable"
[[headers]]
  for = "/e/e.wasm"
  [headers.values]
    Content-Type = "application/wasm"
[[redirects]]
  from = "/old/:name"
  to = "/new/:name/"
  status = 301
[[redirects]]
  from = "/api/*"
  to = "`+upstream.URL+`/api/:splat"
  status = 200
[[redirects]]
  from = "/shadowed"
  to = "/404.html"
  status = 200
[[redirects]]
  from = "/*"
  to = "/404.html"
  status = 404
`))
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("<p>iamplay</p>\n", 200)
	dir := testSite(t, map[string]string{
		"index.html": big, "e/index.html": "e", "404.html": "<h1>Not found</h1>", "e/e.wasm": "\x00asm" + strings.Repeat("\x00", 400),
		"assets/site-X1.js": "console.log(1)", "shadowed": "a file wins over an unforced rule",
	})
	h := Handler(dir, cfg)
	cases := []struct {
		path, wantType, wantBody, wantHeader string
		wantCode                             int
	}{
		{"/", "text/html; charset=utf-8", big, "Cache-Control: " + NetlifyDefaultCacheControl, http.StatusOK},
		{"/e/e.wasm", "application/wasm", "\x00asm", "X-Content-Type-Options: nosniff", http.StatusOK},
		{"/assets/site-X1.js", "text/javascript; charset=utf-8", "console.log(1)", "Cache-Control: public, max-age=31536000, immutable", http.StatusOK},
		{"/old/x", "", "", "Location: /new/x/", http.StatusMovedPermanently},
		{"/api/v1/decide?x=1", "", "worker /api/v1/decide?x=1", "", http.StatusOK},
		{"/shadowed", "", "a file wins", "", http.StatusOK},
		{"/e", "", "", "Location: /e/", http.StatusMovedPermanently},
		{"/missing/page/", "text/html; charset=utf-8", "<h1>Not found</h1>", "X-Content-Type-Options: nosniff", http.StatusNotFound},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		if rec.Code != c.wantCode {
			t.Errorf("%s: status %d, want %d", c.path, rec.Code, c.wantCode)
		}
		if c.wantType != "" && rec.Header().Get("Content-Type") != c.wantType {
			t.Errorf("%s: Content-Type %q, want %q", c.path, rec.Header().Get("Content-Type"), c.wantType)
		}
		if !strings.HasPrefix(rec.Body.String(), c.wantBody) {
			t.Errorf("%s: body %.60q, want it to start %.60q", c.path, rec.Body.String(), c.wantBody)
		}
		if c.wantHeader != "" {
			k, v, _ := strings.Cut(c.wantHeader, ": ")
			if got := rec.Header().Get(k); got != v {
				t.Errorf("%s: %s %q, want %q", c.path, k, got, v)
			}
		}
	}

	// Compressed for a client that accepts gzip, to the same bytes; revalidated by ETag.
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Body.Len() >= len(big) {
		t.Fatalf("/ with Accept-Encoding gzip: encoding %q, %d bytes for %d", rec.Header().Get("Content-Encoding"), rec.Body.Len(), len(big))
	}
	zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != big {
		t.Error("the gzip body does not decompress to the file")
	}
	req = httptest.NewRequest("GET", "/", nil)
	req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("revalidating with the ETag: status %d with %d bytes, want 304 and none", rec.Code, rec.Body.Len())
	}
	// A changed file is served anew.
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != "changed" {
		t.Errorf("after a change / serves %.40q", rec.Body.String())
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", rec.Code)
	}
}
