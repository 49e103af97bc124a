package eval

import "testing"

// mapDeriver derives the keys of a map.
type mapDeriver map[string]string

func (m mapDeriver) Derive(lowerKey string) (string, bool) {
	v, ok := m[lowerKey]
	return v, ok
}

// TestContextDerives: a context asks its deriver only for keys it does not give, a given key
// wins in any case, and a map naming a key in two cases is refilled and still derives.
func TestContextDerives(t *testing.T) {
	t.Parallel()
	d := mapDeriver{"aws:username": "derived", "aws:principaltype": "User"}
	tests := []struct {
		name    string
		kv      map[string][]string
		key     string
		want    string // "" when absent
		resolve bool   // Resolve finds it
	}{
		{"derived", nil, "aws:principaltype", "User", true},
		{"given wins", map[string][]string{"AWS:UserName": {"given"}}, "aws:username", "given", true},
		{"given empty list wins", map[string][]string{"aws:username": {}}, "aws:username", "", false},
		{"neither", map[string][]string{"k": {"v"}}, "aws:sourceip", "", false},
		{"two cases, sorted in place", map[string][]string{"aws:username": {"b"}, "AWS:username": {"a"}}, "aws:username", "a", true},
		{"two cases, still derives", map[string][]string{"k": {"b"}, "K": {"a"}}, "aws:principaltype", "User", true},
	}
	for _, tt := range tests {
		var room [2]KeyValues
		var c Context
		c.Fill(room[:0], tt.kv, d)
		var one [1]string
		v, ok := c.Values(tt.key, &one)
		got := ""
		if ok && len(v) > 0 {
			got = v[0]
		}
		if got != tt.want {
			t.Errorf("%s: Values(%q) = %q %v, want %q", tt.name, tt.key, v, ok, tt.want)
		}
		if r, ok := c.Resolve(tt.key); ok != tt.resolve || r != tt.want {
			t.Errorf("%s: Resolve(%q) = %q %v, want %q %v", tt.name, tt.key, r, ok, tt.want, tt.resolve)
		}
	}
}
