package eval

import (
	"slices"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
)

// Context is a request's condition keys and values, normalised once so that matching
// allocates nothing: keys are lower-cased (IAM keys are case-insensitive), values kept as given.
type Context struct {
	keys []string // lower-cased; a request has few keys, so a linear scan beats a map
	vals [][]string
	m    map[string]int // index into keys, only for large contexts
}

// smallContext is the size up to which lookups scan rather than hash: a request with the
// keys AWS always sends has a dozen or more, and comparing lengths first keeps a scan cheap.
const smallContext = 32

// NewContext normalises kv. A nil or empty map gives an empty context. Keys are
// case-insensitive: when kv names a key in several cases, the one that sorts first (byte
// order, so "AWS:username" before "aws:username") wins, whatever the order of the map.
// The readers of evaluation documents and playground states report such keys and keep the
// first one written.
func NewContext(kv map[string][]string) *Context {
	return NewContextRoom(kv, 0)
}

// NewContextRoom is NewContext with room for extra keys more (an evaluator's derived keys):
// up to 32 keys in all, the context and its room are one allocation. A key spelt as the
// catalogue spells it is lower-cased without allocating.
func NewContextRoom(kv map[string][]string, extra int) *Context {
	return NewContextSize(len(kv) + extra).fill(kv)
}

// fill adds kv's keys to an empty context.
func (c *Context) fill(kv map[string][]string) *Context {
	for k, v := range kv {
		lk := lowerKey(k)
		if c.index(lk) >= 0 { // a key in two cases (rare): take the keys in a fixed order
			return newSortedContext(kv)
		}
		c.add(lk, v)
	}
	return c
}

// Len is the number of keys present.
func (c *Context) Len() int { return len(c.keys) }

// IndexBelow reports whether a lower-cased key is among the first n keys: those a request
// gave, before an evaluator added more.
func (c *Context) IndexBelow(lowerKey string, n int) bool {
	for _, k := range c.keys[:n] {
		if len(k) == len(lowerKey) && k == lowerKey {
			return true
		}
	}
	return false
}

// lowerKey lower-cases a context key, through the catalogue's own lower-cased spelling
// when it has one.
func lowerKey(k string) string {
	if lk, ok := catalogueKeysLower[k]; ok {
		return lk
	}
	return strings.ToLower(k)
}

// newSortedContext is NewContext for a map that names a key in several cases.
func newSortedContext(kv map[string][]string) *Context {
	c := &Context{keys: make([]string, 0, len(kv)+4), vals: make([][]string, 0, len(kv)+4)}
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if lk := strings.ToLower(k); c.index(lk) < 0 {
			c.add(lk, kv[k])
		}
	}
	return c
}

// add appends a lower-cased key that is not present.
func (c *Context) add(k string, values []string) {
	c.keys = append(c.keys, k)
	c.vals = append(c.vals, values)
	if c.m != nil {
		c.m[k] = len(c.keys) - 1
	} else if len(c.keys) > smallContext {
		c.m = make(map[string]int, len(c.keys))
		for i, k := range c.keys {
			c.m[k] = i
		}
	}
}

func (c *Context) index(lowerKey string) int {
	if c.m != nil {
		if i, ok := c.m[lowerKey]; ok {
			return i
		}
		return -1
	}
	for i, k := range c.keys {
		if len(k) == len(lowerKey) && k == lowerKey {
			return i
		}
	}
	return -1
}

// Values returns the values of a lower-cased key, and whether the key is present.
// A key present with an empty list is present.
func (c *Context) Values(lowerKey string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	if i := c.index(lowerKey); i >= 0 {
		return c.vals[i], true
	}
	return nil, false
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

// catalogueKeysLower maps every catalogued condition key, as the catalogue spells it, to
// its lower-case form, so preparing a request with such keys allocates no new strings.
var catalogueKeysLower = func() map[string]string {
	m := map[string]string{}
	add := func(keys []catalog.Key) {
		for _, k := range keys {
			m[k.Name] = strings.ToLower(k.Name)
		}
	}
	add(catalog.GlobalKeys())
	for _, s := range catalog.Services() {
		add(s.Keys)
	}
	return m
}()
