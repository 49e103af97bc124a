package jsonapi

import (
	"sync"

	"github.com/iamplay/iamplay/engine/authz"
)

// The playground re-evaluates on every keystroke, but a keystroke changes one policy: the
// others are taken from this cache of compiled policies, keyed by what compiling reads (kind,
// name, text). It is bounded by total text size; when full it starts over.
var cache = struct {
	sync.Mutex
	m     map[cacheKey]*authz.Policy
	bytes int
}{m: map[cacheKey]*authz.Policy{}}

type cacheKey struct {
	kind, name, text string
}

// cacheBytes bounds the texts the cache holds: a few large policies and many small ones.
const cacheBytes = 16 << 20

// compiled returns the tab's policy compiled, compiling it only when it is not cached.
func compiled(t Tab) *authz.Policy {
	k := cacheKey{string(t.Kind), t.Name, t.Text}
	cache.Lock()
	p, ok := cache.m[k]
	cache.Unlock()
	if ok {
		return p
	}
	p = authz.NewPolicy(t.Kind, t.Name, []byte(t.Text))
	cache.Lock()
	if cache.bytes+len(t.Text) > cacheBytes {
		clear(cache.m)
		cache.bytes = 0
	}
	cache.m[k] = p
	cache.bytes += len(t.Text)
	cache.Unlock()
	return p
}
