package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestServeServesTheAPIBesideTheSite: iamplay serve answers /api/v1/ with the HTTP API and
// everything else with the site.
func TestServeServesTheAPIBesideTheSite(t *testing.T) {
	t.Parallel()
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "the site: "+r.URL.Path) })
	srv := httptest.NewServer(withAPI(site))
	defer srv.Close()
	for _, c := range []struct{ path, want string }{
		{"/api/v1/health", `"status":"ok"`},
		{"/api/v1/nothing", `"code":"not_found"`},
		{"/playground/", "the site: /playground/"},
	} {
		res, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), c.want) {
			t.Errorf("GET %s = %s, want %s", c.path, b, c.want)
		}
	}
}
