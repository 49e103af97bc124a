package site

import (
	"reflect"
	"strings"
	"testing"
)

// TestNetlifyConfig reads the project's netlify.toml as the server does and checks what
// production depends on: the build, the publish directory, the Go version, the headers.
func TestNetlifyConfig(t *testing.T) {
	t.Parallel()
	n, err := LoadNetlify("../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	if n.Build.Command != "./scripts/build" || n.Build.Publish != "dist/" {
		t.Errorf("build %q publishing %q, want ./scripts/build publishing dist/", n.Build.Command, n.Build.Publish)
	}
	if !strings.HasPrefix(n.Build.Environment["GO_VERSION"], "1.26") {
		t.Errorf("GO_VERSION %q: Netlify's image must build with the Go go.mod asks for (1.26)", n.Build.Environment["GO_VERSION"])
	}
	csp := n.HeadersFor("/")["Content-Security-Policy"]
	for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the pages' CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") || strings.Contains(csp, "*") {
		t.Errorf("the pages' CSP %q is looser than the site needs", csp)
	}
	cases := []struct {
		path, header, want string
	}{
		{"/playground/playground.wasm", "Content-Type", "application/wasm"},
		{"/playground/playground.wasm", "Access-Control-Allow-Origin", "*"},
		{"/scenarios/explicit-deny.json", "Access-Control-Allow-Origin", "*"},
		{"/assets/site-ABC.js", "Cache-Control", "public, max-age=31536000, immutable"},
		{"/course/", "X-Content-Type-Options", "nosniff"},
		{"/course/", "Access-Control-Allow-Origin", ""},
		{"/course/", "Cache-Control", ""},
	}
	for _, c := range cases {
		if got := n.HeadersFor(c.path)[c.header]; got != c.want {
			t.Errorf("%s: %s = %q, want %q", c.path, c.header, got, c.want)
		}
	}
}

func TestParseNetlifyRejects(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"[[headers]]\nfor = \"/*\"\n[headers.valuez]\nX = \"1\"\n",  // a misspelt key
		"[[redirects]]\nfrom = \"x\"\nto = \"/y\"\n",                // not a path
		"[[redirects]]\nfrom = \"/x\"\nto = \"/y\"\nstatus = 418\n", // a status the server cannot apply
		"[[headers]\nfor = \"/*\"\n",                                // not TOML
	} {
		if _, err := ParseNetlify("netlify.toml", []byte(src)); err == nil {
			t.Errorf("ParseNetlify accepted %q", src)
		}
	}
}

func TestMatchPath(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pattern, path string
		want          map[string]string
	}{
		{"/*", "/", map[string]string{"splat": ""}},
		{"/*", "/a/b", map[string]string{"splat": "a/b"}},
		{"/api/*", "/api/v1/x", map[string]string{"splat": "v1/x"}},
		{"/api/*", "/apix", nil},
		{"/users/:id", "/users/7", map[string]string{"id": "7"}},
		{"/users/:id", "/users/7/x", nil},
		{"/playground/playground.wasm", "/playground/playground.wasm", map[string]string{}},
		{"/playground/playground.wasm", "/playground/x.wasm", nil},
	}
	for _, c := range cases {
		got, ok := matchPath(c.pattern, c.path)
		if ok != (c.want != nil) || (ok && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("matchPath(%q, %q) = %v, %v; want %v", c.pattern, c.path, got, ok, c.want)
		}
	}
}
