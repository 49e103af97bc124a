package block

import "testing"

func TestBlocksNeverOverlap(t *testing.T) {
	t.Parallel()
	var b []int
	a := Reserve(&b, 3, 4)
	c := Reserve(&b, 2, 4) // does not fit: a new block
	a = append(a, 1, 2, 3)
	c = append(c, 4, 5)
	d := Copy(&b, []int{6, 7}, 4)
	p := New(&b, 4)
	*p = 8
	a = append(a, 9) // beyond its capacity: moves, touching nobody
	if c[0] != 4 || c[1] != 5 || d[0] != 6 || d[1] != 7 || *p != 8 || a[3] != 9 {
		t.Fatalf("a %v c %v d %v p %d", a, c, d, *p)
	}
	if Copy(&b, nil, 4) != nil {
		t.Error("Copy of nothing is nil")
	}
	if Grow(0, 4, 64) != 4 || Grow(8, 4, 64) != 16 || Grow(64, 4, 64) != 64 {
		t.Error("Grow is wrong")
	}
}
