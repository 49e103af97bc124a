package percentile_test

import (
	"testing"
	"time"

	"github.com/iamplay/iamplay/internal/percentile"
)

func TestOf(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 9, 8, 7, 6, 10}
	for _, c := range []struct {
		p    float64
		want float64
	}{{0, 1}, {50, 5}, {95, 9}, {99, 9}, {100, 10}, {150, 10}, {-5, 1}} {
		if got := percentile.Of(xs, c.p); got != c.want {
			t.Errorf("Of(p%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if xs[0] != 5 {
		t.Error("Of sorted its argument")
	}
	if got := percentile.Of([]time.Duration(nil), 50); got != 0 {
		t.Errorf("Of(empty) = %v", got)
	}
	if got := percentile.Sorted([]time.Duration{time.Millisecond, 2 * time.Millisecond, 3 * time.Millisecond}, 50); got != 2*time.Millisecond {
		t.Errorf("Sorted(p50) = %v", got)
	}
}
