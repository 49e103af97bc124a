package playground

import "testing"

// Every answer of the package's tests exports the world again and compares it with the view
// kept since the last step that may have changed it.
func init() { checkViews = true }

// uncheckedViews turns checkViews off for a benchmark, which measures what the page runs.
func uncheckedViews(b *testing.B) {
	checkViews = false
	b.Cleanup(func() { checkViews = true })
}
