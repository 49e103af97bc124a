// Package suggest finds the closest spelling of a name among candidates, for "did you mean":
// a Damerau–Levenshtein distance (optimal string alignment) that ignores ASCII case, stops as
// soon as a candidate cannot beat the best so far, and allocates nothing.
package suggest

// MaxLen bounds the names compared: longer ones get no suggestion, so a distance costs at
// most MaxLen² steps.
const MaxLen = 256

// Closest returns the candidate closest to name, ignoring ASCII case, and whether it is close
// enough to offer: at most a third of name's length plus one edits, and never more than six.
// Of equally close candidates the first wins.
func Closest(name string, candidates []string) (string, bool) {
	if len(name) > MaxLen {
		return "", false
	}
	limit := min(len(name)/3+1, 6)
	best, bestD := -1, limit+1
	var rows rows
	for i, c := range candidates {
		if d := len(c) - len(name); d >= bestD || -d >= bestD || len(c) > MaxLen {
			continue // the length difference alone is as far as the best so far
		}
		if d, ok := rows.distance(name, c, bestD-1); ok {
			best, bestD = i, d
			if d == 0 {
				break
			}
		}
	}
	if best < 0 {
		return "", false
	}
	return candidates[best], true
}

// rows are the three rows of the distance table, reused for every candidate.
type rows [3][MaxLen + 1]uint16

// distance is the optimal-string-alignment distance of a and b ignoring ASCII case, and
// whether it is at most bound; it gives up as soon as a whole row exceeds bound.
func (r *rows) distance(a, b string, bound int) (int, bool) {
	prev2, prev, cur := r[0][:len(b)+1], r[1][:len(b)+1], r[2][:len(b)+1]
	for j := range prev {
		prev[j] = uint16(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = uint16(i)
		rowMin := cur[0]
		ai, ap := lower(a[i-1]), byte(0)
		if i > 1 {
			ap = lower(a[i-2])
		}
		for j := 1; j <= len(b); j++ {
			bj := lower(b[j-1])
			cost := uint16(1)
			if ai == bj {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ai == lower(b[j-2]) && ap == bj {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if int(rowMin) > bound {
			return 0, false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	d := int(prev[len(b)])
	return d, d <= bound
}

// lower folds an ASCII upper-case letter; other bytes are compared as they are.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
