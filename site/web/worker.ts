// The Web Worker that runs the engine (Go compiled to WebAssembly), so typing never waits
// for an evaluation. Messages in: {id, method, args}; out: {id, result} where result is the
// engine's JSON text, or {"error": ...}. Nothing here throws to the page.

import type { Call, WorkerReply } from "./engine";

/** Go is the runtime wasm_exec.js defines (Go's lib/wasm/wasm_exec.js). */
declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}
declare function importScripts(...urls: string[]): void;

/** Api is what wasm/playground sets on the global scope: methods taking and returning JSON text. */
type Api = Record<string, ((...args: string[]) => string | number) | undefined>;

/** WorkerScope is the part of the worker's global scope used here. The page's tsconfig has the
 * DOM library, whose `self` is a Window; the WebWorker library cannot be loaded beside it. */
interface WorkerScope {
  onmessage: ((ev: MessageEvent<Call>) => void) | null;
  postMessage(message: WorkerReply): void;
  iamplayReady?: () => void;
  iamplay?: Api;
  /** where wasm_exec.js and playground.wasm are, when the worker runs from a blob (engine.ts) */
  iamplayBase?: string;
  /** how the engine reads a long string argument (wasm/playground goString) */
  iamplayStrings?: { length(s: string): number; encodeInto(s: string, at: number, n: number): number };
}

const scope = self as unknown as WorkerScope;

/** Unavailable is the engine failing to load: the page offers to retry. */
class Unavailable extends Error {}

/** plain says why the engine did not start, in words for a person. */
function plain(e: unknown): string {
  if (e instanceof Unavailable) return e.message;
  if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError) return "the browser could not compile its WebAssembly";
  if (e instanceof TypeError) return "the network request for playground.wasm failed, or the browser blocked WebAssembly";
  return String(e);
}

let startFailure = "";
/** memory is the engine's WebAssembly memory: its size is the Go heap's high-water mark. */
let memory: WebAssembly.Memory | undefined;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** answer is an engine method's answer as a string: the engine hands most answers over as
 * the number at + length·2³², the place of its UTF-8 bytes in its memory, read here at once,
 * before the engine runs again (wasm/playground answer). */
function answer(r: string | number): string {
  if (typeof r === "string") return r;
  if (!memory) return JSON.stringify({ error: "the engine's memory is not known", code: "internal" });
  return decoder.decode(new Uint8Array(memory.buffer, r % 2 ** 32, Math.floor(r / 2 ** 32)));
}

// The engine copies a long argument (a policy's text) into its memory through this: one
// TextEncoder.encodeInto straight into the n bytes at address at, the bytes written, or -1
// when s did not fit. TextEncoder.encode, which syscall/js uses, took 3-5 ms for a 600 KB
// policy in Chromium, encodeInto a fifth of that.
scope.iamplayStrings = {
  length: (s) => s.length,
  encodeInto(s, at, n) {
    if (!memory) return -1;
    const r = encoder.encodeInto(s, new Uint8Array(memory.buffer, at, n));
    return r.read === s.length ? r.written : -1;
  },
};

const ready: Promise<Api> = (async () => {
  const base = scope.iamplayBase ?? "";
  // The WebAssembly's download starts first: wasm_exec.js loads and runs meanwhile.
  const response = fetch(base + "playground.wasm");
  response.catch(() => undefined); // awaited below, after wasm_exec.js; a failure is reported there
  importScripts(base + "wasm_exec.js");
  const go = new Go();
  const started = new Promise<void>((resolve) => {
    scope.iamplayReady = () => resolve();
  });
  const res = await response;
  if (!res.ok) throw new Unavailable(`the server answered ${res.status} ${res.statusText} for playground.wasm`.trim());
  let inst: WebAssembly.Instance;
  if (WebAssembly.instantiateStreaming) {
    inst = (await WebAssembly.instantiateStreaming(res, go.importObject)).instance;
  } else {
    inst = (await WebAssembly.instantiate(await res.arrayBuffer(), go.importObject)).instance;
  }
  memory = inst.exports.mem as WebAssembly.Memory | undefined;
  void go.run(inst);
  await started;
  if (!scope.iamplay) throw new Error("the engine did not register its API");
  return scope.iamplay;
})();
ready.catch((e: unknown) => { startFailure = plain(e); });

// Warm-up. Browsers compile WebAssembly quickly at first and optimize a function only after
// it has run for a while: in Chromium a page's first ~900 evaluations of a 21-statement policy
// were up to several times slower than later ones (p95 5-7 ms against 1-2 ms). So after the
// page's first evaluation, whenever the worker has been idle for warmIdleMs, it runs the
// engine's warm (engine/playground Warm: the page's latest state evaluated as a keystroke
// does, with a cache of its own) in slices of about warmSliceMs, until warmCalls calls or
// warmBudgetMs of work: about a second of one core, once per page. A real call waits at most
// one slice, and only when it comes within warmIdleMs of quiet. States over warmMaxChars are
// not used (a call would be a long slice); a person's edits of those warm the engine instead.
const warmCalls = 1000;
const warmBudgetMs = 1500;
const warmSliceMs = 2;
const warmIdleMs = 30;
const warmMaxChars = 64 * 1024;
const warm = { calls: 0, ms: 0, done: false, args: null as string[] | null, last: 0, pending: false };
const warmTick = new MessageChannel(); // a zero-delay task that timers' 4 ms clamp does not slow

/** warmWith notes the page's latest state after a real evaluation (warm.last is when the
 * last real call ended) and schedules warming up. */
function warmWith(args: string[]): void {
  if (warm.done) return;
  if (args.reduce((n, a) => n + a.length, 0) <= warmMaxChars) warm.args = args;
  if (warm.args && !warm.pending) {
    warm.pending = true;
    setTimeout(warmSlice, warmIdleMs);
  }
}

function warmSlice(): void {
  warm.pending = false;
  const fn = scope.iamplay?.warm;
  if (warm.done || !fn || !warm.args) return;
  const quiet = performance.now() - warm.last;
  if (quiet < warmIdleMs) {
    warm.pending = true;
    setTimeout(warmSlice, warmIdleMs - quiet);
    return;
  }
  const [state = "", ...texts] = warm.args;
  const t0 = performance.now();
  let t = t0;
  try {
    do {
      const pad = " ".repeat(1 + (warm.calls % 7)); // an edit: the texts differ every call
      fn(state, ...texts.map((x) => x + pad));
      warm.calls++;
      t = performance.now();
    } while (t - t0 < warmSliceMs && warm.calls < warmCalls);
  } catch {
    warm.calls = warmCalls; // an engine that fails here fails the real calls too, and says so there
  }
  warm.ms += t - t0;
  if (warm.calls >= warmCalls || warm.ms >= warmBudgetMs) {
    warm.done = true;
    warm.args = null;
    try { fn(); } catch { /* it only empties the warm-up's cache */ }
    return;
  }
  warm.pending = true;
  warmTick.port2.postMessage(null);
}
warmTick.port1.onmessage = warmSlice;

scope.onmessage = async (ev: MessageEvent<Call>) => {
  const { id, method, args } = ev.data;
  let result: string;
  let ms = 0;
  try {
    const api = await ready.catch(() => null);
    if (api === null) {
      scope.postMessage({ id, result: JSON.stringify({ error: startFailure, code: "unavailable" }), ms: 0 });
      return;
    }
    const fn = api[method];
    if (method === "memory") {
      // Not the engine's: the bytes of WebAssembly memory the engine has grown to (it never
      // shrinks), and how far the warm-up has come.
      result = JSON.stringify({ bytes: memory?.buffer.byteLength ?? 0, warm: { calls: warm.calls, ms: warm.ms, done: warm.done } });
    } else if (typeof fn !== "function") {
      result = JSON.stringify({ error: "unknown method " + method });
    } else {
      const t0 = performance.now();
      result = answer(fn(...args));
      ms = performance.now() - t0;
      warm.last = performance.now();
      if (method === "evaluate") warmWith(args);
    }
  } catch (e) {
    result = JSON.stringify({ error: "the engine failed: " + String(e) });
  }
  const reply: WorkerReply = { id, result, ms };
  scope.postMessage(reply);
};
