package catalog

import "strings"

// keyIndex finds the keys of one list by name: names without a template in a map by their
// lower-case spelling, templated names (aws:ResourceTag/${TagKey}, .../tag-key) in order.
type keyIndex struct {
	keys      []Key
	exact     map[string]int
	templates []template
}

// template is a templated key and the literal text it starts with, which a name must start
// with too: most names are told apart by it without matching the template.
type template struct {
	i   int
	lit string
}

func newKeyIndex(keys []Key) keyIndex {
	x := keyIndex{keys: keys, exact: make(map[string]int, len(keys))}
	for i, k := range keys {
		if j := strings.Index(k.Name, "${"); j >= 0 {
			x.templates = append(x.templates, template{i, k.Name[:j]})
		} else if lit, ok := strings.CutSuffix(k.Name, "tag-key"); ok && strings.HasSuffix(lit, "/") {
			x.templates = append(x.templates, template{i, lit})
		} else if _, dup := x.exact[strings.ToLower(k.Name)]; !dup {
			x.exact[strings.ToLower(k.Name)] = i
		}
	}
	return x
}

// find returns the index of the key that covers name, or -1: an exact name first, then the
// first template that matches.
func (x *keyIndex) find(name string) int {
	var buf [128]byte
	if len(name) <= len(buf) {
		for i := 0; i < len(name); i++ {
			c := name[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if i, ok := x.exact[string(buf[:len(name)])]; ok {
			return i
		}
	}
	for _, t := range x.templates {
		if len(name) > len(t.lit) && strings.EqualFold(name[:len(t.lit)], t.lit) && keyMatches(x.keys[t.i].Name, name) {
			return t.i
		}
	}
	return -1
}

// LookupKey finds a condition key case-insensitively: an aws: key among the global keys (then
// the services' own aws: keys), any other key in the service its prefix names. Templated keys
// match any tag key: aws:ResourceTag/team finds aws:ResourceTag/${TagKey},
// secretsmanager:ResourceTag/x finds secretsmanager:ResourceTag/tag-key.
func LookupKey(name string) (*Key, bool) {
	i := strings.IndexByte(name, ':')
	if i < 0 {
		return nil, false
	}
	if strings.EqualFold(name[:i], "aws") {
		if j := globalIdx.find(name); j >= 0 {
			return &globalKeys[j], true
		}
		for _, s := range services {
			if j := s.keys.find(name); j >= 0 {
				return &s.Keys[j], true
			}
		}
		return nil, false
	}
	if s, ok := Lookup(name[:i]); ok {
		if j := s.keys.find(name); j >= 0 {
			return &s.Keys[j], true
		}
	}
	return nil, false
}

// keyMatches reports whether a catalogue key name (possibly templated) covers name: a
// ${...} placeholder, or a final "tag-key", stands for one or more characters.
func keyMatches(pattern, name string) bool {
	if p, ok := strings.CutSuffix(pattern, "/tag-key"); ok {
		return len(name) > len(p)+1 && name[len(p)] == '/' && strings.EqualFold(p, name[:len(p)])
	}
	for {
		j := strings.Index(pattern, "${")
		if j < 0 {
			return strings.EqualFold(pattern, name)
		}
		if len(name) <= j || !strings.EqualFold(pattern[:j], name[:j]) {
			return false
		}
		end := strings.IndexByte(pattern[j:], '}')
		if end < 0 {
			return false
		}
		rest := pattern[j+end+1:]
		name = name[j:]
		if rest == "" {
			return true // the placeholder takes the rest, at least one character
		}
		// the placeholder takes one or more characters, up to where the literal rest matches
		for n := 1; n <= len(name); n++ {
			if keyMatches(rest, name[n:]) {
				return true
			}
		}
		return false
	}
}

// ActionSupportsKey reports whether a condition key is meaningful for an action: a key the
// action's row lists, a key of a resource type it acts on (unless the row already chose among
// them), or a global aws: key its service does not list for some actions only.
func ActionSupportsKey(a *Action, key string) bool {
	s := a.Service
	if s == nil {
		return false
	}
	if i := strings.IndexByte(key, ':'); i > 0 {
		if ks, ok := Lookup(key[:i]); ok && ks != s {
			return false // another catalogued service's key: no row of this one lists it
		}
	}
	if j := s.keys.find(key); j >= 0 {
		set := s.supports()[j]
		return a.index/64 < len(set) && set[a.index/64]&(1<<(a.index%64)) != 0
	}
	return globalIdx.find(key) >= 0
}

// supporters builds, for each of the service's keys, the set of actions that support it: the
// keys its row lists, and the keys of the resource types it acts on unless the row chose
// among them (request keys excepted: only actions that take tags support those).
func (s *Service) supporters() [][]uint64 {
	sets := make([][]uint64, len(s.Keys))
	words := (len(s.Actions) + 63) / 64
	add := func(key string, a *Action) {
		j := s.keys.find(key)
		if j < 0 {
			return // the reference names a key it does not declare; a test keeps this from happening
		}
		if sets[j] == nil {
			sets[j] = make([]uint64, words)
		}
		sets[j][a.index/64] |= 1 << (a.index % 64)
	}
	for i := range s.Actions {
		a := &s.Actions[i]
		for _, k := range a.ConditionKeys {
			add(k, a)
		}
		for _, l := range a.ResourceTypes {
			if rt := s.resourceType(l.Name); rt != nil && !rowListsAny(a, rt.ConditionKeys) {
				for _, k := range rt.ConditionKeys {
					if !requestKey(k) {
						add(k, a)
					}
				}
			}
		}
	}
	return sets
}

// rowListsAny reports whether the action's row lists any of a resource type's keys: then the
// reference has already written, in the row, which of them the action supports (Secrets
// Manager's rows do; KMS's rows leave the key resource's keys to the resource type).
func rowListsAny(a *Action, keys []string) bool {
	for _, k := range keys {
		for _, r := range a.ConditionKeys {
			if strings.EqualFold(k, r) {
				return true
			}
		}
	}
	return false
}

// requestKey reports whether a key describes the request's tags, not the resource: a
// resource type lists it, but only the actions that take tags support it.
func requestKey(name string) bool {
	return strings.HasPrefix(name, "aws:RequestTag/") || name == "aws:TagKeys"
}
