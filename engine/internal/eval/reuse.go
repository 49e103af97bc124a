package eval

// WithResource is the request on another resource with another context, the principal and
// action as read once: a caller that makes many requests of one principal and action (the
// Secrets Manager store) reads those once and changes only these.
func (r Request) WithResource(resource string, ctx *Context) Request {
	r.Context = ctx
	r.setResource(resource)
	if r.Context == nil {
		r.Context = NewContext(nil)
	}
	return r
}
