package eval

import (
	"sort"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
)

// Context is a request's condition keys and values, normalised once so that matching
// allocates nothing: keys are lower-cased (IAM keys are case-insensitive), values kept as given.
type Context struct {
	ents    []KeyValues // a request has few keys, so a linear scan beats a map
	derived Deriver     // the keys the context has when it does not give them; nil for none
	tab     *keyTable   // where ents' keys are; nil: scan (a context made without room for its keys, up to 32)
}

// keyTable finds a context's keys without a scan: up to 32 keys (a context made with room
// for them, NewContextSize) by a hash of a key's length and two of its bytes, no loop over
// the key: open addressing over 64 slots, each 0 (empty) or a place in ents plus one (a
// store's context has some twenty keys, many of a length, and a decision asks for a few:
// scanning them was most of a condition's cost); past 32 keys by a map.
type keyTable struct {
	slots [64]uint8
	m     map[string]int // past 32 keys; the slots are then unused
}

// slot is where a key's search starts.
func (*keyTable) slot(k string) uint {
	n := uint(len(k))
	if n == 0 {
		return 0
	}
	return (n*37 + uint(k[n-1])*11 + uint(k[n/2])*7) % 64
}

// insert files ents[i] under key k. A key filed twice is found at its first place.
func (t *keyTable) insert(k string, i int) {
	s := t.slot(k)
	for t.slots[s] != 0 {
		s = (s + 1) % 64
	}
	t.slots[s] = uint8(i + 1)
}

// filed files the context's last key: in its table's slots up to 32 keys; past them in a
// map when mapped (add), or else (Add) nowhere: the context then scans. A key filed twice
// is found with its first values.
func (c *Context) filed(mapped bool) {
	n, t := len(c.ents), c.tab
	switch {
	case t != nil && t.m != nil:
		if _, ok := t.m[c.ents[n-1].key]; !ok {
			t.m[c.ents[n-1].key] = n - 1
		}
	case n > smallContext && !mapped:
		c.tab = nil
	case n > smallContext:
		if t == nil {
			t = &keyTable{}
			c.tab = t
		}
		t.m = make(map[string]int, n)
		for i := n - 1; i >= 0; i-- {
			t.m[c.ents[i].key] = i
		}
	case t != nil:
		t.insert(c.ents[n-1].key, n-1)
	}
}

// KeyValues is one key of a context, lower-cased, with its values: a caller that embeds a
// context's room (authz.Prepared) declares it with these.
type KeyValues struct {
	key  string
	vals []string
}

// Deriver gives the keys AWS puts into a request's context unless the request gives them
// (authz derives them from the principal, resource and time). A context asks it only for a
// key it does not hold, so a decision derives a key only when a policy reads it.
type Deriver interface {
	// Derive returns the one value of a lower-cased key, and false when the request has no
	// such key. It allocates nothing.
	Derive(lowerKey string) (string, bool)
}

// smallContext is the size up to which a context's keys are found by a table's slots or,
// in a context made without room for them, a scan; past it, by a map.
const smallContext = 32

// NewContext normalises kv. A nil or empty map gives an empty context. Keys are
// case-insensitive: when kv names a key in several cases, the one that sorts first (byte
// order, so "AWS:username" before "aws:username") wins, whatever the order of the map.
// The readers of evaluation documents and playground states report such keys and keep the
// first one written.
func NewContext(kv map[string][]string) *Context {
	return NewContextSize(len(kv)).fill(kv)
}

// Fill makes c, a zero Context, kv's context with room (an empty slice with room) as its
// memory, and derived as the keys it has besides (may be nil): a caller that embeds a
// context and its room (authz.Prepared) allocates them with its own memory. A context that
// does not fit gets memory of its own. A key spelt as the catalogue spells it is
// lower-cased without allocating.
func (c *Context) Fill(room []KeyValues, kv map[string][]string, derived Deriver) {
	if len(kv) > cap(room) {
		nc := NewContextSize(len(kv)) // one allocation up to 32 keys, with its table
		room, c.tab = nc.ents, nc.tab
	}
	c.ents, c.derived = room[:0], derived
	c.fill(kv)
}

// fill adds kv's keys to an empty context.
func (c *Context) fill(kv map[string][]string) *Context {
	for k, v := range kv {
		lk := lowerKey(k)
		if c.index(lk) >= 0 { // a key in two cases (rare): take the keys in a fixed order
			c.fillSorted(kv)
			break
		}
		c.add(lk, v)
	}
	return c
}

// lowerKey lower-cases a context key, through the catalogue's own lower-cased spelling
// when it has one.
func lowerKey(k string) string {
	if lk, ok := catalogueKeysLower[k]; ok {
		return lk
	}
	return strings.ToLower(k)
}

// fillSorted fills the context again with kv's keys in byte order, for a map that names a
// key in several cases: the first spelling in that order wins.
func (c *Context) fillSorted(kv map[string][]string) {
	c.ents = c.ents[:0]
	if c.tab != nil {
		*c.tab = keyTable{}
	}
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	// sort.Slice, not sort.Strings: the .wasm has its sort already (slices.Sort for strings is 5 KB gzip more)
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		if lk := strings.ToLower(k); c.index(lk) < 0 {
			c.add(lk, kv[k])
		}
	}
}

// add appends a lower-cased key that is not present.
func (c *Context) add(k string, values []string) {
	c.ents = append(c.ents, KeyValues{k, values})
	c.filed(true)
}

func (c *Context) index(lowerKey string) int {
	if t := c.tab; t != nil {
		if t.m != nil {
			if i, ok := t.m[lowerKey]; ok {
				return i
			}
			return -1
		}
		for s := t.slot(lowerKey); ; s = (s + 1) % 64 {
			j := int(t.slots[s]) - 1
			if j < 0 {
				return -1
			}
			if k := c.ents[j].key; len(k) == len(lowerKey) && k == lowerKey {
				return j
			}
		}
	}
	for i := range c.ents {
		if k := c.ents[i].key; len(k) == len(lowerKey) && k == lowerKey {
			return i
		}
	}
	return -1
}

// Values returns the values of a lower-cased key, and whether the key is present: given,
// or else derived. A key present with an empty list is present. A derived key's one value is
// written into *one, and the values are one[:]: a caller keeps one where the values are read.
func (c *Context) Values(lowerKey string, one *[1]string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	if i := c.index(lowerKey); i >= 0 {
		return c.ents[i].vals, true
	}
	if c.derived != nil {
		if v, ok := c.derived.Derive(lowerKey); ok {
			one[0] = v
			return one[:], true
		}
	}
	return nil, false
}

// Resolve gives a policy variable's value: the key's value when it has exactly one.
// It makes *Context a pattern.Resolver.
func (c *Context) Resolve(lowerKey string) (string, bool) {
	var one [1]string
	v, ok := c.Values(lowerKey, &one)
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
