package world

import (
	_ "embed"
	"strings"
)

// defaultJSON is the world that ships with iamplay, built from the seed pages: account
// 111122223333 with the TestEnv secrets, the users alice, anaya and admin and the role
// EC2RoleToAccessSecrets; mateo in account 444455556666; an organization whose SCP keeps
// secrets to two regions.
//
//go:embed default.json
var defaultJSON []byte

// Default reads the default world afresh: callers may change it.
func Default() *World {
	w, fs := Read(defaultJSON)
	if fs.HasErrors() {
		var b strings.Builder
		for _, f := range fs {
			b.WriteString(f.Message + "; ")
		}
		panic("world: the default world has errors: " + b.String())
	}
	return w
}

// DefaultFile is the default world's file, as shipped.
func DefaultFile() []byte { return append([]byte(nil), defaultJSON...) }
