package workerd_test

import (
	"os"
	"regexp"
	"testing"
)

// TestNetlifySendsTheAPIToTheWorker: netlify.toml proxies /api/* to the Worker that
// wasm/worker/wrangler.toml deploys, by its name, keeping the path.
func TestNetlifySendsTheAPIToTheWorker(t *testing.T) {
	t.Parallel()
	wr, err := os.ReadFile("../../wasm/worker/wrangler.toml")
	if err != nil {
		t.Fatal(err)
	}
	nl, err := os.ReadFile("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`(?m)^name = "([a-z0-9-]+)"`).FindSubmatch(wr)
	if name == nil {
		t.Fatal("wrangler.toml names no Worker")
	}
	block := regexp.MustCompile(`(?m)^\[\[redirects\]\]\n\s*from = "/api/\*"\n\s*to = "https://` + string(name[1]) + `\.[a-z0-9-]+\.workers\.dev/api/:splat"\n\s*status = 200\n\s*force = true$`)
	if !block.Match(nl) {
		t.Errorf("netlify.toml has no [[redirects]] block proxying /api/* to https://%s.<subdomain>.workers.dev/api/:splat with status 200", name[1])
	}
}
