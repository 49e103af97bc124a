//go:build js && wasm

// Command probe is a trivial Go Worker: an http.Handler that answers every request 200 with
// a fixed JSON body, served through github.com/syumai/workers as wasm/worker serves the API,
// without the API or the engine. internal/workerd/load measures its cold start beside the
// Worker's: the difference is what the API and the engine cost, the rest is Go and the shim.
package main

import (
	"net/http"

	"github.com/syumai/workers"
)

func main() {
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"ok"}` + "\n"))
	}))
}
