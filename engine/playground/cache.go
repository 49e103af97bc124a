package playground

import (
	"sync"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// The playground re-evaluates on every keystroke, but a keystroke changes one policy: the
// others are taken from this cache of compiled policies, keyed by what compiling reads (kind,
// name, text). Each read of a state is a generation; a policy no read of the last two
// generations used is dropped (Evaluate and Matrix read the same state one after the other),
// so the cache holds about two states' policies, not every text ever typed: a thousand edits
// of one tab used to keep a thousand compiled policies. It is also bounded by total text size.
//
// A text the cache does not hold is compiled as an edit of the last policy compiled for the
// same tab (kind and name): authz.EditPolicy re-reads only the statements the edit touched.
var cache = struct {
	sync.Mutex
	m     map[cacheKey]*cached
	last  map[tabKey]*cached // the last policy compiled or used for each tab
	bytes int
	gen   uint64
}{m: map[cacheKey]*cached{}, last: map[tabKey]*cached{}}

type tabKey struct {
	kind, name string
}

type cacheKey struct {
	kind, name, text string
}

type cached struct {
	p   *authz.Policy
	gen uint64 // the last generation that used it
}

// cacheBytes bounds the texts the cache holds: a few large policies and many small ones.
const cacheBytes = 16 << 20

// compiled returns a tab's policy compiled, compiling it only when it is not cached.
func compiled(kind policy.Kind, name, text string) *authz.Policy {
	k, tk := cacheKey{string(kind), name, text}, tabKey{string(kind), name}
	cache.Lock()
	c, ok := cache.m[k]
	gen := cache.gen
	if ok {
		c.gen = gen
		cache.last[tk] = c
	}
	var prev *authz.Policy
	if l := cache.last[tk]; l != nil {
		prev = l.p
	}
	cache.Unlock()
	if ok {
		return c.p
	}
	p := authz.EditPolicy(prev, kind, name, []byte(text))
	cache.Lock()
	if cache.bytes+len(text) > cacheBytes {
		clear(cache.m)
		clear(cache.last)
		cache.bytes = 0
	}
	c = &cached{p: p, gen: gen}
	cache.m[k] = c
	cache.last[tk] = c
	cache.bytes += len(text)
	cache.Unlock()
	return p
}

// nextGeneration starts a read: policies the previous two reads did not use are dropped.
func nextGeneration() {
	cache.Lock()
	defer cache.Unlock()
	cache.gen++
	for k, c := range cache.m {
		if c.gen+1 < cache.gen {
			delete(cache.m, k)
			cache.bytes -= len(k.text)
		}
	}
	for k, c := range cache.last {
		if c.gen+1 < cache.gen {
			delete(cache.last, k)
		}
	}
}

// cacheLen is the number of compiled policies the cache holds.
func cacheLen() int {
	cache.Lock()
	defer cache.Unlock()
	return len(cache.m)
}
