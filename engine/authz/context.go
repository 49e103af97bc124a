package authz

import "github.com/iamplay/iamplay/engine/internal/eval"

// Context is a request context built key by key, for a caller that decides many requests of
// one principal and action with contexts of its own (the Secrets Manager store): it prepares
// the principal and action once and, per call, builds a Context and calls Prepared.For.
type Context struct{ c *eval.Context }

// NewContext is an empty context with room for n keys: one allocation up to 32 keys.
func NewContext(n int) Context { return Context{eval.NewContextSize(n)} }

// Add sets a key, written lower-cased, that the context does not have yet. Keys are
// case-insensitive; a key added twice keeps its first values.
func (c Context) Add(lowerKey string, values []string) { c.c.Add(lowerKey, values) }
