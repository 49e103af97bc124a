package secrets

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// appendEpoch writes the text strconv writes for the float seconds, on either side of the
// range it writes from the integer milliseconds.
func TestAppendEpoch(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	ms := []int64{0, 1, 10, 100, 999, 1000, 1001, 1010, 1100, 1764493200000, 1764493200500, 1764493200050, 1764493200005, 99999999999999, 1e14, 1e14 + 1, -1, -1500, 253402300799999}
	for range 10000 {
		ms = append(ms, rnd.Int64N(1e14), rnd.Int64N(1e11)*1000+rnd.Int64N(1000))
	}
	for _, m := range ms {
		want := strconv.AppendFloat(nil, float64(m)/1000, 'f', -1, 64)
		if got := appendEpoch(nil, time.UnixMilli(m)); string(got) != string(want) {
			t.Fatalf("%d ms: %s, want %s", m, got, want)
		}
	}
}
