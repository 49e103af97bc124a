package playground

import "encoding/json"

// scanState reads a world-mode state in the one shape the page writes (an object of the
// members world, seed, steps, at and values, each at most once and spelled so) in one pass,
// where json.Unmarshal validates the whole text and then decodes it again: a step whose text
// is one the cache has run (known) is recognized by comparing bytes, and only new values are
// validated. Any other text reports false, and readWorldState decodes it with encoding/json
// as before, so what a state means and every error about it do not depend on the path.
func scanState(src []byte, known *replay) (worldState, bool) {
	var st worldState
	s := rawScan{b: src}
	var seen [len(stateMembers)]bool
	scalars := [len(stateMembers)]any{1: &st.Seed, 3: &st.At, 4: &st.Values} // read as encoding/json reads them
	ok := s.next('{')
	for n := 0; ok && !s.next('}'); n++ {
		m := -1
		if n == 0 || s.next(',') {
			m = s.key()
		}
		if ok = m >= 0 && !seen[m] && s.next(':'); !ok {
			break
		}
		seen[m] = true
		switch m {
		case 0:
			st.World = s.value()
			ok = len(st.World) > 0 && (known != nil && string(st.World) == known.world || json.Valid(st.World))
		case 2:
			st.Steps, ok = s.steps(known)
		default:
			ok = json.Unmarshal(s.value(), scalars[m]) == nil
		}
	}
	s.ws()
	return st, ok && s.i == len(s.b) && st.Steps != nil
}

// stateMembers are the members scanState reads, quoted.
var stateMembers = [...]string{`"world"`, `"seed"`, `"steps"`, `"at"`, `"values"`}

// rawScan is a place in a JSON text that scanState and masked read values from by their
// quotes and brackets alone, leaving validation to their callers.
type rawScan struct {
	b []byte
	i int
}

// ws skips JSON white space.
func (s *rawScan) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// next skips white space and takes c when it comes next.
func (s *rawScan) next(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// key reads a member's name: its index in stateMembers, or -1 (another name, or one with
// an escape).
func (s *rawScan) key() int {
	name := s.value()
	for i, m := range stateMembers {
		if string(name) == m {
			return i
		}
	}
	return -1
}

// value returns the text of the value that starts after white space, found by its quotes
// and brackets without validating it; the caller validates it or knows it.
func (s *rawScan) value() []byte {
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

// steps reads the steps list: a step whose text goes on as the known replay's step of the
// same index does, and ends there, is that step; any other is validated.
func (s *rawScan) steps(known *replay) ([]json.RawMessage, bool) {
	out := []json.RawMessage{}
	ok := s.next('[')
	for ok && !s.next(']') {
		if ok = len(out) == 0 || s.next(','); !ok {
			break
		}
		s.ws()
		var k string
		if known != nil && len(out) < len(known.steps) {
			k = known.steps[len(out)]
		}
		v := s.b[s.i:min(s.i+len(k), len(s.b))]
		if k != "" && string(v) == k {
			s.i += len(k)
		} else {
			v = s.value()
			ok = json.Valid(v)
		}
		out = append(out, v)
	}
	return out, ok
}
