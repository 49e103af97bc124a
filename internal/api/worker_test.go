package api_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iamplay/iamplay/internal/api"
)

// TestWorkerdKeepsRequestsApart: concurrent requests to the Worker with different worlds and
// callers, interleaved (the shim starts a Go instance per request, all in one isolate), must
// each get the native handler's answer to its own body, byte for byte, and no other world's
// secret value.
func TestWorkerdKeepsRequestsApart(t *testing.T) {
	t.Parallel()
	srv := startWorkerd(t)
	native := api.New(api.Options{})
	answer := func(body []byte) []byte {
		r := httptest.NewRequest("POST", "/api/v1/call", bytes.NewReader(body))
		r.Header.Set("Content-Type", jsonType)
		w := httptest.NewRecorder()
		native.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("the native handler answers %d %s", w.Code, w.Body.Bytes())
		}
		return w.Body.Bytes()
	}
	// n worlds, each the default one with its own value in TestEnv/db; in each, admin reads it
	// (allowed) and alice reads Prod/db (denied).
	const n = 8
	type call struct{ body, want, value []byte }
	var calls []call
	for i := range n {
		value := fmt.Appendf(nil, "value-of-world-%d", i)
		put := answer(callBody(t, "default", admin, "PutSecretValue", map[string]string{"SecretId": "TestEnv/db", "SecretString": string(value)}))
		world := field(decodeJSON(t, put), "world")
		for _, c := range [][2]string{{admin, "TestEnv/db"}, {alice, "Prod/db"}} {
			body := callBody(t, world, c[0], "GetSecretValue", map[string]string{"SecretId": c[1]})
			calls = append(calls, call{body: body, want: answer(body), value: value})
		}
	}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
	const clients, rounds = 8, 6
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for r := range rounds {
				k := (c*7 + r*5) % len(calls) // each client walks the calls in its own order
				got := send(t, client, srv.URL, "POST", "/api/v1/call", jsonType, calls[k].body)
				if got.status != 200 || !bytes.Equal(got.body, calls[k].want) {
					t.Errorf("call %d answered %d %.300s\nthe native handler answers %.300s", k, got.status, got.body, calls[k].want)
					return
				}
				for j, o := range calls {
					if !bytes.Equal(o.value, calls[k].value) && bytes.Contains(got.body, o.value) {
						t.Errorf("call %d's answer holds world %d's secret value", k, j/2)
					}
				}
			}
		})
	}
	wg.Wait()
}

// decodeJSON decodes a JSON object.
func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	return (&response{body: b}).json(t)
}

// TestWorkerdChunkedBodies: a body without Content-Length (chunked) reaches the handler in
// the Worker as a stream that it reads up to the limit and a byte: under the limit the answer
// is the native one; over it, 413, as natively.
func TestWorkerdChunkedBodies(t *testing.T) {
	t.Parallel()
	srv := startWorkerd(t)
	native := api.New(api.Options{})
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
	eval := mustRead(t, "examples/testenv_eval.json")
	for _, c := range []struct {
		name   string
		body   []byte
		status int
	}{
		{"evaluate", eval, 200},
		{"too large", []byte(`{"name": "` + strings.Repeat("x", api.MaxBody) + `"}`), 413},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest("POST", srv.URL+"/api/v1/evaluate", io.MultiReader(bytes.NewReader(c.body)))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", jsonType)
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			got, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			if req.ContentLength != 0 {
				t.Fatalf("the request declared a length (%d): not chunked", req.ContentLength)
			}
			nr := httptest.NewRequest("POST", "/api/v1/evaluate", io.MultiReader(bytes.NewReader(c.body)))
			nr.Header.Set("Content-Type", jsonType)
			w := httptest.NewRecorder()
			native.ServeHTTP(w, nr)
			if res.StatusCode != c.status || w.Code != c.status || !bytes.Equal(got, w.Body.Bytes()) {
				t.Errorf("the Worker answers %d %.300s\nthe native handler %d %.300s\nwant %d from both, the same bytes", res.StatusCode, got, w.Code, w.Body.Bytes(), c.status)
			}
		})
	}
}
