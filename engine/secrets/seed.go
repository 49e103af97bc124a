//go:build !wasm

package secrets

import (
	crand "crypto/rand"
	"encoding/binary"
)

// randomSeed seeds a store made without Options.Seed from the operating system's secure
// random source.
func randomSeed() uint64 {
	var b [8]byte
	_, _ = crand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) | 1
}
