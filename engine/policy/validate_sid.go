package policy

import "strconv"

// sids checks statement IDs: unique within the policy, and written with the characters the
// kind allows (IAM policies: ASCII letters and digits; resource policies are more lenient).
// It records the repeated Sids in v.dups; when v.dupsKnown, they are taken from there (an
// edit that changed no Sid: policy.Checked.Edit) instead of found again.
func (v *validator) sids() {
	sts := v.doc.Statements
	if v.dupsKnown {
		k := 0
		for i, st := range sts {
			if st == nil || st.Sid == nil {
				continue
			}
			v.sidCharacters(st.Sid)
			if k < len(v.dups) && int(v.dups[k][0]) == i {
				v.duplicateSid(st.Sid, sts[v.dups[k][1]].Sid)
				k++
			}
		}
		return
	}
	var seen map[string]int // built only for long policies; short ones compare pairwise
	if len(sts) > 16 {
		seen = make(map[string]int, len(sts))
	}
	v.dups = v.dups[:0]
	for i, st := range sts {
		if st == nil || st.Sid == nil {
			continue
		}
		sid := st.Sid
		v.sidCharacters(sid)
		if sid.Value == "" {
			continue
		}
		first := -1
		if seen != nil {
			if f, ok := seen[sid.Value]; ok {
				first = f
			} else {
				seen[sid.Value] = i
			}
		} else {
			for j, o := range sts[:i] {
				if o != nil && o.Sid != nil && o.Sid.Value == sid.Value {
					first = j
					break
				}
			}
		}
		if first >= 0 {
			v.dups = append(v.dups, [2]int32{int32(i), int32(first)})
			v.duplicateSid(sid, sts[first].Sid)
		}
	}
}

func (v *validator) duplicateSid(sid, first *String) {
	v.add(CodeDuplicateSid, sid.Path, sid.Range,
		"duplicate Sid "+quote(sid.Value)+" (first on line "+strconv.Itoa(first.Range.Start.Line)+"): Sids must be unique within a policy", "")
}

// sidCharacters reports characters AWS does not accept in a Sid for this kind: IAM (identity,
// boundary, session) and Organizations (SCP) take only ASCII letters and digits; a resource
// policy's Sid is only checked for printable ASCII (codes.go says why).
func (v *validator) sidCharacters(sid *String) {
	lenient := v.kind == KindResource || v.kind == KindKey
	i := 0
	for i < len(sid.Value) && sidByte(sid.Value[i], lenient) {
		i++
	}
	if i == len(sid.Value) {
		return
	}
	fixed := make([]byte, 0, len(sid.Value))
	for j := 0; j < len(sid.Value); j++ {
		if sidByte(sid.Value[j], lenient) {
			fixed = append(fixed, sid.Value[j])
		}
	}
	code, msg := CodeSidCharacters, "a Sid in an IAM policy may contain only ASCII letters and digits"
	if lenient {
		code, msg = CodeResourceSidCharacters, "a Sid should contain only printable ASCII characters"
	}
	sugg := ""
	if len(fixed) > 0 {
		sugg = v.replacement(sid.Range, string(fixed))
	}
	v.add(code, sid.Path, sid.Range, msg, sugg)
}

// sidByte reports whether c may appear in a Sid: letters and digits everywhere, any printable
// ASCII character in a resource policy.
func sidByte(c byte, lenient bool) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	return lenient && c >= ' ' && c < 0x7f
}
