package playground

import (
	"bytes"
	"encoding/json"
	"testing"
)

// scanKnown is a cached replay as scanState sees one: its world and its steps' texts.
var scanKnown = &replay{world: `{"accounts": []}`, steps: []string{`{"advance": {"days": 1}}`, `{"call": {"operation": "ListSecrets"}}`}}

// checkScan holds scanState to encoding/json: a text it reads means what json.Unmarshal
// reads in it, and it reads only texts json.Unmarshal takes.
func checkScan(t *testing.T, src []byte, known *replay) bool {
	t.Helper()
	got, ok := scanState(src, known)
	if !ok {
		return false
	}
	var want worldState
	if err := json.Unmarshal(src, &want); err != nil {
		t.Fatalf("scanState read %q, which encoding/json refuses: %v", src, err)
	}
	same := bytes.Equal(got.World, want.World) && got.Seed == want.Seed && got.Values == want.Values &&
		(got.At == nil) == (want.At == nil) && (got.At == nil || *got.At == *want.At) && len(got.Steps) == len(want.Steps) && want.Steps != nil
	for i := 0; same && i < len(got.Steps); i++ {
		same = bytes.Equal(got.Steps[i], want.Steps[i])
	}
	if !same {
		t.Fatalf("scanState read %q as %+v, encoding/json as %+v", src, got, want)
	}
	return true
}

func TestScanState(t *testing.T) {
	tests := []struct {
		src  string
		read bool // scanState reads it; false: it is left to encoding/json
	}{
		{`{"seed":1,"steps":[]}`, true},
		{` { "steps" : [ {"advance": {"days": 1}} , {"call": {"operation": "ListSecrets"}}, {"call": {"input": {"SecretId": "a\"]}"}}} ] , "seed": 7 } `, true},
		{`{"world":{"accounts": []},"seed":2,"steps":[{"advance": {"days": 1}}],"at":-1,"values":true}`, true},
		{`{"world":null,"steps":[],"at":null,"values":false}`, true},
		{`{"world":{"accounts": [}, "steps": []}`, false},
		{`{"world": , "steps": []}`, false},                                                   // no world: the default world's text is empty
		{`{"world":"", "steps": []}`, true},                                                   // the world is not JSON
		{`{"steps":[{"advance": {"days": 1}}}]}`, false},                                      // a known step followed by a stray brace
		{`{"steps":[{"advance": {"days": 1}} {"x": 1}]}`, false},                              // no comma
		{`{"steps":[1,]}`, false},                                                             // a trailing comma
		{`{"steps":[],}`, false},                                                              // a trailing comma
		{`{"steps":[],"steps":[]}`, false},                                                    // twice: encoding/json's rule decides
		{`{"Steps":[]}`, false},                                                               // encoding/json matches names without case
		{`{"steps":[],"other":1}`, false},                                                     // ignored by encoding/json
		{`{"steps":[],"seed":-1}`, false},                                                     // not a uint64
		{`{"steps":[],"seed":1e3}`, false},                                                    // not a uint64
		{`{"steps":[],"seed":01}`, false},                                                     // not JSON
		{`{"steps":[],"seed":18446744073709551616}`, false},                                   // too large
		{`{"steps":[],"at":1.5}`, false},                                                      // not an int
		{`{"steps":[],"at":-01}`, false},                                                      // not JSON
		{`{"steps":[],"values":1}`, false},                                                    // not a bool
		{`{"steps":["a\`, false},                                                              // cut short
		{`{"steps":[]} x`, false},                                                             // text after the state
		{`{"seed":1}`, false},                                                                 // no steps: the error is encoding/json's path's
		{`{"steps":null}`, false},                                                             // likewise
		{`{"st\u0065ps":[]}`, false},                                                          // an escaped name
		{`{"steps":[{"advance": {"days": 1}}x]}`, false},                                      // a known step, then garbage
		{`{"steps":[{"call": {"operation": "ListSecrets"}},{"advance": {"days": 1}}]}`, true}, // known texts in other places
	}
	for _, tc := range tests {
		if got := checkScan(t, []byte(tc.src), scanKnown); got != tc.read {
			t.Errorf("scanState(%s) read it: %v, want %v", tc.src, got, tc.read)
		}
		checkScan(t, []byte(tc.src), &replay{steps: scanKnown.steps}) // the default world
		checkScan(t, []byte(tc.src), nil)
	}
}

// FuzzScanState holds scanState to encoding/json on any text.
func FuzzScanState(f *testing.F) {
	f.Add([]byte(`{"seed":1,"steps":[{"advance": {"days": 1}},{"call": {"operation": "ListSecrets"}}],"at":0}`))
	f.Add([]byte(`{"world":{"accounts": []},"steps":[{"x":"\\\""}],"values":true}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkScan(t, src, scanKnown)
		checkScan(t, src, &replay{steps: scanKnown.steps}) // the default world
		checkScan(t, src, nil)
	})
}
