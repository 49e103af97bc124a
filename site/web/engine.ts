// The page's side of the engine: one Web Worker per page, shared by every playground on it.
// Calls carry ids, return promises of parsed JSON and never reject. The types of the replies
// are generated from the Go types (engine_types.ts).

import type { Answer, AuthzFinding, CatalogueFile, ErrorReply, MatrixAnswer } from "./engine_types";
export type * from "./engine_types";

/** Finding is a finding with the policy it is about (authz.Finding; the generated name has a
 * prefix because policy.Finding, which it extends, is declared too). */
export type Finding = AuthzFinding;

/** Reply is a method's answer, or the failure every call may return instead. */
export type Reply<T> = T | ErrorReply;

/** failed tells a failure from an answer. */
export function failed<T extends object>(r: Reply<T>): r is ErrorReply {
  return "error" in r && typeof (r as ErrorReply).error === "string";
}

/** Replies names what each method of the engine answers. */
export interface Replies {
  evaluate: Answer;
  matrix: MatrixAnswer;
}

/** Call is a message to the worker: a method of the engine and its string arguments. An early
 * call is made before the page asks (boot.js, while app.js loads): the worker runs it at once
 * and keeps its answer for the page's identical call, without replying. */
export interface Call { id: number; method: string; args: string[]; early?: boolean }
/** Raw is the worker's answer to a Call: the engine's JSON text and the ms it took. */
export interface Raw { result: string; ms: number }
/** WorkerReply is a Raw with the id of its Call. */
export interface WorkerReply extends Raw { id: number }

// The worker script sits beside this bundle, wherever the page that loads it is.
const scriptBase = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;

/** siteURL is a page of the iamplay site the playground's scripts come from (they live in
 * /playground/), so that an embed on another origin links to iamplay, not to its host. */
export function siteURL(path: string): string {
  return new URL("../" + path.replace(/^\//, ""), new URL(".", scriptBase)).href;
}

export class Engine {
  private worker!: Worker;
  private next = 1;
  private waiting = new Map<number, (v: Raw) => void>();
  private cat: Promise<Reply<CatalogueFile>> | null = null;

  constructor(private readonly url: string) {
    this.worker = this.start();
  }

  /** restart stops the worker and starts a new one, which loads the engine again: a page's
   * Retry after the engine could not be loaded. Calls still waiting answer a failure. */
  restart(): void {
    this.worker.terminate();
    this.fail("the engine was restarted");
    this.cat = null;
    this.worker = this.start();
  }

  private fail(msg: string): void {
    for (const [id, done] of this.waiting) {
      done({ result: JSON.stringify({ error: msg, code: "internal" }), ms: 0 });
      this.waiting.delete(id);
    }
  }

  private start(): Worker {
    // The worker boot.js started early (the playground page) the first time, else a new one.
    const early = window.iamplayBootWorker;
    delete window.iamplayBootWorker;
    const worker = early ?? startWorker(this.url);
    this.worker = worker;
    this.worker.onmessage = (ev: MessageEvent<WorkerReply>) => {
      const { id, result, ms } = ev.data;
      const done = this.waiting.get(id);
      this.waiting.delete(id);
      done?.({ result, ms });
    };
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      this.fail("the engine worker failed: " + ev.message);
    };
    return worker;
  }

  /** raw calls a method and returns its JSON text and the time it took inside the worker. */
  raw(method: string, ...args: string[]): Promise<Raw> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const call: Call = { id, method, args };
      this.worker.postMessage(call);
    });
  }

  /** call calls a method and parses its answer. */
  async call<M extends keyof Replies>(method: M, ...args: string[]): Promise<Reply<Replies[M]>> {
    const { result } = await this.raw(method, ...args);
    try {
      return JSON.parse(result) as Reply<Replies[M]>;
    } catch (e) {
      return { error: "the engine answered with invalid JSON: " + String(e), code: "internal" };
    }
  }

  /** catalogue is the engine's catalogue, asked for once per page (again after a failure):
   * catalog.json, which the build writes from the engine beside the bundle (with the Secrets
   * Manager operations' shapes), so the engine's first answers need not wait for it and the
   * engine's download does not carry it. */
  catalogue(): Promise<Reply<CatalogueFile>> {
    const cat = (this.cat ??= fetch(new URL("catalog.json", scriptBase).href)
      .then((r) => (r.ok ? (r.json() as Promise<CatalogueFile>) : Promise.reject(new Error(r.status + " " + r.statusText))))
      .catch((e: unknown): ErrorReply => ({ error: "the catalogue could not be loaded: " + String(e), code: "internal" })));
    void cat.then((c) => { if (failed(c) && this.cat === cat) this.cat = null; });
    return cat;
  }
}

/**
 * startWorker starts the worker script at url. A page of another origin (the embed on another
 * site) may not start it directly, so it starts a same-origin blob that loads it and tells it
 * where the engine's files are.
 */
function startWorker(url: string): Worker {
  const u = new URL(url, document.baseURI);
  if (u.origin === location.origin) return new Worker(u.href);
  const boot = `self.iamplayBase = ${JSON.stringify(new URL(".", u).href)}; importScripts(${JSON.stringify(u.href)});`;
  return new Worker(URL.createObjectURL(new Blob([boot], { type: "text/javascript" })));
}

let shared: Engine | null = null;

/** engine is the page's one engine: its worker starts on the first call. */
export function engine(): Engine {
  shared ??= new Engine(new URL("worker.js", scriptBase).href);
  return shared;
}
