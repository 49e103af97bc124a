package playground

import (
	"runtime"
	"sync"
	"unsafe"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// The playground re-evaluates on every keystroke, but a keystroke changes one policy: the
// others are taken from this cache of compiled policies, kept per tab (kind and name) and
// found by their text. Each read of a state is a generation; a policy no read of the last
// two generations used is dropped (Evaluate and Matrix read the same state one after the
// other), so the cache holds about two states' policies, not every text ever typed: a
// thousand edits of one tab used to keep a thousand compiled policies. It is also bounded by
// total text size. Texts are compared, not hashed: a 600 KB policy hashed as a map key on
// every read cost more than its edit.
//
// A text the cache does not hold is compiled as an edit of the tab's most recently used
// policy: authz.EditPolicy re-reads only the statements the edit touched. In WebAssembly,
// where calls come one at a time and finish before the next, the edit takes that policy for
// itself (authz.EditPolicyOwned: the statements after the edit are moved where they are,
// not copied) and drops it from the cache, unless the read at hand uses it (a state may
// hold two tabs of one name) or world mode keeps it (compiledShared).
var cache = newPolicyCache()

// policyCache is a cache of compiled policies (see cache). The page's reads use cache; the
// worker's warm-up (Warm) uses one of its own, so that warming up evicts nothing a person's
// next edit needs.
type policyCache struct {
	sync.Mutex
	tabs  map[tabKey][]*cached // least recently used first
	bytes int
	gen   uint64
}

func newPolicyCache() *policyCache { return &policyCache{tabs: map[tabKey][]*cached{}} }

type tabKey struct {
	kind, name string
}

type cached struct {
	text   string
	p      *authz.Policy
	gen    uint64 // the last generation that used it
	shared bool   // kept beyond a read (world mode's callers): never taken by an edit
}

// take is whether an edit may take the previous policy for itself (see cache): only where
// calls cannot overlap. A var so that a test can take them natively.
var take = runtime.GOARCH == "wasm"

// cacheBytes bounds the texts the cache holds: a few large policies and many small ones.
const cacheBytes = 16 << 20

// compiled returns a tab's policy compiled, compiling it only when it is not cached.
func (pc *policyCache) compiled(kind policy.Kind, name, text string) *authz.Policy {
	return pc.compile(kind, name, text, false)
}

// compiledShared is compiled for a policy kept beyond the read (world mode's callers): no
// edit takes it.
func (pc *policyCache) compiledShared(kind policy.Kind, name, text string) *authz.Policy {
	return pc.compile(kind, name, text, true)
}

func (pc *policyCache) compile(kind policy.Kind, name, text string, shared bool) *authz.Policy {
	k := tabKey{string(kind), name}
	pc.Lock()
	cs := pc.tabs[k]
	gen := pc.gen
	var prev *authz.Policy
	for i, c := range cs {
		if c.text == text {
			c.gen = gen
			c.shared = c.shared || shared
			copy(cs[i:], cs[i+1:]) // now the most recently used
			cs[len(cs)-1] = c
			pc.Unlock()
			return c.p
		}
	}
	edit := authz.EditPolicy
	if len(cs) > 0 {
		last := cs[len(cs)-1]
		prev = last.p
		if take && !shared && !last.shared && last.gen != gen {
			edit = authz.EditPolicyOwned
			cs[len(cs)-1] = nil
			pc.tabs[k] = cs[:len(cs)-1]
			pc.bytes -= len(last.text)
		}
	}
	pc.Unlock()
	// The text's bytes, not a copy: a policy's Source is only ever read, and a 600 KB copy
	// on every keystroke was a third of what an edit allocated.
	p := edit(prev, kind, name, unsafe.Slice(unsafe.StringData(text), len(text)))
	pc.Lock()
	if pc.bytes+len(text) > cacheBytes {
		clear(pc.tabs)
		pc.bytes = 0
	}
	pc.tabs[k] = append(pc.tabs[k], &cached{text: text, p: p, gen: gen, shared: shared})
	pc.bytes += len(text)
	pc.Unlock()
	return p
}

// nextGeneration starts a read: policies the previous two reads did not use are dropped.
func (pc *policyCache) nextGeneration() {
	pc.Lock()
	defer pc.Unlock()
	pc.gen++
	for k, cs := range pc.tabs {
		kept := cs[:0]
		for _, c := range cs {
			if c.gen+1 < pc.gen {
				pc.bytes -= len(c.text)
				continue
			}
			kept = append(kept, c)
		}
		clear(cs[len(kept):])
		if len(kept) == 0 {
			delete(pc.tabs, k)
		} else {
			pc.tabs[k] = kept
		}
	}
}

// clear drops every compiled policy this cache holds.
func (pc *policyCache) clear() {
	pc.Lock()
	defer pc.Unlock()
	clear(pc.tabs)
	pc.bytes = 0
}

// len is the number of compiled policies the cache holds.
func (pc *policyCache) len() int {
	pc.Lock()
	defer pc.Unlock()
	n := 0
	for _, cs := range pc.tabs {
		n += len(cs)
	}
	return n
}
