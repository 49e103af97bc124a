package eval

// NewContextSize is an empty context with room for n keys, for a caller that builds a
// large context on every request (the Secrets Manager store) without growing it key by key.
// Up to 32 keys, the context and its room are one allocation, no larger than it needs to be
// by more than 8 keys.
func NewContextSize(n int) *Context {
	switch {
	case n <= 16:
		b := &contextBlock[[16]string, [16][]string]{}
		b.c.keys, b.c.vals = b.keys[:0], b.vals[:0]
		return &b.c
	case n <= 24:
		b := &contextBlock[[24]string, [24][]string]{}
		b.c.keys, b.c.vals = b.keys[:0], b.vals[:0]
		return &b.c
	case n <= 32:
		b := &contextBlock[[32]string, [32][]string]{}
		b.c.keys, b.c.vals = b.keys[:0], b.vals[:0]
		return &b.c
	}
	return &Context{keys: make([]string, 0, n), vals: make([][]string, 0, n)}
}

// contextBlock is a context with its room for keys in one piece of memory.
type contextBlock[K [16]string | [24]string | [32]string, V [16][]string | [24][]string | [32][]string] struct {
	c    Context
	keys K
	vals V
}

// Add appends a key, already lower-cased, that the context does not have, without the
// lookup map Set builds for large contexts: a builder that sets each key once on every
// request spends less scanning a few dozen keys than building a map. On a context made
// only with Add, a key added twice is found with its first values.
func (c *Context) Add(lowerKey string, values []string) {
	c.keys = append(c.keys, lowerKey)
	c.vals = append(c.vals, values)
	if c.x != nil && c.x.m != nil {
		c.x.m[lowerKey] = len(c.keys) - 1
	}
}
