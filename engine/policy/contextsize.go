package policy

// NewContextSize is an empty context with room for n keys, for a caller that builds a
// large context on every request (the Secrets Manager store) without growing it key by key.
// Keys set in lower case are stored without a copy.
func NewContextSize(n int) *Context {
	return &Context{keys: make([]string, 0, n), vals: make([][]string, 0, n)}
}
