package jsonstr

import (
	"bytes"
	"encoding/json"
	"testing"
)

// marshal is encoding/json's encoding of s, with or without HTML escaping.
func marshal(s string, html bool) []byte {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(html)
	_ = e.Encode(s)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

var samples = []string{"", "plain", "q\"b\\s\n\t\r\b\f\x01\x1f\x7f", "<a href='x'>&amp;</a>", "é\u2028\u2029\xff\xc3", `{"password":"x"}`, "abcdefg\x80hijklmn", "日本語 \U0001F600"}

func TestAppend(t *testing.T) {
	for _, html := range []bool{false, true} {
		for _, s := range samples {
			if got, want := Append(nil, s, html), marshal(s, html); !bytes.Equal(got, want) {
				t.Errorf("html=%v %q: %s, encoding/json writes %s", html, s, got, want)
			}
		}
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range samples {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, html bool) {
		if got, want := Append(nil, s, html), marshal(s, html); !bytes.Equal(got, want) {
			t.Fatalf("html=%v %q: %s, encoding/json writes %s", html, s, got, want)
		}
	})
}
