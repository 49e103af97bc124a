package policy

import (
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
)

// smPrefix is how a Secrets Manager action starts (compared case-insensitively).
const smPrefix = catalog.Service + ":"

// actionSet is a set of Secrets Manager actions: bit i stands for smActions[i]. The
// catalogue has 23 actions; a test keeps it under 64.
type actionSet uint64

// The Secrets Manager catalogue indexed once, so checking an action never rescans it.
var (
	smActions    []*catalog.Action
	smNames      []string       // action names without the prefix, for did-you-mean
	smIndex      map[string]int // exact name -> index; the fast path
	smLower      map[string]int // lower-cased "secretsmanager:name" -> index: requests look actions up here
	smLowerNames []string       // lower-cased "secretsmanager:name" by index: Action patterns match these
	allActions   actionSet      // every action
	starOnlyActs actionSet      // actions with no resource type: they match only Resource "*"
	// resourcePolicyActions change who may use a secret.
	resourcePolicyActions actionSet
)

func init() {
	all := catalog.Actions()
	smIndex = make(map[string]int, len(all))
	smLower = make(map[string]int, len(all))
	for i := range all {
		if i >= 64 {
			break
		}
		a := &all[i]
		smActions = append(smActions, a)
		smNames = append(smNames, a.Name)
		smIndex[a.Name] = i
		lower := strings.ToLower(smPrefix + a.Name)
		smLower[lower] = i
		smLowerNames = append(smLowerNames, lower)
		allActions |= 1 << i
		if len(a.ResourceTypes) == 0 {
			starOnlyActs |= 1 << i
		}
	}
	resourcePolicyActions = actionBit("PutResourcePolicy") | actionBit("DeleteResourcePolicy")
}

func actionBit(name string) actionSet {
	if i, ok := smIndex[name]; ok {
		return 1 << i
	}
	return 0
}
