package playground

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// scanState reads a world-mode state in the one shape the page writes (an object of the
// members world, seed, steps, at and values, each at most once and spelled so) in one pass,
// where json.Unmarshal validates the whole text and then decodes it again: a step whose text
// is one the cache has run (known) is recognized by comparing bytes, and only new values are
// validated. Any other text reports false, and readWorldState decodes it with encoding/json
// as before, so what a state means and every error about it do not depend on the path.
func scanState(src []byte, known *replay) (worldState, bool) {
	var st worldState
	s := stateScan{b: src}
	if !s.next('{') {
		return st, false
	}
	var seen [len(stateMembers)]bool
	for n := 0; !s.next('}'); n++ {
		if n > 0 && !s.next(',') {
			return st, false
		}
		m := s.key()
		if m < 0 || seen[m] || !s.next(':') {
			return st, false
		}
		seen[m] = true
		var ok bool
		switch m {
		case 0:
			st.World = s.value()
			ok = len(st.World) > 0 && (known != nil && string(st.World) == known.world || json.Valid(st.World))
		case 1:
			st.Seed, ok = s.uint()
		case 2:
			st.Steps, ok = s.steps(known)
		case 3:
			st.At, ok = s.at()
		case 4:
			st.Values, ok = s.boolean()
		}
		if !ok {
			return st, false
		}
	}
	s.ws()
	return st, s.i == len(s.b) && st.Steps != nil
}

// stateMembers are the members scanState reads, in seen's order.
var stateMembers = [5]string{"world", "seed", "steps", "at", "values"}

// stateScan is scanState's place in the text.
type stateScan struct {
	b []byte
	i int
}

// ws skips JSON white space.
func (s *stateScan) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// next skips white space and takes c when it comes next.
func (s *stateScan) next(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// key reads a member's name: its index in stateMembers, or -1 (another name, or one with
// an escape).
func (s *stateScan) key() int {
	if !s.next('"') {
		return -1
	}
	end := bytes.IndexByte(s.b[s.i:], '"')
	if end < 0 {
		return -1
	}
	name := s.b[s.i : s.i+end]
	s.i += end + 1
	for i, m := range stateMembers {
		if string(name) == m {
			return i
		}
	}
	return -1
}

// value returns the text of the value that starts after white space, found by its quotes
// and brackets without validating it; the caller validates it or knows it.
func (s *stateScan) value() []byte {
	s.ws()
	start, depth := s.i, 0
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			for s.i++; s.i < len(s.b) && s.b[s.i] != '"'; s.i++ {
				if s.b[s.i] == '\\' {
					s.i++
				}
			}
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth == 0 { // a number or a literal ends at its container's end
				return s.b[start:s.i]
			}
			depth--
		case depth == 0 && (c == ',' || c <= ' '):
			return s.b[start:s.i]
		}
		s.i = min(s.i+1, len(s.b))
		if depth == 0 && (c == '"' || c == '}' || c == ']') {
			break
		}
	}
	return s.b[start:s.i]
}

// steps reads the steps list: a step that begins as the known replay's step of the same
// index does, and ends there, is that step; any other is validated.
func (s *stateScan) steps(known *replay) ([]json.RawMessage, bool) {
	if !s.next('[') {
		return nil, false
	}
	out := []json.RawMessage{}
	for !s.next(']') {
		if len(out) > 0 && !s.next(',') {
			return nil, false
		}
		s.ws()
		if n := len(out); known != nil && n < len(known.steps) {
			if k := known.steps[n]; len(s.b)-s.i >= len(k) && string(s.b[s.i:s.i+len(k)]) == k {
				out = append(out, s.b[s.i:s.i+len(k)])
				s.i += len(k)
				continue
			}
		}
		v := s.value()
		if len(v) == 0 || !json.Valid(v) {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

// uint reads a seed: digits without a sign, a fraction or an exponent, as a uint64 takes it.
func (s *stateScan) uint() (uint64, bool) {
	v := s.value()
	if len(v) == 0 || v[0] == '-' || v[0] == '0' && len(v) > 1 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(v), 10, 64)
	return n, err == nil
}

// at reads the step shown: null, or an integer that fits an int.
func (s *stateScan) at() (*int, bool) {
	v := s.value()
	if string(v) == "null" {
		return nil, true
	}
	d := v
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || d[0] == '0' && len(d) > 1 || d[0] == '+' {
		return nil, false
	}
	n, err := strconv.Atoi(string(v))
	return &n, err == nil
}

// boolean reads values: true or false.
func (s *stateScan) boolean() (bool, bool) {
	v := string(s.value())
	return v == "true", v == "true" || v == "false"
}
