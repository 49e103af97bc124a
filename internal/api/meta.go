package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"runtime"

	"github.com/iamplay/iamplay/engine/playground"
	"github.com/iamplay/iamplay/engine/secrets"
)

// openAPIJSON describes every endpoint (OpenAPI 3.1); a test checks it against the answers.
//
//go:embed openapi.json
var openAPIJSON []byte

// HealthReply is GET /api/v1/health's answer.
type HealthReply struct {
	Status     string `json:"status"`     // ok
	Runtime    string `json:"runtime"`    // GOOS/GOARCH the handler runs on: js/wasm in the Worker
	Operations int    `json:"operations"` // the Secrets Manager operations /call runs
}

// catalog lists what the engine knows (engine/playground's Catalog: services, actions,
// condition keys, operators, finding codes, policy kinds, the seed's table).
func (h *Handler) catalog(*http.Request, []byte) reply {
	b := playground.Catalog()
	var e playground.ErrorReply
	if json.Unmarshal(b, &e) == nil && e.Code != "" {
		return engineFailure(&e)
	}
	return reply{status: http.StatusOK, body: json.RawMessage(b)}
}

// health says the handler answers, and where it runs.
func (h *Handler) health(*http.Request, []byte) reply {
	return reply{status: http.StatusOK, body: &HealthReply{Status: "ok", Runtime: runtime.GOOS + "/" + runtime.GOARCH, Operations: len(secrets.Operations())}}
}

// openAPI is the API's description.
func (h *Handler) openAPI(*http.Request, []byte) reply {
	return reply{status: http.StatusOK, body: json.RawMessage(openAPIJSON)}
}
