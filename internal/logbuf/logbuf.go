// Package logbuf is the output of a process a test or a helper starts (moto, workerd, the
// emulator): a buffer its output streams write while another goroutine reads it, bounded so a
// chatty process cannot grow it without end.
package logbuf

import (
	"bytes"
	"sync"
)

// Buffer is safe for concurrent writes and reads. It keeps the first Limit bytes (all of them
// when Limit is 0) and accepts and drops the rest, so a writer never fails or blocks on it.
type Buffer struct {
	Limit int

	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p, up to the limit; it always reports all of p written.
func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	q := p
	if l.Limit > 0 {
		q = q[:min(len(q), max(0, l.Limit-l.b.Len()))]
	}
	l.b.Write(q)
	return len(p), nil
}

// String is what was kept so far.
func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
