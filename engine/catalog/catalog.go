// Package catalog is the AWS Secrets Manager service authorization reference as data:
// actions with access levels, the secret resource type, and condition keys with types.
// The validator, the evaluator and the documentation all read it; nothing else declares them.
package catalog

import (
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
)

//go:embed secretsmanager-catalog.json
var raw []byte

// Service is the IAM service prefix this catalogue describes.
const Service = "secretsmanager"

// Action is one IAM action of the service.
type Action struct {
	Name          string         `json:"name"`        // without the service prefix: GetSecretValue
	AccessLevel   string         `json:"accessLevel"` // Read, Write, List, Tagging, Permissions management
	AccessLevels  []string       `json:"accessLevels,omitempty"`
	Description   string         `json:"description"`
	ResourceTypes []ResourceLink `json:"resourceTypes"`
	ConditionKeys []string       `json:"conditionKeys"` // service keys listed in the action's row
	Dependent     []string       `json:"dependentActions"`
}

// ResourceLink says an action acts on a resource type.
type ResourceLink struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
}

// ResourceType is a resource type with its ARN pattern.
type ResourceType struct {
	Name          string   `json:"name"`
	ARNPattern    string   `json:"arnPattern"`
	ConditionKeys []string `json:"conditionKeys"`
}

// Key is a condition key, service-specific or global.
type Key struct {
	Name        string `json:"name"`
	Type        string `json:"type"` // String, ARN, Numeric, Bool, Date, IPAddress, ArrayOfString, ...
	Description string `json:"description"`
	MultiValued bool   `json:"multiValued,omitempty"`
	Category    string `json:"category,omitempty"`
	Global      bool   `json:"global,omitempty"`
}

type document struct {
	Service       string         `json:"service"`
	ServiceName   string         `json:"serviceName"`
	Source        string         `json:"source"`
	Actions       []Action       `json:"actions"`
	ResourceTypes []ResourceType `json:"resourceTypes"`
	ConditionKeys []Key          `json:"conditionKeys"`
	GlobalKeys    []Key          `json:"globalConditionKeys"`
}

var (
	doc       document
	actionIdx = map[string]*Action{} // lower-case name without prefix
	keys      []Key                  // service keys then global keys
)

func init() {
	if err := json.Unmarshal(raw, &doc); err != nil {
		panic("catalog: embedded data is not valid: " + err.Error()) // build-time data; a test covers it
	}
	for i := range doc.Actions {
		a := &doc.Actions[i]
		actionIdx[strings.ToLower(a.Name)] = a
	}
	keys = append(keys, doc.ConditionKeys...)
	for _, k := range doc.GlobalKeys {
		k.Global = true
		if strings.HasPrefix(k.Type, "ArrayOf") {
			k.MultiValued = true
		}
		keys = append(keys, k)
	}
	for i := range keys {
		if strings.HasPrefix(keys[i].Type, "ArrayOf") {
			keys[i].MultiValued = true
		}
	}
}

// Actions lists every action in catalogue order (alphabetical).
func Actions() []Action { return doc.Actions }

// Keys lists every condition key: the service's keys, then the global aws:* keys.
func Keys() []Key { return keys }

// LookupAction finds an action by name, case-insensitively, with or without the
// "secretsmanager:" prefix.
func LookupAction(name string) (*Action, bool) {
	if i := strings.IndexByte(name, ':'); i >= 0 {
		if !strings.EqualFold(name[:i], Service) {
			return nil, false
		}
		name = name[i+1:]
	}
	a, ok := actionIdx[strings.ToLower(name)]
	return a, ok
}

// LookupKey finds a condition key case-insensitively. Templated keys match any tag key:
// aws:ResourceTag/team finds aws:ResourceTag/${TagKey}, secretsmanager:ResourceTag/x finds
// secretsmanager:ResourceTag/tag-key.
func LookupKey(name string) (*Key, bool) {
	for i := range keys {
		if keyMatches(keys[i].Name, name) {
			return &keys[i], true
		}
	}
	return nil, false
}

// keyMatches reports whether a catalogue key name (possibly templated) covers name.
func keyMatches(pattern, name string) bool {
	if j := strings.Index(pattern, "${"); j >= 0 {
		return len(name) > j && strings.EqualFold(pattern[:j], name[:j])
	}
	if strings.HasSuffix(pattern, "/tag-key") {
		j := len(pattern) - len("tag-key")
		return len(name) > j && strings.EqualFold(pattern[:j], name[:j])
	}
	return strings.EqualFold(pattern, name)
}

// ActionSupportsKey reports whether a condition key is meaningful for an action: every
// global aws:* key applies to every action; a service key must be listed in the action's row.
func ActionSupportsKey(a *Action, key string) bool {
	k, ok := LookupKey(key)
	if !ok {
		return false
	}
	if k.Global {
		return true
	}
	for _, name := range a.ConditionKeys {
		if keyMatches(name, key) {
			return true
		}
	}
	return false
}

// ActionsSupportingKey lists the actions whose row lists key (global keys: every action).
func ActionsSupportingKey(key string) []string {
	var out []string
	for i := range doc.Actions {
		if ActionSupportsKey(&doc.Actions[i], key) {
			out = append(out, doc.Actions[i].Name)
		}
	}
	sort.Strings(out)
	return out
}

// Suggest returns the candidate closest to name by edit distance (case-insensitive), and
// whether it is close enough to offer as "did you mean". Used for actions, keys and operators.
func Suggest(name string, candidates []string) (string, bool) {
	best, bestD := "", 1<<30
	ln := strings.ToLower(name)
	for _, c := range candidates {
		d := distance(ln, strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := len(name)/3 + 1
	if limit > 6 {
		limit = 6
	}
	return best, best != "" && bestD <= limit
}

// distance is the Damerau-Levenshtein (optimal string alignment) distance of a and b.
func distance(a, b string) int {
	if len(a) > 256 || len(b) > 256 {
		return 1 << 20
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
