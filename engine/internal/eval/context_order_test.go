package eval

import "testing"

// TestNewContextOrder: a context naming a key in two cases gives the same values every time,
// whatever order the map yields its keys in (the first in byte order wins).
func TestNewContextOrder(t *testing.T) {
	t.Parallel()
	kv := map[string][]string{"aws:username": {"b"}, "AWS:UserName": {"a"}, "Aws:Username": {"c"}, "k": {"x"}}
	for i := 0; i < 100; i++ {
		if v, ok := NewContext(kv).Resolve("aws:username"); !ok || v != "a" {
			t.Fatalf("run %d: aws:username is %q, want %q", i, v, "a")
		}
	}
}
