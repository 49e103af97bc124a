// The Web Worker that runs the engine (Go compiled to WebAssembly), so typing never waits
// for an evaluation. Messages in: {id, method, args}; out: {id, result} where result is the
// engine's JSON text, or {"error": ...}. Nothing here throws to the page.

declare const Go: any;
declare function importScripts(...urls: string[]): void;

interface Call {
  id: number;
  method: string;
  args: string[];
}

const scope = self as any;

const ready: Promise<any> = (async () => {
  importScripts("wasm_exec.js");
  const go = new Go();
  const started = new Promise<void>((resolve) => {
    scope.iamplayReady = () => resolve();
  });
  const res = await fetch("playground.wasm");
  let inst: WebAssembly.Instance;
  if (WebAssembly.instantiateStreaming) {
    inst = (await WebAssembly.instantiateStreaming(res, go.importObject)).instance;
  } else {
    inst = (await WebAssembly.instantiate(await res.arrayBuffer(), go.importObject)).instance;
  }
  go.run(inst);
  await started;
  return scope.iamplay;
})();

scope.onmessage = async (ev: MessageEvent<Call>) => {
  const { id, method, args } = ev.data;
  let result: string;
  let ms = 0;
  try {
    const api = await ready;
    const fn = api[method];
    if (typeof fn !== "function") {
      result = JSON.stringify({ error: "unknown method " + method });
    } else {
      const t0 = performance.now();
      result = fn(...args);
      ms = performance.now() - t0;
    }
  } catch (e) {
    result = JSON.stringify({ error: "the engine failed: " + String(e) });
  }
  scope.postMessage({ id, result, ms });
};
