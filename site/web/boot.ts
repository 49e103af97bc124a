// boot starts the engine's Web Worker before the page's bundle has loaded, so the engine's
// WebAssembly compiles and starts while app.js is fetched and run; engine.ts adopts it.

declare global {
  interface Window {
    /** The worker boot.js started, until the page's engine adopts it. */
    iamplayBootWorker?: Worker;
  }
}

const src = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;
window.iamplayBootWorker = new Worker(new URL("worker.js", src).href);

export {};
