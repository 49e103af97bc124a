package authz

import (
	"os"
	"strings"
	"testing"
)

// TestContractDocumentsEveryDerivedKey holds docs/contract.md to the catalogue of derived keys.
func TestContractDocumentsEveryDerivedKey(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../docs/contract.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range derivedKeys {
		if !strings.Contains(string(src), "| `"+k.key+"` |") {
			t.Errorf("docs/contract.md has no table row for the derived key %s", k.key)
		}
		if _, ok := fromPhrases[k.from]; !ok {
			t.Errorf("%s: no phrase for from %q", k.key, k.from)
		}
	}
	if !strings.Contains(string(src), DefaultTime) {
		t.Errorf("docs/contract.md does not name the default request time %s", DefaultTime)
	}
}
