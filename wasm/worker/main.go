//go:build js && wasm

// Command worker is iamplay's HTTP API (internal/api) as a Cloudflare Worker: the handler as
// it is, wrapped by github.com/syumai/workers. The shim starts a fresh Go instance for each
// request, so the Worker keeps nothing between requests: every call carries its world.
//
// Build (scripts/worker does this, then runs it in workerd on 127.0.0.1:8787):
//
//	go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o wasm/worker/build
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o wasm/worker/build/app.wasm ./wasm/worker
package main

import (
	"github.com/syumai/workers"

	"github.com/iamplay/iamplay/internal/api"
)

func main() {
	workers.Serve(api.New(api.Options{}))
}
