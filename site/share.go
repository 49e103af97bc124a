package site

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
)

// Tab is one policy of a playground state, as the playground's state.ts has it.
type Tab struct {
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
	Text    string `json:"text"`
	Level   *int   `json:"level,omitempty"`
}

// Request is a playground state's request; a context value is a string or a list of strings.
type Request struct {
	Principal string         `json:"principal"`
	Action    string         `json:"action"`
	Resource  string         `json:"resource"`
	Context   map[string]any `json:"context"`
}

// State is what the playground evaluates and what its share links carry.
type State struct {
	Policies []Tab   `json:"policies"`
	Request  Request `json:"request"`
}

// ShareFragment is the playground link's fragment for a state, as state.ts's encodeShare
// writes it (raw deflate, then base64url), so a link made at build time opens the state in
// the playground without any script on the page that links.
func ShareFragment(s State) (string, error) {
	if s.Request.Context == nil {
		s.Request.Context = map[string]any{}
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.DefaultCompression)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(raw); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return "s=" + base64.RawURLEncoding.EncodeToString(b.Bytes()), nil
}
