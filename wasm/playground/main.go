//go:build js && wasm

// Command playground is the engine for the browser: it exposes the JSON contract of
// engine/playground to JavaScript as globalThis.iamplay and then waits forever. Every export
// takes and returns strings and catches panics, so nothing ever throws into the page.
package main

import (
	"fmt"
	"runtime/debug"
	"syscall/js"
	"unsafe"

	"github.com/iamplay/iamplay/engine/playground"
)

// export wraps a JSON-in, JSON-out call as a JavaScript function of string arguments.
func export(name string, f func(args []string) []byte) js.Func {
	return js.FuncOf(func(_ js.Value, argv []js.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				out = fmt.Sprintf(`{"error": %q}`, fmt.Sprintf("internal error in %s: %v", name, r))
			}
		}()
		args := make([]string, len(argv))
		for i, a := range argv {
			if a.Type() == js.TypeString {
				args[i] = goString(a)
			}
		}
		return answer(f(args))
	})
}

// answer hands b to JavaScript where it is: as the number at + len·2³² (exact in a float64
// for an answer under 2 MiB), from which the worker decodes the bytes of the engine's memory
// (site/web/worker.ts) before any Go code runs again; a longer one as a string. A string
// syscall/js makes is kept in its table of values, keyed by the string, until the Go
// collector finalizes it, and Chromium hashes a string over 16 K characters by its length
// alone: each call's answer, the 21-statement policy's 17.5 KB, was compared with every
// answer of its length still kept, and a call took 0.8 ms after a reload and 4.5 ms a
// thousand calls later.
func answer(b []byte) any {
	if len(b) == 0 || len(b) >= 1<<21 {
		return text(b)
	}
	return float64(uintptr(unsafe.Pointer(&b[0]))) + float64(len(b))*(1<<32)
}

// strs is the host's iamplayStrings (site/web/worker.ts), undefined when it has none:
// length(s) is the length of the JavaScript string s in UTF-16 units (Value.Length takes only
// objects); encodeInto(s, at, n) writes s as UTF-8 into the n bytes of the engine's memory at
// address at with TextEncoder.encodeInto and returns the bytes written, or -1 when s did not
// fit.
var strs = js.Global().Get("iamplayStrings")

// goString is a JavaScript string as a Go string. syscall/js's Value.String encodes it with
// TextEncoder.encode, which took 3-5 ms for a 600 KB policy in Chromium, and copies it twice
// (into a []byte, then into the string); encodeInto writes it once, straight into the
// string's bytes, in a fifth of the time. A string that is not ASCII takes up to three bytes
// a UTF-16 unit: when it does not fit in its length, it is written again into room for the
// most it can take.
func goString(v js.Value) string {
	if strs.Type() != js.TypeObject {
		return v.String()
	}
	n := strs.Call("length", v).Int()
	if n < 256 {
		return v.String()
	}
	for _, size := range []int{n, 3 * n} {
		b := make([]byte, size)
		if w := strs.Call("encodeInto", v, uintptr(unsafe.Pointer(&b[0])), size).Int(); w >= 0 {
			return unsafe.String(&b[0], w)
		}
	}
	return v.String()
}

// text is an answer as a string without copying it: syscall/js copies the string into a
// JavaScript one as soon as the call returns, before any Go code runs again, so nothing can
// change the bytes in between. A world answer is ~50 KB a call; the copy was half of a call's
// garbage in WebAssembly.
func text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// rest returns the arguments after the first: the policy texts evaluate and matrix take
// beside the state.
func rest(args []string) []string {
	if len(args) < 2 {
		return nil
	}
	return args[1:]
}

// arg returns the i-th argument, or "" when it was not given.
func arg(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

func main() {
	// The engine allocates briefly per call and what survives a call is small (the catalogue,
	// the compiled policies of the last two states: engine/playground's cache). WebAssembly
	// memory never shrinks, so the heap's high-water mark is what the page keeps: collect
	// when the heap is five times what survived (GOGC 400). A thousand edits of a two-policy
	// state then stay near 21 MiB, within 32 MiB (site/browser TestEngineMemoryAfterEdits),
	// where GC off up to 96 MiB kept about 90 MiB; re-evaluating a 2,100-statement policy is
	// as fast as before (GOGC 100, or a memory limit near its live heap, made the collector
	// run almost without pause on the single wasm thread).
	debug.SetGCPercent(400)
	api := js.Global().Get("Object").New()
	// Evaluate's answers are written over each other (answer hands each over before the next
	// call): each answer was garbage, up to a few hundred KB for a long policy, and garbage is
	// what brings on a collection, which in WebAssembly runs whole inside one call. A buffer
	// grown past 2 MiB is not kept.
	var evaluated []byte
	api.Set("evaluate", export("evaluate", func(a []string) []byte {
		if cap(evaluated) > 1<<21 {
			evaluated = nil
		}
		evaluated = playground.EvaluateInto(evaluated, []byte(arg(a, 0)), rest(a)...)
		return evaluated
	}))
	api.Set("evaluateDocument", export("evaluateDocument", func(a []string) []byte { return playground.EvaluateDocument([]byte(arg(a, 0))) }))
	api.Set("validate", export("validate", func(a []string) []byte { return playground.Validate([]byte(arg(a, 0)), arg(a, 1)) }))
	api.Set("matrix", export("matrix", func(a []string) []byte { return playground.Matrix([]byte(arg(a, 0)), rest(a)...) }))
	api.Set("warm", export("warm", func(a []string) []byte { playground.Warm([]byte(arg(a, 0)), rest(a)...); return nil }))
	// World mode: the in-memory Secrets Manager replaying a state's timeline.
	var answer []byte // world's answers are written over each other (text)
	api.Set("world", export("world", func(a []string) []byte {
		answer = playground.AppendWorld(answer[:0], []byte(arg(a, 0)))
		return answer
	}))
	api.Set("access", export("access", func(a []string) []byte { return playground.Access([]byte(arg(a, 0)), []byte(arg(a, 1))) }))
	api.Set("saveScenario", export("saveScenario", func(a []string) []byte { return playground.SaveScenario([]byte(arg(a, 0)), rest(a)...) }))
	js.Global().Set("iamplay", api)
	if ready := js.Global().Get("iamplayReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
