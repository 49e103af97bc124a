// boot starts the engine's Web Worker before the page's bundle has loaded, so the engine's
// WebAssembly compiles and starts while app.js is fetched and run; engine.ts adopts it. A
// world link's first answer is asked for here too (an early call), so the engine computes it
// while app.js loads; world mode's first call is the same and takes it.

import type { Call } from "./engine";
import { decodeWorldShare, worldCallArgs } from "./world/state";

declare global {
  interface Window {
    /** The worker boot.js started, until the page's engine adopts it. */
    iamplayBootWorker?: Worker;
  }
}

const src = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;
const worker = new Worker(new URL("worker.js", src).href);
window.iamplayBootWorker = worker;
void decodeWorldShare(location.hash).then((s) => {
  if (!s) return;
  const call: Call = { id: 0, method: "world", args: worldCallArgs(s), early: true };
  worker.postMessage(call);
});
