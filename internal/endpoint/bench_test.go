package endpoint

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// BenchmarkHandlerGetSecretValue is one GetSecretValue through the handler in process:
// reading the body, verifying the signature, authorizing and answering.
func BenchmarkHandlerGetSecretValue(b *testing.B) {
	h := New(secrets.New(world.Default(), secrets.Options{Seed: 1}), Options{})
	t := &testing.T{}
	const body = `{"SecretId":"TestEnv/db"}`
	r := signed(t, "http://localhost", "GetSecretValue", body, TestKeyID, TestSecret, "us-east-1", time.Now())
	rec := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		r.Body = io.NopCloser(bytes.NewReader([]byte(body)))
		rec.Body.Reset()
		h.ServeHTTP(rec, r)
	}
	if rec.Code != http.StatusOK {
		b.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

// BenchmarkLoopbackGetSecretValue is the same call over HTTP on loopback, 8 clients at once.
func BenchmarkLoopbackGetSecretValue(b *testing.B) {
	srv := httptest.NewServer(New(secrets.New(world.Default(), secrets.Options{Seed: 1}), Options{}))
	defer srv.Close()
	t := &testing.T{}
	const body = `{"SecretId":"TestEnv/db"}`
	proto := signed(t, srv.URL, "GetSecretValue", body, TestKeyID, TestSecret, "us-east-1", time.Now())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetParallelism(4) // 4 × GOMAXPROCS(2) = 8 clients
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := proto.Clone(proto.Context())
			r.Body = io.NopCloser(bytes.NewReader([]byte(body)))
			resp, err := client.Do(r)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}
