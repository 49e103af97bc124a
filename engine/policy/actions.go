package policy

import (
	"math/bits"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
)

// The catalogued actions of every service, numbered once: action id i is acts[i], and service
// s's actions are the ids svcStart[s] up to svcStart[s+1]. Checking an action never rescans
// the catalogue, and there is no cap on how many actions a service has.
var (
	acts      []actionRef
	actLower  map[string]int // lower-cased "service:name" -> id: requests look actions up here
	actExact  map[string]int // "service:Name" as the catalogue spells it -> id: the validator's fast path
	svcStart  []int          // by service ID, then the total
	svcNames  [][]string     // action names without the prefix, by service ID: for did-you-mean
	allActs   actionSet      // every catalogued action
	single    []actionSet    // by id: the set of that action alone
	smActions actionSet      // every Secrets Manager action
	// starOnlyActs are the Secrets Manager actions with no resource type: they match only Resource "*".
	starOnlyActs actionSet
	// resourcePolicyActions change who may use a secret.
	resourcePolicyActions actionSet
)

// actionRef is one catalogued action with what matching needs of it.
type actionRef struct {
	a     *catalog.Action
	svc   int    // the service's ID
	lower string // "service:name" lower-cased: Action patterns match these
}

func init() {
	actLower, actExact = map[string]int{}, map[string]int{}
	for _, s := range catalog.Services() {
		svcStart = append(svcStart, len(acts))
		names := make([]string, 0, len(s.Actions))
		for i := range s.Actions {
			a := &s.Actions[i]
			lower := strings.ToLower(a.FullName())
			actLower[lower] = len(acts)
			actExact[a.FullName()] = len(acts)
			acts = append(acts, actionRef{a: a, svc: s.ID, lower: lower})
			names = append(names, a.Name)
		}
		svcNames = append(svcNames, names)
	}
	svcStart = append(svcStart, len(acts))
	allActs, smActions, starOnlyActs, resourcePolicyActions = newActionSet(), newActionSet(), newActionSet(), newActionSet()
	words := make([]uint64, len(acts)*len(allActs))
	for id, r := range acts {
		allActs.add(id)
		s := actionSet(words[id*len(allActs) : (id+1)*len(allActs)])
		s.add(id)
		single = append(single, s)
		if r.a.Service.Prefix != catalog.SecretsManager {
			continue
		}
		smActions.add(id)
		if len(r.a.ResourceTypes) == 0 {
			starOnlyActs.add(id)
		}
		if r.a.Name == "PutResourcePolicy" || r.a.Name == "DeleteResourcePolicy" {
			resourcePolicyActions.add(id)
		}
	}
}

// actionSet is a set of catalogued actions: bit i of the words stands for acts[i]. A nil set
// is empty; sets that grow are full width (newActionSet).
type actionSet []uint64

func newActionSet() actionSet { return make(actionSet, (len(acts)+63)/64) }

func (s actionSet) add(i int) { s[i/64] |= 1 << (i % 64) }

func (s actionSet) has(i int) bool { return i/64 < len(s) && s[i/64]&(1<<(i%64)) != 0 }

// union adds o to s (full width).
func (s actionSet) union(o actionSet) {
	for i, w := range o {
		s[i] |= w
	}
}

func (s actionSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

// intersects reports whether s and o share an action.
func (s actionSet) intersects(o actionSet) bool {
	for i := 0; i < len(s) && i < len(o); i++ {
		if s[i]&o[i] != 0 {
			return true
		}
	}
	return false
}

// subsetOf reports whether every action of s is in o.
func (s actionSet) subsetOf(o actionSet) bool {
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
func (s actionSet) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// next returns the first action id at or after i in s, or -1.
func (s actionSet) next(i int) int {
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
