package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// NetlifyDefaultCacheControl is what Netlify sends for a file no header rule gives a
// Cache-Control: keep it, but ask the server before each use.
const NetlifyDefaultCacheControl = "public, max-age=0, must-revalidate"

// Handler serves a built site directory as Netlify serves it under cfg (netlify.toml): the
// headers of every matching rule, the redirects and rewrites in order (a file shadows an
// unforced rule), 404.html for what is not there, gzip for clients that accept it, ETags.
// A nil cfg applies no rule.
func Handler(dir string, cfg *Netlify) http.Handler {
	return &server{dir: dir, cfg: cfg, cache: map[string]*entry{}}
}

type server struct {
	dir   string
	cfg   *Netlify
	mu    sync.Mutex
	cache map[string]*entry // by file path: content read once per modification
}

// entry is one file as served: its bytes, their gzip, its ETag.
type entry struct {
	mod  time.Time
	size int64
	raw  []byte
	gz   []byte // nil when not worth compressing
	etag string
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") && p != "/" {
		p += "/"
	}
	if f := s.file(p); f != "" {
		s.serveFile(w, r, p, f, http.StatusOK)
		return
	}
	// A directory's address without its slash goes to the slash, as Netlify's pretty URLs do.
	if !strings.HasSuffix(p, "/") && s.file(p+"/") != "" {
		s.setHeaders(w, p)
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
		return
	}
	if s.cfg != nil {
		for _, rd := range s.cfg.Redirects {
			vals, ok := matchPath(rd.From, p)
			if !ok {
				continue
			}
			to := expand(rd.To, vals)
			switch {
			case rd.Status == 200 && (strings.HasPrefix(to, "http://") || strings.HasPrefix(to, "https://")):
				s.proxy(w, r, to)
				return
			case rd.Status == 200 || rd.Status == 404:
				if f := s.file(to); f != "" {
					s.serveFile(w, r, p, f, rd.Status)
					return
				}
			default:
				s.setHeaders(w, p)
				http.Redirect(w, r, to, rd.Status)
				return
			}
		}
	}
	// Netlify answers what is not there with the site's 404.html.
	if f := s.file("/404.html"); f != "" {
		s.serveFile(w, r, p, f, http.StatusNotFound)
		return
	}
	s.setHeaders(w, p)
	http.NotFound(w, r)
}

// file is the file under dir that serves p ("/x/" serves /x/index.html); "" when none.
func (s *server) file(p string) string {
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	f := filepath.Join(s.dir, filepath.FromSlash(p))
	st, err := os.Stat(f)
	if err != nil || st.IsDir() {
		return ""
	}
	return f
}

func (s *server) setHeaders(w http.ResponseWriter, p string) {
	h := w.Header()
	for k, v := range s.cfg.HeadersFor(p) {
		h.Set(k, v)
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", NetlifyDefaultCacheControl)
	}
}

func (s *server) serveFile(w http.ResponseWriter, r *http.Request, p, f string, status int) {
	e, err := s.load(f)
	if err != nil {
		http.Error(w, "cannot read "+p, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	if ct := mime.TypeByExtension(filepath.Ext(f)); ct != "" {
		h.Set("Content-Type", ct)
	} else {
		h.Set("Content-Type", http.DetectContentType(e.raw))
	}
	s.setHeaders(w, p) // rules may set Content-Type too (application/wasm)
	h.Set("ETag", e.etag)
	h.Add("Vary", "Accept-Encoding")
	if status == http.StatusOK && strings.Contains(r.Header.Get("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := e.raw
	if e.gz != nil && acceptsGzip(r) {
		body = e.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// load reads a file, compressing it once per modification.
func (s *server) load(f string) (*entry, error) {
	st, err := os.Stat(f)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e := s.cache[f]
	s.mu.Unlock()
	if e != nil && e.mod.Equal(st.ModTime()) && e.size == st.Size() {
		return e, nil
	}
	raw, err := os.ReadFile(f)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	e = &entry{mod: st.ModTime(), size: st.Size(), raw: raw, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if compressible(f) && len(raw) > 256 {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		_, _ = zw.Write(raw)
		_ = zw.Close()
		if b.Len() < len(raw) {
			e.gz = b.Bytes()
		}
	}
	s.mu.Lock()
	s.cache[f] = e
	s.mu.Unlock()
	return e, nil
}

func compressible(f string) bool {
	switch filepath.Ext(f) {
	case ".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".wasm", ".map":
		return true
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// proxy forwards the request to target, as a Netlify rewrite to another address does.
func (s *server) proxy(w http.ResponseWriter, r *http.Request, target string) {
	u, err := url.Parse(target)
	if err != nil {
		http.Error(w, "bad proxy target", http.StatusBadGateway)
		return
	}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.Out.URL = u
		pr.Out.URL.RawQuery = r.URL.RawQuery
		pr.Out.Host = u.Host
	}}
	rp.ServeHTTP(w, r)
}
