package eval

// NewContextSize is an empty context with room for n keys, for a caller that builds a
// large context on every request (the Secrets Manager store) without growing it key by key.
// Up to 32 keys, the context and its room are one allocation, no larger than it needs to be
// by more than 8 keys.
func NewContextSize(n int) *Context {
	switch {
	case n <= 16:
		b := &contextBlock[[16]KeyValues]{}
		b.c.ents, b.c.tab = b.room[:0], &b.tab
		return &b.c
	case n <= 24:
		b := &contextBlock[[24]KeyValues]{}
		b.c.ents, b.c.tab = b.room[:0], &b.tab
		return &b.c
	case n <= 32:
		b := &contextBlock[[32]KeyValues]{}
		b.c.ents, b.c.tab = b.room[:0], &b.tab
		return &b.c
	}
	return &Context{ents: make([]KeyValues, 0, n)}
}

// contextBlock is a context with its room for keys in one piece of memory.
type contextBlock[R [16]KeyValues | [24]KeyValues | [32]KeyValues] struct {
	c    Context
	room R
	tab  keyTable
}

// Add appends a key, already lower-cased, that the context does not have. Up to 32 keys it
// files the key in the table of a context made with room for it; past them it builds no
// map: a builder that sets each key once on every request spends less scanning a few
// dozen keys than building a map. On a context made only with Add, a key added twice is
// found with its first values.
func (c *Context) Add(lowerKey string, values []string) {
	c.ents = append(c.ents, KeyValues{lowerKey, values})
	c.filed(false)
}
