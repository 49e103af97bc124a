// Package percentile is the one percentile the benchmark tools report (the browser
// benchmarks, scripts/worker-load, scripts/bench-emulate), so their p50/p95/p99 mean the same.
package percentile

import (
	"cmp"
	"slices"
)

// Of is the p-th percentile (0-100) of xs by the nearest rank below: the element at index
// (len-1)·p/100 of xs sorted. xs is not changed; the zero value when it is empty.
func Of[T cmp.Ordered](xs []T, p float64) T {
	if len(xs) == 0 {
		var zero T
		return zero
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return Sorted(s, p)
}

// Sorted is Of for xs already sorted, without a copy.
func Sorted[T cmp.Ordered](xs []T, p float64) T {
	if len(xs) == 0 {
		var zero T
		return zero
	}
	return xs[min(len(xs)-1, max(0, int(float64(len(xs)-1)*p/100)))]
}
