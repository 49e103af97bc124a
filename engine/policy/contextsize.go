package policy

// NewContextSize is an empty context with room for n keys, for a caller that builds a
// large context on every request (the Secrets Manager store) without growing it key by key.
func NewContextSize(n int) *Context {
	return &Context{keys: make([]string, 0, n), vals: make([][]string, 0, n)}
}

// Add appends a key, already lower-cased, that the context does not have, without the
// lookup map Set builds for large contexts: a builder that sets each key once on every
// request spends less scanning a few dozen keys than building a map. On a context made
// only with Add, a key added twice is found with its first values.
func (c *Context) Add(lowerKey string, values []string) {
	c.keys = append(c.keys, lowerKey)
	c.vals = append(c.vals, values)
	if c.m != nil {
		c.m[lowerKey] = len(c.keys) - 1
	}
}
