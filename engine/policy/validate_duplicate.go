package policy

import (
	"strconv"
	"strings"
)

// duplicates suggests removing entries a list repeats (actions compare case-insensitively,
// resources and principals exactly). Short lists compare pairwise; long ones (AWS's
// read-only policies list thousands of actions) go through a hash of each entry.
func (v *validator) duplicates(l *StringList, fold bool) {
	items := l.Items
	if len(items) < 2 {
		return
	}
	eq := func(a, b string) bool { return a == b }
	if fold {
		eq = strings.EqualFold
	}
	if len(items) <= 24 {
		for i := 1; i < len(items); i++ {
			for j := 0; j < i; j++ {
				if eq(items[i].Value, items[j].Value) {
					v.duplicate(&items[i], &items[j])
					break
				}
			}
		}
		return
	}
	if v.seen == nil {
		v.seen = make(map[uint64]int, len(items))
	}
	seen := v.seen
	clear(seen)
	for i := range items {
		h := hashString(items[i].Value, fold)
		j, ok := seen[h]
		if !ok {
			seen[h] = i
			continue
		}
		if eq(items[i].Value, items[j].Value) {
			v.duplicate(&items[i], &items[j])
			continue
		}
		for k := 0; k < i; k++ { // a hash collision: fall back to a scan
			if eq(items[i].Value, items[k].Value) {
				v.duplicate(&items[i], &items[k])
				break
			}
		}
	}
}

func (v *validator) duplicate(dup, first *String) {
	v.add(CodeDuplicateEntry, dup.Path, dup.Range,
		quote(dup.Value)+" is already listed (line "+strconv.Itoa(first.Range.Start.Line)+"); remove this entry", "")
}

// hashString is FNV-1a over s, lower-casing ASCII letters when fold is set.
func hashString(s string, fold bool) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if fold {
			c = lowerByte(c)
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
