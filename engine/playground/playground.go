// Package playground is the engine's side of the browser playground: the page's state (an
// evaluation document whose policies are the tabs, read by authz.Reader) in, JSON out:
// Evaluate explains the decision with every policy and finding tagged with its tab, Matrix
// decides every action on every secret in play, Validate checks one policy, Catalog lists
// what the editor completes from. Plain bytes in and out, so a host (the wasm entry, a
// Worker) needs no Go types; every call recovers from panics and answers an ErrorReply with a
// stable code instead of failing. Compiled policies are cached, so an edit recompiles only
// the tab it changed, and in it only the statements the edit touched (authz.EditPolicy).
package playground

import (
	"encoding/json"
	"fmt"

	"github.com/iamplay/iamplay/engine/authz"
)

// ErrorReply is the one shape of every failure: a stable code a host can map (to an HTTP
// status, say), a sentence, and, when the input could not be read, the findings saying where.
type ErrorReply struct {
	Error    string          `json:"error"`
	Code     string          `json:"code"`
	Findings []authz.Finding `json:"findings,omitempty"`
}

// The codes of ErrorReply.
const (
	CodeUnreadable  = "unreadable"   // the input is not a JSON object the engine can read; findings say where
	CodeBadArgument = "bad_argument" // an argument other than the document is wrong (an unknown kind)
	CodeInternal    = "internal"     // a bug: the engine failed; the message says where
)

// marshal writes v as JSON, or an error object when it cannot.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return errorJSON(CodeInternal, "cannot encode the answer: "+err.Error())
	}
	return b
}

// errorJSON is an error object as bytes.
func errorJSON(code, msg string) []byte {
	b, _ := json.Marshal(ErrorReply{Code: code, Error: msg})
	return b
}

// unreadable is the reply for input the reader could not read at all.
func unreadable(fs []authz.Finding) []byte {
	msg := "the input could not be read"
	if len(fs) > 0 {
		msg += ": " + fs[0].Message
	}
	b, _ := json.Marshal(ErrorReply{Code: CodeUnreadable, Error: msg, Findings: fs})
	return b
}

// guard runs f and turns a panic into an error object, so nothing ever throws into a host.
func guard(name string, f func() []byte) (out []byte) {
	defer func() {
		if r := recover(); r != nil {
			out = errorJSON(CodeInternal, fmt.Sprintf("internal error in %s: %v", name, r))
		}
	}()
	return f()
}
