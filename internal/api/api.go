// Package api is iamplay's HTTP API: one http.Handler that evaluates documents, validates
// policies, runs Secrets Manager calls against a world the request carries, and lists the
// catalogue, all as JSON under /api/v1/. It keeps no state between requests, so the same
// handler is served natively (iamplay serve, tests with httptest) and by the Cloudflare Worker
// (wasm/worker), where every request starts a fresh instance. The contract is the engine's:
// evaluation documents as docs/contract.md says, read by engine/authz; openapi.json describes
// every endpoint. Errors are JSON with a stable code (errors.go); no panic escapes.
package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// Prefix is the path every endpoint is under.
const Prefix = "/api/v1/"

// MaxBody bounds a request body: 1 MiB. Larger bodies answer 413 (read only to drain them, up
// to maxDrain).
const MaxBody = 1 << 20

// Options tune a handler. The zero value is what a user wants.
type Options struct {
	// PublicAccess, when set, analyses a policy AWS would store for access it grants to
	// anyone; its answer, unless nil, becomes the validate reply's "publicAccess". nil uses
	// engine/exposure's check of the resource-based kinds (publicaccess.go).
	PublicAccess func(text []byte, kind string) any
}

// Handler is the API. Build one with New.
type Handler struct {
	routes map[string]*route
	opts   Options
}

// route is one endpoint: its method, whether any origin may call it, and what serves it.
type route struct {
	method string
	cors   bool
	serve  func(h *Handler, r *http.Request, body []byte) reply
}

// reply is an endpoint's answer before it is written: a status, headers beyond the usual
// ones, and a value to encode as JSON (a json.RawMessage is written as it is).
type reply struct {
	status int
	header map[string]string
	body   any
}

// allow is the route's Allow header.
func (rt *route) allow() string {
	if rt.cors {
		return rt.method + ", OPTIONS"
	}
	return rt.method
}

// New builds the handler.
func New(o Options) *Handler {
	if o.PublicAccess == nil {
		o.PublicAccess = publicAccess
	}
	// CORS: any origin may call the read-only and evaluation endpoints. They keep no state,
	// take no cookies or credentials, and answer from the request body alone, so a page on
	// another origin learns only what it sent; that is what lets docs, chat bots and other
	// sites call the engine from a browser. /call is left same-origin: it is the store's
	// write path, and a deployment that one day keeps a world must not take writes from any
	// page a user happens to visit.
	return &Handler{opts: o, routes: map[string]*route{
		Prefix + "evaluate":     {method: http.MethodPost, cors: true, serve: (*Handler).evaluate},
		Prefix + "validate":     {method: http.MethodPost, cors: true, serve: (*Handler).validate},
		Prefix + "call":         {method: http.MethodPost, serve: (*Handler).call},
		Prefix + "catalog":      {method: http.MethodGet, cors: true, serve: (*Handler).catalog},
		Prefix + "health":       {method: http.MethodGet, cors: true, serve: (*Handler).health},
		Prefix + "openapi.json": {method: http.MethodGet, cors: true, serve: (*Handler).openAPI},
	}}
}

// Paths lists every endpoint's path and method, for tests and documentation.
func (h *Handler) Paths() map[string]string {
	m := make(map[string]string, len(h.routes))
	for p, rt := range h.routes {
		m[p] = rt.method
	}
	return m
}

// ServeHTTP answers one request. A panic anywhere below answers 500 with code "internal":
// the answer is built in full before anything is written, so a failure never leaves half a
// response.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt := h.routes[r.URL.Path]
	rep, body := h.guard(rt, r)
	hd := w.Header()
	if rt != nil && rt.cors {
		hd.Set("Access-Control-Allow-Origin", "*")
	}
	for k, v := range rep.header {
		hd.Set(k, v)
	}
	if body != nil {
		hd.Set("Content-Type", "application/json")
		hd.Set("X-Content-Type-Options", "nosniff")
	}
	// No Content-Length: net/http adds it natively, and in the Worker syumai/workers would then
	// copy the body on a goroutine that ends the Go instance before the response is handed over.
	w.WriteHeader(rep.status)
	w.Write(body)
}

// guard answers a request through its route and encodes the answer (nil for 204), turning a
// panic in either into a 500.
func (h *Handler) guard(rt *route, r *http.Request) (rep reply, body []byte) {
	defer func() {
		if p := recover(); p != nil {
			rep = failure(CodeInternal, fmt.Sprintf("internal error in %s: %v", r.URL.Path, p))
			body, _ = json.Marshal(rep.body)
			body = append(body, '\n')
		}
	}()
	rep = h.dispatch(rt, r)
	if rep.status == http.StatusNoContent {
		return rep, nil
	}
	if raw, ok := rep.body.(json.RawMessage); ok {
		return rep, append(append(make([]byte, 0, len(raw)+1), raw...), '\n') // raw may be shared: never append to it
	}
	b, err := json.Marshal(rep.body)
	if err != nil {
		rep = failure(CodeInternal, "cannot encode the answer: "+err.Error())
		b, _ = json.Marshal(rep.body)
	}
	return rep, append(b, '\n')
}

// dispatch checks the request against its route (path, method, content type, size, JSON)
// and calls it.
func (h *Handler) dispatch(rt *route, r *http.Request) reply {
	if rt == nil {
		return failure(CodeNotFound, fmt.Sprintf("no endpoint at %s; see %sopenapi.json", r.URL.Path, Prefix))
	}
	if r.Method == http.MethodOptions && rt.cors {
		// a browser's preflight before a cross-origin POST with a JSON body
		return reply{status: http.StatusNoContent, header: map[string]string{
			"Access-Control-Allow-Methods": rt.allow(),
			"Access-Control-Allow-Headers": "Content-Type",
			"Access-Control-Max-Age":       "86400",
		}}
	}
	if r.Method != rt.method {
		rep := failure(CodeMethodNotAllowed, fmt.Sprintf("%s takes %s, not %s", r.URL.Path, rt.method, r.Method))
		rep.header = map[string]string{"Allow": rt.allow()}
		return rep
	}
	if rt.method == http.MethodGet {
		return rt.serve(h, r, nil)
	}
	if rep, ok := checkContentType(r.Header.Get("Content-Type")); !ok {
		return rep
	}
	if r.ContentLength > MaxBody {
		drain(r.Body)
		return tooLarge()
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return failure(CodeBadArgument, "cannot read the request body: "+err.Error())
	}
	if len(body) > MaxBody {
		drain(r.Body)
		return tooLarge()
	}
	if rep, ok := checkJSON(body); !ok {
		return rep
	}
	return rt.serve(h, r, body)
}

// checkContentType accepts application/json, with parameters (charset=utf-8) or without.
func checkContentType(ct string) (reply, bool) {
	mt, params, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || mt != "application/json" {
		got := "none"
		if ct != "" {
			got = strconv.Quote(ct)
		}
		return failure(CodeUnsupportedMediaType, "the body must be JSON: Content-Type application/json, not "+got), false
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return failure(CodeUnsupportedMediaType, "the body must be UTF-8 JSON, not charset "+strconv.Quote(cs)), false
	}
	return reply{}, true
}

// maxDrain bounds what drain reads of a body that is too large.
const maxDrain = 8 << 20

// drain reads and drops the rest of a body that is too large, up to maxDrain: a client that
// sends its whole body before it reads (most do) then gets the 413 instead of a connection
// reset, which net/http's server causes when it closes a connection with over 256 KB unread.
// A larger body stays unread; its connection is closed.
func drain(body io.Reader) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, maxDrain))
}

// tooLarge is the 413 answer.
func tooLarge() reply {
	return failure(CodeTooLarge, fmt.Sprintf("the body is larger than %d bytes (1 MiB)", MaxBody))
}

// checkJSON answers 400 with the position of the first syntax error when body is not JSON.
func checkJSON(body []byte) (reply, bool) {
	if json.Valid(body) {
		return reply{}, true
	}
	var v any
	err := json.Unmarshal(body, &v)
	off := len(body)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
		if strings.HasPrefix(se.Error(), "invalid character") {
			off-- // Offset counts the offending character
		}
	}
	msg := "the body is not JSON"
	if err != nil {
		msg += ": " + err.Error()
	}
	if len(bytes.TrimSpace(body)) == 0 {
		msg = "the body is empty; it must be a JSON object"
	}
	rep := failure(CodeMalformedJSON, msg)
	p := positionAt(body, off)
	rep.body.(*Error).Position = &p
	return rep, false
}

// decode reads a request envelope into v: fields it does not know, or of the wrong type, are
// 400 bad_argument, with the position where the body says so.
func decode(body []byte, v any) (reply, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return reply{}, true
	}
	rep := failure(CodeBadArgument, "the request does not fit its endpoint: "+err.Error())
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			rep.body.(*Error).Message = fmt.Sprintf("%q must be %s, not %s", te.Field, jsonType(te.Type.Kind()), te.Value)
		} else {
			rep.body.(*Error).Message = "the body must be a JSON object, not " + te.Value
		}
		p := positionAt(body, int(te.Offset)-1)
		rep.body.(*Error).Position = &p
	}
	return rep, false
}

// jsonType names the JSON type a Go kind is read from.
func jsonType(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer, reflect.Interface:
		return "a value of another type"
	}
	return "a number"
}
