package catalog

import (
	"strings"
	"sync"
)

// Service is one service's catalogue: its actions, resource types and condition keys.
type Service struct {
	Prefix         string         `json:"service"`     // the IAM prefix: kms
	Name           string         `json:"serviceName"` // AWS Key Management Service
	ShortName      string         `json:"shortName"`   // KMS: what messages call it
	Source         string         `json:"source"`      // where the data came from
	ResourcePolicy ResourcePolicy `json:"resourcePolicy"`
	Notes          []string       `json:"notes"`
	Actions        []Action       `json:"actions"` // alphabetical
	ResourceTypes  []ResourceType `json:"resourceTypes"`
	Keys           []Key          `json:"conditionKeys"` // the service's own keys, including the aws: keys it lists
	// ID is the service's position in Services(): indexes keyed by service use it.
	ID        int                `json:"-"`
	actions   map[string]*Action // lower-case name without the prefix
	fullNames []string
	keys      keyIndex
	supports  func() [][]uint64 // by key index: the set of action indexes that support the key
}

// ResourcePolicy says which of the service's resource types carries a resource policy (a
// secret's policy, a KMS key policy, a role's trust policy) and whether a request on such a
// resource needs that policy to allow, with the AWS sentence that says so.
type ResourcePolicy struct {
	ResourceType string `json:"resourceType"` // Secret, key, role
	Required     bool   `json:"required"`
	Doc          string `json:"doc"`   // the AWS page
	Quote        string `json:"quote"` // the sentence on it
}

func (s *Service) init(id int) {
	s.ID = id
	s.supports = sync.OnceValue(s.supporters)
	s.actions = make(map[string]*Action, len(s.Actions))
	for i := range s.Actions {
		a := &s.Actions[i]
		a.Service, a.index = s, i
		s.actions[strings.ToLower(a.Name)] = a
		s.fullNames = append(s.fullNames, a.FullName())
	}
	for i := range s.Keys {
		s.Keys[i].MultiValued = strings.HasPrefix(s.Keys[i].Type, "ArrayOf")
	}
	s.keys = newKeyIndex(s.Keys)
}

// Action finds an action by its name without the prefix, case-insensitively.
func (s *Service) Action(name string) (*Action, bool) {
	a, ok := s.actions[strings.ToLower(name)]
	return a, ok
}

// ActionNames lists the service's actions as policies write them (kms:Decrypt), in
// catalogue order: the candidates for "did you mean". The slice is shared: do not change it.
func (s *Service) ActionNames() []string { return s.fullNames }

// FullName is the action as policies write it: kms:Decrypt.
func (a *Action) FullName() string { return a.Service.Prefix + ":" + a.Name }

// ResourcePolicyRequired reports whether the resource's own policy must allow the action:
// its service requires it and the action acts on the resource type that carries it
// (kms:Decrypt on a key: yes; kms:CreateKey, sts:GetCallerIdentity: no).
func (a *Action) ResourcePolicyRequired() bool {
	rp := a.Service.ResourcePolicy
	if !rp.Required {
		return false
	}
	for _, l := range a.ResourceTypes {
		if l.Name == rp.ResourceType {
			return true
		}
	}
	return false
}

func (s *Service) resourceType(name string) *ResourceType {
	for i := range s.ResourceTypes {
		if s.ResourceTypes[i].Name == name {
			return &s.ResourceTypes[i]
		}
	}
	return nil
}

// ActionsSupportingKey lists the names (without the prefix) of the service's actions that
// support key, in catalogue order.
func (s *Service) ActionsSupportingKey(key string) []string {
	var out []string
	for i := range s.Actions {
		if ActionSupportsKey(&s.Actions[i], key) {
			out = append(out, s.Actions[i].Name)
		}
	}
	return out
}
