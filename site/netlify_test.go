package site

import (
	"os"
	"regexp"
	"testing"
)

// TestNetlifyHeadersMatchServe keeps production (netlify.toml) and `iamplay serve` on one
// Content-Security-Policy: a page that works locally must work when published.
func TestNetlifyHeadersMatchServe(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Content-Security-Policy = "([^"]*)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("netlify.toml sets no Content-Security-Policy")
	}
	if string(m[1]) != CSP {
		t.Errorf("netlify.toml CSP\n  %s\ndiffers from site.CSP\n  %s", m[1], CSP)
	}
	if !regexp.MustCompile(`(?m)^\s*publish = "dist/"`).Match(b) || !regexp.MustCompile(`(?m)^\s*command = "./scripts/build"`).Match(b) {
		t.Error("netlify.toml must build with ./scripts/build and publish dist/")
	}
}
