package playground

import (
	"sync"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
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

// compiled returns a tab's policy compiled, compiling it only when it is not cached.
func compiled(kind policy.Kind, name, text string) *authz.Policy {
	k := cacheKey{string(kind), name, text}
	cache.Lock()
	p, ok := cache.m[k]
	cache.Unlock()
	if ok {
		return p
	}
	p = authz.NewPolicy(kind, name, []byte(text))
	cache.Lock()
	if cache.bytes+len(text) > cacheBytes {
		clear(cache.m)
		cache.bytes = 0
	}
	cache.m[k] = p
	cache.bytes += len(text)
	cache.Unlock()
	return p
}
