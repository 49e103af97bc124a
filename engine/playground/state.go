package playground

import (
	"strconv"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// State is what the playground edits, as JSON: an evaluation document (docs/contract.md)
// whose policies are the "policies" list, one entry per tab in tab order, each with what only
// the page needs (name, on/off). It is read by authz.Reader; this type describes it for Go
// callers and tests.
type State struct {
	Policies []Tab        `json:"policies"`
	Request  StateRequest `json:"request"`
}

// Tab is one policy of the state. Text is the policy JSON as typed; findings are
// positioned in it. Level is the SCP level (root = 0) and is ignored for other kinds.
type Tab struct {
	Kind    policy.Kind `json:"kind"`
	Name    string      `json:"name"`
	Enabled bool        `json:"enabled"`
	Text    string      `json:"text"`
	Level   int         `json:"level,omitempty"`
}

// StateRequest is the request as the page holds it: the evaluation document's request.
type StateRequest = authz.Request

// read reads a state with the evaluation document's one reader (authz.Reader): the state is
// an evaluation document whose policies are the "policies" list, in tab order. texts, when
// given, are the tabs' texts by index, passed beside the state rather than inside it: a
// large policy then crosses from JavaScript as one plain string, with no JSON escaping on
// either side. A tab's "text" field, when present, wins. Policies come from the cache of
// compiled policies, so an edit recompiles only the tab it changed.
func read(src []byte, texts ...string) (*authz.Document, []authz.Finding) {
	return cache.read(src, texts...)
}

// read reads a state with this cache's compiled policies (see read).
func (pc *policyCache) read(src []byte, texts ...string) (*authz.Document, []authz.Finding) {
	if len(src) > MaxStateBytes {
		return nil, []authz.Finding{{Policy: authz.DocumentRef, Finding: policy.NewFinding(policy.CodeJSONTooLarge, "", policy.Range{},
			"the state is larger than "+strconv.Itoa(MaxStateBytes>>20)+" MiB", "")}}
	}
	pc.nextGeneration()
	return (&authz.Reader{Texts: texts, Compile: pc.compiled}).Read(src)
}

// MaxStateBytes bounds a playground state; larger input is refused with an error.
const MaxStateBytes = 32 << 20
