package playground

// warmCache is the warm-up's own cache of compiled policies: warming up takes nothing from
// the page's cache and evicts nothing from it. warmAnswer is the memory its answers are
// written over.
var (
	warmCache  = newPolicyCache()
	warmAnswer []byte
)

// Warm evaluates a state as a keystroke does (EvaluateInto) and discards the answer; an empty
// state empties the warm-up's cache instead. Browsers compile WebAssembly quickly at first
// and optimize a function only after it has run for a while: in Chromium the first ~900
// evaluations of a 21-statement policy took up to several times longer than later ones. The
// page's worker calls Warm while it is idle, with the page's own state, so that a person's
// keystrokes meet optimized code.
func Warm(state []byte, texts ...string) {
	if len(state) == 0 {
		warmCache.clear()
		warmAnswer = nil
		return
	}
	warmAnswer = warmCache.evaluateInto(warmAnswer, state, texts...)
}
