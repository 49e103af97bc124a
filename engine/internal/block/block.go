// Package block hands out values and slices cut from larger blocks, so that building a
// document or a compiled policy costs a few allocations instead of one per element. A block
// is never reallocated while its values are in use: when it is full, a new one takes its
// place and the old one lives on through what was cut from it.
package block

// New returns a pointer to a new zero value at the end of *b, starting a new block of size
// values (at least one) when *b is full.
func New[T any](b *[]T, size int) *T {
	if len(*b) == cap(*b) {
		*b = make([]T, 0, max(size, 1))
	}
	*b = (*b)[:len(*b)+1]
	return &(*b)[len(*b)-1]
}

// Reserve returns an empty slice with room for n values, cut from the end of *b (a new
// block of max(size, n) values when *b has too little room). Its capacity is exactly n, so
// appending up to n values never reaches a neighbour's.
func Reserve[T any](b *[]T, n, size int) []T {
	if cap(*b)-len(*b) < n {
		*b = make([]T, 0, max(size, n))
	}
	l := len(*b)
	*b = (*b)[:l+n]
	return (*b)[l : l : l+n]
}

// Copy returns a copy of from cut from *b, as Reserve does; nil when from is empty.
func Copy[T any](b *[]T, from []T, size int) []T {
	if len(from) == 0 {
		return nil
	}
	return append(Reserve(b, len(from), size), from...)
}

// Grow is a doubling block size: the next block after one of prev values, at least least
// and at most most. Small documents get small blocks, large ones few allocations.
func Grow(prev, least, most int) int {
	return min(max(2*prev, least), most)
}
