package jsontree

import "bytes"

// ParseElements parses src[from:to], a stretch of an array's elements between two elements
// that stay as they were (an edit's window, engine/policy's incremental parse): the values
// it holds, in order, with offsets in src. before and after say whether an element
// precedes and follows the window, so that the commas must join the values to them: the
// window then reads ", v1, v2," (both), ", v1, v2" (before only) or "v1, v2," (after only).
// depth is the nesting of the array itself; lim bounds the values as Parse does. ok is
// false when the window does not read so; the caller then parses the whole text.
func ParseElements(src []byte, from, to int, before, after bool, depth int, lim Limits) (vals []*Node, ok bool) {
	if from < 0 || to > len(src) || from > to {
		return nil, false
	}
	w := src[from:to]
	p := &parser{src: src[:to], str: string(w), base: from, i: from, depth: depth, max: lim.MaxDepth}
	if p.max <= 0 {
		p.max = 64
	}
	p.arena = make([]Node, 0, min(bytes.Count(w, []byte{','})+bytes.Count(w, []byte{'{'})+bytes.Count(w, []byte{'['})+1, 1<<16))
	wantValue := !before // the sequence alternates value, comma, value, ... around the window
	for {
		p.skipSpace()
		if p.i >= to {
			break
		}
		if p.src[p.i] == ',' {
			if wantValue {
				return nil, false
			}
			p.i++
			wantValue = true
			continue
		}
		if !wantValue {
			return nil, false
		}
		v := p.value()
		if v == nil || p.err != nil {
			return nil, false
		}
		vals = append(vals, v)
		wantValue = false
	}
	// What follows the window is a value exactly when a comma ended it.
	if wantValue != after || (!before && !after && len(vals) == 0) {
		return nil, false
	}
	return vals, true
}
