package secrets

import "math/rand/v2"

// randomSeed seeds a store made without Options.Seed. In the browser it comes from the Go
// runtime's own generator, which the runtime seeds from the host's secure random source
// (crypto.getRandomValues): crypto/rand would bring its FIPS 140 DRBG (AES, SHA-2, SHA-3,
// HMAC, math/big) into the .wasm, about 40 KB gzip, to draw eight bytes. The store's draws
// come from PCG whatever the seed, so this weakens nothing they are used for.
func randomSeed() uint64 { return rand.Uint64() | 1 }
