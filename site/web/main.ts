// The playground page: one full playground (playground.ts) with the page's tools around it:
// share links, files, the theme, autosave. The engine runs in the page's one Web Worker.

import "./style.css";
import { engine } from "./engine";
import { mountPlayground, Playground } from "./playground";
import { byId, h } from "./dom";
import { State, Tab, defaultState, encodeShare, decodeShare, save, load, isState, engineArgs } from "./state";
import { setupTheme } from "./theme";
import { setupWorldMode } from "./world/mode";
import { setupSaveScenario } from "./save_scenario";

/** mount starts the page's playground from a share link, else the autosave, else the example. */
function mount(first: State): Playground {
  const playground = mountPlayground(byId("playground"), { id: "", state: first });
  // The page's counters follow its playground's, for the browser tests.
  playground.on("evaluated", ({ count }) => {
    if (count === 1) window.iamplayFirstDecision = performance.now();
    document.body.dataset.evaluations = String(count);
  });
  playground.on("matrix", (count) => {
    document.body.dataset.matrix = String(count);
  });
  let saveTimer = 0;
  playground.on("change", (s) => {
    clearTimeout(saveTimer);
    saveTimer = window.setTimeout(() => save(s), 300);
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
    try {
      const v: unknown = JSON.parse(await f.text());
      if (!isState(v)) throw new Error("not a playground state");
      playground.setState(v);
    } catch (err) {
      byId("share-out").hidden = false;
      byId("share-note").textContent = "Could not open " + f.name + ": " + String(err);
    }
  });
  byId("reset").addEventListener("click", () => playground.setState(defaultState()));
  setupSaveScenario(byId("save-scenario"), () => playground.getState(), (msg) => {
    byId("share-out").hidden = false;
    byId("share-note").textContent = msg;
  });
  setupTheme(byId("theme"));
}

async function start(): Promise<void> {
  const playground = mount((await decodeShare(location.hash)) ?? load() ?? defaultState());
  setupTools(playground);
  hooks(playground);
  void setupWorldMode();
  window.addEventListener("hashchange", async () => {
    const s = await decodeShare(location.hash);
    if (s) playground.setState(s);
  });
}

/** TestHooks are what the browser tests and the latency benchmark call; they use the page's own engine. */
interface TestHooks {
  call(method: string, ...args: string[]): Promise<{ result: string; ms: number }>;
  state(): State;
  text(): string;
  timings: readonly number[];
  /** bench re-evaluates text in tab 0 n times through the worker and returns each round trip in ms. */
  bench(text: string, n: number): Promise<number[]>;
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
    text: () => playground.text(),
    timings: playground.timings,
    async bench(text, n) {
      const tab: Tab = { kind: "identity", name: "bench", enabled: true, text };
      const s: State = { policies: [tab], request: { ...playground.getState().request } };
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        tab.text = text + " ".repeat(i % 7); // an edit: the text differs every time
        s.request.context = { "aws:username": "u" + i };
        const t0 = performance.now();
        await engine().raw("evaluate", ...engineArgs(s));
        out.push(performance.now() - t0);
      }
      return out;
    },
  };
}

void start();
