package eval

import (
	"strconv"
	"testing"
)

// TestKeyTable: a context made with room (and so a key table) finds every key it holds with
// its first values, and no other, at every size up to past its table's 32 keys, with many
// keys of one length and keys that differ only inside.
func TestKeyTable(t *testing.T) {
	for n := 0; n <= 40; n++ {
		c := NewContextSize(n)
		keys := make([]string, n)
		for i := range keys {
			keys[i] = "aws:principaltag/k" + strconv.Itoa(i%10) + "x" + strconv.Itoa(i/10)
			c.Add(keys[i], []string{strconv.Itoa(i)})
		}
		if n > 3 {
			c.Add(keys[2], []string{"again"}) // a key added twice: found with its first values
		}
		for i, k := range keys {
			var one [1]string
			v, ok := c.Values(k, &one)
			if !ok || len(v) != 1 || v[0] != strconv.Itoa(i) {
				t.Fatalf("%d keys: %s = %v, %v; want [%d]", n, k, v, ok, i)
			}
		}
		kv := map[string][]string{}
		for i, k := range keys {
			kv[k] = []string{strconv.Itoa(i)}
		}
		m := NewContext(kv) // past 32 keys, a map
		for i, k := range keys {
			if v, ok := m.Values(k, new([1]string)); !ok || len(v) != 1 || v[0] != strconv.Itoa(i) {
				t.Fatalf("%d keys from a map: %s = %v, %v; want [%d]", n, k, v, ok, i)
			}
		}
		for _, k := range []string{"", "aws:principaltag/k0x9", "aws:principaltag/k0y0", "x"} {
			if v, ok := c.Values(k, new([1]string)); ok {
				t.Fatalf("%d keys: absent %q found: %v", n, k, v)
			}
			if v, ok := m.Values(k, new([1]string)); ok {
				t.Fatalf("%d keys from a map: absent %q found: %v", n, k, v)
			}
		}
	}
	// A map naming a key in two cases fills the context again in order: the table with it.
	c := NewContext(map[string][]string{"AWS:UserName": {"a"}, "aws:username": {"b"}, "aws:SourceIp": {"c"}})
	if v, ok := c.Values("aws:username", new([1]string)); !ok || v[0] != "a" {
		t.Fatalf("aws:username = %v, %v; want [a]", v, ok)
	}
	if v, ok := c.Values("aws:sourceip", new([1]string)); !ok || v[0] != "c" {
		t.Fatalf("aws:sourceip = %v, %v; want [c]", v, ok)
	}
}
