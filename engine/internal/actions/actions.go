// Package actions numbers every catalogued action once and keeps sets of them as bit words:
// the validator checks Action entries against it and the compiled policies index statements
// by it, so neither rescans the catalogue.
package actions

import (
	"math/bits"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
)

// The catalogued actions of every service, numbered once: action id i is Refs[i], and service
// s's actions are the ids SvcStart[s] up to SvcStart[s+1]. Checking an action never rescans
// the catalogue, and there is no cap on how many actions a service has.
var (
	Refs           []Ref
	Lower          map[string]int // lower-cased "service:name" -> id: requests look actions up here
	Exact          map[string]int // "service:Name" as the catalogue spells it -> id: the validator's fast path
	SvcStart       []int          // by service ID, then the total
	SvcNames       [][]string     // action names without the prefix, by service ID: for did-you-mean
	All            Set            // every catalogued action
	Single         []Set          // by id: the set of that action alone
	SecretsManager Set            // every Secrets Manager action
	// StarOnly are the Secrets Manager actions with no resource type: they match only Resource "*".
	StarOnly Set
	// ResourcePolicy change who may use a secret.
	ResourcePolicy Set
)

// Ref is one catalogued action with what matching needs of it.
type Ref struct {
	A     *catalog.Action
	Svc   int    // the service's ID
	Lower string // "service:name" lower-cased: Action patterns match these
}

func init() {
	Lower, Exact = map[string]int{}, map[string]int{}
	for _, s := range catalog.Services() {
		SvcStart = append(SvcStart, len(Refs))
		names := make([]string, 0, len(s.Actions))
		for i := range s.Actions {
			a := &s.Actions[i]
			lower := strings.ToLower(a.FullName())
			Lower[lower] = len(Refs)
			Exact[a.FullName()] = len(Refs)
			Refs = append(Refs, Ref{A: a, Svc: s.ID, Lower: lower})
			names = append(names, a.Name)
		}
		SvcNames = append(SvcNames, names)
	}
	SvcStart = append(SvcStart, len(Refs))
	All, SecretsManager, StarOnly, ResourcePolicy = NewSet(), NewSet(), NewSet(), NewSet()
	words := make([]uint64, len(Refs)*len(All))
	for id, r := range Refs {
		All.Add(id)
		s := Set(words[id*len(All) : (id+1)*len(All)])
		s.Add(id)
		Single = append(Single, s)
		if r.A.Service.Prefix != catalog.SecretsManager {
			continue
		}
		SecretsManager.Add(id)
		if len(r.A.ResourceTypes) == 0 {
			StarOnly.Add(id)
		}
		if r.A.Name == "PutResourcePolicy" || r.A.Name == "DeleteResourcePolicy" {
			ResourcePolicy.Add(id)
		}
	}
}

// Set is a set of catalogued actions: bit i of the words stands for Refs[i]. A nil set
// is empty; sets that grow are full width (NewSet).
type Set []uint64

func NewSet() Set { return make(Set, (len(Refs)+63)/64) }

func (s Set) Add(i int) { s[i/64] |= 1 << (i % 64) }

func (s Set) Has(i int) bool { return i/64 < len(s) && s[i/64]&(1<<(i%64)) != 0 }

// union adds o to s (full width).
func (s Set) Union(o Set) {
	for i, w := range o {
		s[i] |= w
	}
}

func (s Set) Empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

// intersects reports whether s and o share an action.
func (s Set) Intersects(o Set) bool {
	for i := 0; i < len(s) && i < len(o); i++ {
		if s[i]&o[i] != 0 {
			return true
		}
	}
	return false
}

// subsetOf reports whether every action of s is in o.
func (s Set) SubsetOf(o Set) bool {
	for i, w := range s {
		var x uint64
		if i < len(o) {
			x = o[i]
		}
		if w&^x != 0 {
			return false
		}
	}
	return true
}

// count is the number of actions in s.
func (s Set) Count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// next returns the first action id at or after i in s, or -1.
func (s Set) Next(i int) int {
	for w := i / 64; w < len(s); w++ {
		word := s[w]
		if w == i/64 {
			word &^= 1<<(i%64) - 1
		}
		if word != 0 {
			return w*64 + bits.TrailingZeros64(word)
		}
	}
	return -1
}
