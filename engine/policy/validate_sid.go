package policy

import "strconv"

// sids checks statement IDs: unique within the policy, and written with the characters the
// kind allows (IAM policies: ASCII letters and digits; resource policies are more lenient).
// It records the repeated Sids in v.dups; when v.dupsKnown, they are taken from there (an
// edit that changed no Sid: policy.Checked.Edit) instead of found again.
//
// With v.elems (the Statement list's elements), each element keeps its own Sid findings
// (element.sids); when v.dupsKnown, an element the edit did not read anew gives them as they
// are (moved with it by the edit), so an edit of a 2,100-statement policy does not check
// and write every Sid again. A duplicate's message names the line of the Sid it repeats:
// it is written again when that line moved.
func (v *validator) sids() {
	sts := v.doc.Statements
	known := v.dupsKnown
	var seen map[string]int // built only for long policies; short ones compare pairwise
	if !known {
		if len(sts) > 16 {
			seen = make(map[string]int, len(sts))
		}
		v.dups = v.dups[:0]
	}
	k, copied, j := 0, false, 0 // v.dups[k] is the next repeat (known); v.elems[j] the statement's element
	for i, st := range sts {
		var e *element
		if v.elems != nil {
			for v.elems[j].st != st {
				j++
			}
			e = &v.elems[j]
		}
		if st == nil || st.Sid == nil {
			continue
		}
		first, moved := -1, false // moved: the Sid it repeats is on another line than when the message was written
		if known {
			if k < len(v.dups) && int(v.dups[k][0]) == i {
				first = int(v.dups[k][1])
				if line := int32(sts[first].Sid.Range.Start.Line); line != v.dups[k][2] {
					if !copied { // the previous text's list is left as it is
						v.dups, copied = append([][3]int32(nil), v.dups...), true
					}
					v.dups[k][2], moved = line, true
				}
				k++
			}
			if e != nil && !e.fresh && !moved {
				v.out = append(v.out, e.sids...)
				continue
			}
		} else if sid := st.Sid.Value; sid != "" {
			if seen != nil {
				if f, ok := seen[sid]; ok {
					first = f
				} else {
					seen[sid] = i
				}
			} else {
				for j, o := range sts[:i] {
					if o != nil && o.Sid != nil && o.Sid.Value == sid {
						first = j
						break
					}
				}
			}
			if first >= 0 {
				v.dups = append(v.dups, [3]int32{int32(i), int32(first), int32(sts[first].Sid.Range.Start.Line)})
			}
		}
		from := len(v.out)
		v.sidCharacters(st.Sid)
		if first >= 0 {
			v.duplicateSid(st.Sid, sts[first].Sid)
		}
		if e != nil {
			e.sids = v.out[from:len(v.out):len(v.out)]
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
