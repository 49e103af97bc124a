package policy

import "strings"

// Context is a request's condition keys and values, normalised once so that matching
// allocates nothing: keys are lower-cased (IAM keys are case-insensitive), values kept as given.
type Context struct {
	m map[string][]string
}

// NewContext normalises kv. A nil or empty map gives an empty context.
func NewContext(kv map[string][]string) *Context {
	c := &Context{m: make(map[string][]string, len(kv))}
	for k, v := range kv {
		c.m[strings.ToLower(k)] = v
	}
	return c
}

// Set adds or replaces a key (any case).
func (c *Context) Set(key string, values ...string) {
	if c.m == nil {
		c.m = map[string][]string{}
	}
	c.m[strings.ToLower(key)] = values
}

// Values returns the values of a lower-cased key, and whether the key is present.
// A key present with an empty list is present.
func (c *Context) Values(lowerKey string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	v, ok := c.m[lowerKey]
	return v, ok
}

// Resolve gives a policy variable's value: the key's value when it has exactly one.
// It makes *Context a pattern.Resolver.
func (c *Context) Resolve(lowerKey string) (string, bool) {
	v, ok := c.Values(lowerKey)
	if !ok || len(v) != 1 {
		return "", false
	}
	return v[0], true
}

// Keys returns the lower-cased keys present.
func (c *Context) Keys() []string {
	if c == nil {
		return nil
	}
	out := make([]string, 0, len(c.m))
	for k := range c.m {
		out = append(out, k)
	}
	return out
}
