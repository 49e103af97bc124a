// Package jsonapi is the JSON-in, JSON-out contract the browser playground and the
// Cloudflare Worker share: plain bytes in, plain bytes out, so a host needs no Go types.
// Every call recovers from panics and answers {"error": "..."} instead of failing.
package jsonapi

import (
	"encoding/json"
	"fmt"
)

// Failure is the one shape of every failed call's reply.
type Failure struct {
	Error string `json:"error"` // what went wrong, for a person
}

// marshal writes v as JSON, or an error object when it cannot.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return errorJSON("cannot encode the answer: " + err.Error())
	}
	return b
}

// errorJSON is an error object as bytes.
func errorJSON(msg string) []byte {
	b, _ := json.Marshal(Failure{Error: msg})
	return b
}

// guard runs f and turns a panic into an error object, so nothing ever throws into a host.
func guard(name string, f func() []byte) (out []byte) {
	defer func() {
		if r := recover(); r != nil {
			out = errorJSON(fmt.Sprintf("internal error in %s: %v", name, r))
		}
	}()
	return f()
}
