package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// endless is standard input that never ends; it counts what was read from it.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

// TestInputIsBounded: a command reads at most its limit plus one byte, from a file or from
// standard input, reports the input as too large, and its memory stays near the limit
// (a 50 MB file once cost 1.9 GB).
func TestInputIsBounded(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: 50 MB of zero bytes
		t.Fatal(err)
	}
	f.Close()
	tests := []struct {
		cmd   string
		limit int
	}{
		{"validate", policy.MaxSourceBytes},
		{"eval", authz.MaxDocumentBytes},
	}
	for _, tt := range tests {
		for _, file := range []string{"-", big} {
			in := &endless{}
			var out, errb bytes.Buffer
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			code := run([]string{tt.cmd, file}, stdio{in: in, out: &out, err: &errb})
			runtime.ReadMemStats(&after)
			if file == "-" && in.n > int64(tt.limit)+1+64<<10 {
				t.Errorf("%s %s: read %d bytes of standard input; the limit is %d", tt.cmd, file, in.n, tt.limit)
			}
			if got := out.String() + errb.String(); !strings.Contains(got, "json.too_large") || code == exitOK {
				t.Errorf("%s %s: exit %d, output %q", tt.cmd, file, code, got)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(4*tt.limit) {
				t.Errorf("%s %s: allocated %d bytes for a limit of %d", tt.cmd, file, alloc, tt.limit)
			}
		}
	}
}
