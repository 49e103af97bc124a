// The playground page: one full playground (playground.ts) with the page's tools around it:
// share links, files, the theme, autosave. The engine runs in the page's one Web Worker.

import "./style.css";
import "./page.css";
import { engine, type Example } from "./engine";
import type { Playground } from "./playground";
import { byId, h } from "./dom";
import { State, Tab, defaultState, encodeShare, decodeShare, save, load, engineArgs, readOpened, isState } from "./state";
import { setupTheme } from "./theme";
import { setupWorldMode } from "./world/mode";
import { setupSaveScenario } from "./save_scenario";

/** mount starts the page's playground from a share link, else the autosave, else the example.
 * Policy mode's code (its editor, CodeMirror) is evaluated only now, when it is imported: on a
 * world link, after world mode's first answer. */
async function mount(first: State): Promise<Playground> {
  const [{ mountPlayground }, editing] = await Promise.all([import("./playground"), import("./editor")]);
  const playground = mountPlayground(byId("playground"), { id: "", state: first, editor: editing });
  // The page's counters follow its playground's, for the browser tests.
  playground.on("evaluated", ({ count }) => {
    if (count === 1) window.iamplayFirstDecision = performance.now();
    document.body.dataset.evaluations = String(count);
  });
  playground.on("matrix", (count) => {
    document.body.dataset.matrix = String(count);
  });
  // Never lose work: every change is saved at once and the address bar follows. Until the new
  // fragment is packed the address holds none, so a reload in between finds the autosave,
  // never an older state in the address.
  let linked = 0;
  playground.on("change", (s) => {
    save(s);
    const n = ++linked;
    if (location.hash) history.replaceState(history.state, "", location.pathname);
    void encodeShare(s).then((frag) => {
      if (n !== linked) return;
      const url = location.origin + location.pathname + "#" + frag;
      history.replaceState(history.state, "", url);
      const out = document.getElementById("share-url") as HTMLInputElement | null;
      if (out && !byId("share-out").hidden) out.value = url;
    });
  });
  return playground;
}

function setupTools(playground: Playground): void {
  byId("share").addEventListener("click", async () => {
    // The link is this page's address with the state as its fragment, and nothing else: no
    // query string, no autosave or theme from localStorage.
    const frag = await encodeShare(playground.getState());
    const url = location.origin + location.pathname + "#" + frag;
    history.replaceState(null, "", url);
    const out = byId<HTMLInputElement>("share-url");
    out.value = url;
    byId("share-out").hidden = false;
    let note = "The link holds the whole state.";
    try {
      await navigator.clipboard.writeText(url);
      note = "Copied. " + note;
    } catch {
      // clipboard refused: the link is shown to copy by hand
    }
    byId("share-note").textContent = note;
    out.select();
  });
  byId("download").addEventListener("click", () => {
    const blob = new Blob([JSON.stringify(playground.getState(), null, 2) + "\n"], { type: "application/json" });
    const a = h("a", { href: URL.createObjectURL(blob), download: "iamplay-playground.json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  const openInput = byId<HTMLInputElement>("open");
  openInput.addEventListener("change", async () => {
    const f = openInput.files?.[0];
    if (!f) return;
    let note: string;
    try {
      const o = readOpened(JSON.parse(await f.text()), playground.getState());
      if (typeof o === "string") throw new Error(o);
      playground.setState(o.state, `Opened ${f.name}: read as ${o.what}.`);
      note = `Opened ${f.name}: read as ${o.what}.`;
    } catch (err) {
      note = `Could not open ${f.name}: ${err instanceof Error ? err.message : String(err)}. Nothing was changed.`;
    }
    openInput.value = "";
    byId("open-note").textContent = note;
  });
  byId("reset").addEventListener("click", () => playground.setState(defaultState(), "Reset to the example."));
  void setupExamples(playground);
  setupSaveScenario(byId("save-scenario"), () => playground.getState(), (msg) => {
    byId("share-out").hidden = false;
    byId("share-note").textContent = msg;
  });
  setupTheme(byId("theme"));
}

/** setupExamples fills the examples menu from the curated examples (examples.json, data shared
 * with the site's scenarios); choosing one loads it, with Undo, and says what it shows. */
async function setupExamples(playground: Playground): Promise<void> {
  const list = byId("examples");
  const menu = byId<HTMLDetailsElement>("examples-menu");
  let exs: Example[];
  try {
    const r = await fetch(new URL("examples.json", document.baseURI));
    if (!r.ok) throw new Error(r.status + " " + r.statusText);
    exs = await r.json() as Example[];
  } catch (e) {
    list.replaceChildren(h("li", {}, "The examples could not be loaded: " + String(e)));
    return;
  }
  list.replaceChildren(...exs.map((ex) => {
    const b = h("button", { type: "button", class: "example", "data-example": ex.id, "aria-describedby": "ex-" + ex.id },
      h("strong", {}, ex.title));
    b.addEventListener("click", () => {
      if (!isState(ex.state)) return;
      playground.setState(ex.state, `Loaded the example "${ex.title}".`);
      byId("open-note").textContent = `Example "${ex.title}": ${ex.description} Expected: ${ex.want}.`;
      menu.open = false;
      menu.querySelector("summary")?.focus();
    });
    return h("li", {}, b, h("span", { id: "ex-" + ex.id, class: "example-desc" }, ex.description));
  }));
}

async function start(): Promise<void> {
  // A world link opens world mode first: its first answer does not wait behind policy mode's
  // editor and evaluation, which start once it is shown.
  await setupWorldMode().catch((e: unknown) => console.error("world mode failed:", e));
  const playground = await mount((await decodeShare(location.hash)) ?? load() ?? defaultState());
  setupTools(playground);
  hooks(playground);
  window.addEventListener("hashchange", async () => {
    const s = await decodeShare(location.hash);
    if (s) playground.setState(s);
  });
}

/** TestHooks are what the browser tests and the latency benchmark call; they use the page's own engine. */
interface TestHooks {
  call(method: string, ...args: string[]): Promise<{ result: string; ms: number }>;
  state(): State;
  /** engineArgs are the page's state as the engine's evaluate takes it */
  engineArgs(): string[];
  text(): string;
  timings: readonly number[];
  /** bench re-evaluates text in tab 0 n times through the worker and returns each round trip in ms;
   * each round's edit adds spaces at the end of the text, or at byte (and character) at when given. */
  bench(text: string, n: number, at?: number): Promise<number[]>;
  /** edits makes n edits of the current state's first tab as the page does (evaluate, then the
   * matrix) and returns the bytes of WebAssembly memory the engine grew to. */
  edits(n: number): Promise<number>;
}

declare global {
  interface Window {
    iamplayTest: TestHooks;
    /** performance.now() when the first decision was shown. */
    iamplayFirstDecision?: number;
  }
}

function hooks(playground: Playground): void {
  window.iamplayTest = {
    call: (method, ...args) => engine().raw(method, ...args),
    state: () => playground.getState(),
    engineArgs: () => engineArgs(playground.getState()),
    text: () => playground.text(),
    timings: playground.timings,
    async bench(text, n, at) {
      const tab: Tab = { kind: "identity", name: "bench", enabled: true, text };
      const s: State = { policies: [tab], request: { ...playground.getState().request } };
      const out: number[] = [];
      const [head, tail] = at === undefined ? [text, ""] : [text.slice(0, at), text.slice(at)];
      for (let i = 0; i < n; i++) {
        tab.text = head + " ".repeat(i % 7) + tail; // an edit: the text differs every time
        s.request.context = { "aws:username": "u" + i };
        const t0 = performance.now();
        await engine().raw("evaluate", ...engineArgs(s));
        out.push(performance.now() - t0);
      }
      return out;
    },
    async edits(n) {
      const s = playground.getState();
      const first = s.policies[0];
      for (let i = 0; first && i < n; i++) {
        first.text = first.text.replace(/\s*$/, "") + " ".repeat(1 + (i % 13)); // an edit: the text differs every time
        s.request.context = { "aws:username": "u" + i };
        await engine().raw("evaluate", ...engineArgs(s));
        await engine().raw("matrix", ...engineArgs(s));
      }
      const r = JSON.parse((await engine().raw("memory")).result) as { bytes: number };
      return r.bytes;
    },
  };
}

void start();
