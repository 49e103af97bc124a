package api

import (
	"maps"
	"net/http"
	"unicode/utf8"

	"github.com/iamplay/iamplay/engine/playground"
	"github.com/iamplay/iamplay/engine/policy"
)

// Error is the body of every failure: a stable code a client can switch on, a sentence, and,
// where they help, the position of a syntax error or the findings that say what is wrong.
type Error struct {
	Code     string    `json:"code"`
	Message  string    `json:"message"`
	Position *Position `json:"position,omitempty"` // malformed_json: where the JSON breaks
	Findings any       `json:"findings,omitempty"` // unreadable, invalid_document, invalid_world: the engine's findings
}

// Position is a point in the request body: Line and Column are 1-based (Column counts Unicode
// characters), Offset is the 0-based byte offset, as the engine's positions are.
type Position = policy.Pos

// The codes of Error, with the HTTP status each comes with (statusOf). The engine's own codes
// (engine/playground: unreadable, bad_argument, internal) are passed through unchanged.
const (
	CodeMalformedJSON        = "malformed_json"           // 400: the body is not JSON; position says where
	CodeBadArgument          = playground.CodeBadArgument // 400: a field of the request is missing or of the wrong type, an unknown kind or query parameter
	CodeNotFound             = "not_found"                // 404: no endpoint at this path
	CodeMethodNotAllowed     = "method_not_allowed"       // 405: the endpoint takes another method (the Allow header says which)
	CodeTooLarge             = "too_large"                // 413: the body is over 1 MiB
	CodeUnsupportedMediaType = "unsupported_media_type"   // 415: the body is not declared application/json (UTF-8)
	CodeUnreadable           = playground.CodeUnreadable  // 422: JSON, but not a document the engine can read (not an object); findings say where
	CodeInvalidDocument      = "invalid_document"         // 422: the evaluation document has errors (no request, a bad context value); findings say which
	CodeInvalidWorld         = "invalid_world"            // 422: the world has errors; findings say which
	CodeUnknownPrincipal     = "unknown_principal"        // 422: the caller is not a user, role session or root user of the world
	CodeInternal             = playground.CodeInternal    // 500: a bug; the message says where
)

// statusOf is the HTTP status of each code: the one table the handler, the tests and
// openapi.json's list of codes agree with.
var statusOf = map[string]int{
	CodeMalformedJSON:        http.StatusBadRequest,
	CodeBadArgument:          http.StatusBadRequest,
	CodeNotFound:             http.StatusNotFound,
	CodeMethodNotAllowed:     http.StatusMethodNotAllowed,
	CodeTooLarge:             http.StatusRequestEntityTooLarge,
	CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,
	CodeUnreadable:           http.StatusUnprocessableEntity,
	CodeInvalidDocument:      http.StatusUnprocessableEntity,
	CodeInvalidWorld:         http.StatusUnprocessableEntity,
	CodeUnknownPrincipal:     http.StatusUnprocessableEntity,
	CodeInternal:             http.StatusInternalServerError,
}

// Codes lists every error code with its HTTP status.
func Codes() map[string]int { return maps.Clone(statusOf) }

// failure is an error reply with the code's status.
func failure(code, msg string) reply {
	status, ok := statusOf[code]
	if !ok {
		code, msg, status = CodeInternal, "an error without a status ("+code+"): "+msg, http.StatusInternalServerError
	}
	return reply{status: status, body: &Error{Code: code, Message: msg}}
}

// engineFailure passes an engine error reply (engine/playground's codes) on with its status.
func engineFailure(e *playground.ErrorReply) reply {
	rep := failure(e.Code, e.Error)
	if len(e.Findings) > 0 {
		rep.body.(*Error).Findings = e.Findings
	}
	return rep
}

// positionAt is the position of byte offset off in src.
func positionAt(src []byte, off int) Position {
	off = min(max(off, 0), len(src))
	p := Position{Line: 1, Column: 1, Offset: off}
	for i := 0; i < off; {
		r, n := utf8.DecodeRune(src[i:])
		if r == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
		i += n
	}
	return p
}
