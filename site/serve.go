package site

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// CSP is the Content-Security-Policy every page of the site is served with: scripts only
// from the site itself, WebAssembly compiled by the page ('wasm-unsafe-eval'), no inline
// script or style, nothing sent anywhere else.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler serves a built site directory with the site's security headers; "/" redirects
// to the playground when the directory has no index.html of its own.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		if r.URL.Path == "/" {
			f, err := http.Dir(dir).Open("/index.html")
			if err != nil {
				http.Redirect(w, r, "/"+PlaygroundDir+"/", http.StatusFound)
				return
			}
			f.Close()
		}
		if r.URL.Path == "/favicon.ico" {
			if _, err := os.Stat(filepath.Join(dir, "favicon.ico")); err != nil {
				w.WriteHeader(http.StatusNoContent) // browsers ask for it on every document
				return
			}
		}
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			h.Set("Content-Type", "application/wasm")
		}
		files.ServeHTTP(w, r)
	})
}
