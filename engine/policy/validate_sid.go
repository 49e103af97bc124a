package policy

import "strconv"

// sids checks statement IDs: unique within the policy, and written with the characters the
// kind allows (IAM policies: ASCII letters and digits; resource policies are more lenient).
func (v *validator) sids() {
	sts := v.doc.Statements
	var seen map[string]*String // built only for long policies; short ones compare pairwise
	if len(sts) > 16 {
		seen = make(map[string]*String, len(sts))
	}
	for i, st := range sts {
		if st == nil || st.Sid == nil {
			continue
		}
		sid := st.Sid
		v.sidCharacters(sid)
		if sid.Value == "" {
			continue
		}
		var first *String
		if seen != nil {
			first = seen[sid.Value]
			if first == nil {
				seen[sid.Value] = sid
			}
		} else {
			for _, o := range sts[:i] {
				if o != nil && o.Sid != nil && o.Sid.Value == sid.Value {
					first = o.Sid
					break
				}
			}
		}
		if first != nil {
			v.add(CodeDuplicateSid, sid.Path, sid.Range,
				"duplicate Sid "+quote(sid.Value)+" (first on line "+strconv.Itoa(first.Range.Start.Line)+"): Sids must be unique within a policy", "")
		}
	}
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
