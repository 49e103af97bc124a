// The playground page: tabs of policies, the request form and the live answer. The engine
// runs in a Web Worker; every edit re-evaluates, the latest edit winning.

import "./style.css";
import { Engine, Answer, Catalogue, Finding, Matrix } from "./engine";
import { Editor, completions } from "./editor";
import { h, byId } from "./dom";
import { State, Tab, defaultState, encodeShare, decodeShare, save, load, isState, normalize, engineArgs } from "./state";
import { verdictTable, comboTable, explanation, matrixTable, decisionText, refusals, Flip } from "./render";
import type { Completion } from "@codemirror/autocomplete";

const kinds = ["identity", "resource", "boundary", "scp", "session"];
const kindLabel: Record<string, string> = { identity: "Identity", resource: "Resource", boundary: "Boundary", scp: "SCP", session: "Session" };

const engine = new Engine("worker.js");
let catalogue: Catalogue | null = null;
let options: Completion[] = [];
let state: State = defaultState();
let active = 0;
let answer: Answer | null = null;
let flip: Flip = { a: null, b: null };
const timings: number[] = [];
let evaluations = 0;

const editor = new Editor(byId("editor"), {
  changed(text) {
    const t = state.policies[active];
    if (t) t.text = text;
    changed();
  },
  options: () => options,
});

// --- tabs -----------------------------------------------------------------------------

function tabLabel(t: Tab): string {
  return `${kindLabel[t.kind] ?? t.kind}${t.kind === "scp" ? " " + (t.level ?? 0) : ""}: ${t.name || "untitled"}`;
}

function renderTabs(): void {
  const list = byId("tabs");
  list.replaceChildren(...state.policies.map((t, i) => {
    const verdict = answer?.policies.find((p) => p.tab === i)?.verdict;
    const b = h("button", {
      type: "button", role: "tab", id: "tab-" + i, "aria-selected": String(i === active), "aria-controls": "panel",
      tabindex: i === active ? 0 : -1, class: t.enabled ? "tab" : "tab off", "data-verdict": t.enabled ? verdict : undefined,
    }, tabLabel(t), t.enabled ? null : h("span", { class: "visually-hidden" }, " (off)"));
    b.addEventListener("click", () => select(i));
    b.addEventListener("keydown", (e) => {
      const n = state.policies.length;
      let to = -1;
      if (e.key === "ArrowRight") to = (i + 1) % n;
      if (e.key === "ArrowLeft") to = (i - 1 + n) % n;
      if (e.key === "Home") to = 0;
      if (e.key === "End") to = n - 1;
      if (to >= 0) {
        e.preventDefault();
        select(to);
        byId("tab-" + to).focus();
      }
    });
    return b;
  }));
  const t = state.policies[active];
  const panel = byId("panel");
  panel.hidden = !t;
  if (!t) return;
  panel.setAttribute("aria-labelledby", "tab-" + active);
  byId<HTMLInputElement>("tab-name").value = t.name;
  byId<HTMLSelectElement>("tab-kind").value = t.kind;
  byId<HTMLInputElement>("tab-enabled").checked = t.enabled;
  byId<HTMLInputElement>("tab-level").value = String(t.level ?? 0);
  byId("level-field").hidden = t.kind !== "scp";
}

function select(i: number): void {
  if (i < 0 || i >= state.policies.length) return;
  active = i;
  editor.show(i);
  renderTabs();
  renderFindings();
}

function setupTabControls(): void {
  for (const sel of [byId<HTMLSelectElement>("tab-kind"), byId<HTMLSelectElement>("new-kind")]) {
    sel.replaceChildren(...kinds.map((k) => h("option", { value: k }, kindLabel[k])));
  }
  // editTab changes the active tab's metadata, when there is a tab, and re-evaluates.
  const editTab = (edit: (t: Tab) => void) => {
    const t = state.policies[active];
    if (!t) return;
    edit(t);
    renderTabs();
    changed();
  };
  const tabName = byId<HTMLInputElement>("tab-name");
  const tabKind = byId<HTMLSelectElement>("tab-kind");
  const tabLevel = byId<HTMLInputElement>("tab-level");
  const tabEnabled = byId<HTMLInputElement>("tab-enabled");
  tabName.addEventListener("input", () => editTab((t) => { t.name = tabName.value; }));
  tabKind.addEventListener("change", () => editTab((t) => {
    t.kind = tabKind.value;
    if (t.kind === "scp") t.level = t.level ?? 0; else delete t.level;
  }));
  tabLevel.addEventListener("input", () => editTab((t) => { t.level = Math.max(0, Number(tabLevel.value) || 0); }));
  tabEnabled.addEventListener("change", () => editTab((t) => { t.enabled = tabEnabled.checked; }));
  byId("add-policy").addEventListener("click", () => {
    const kind = byId<HTMLSelectElement>("new-kind").value;
    const principal = kind === "resource" ? `"Principal": {"AWS": "arn:aws:iam::111122223333:root"}, ` : "";
    const text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", ${principal}"Action": "secretsmanager:*", "Resource": "*"}\n  ]\n}`;
    const t: Tab = { kind, name: kindLabel[kind] + " " + (state.policies.filter((p) => p.kind === kind).length + 1), enabled: true, text };
    if (kind === "scp") t.level = 0;
    state.policies.push(t);
    editor.add(text);
    select(state.policies.length - 1);
    changed();
  });
  byId("remove-policy").addEventListener("click", () => {
    if (!state.policies[active]) return;
    state.policies.splice(active, 1);
    editor.remove(active);
    active = Math.max(0, Math.min(active, state.policies.length - 1));
    editor.show(active);
    renderTabs();
    changed();
  });
}

// --- findings -------------------------------------------------------------------------

function renderFindings(): void {
  const fs = (answer?.findings ?? []).filter((f) => f.tab === active);
  editor.diagnostics(fs);
  const list = byId("findings");
  list.replaceChildren(...fs.map((f: Finding) => {
    const where = h("button", { type: "button", class: "linkish" }, `${f.range.start.line}:${f.range.start.column}`);
    where.addEventListener("click", () => editor.select(f.range.start.offset, f.range.end.offset));
    let fix: HTMLElement | null = null;
    if (f.suggestion) {
      fix = h("button", { type: "button", class: "fix", "data-code": f.code, "aria-label": `Fix: replace with ${f.suggestion}` }, "Fix: " + f.suggestion);
      fix.addEventListener("click", () => editor.fix(f));
    }
    // An error either makes AWS refuse the policy or is Access Analyzer's kind: AWS stores the policy and evaluates it.
    const aws = f.refused ? "refuses" : f.severity === "error" ? "reports" : "";
    const awsNote = aws === "" ? null : h("span", { class: "aws", "data-aws": aws },
      aws === "refuses" ? "AWS refuses this policy" : "AWS stores and evaluates this policy; validation reports it");
    return h("li", { class: "finding", "data-severity": f.severity, "data-code": f.code, "data-aws": aws || undefined },
      where, " ", h("span", { class: "sev" }, f.severity.replace("_", " ")), " ", awsNote, awsNote ? " " : "", f.message, " ", fix);
  }));
}

// --- the request ----------------------------------------------------------------------

function ctxValue(v: string | string[]): string {
  return Array.isArray(v) ? JSON.stringify(v) : v;
}

function parseValue(s: string): string | string[] {
  const t = s.trim();
  if (t.startsWith("[")) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return v.map(String);
    } catch {
      // not a list: keep the text
    }
  }
  return s;
}

function renderRequest(): void {
  byId<HTMLInputElement>("principal").value = state.request.principal;
  byId<HTMLInputElement>("action").value = state.request.action;
  byId<HTMLInputElement>("resource").value = state.request.resource;
  renderAccessLevel();
  renderContext();
}

function renderAccessLevel(): void {
  const a = catalogue?.actions.find((x) => x.name.toLowerCase() === state.request.action.toLowerCase());
  byId("access-level").textContent = a ? a.accessLevel : "";
}

function renderContext(focusKey?: string): void {
  const box = byId("context");
  const entries = Object.entries(state.request.context);
  box.replaceChildren(...entries.map(([k, v], i) => {
    const key = h("input", { id: "ctx-key-" + i, list: "keys-list", value: k, "aria-label": "Context key " + (i + 1), autocomplete: "off", spellcheck: "false" });
    const val = h("input", { id: "ctx-val-" + i, value: ctxValue(v), "aria-label": `Value of ${k || "context key " + (i + 1)}`, placeholder: 'value, or ["a", "b"]', autocomplete: "off", spellcheck: "false" });
    const rm = h("button", { type: "button", "aria-label": "Remove " + (k || "context key " + (i + 1)) }, "×");
    key.addEventListener("change", () => {
      const next: Record<string, string | string[]> = {};
      for (const [kk, vv] of Object.entries(state.request.context)) next[kk === k ? key.value : kk] = vv;
      state.request.context = next;
      renderContext();
      changed();
    });
    val.addEventListener("input", () => {
      state.request.context[k] = parseValue(val.value);
      changed();
    });
    rm.addEventListener("click", () => {
      delete state.request.context[k];
      renderContext();
      changed();
    });
    if (focusKey === k) queueMicrotask(() => val.focus());
    return h("div", { class: "ctx-row" }, key, val, rm);
  }));
}

function renderMissing(): void {
  const box = byId("missing");
  const keys = (answer?.missingContext ?? []).filter((k) => !(k in state.request.context));
  box.replaceChildren(...(keys.length ? [h("span", {}, "The policies read keys the request lacks: ")] : []), ...keys.map((k) => {
    const b = h("button", { type: "button", class: "add-key", "data-key": k }, "Add " + k);
    b.addEventListener("click", () => {
      state.request.context[k] = "";
      renderContext(k);
      renderMissing();
      changed();
    });
    return b;
  }));
}

function setupRequest(): void {
  for (const id of ["principal", "action", "resource"] as const) {
    const input = byId<HTMLInputElement>(id);
    input.addEventListener("input", () => {
      state.request[id] = input.value;
      if (id === "action") renderAccessLevel();
      changed();
    });
  }
  byId("add-context").addEventListener("click", () => {
    let k = "";
    for (let n = 1; k === "" || k in state.request.context; n++) k = n === 1 ? "aws:" : "aws:" + n;
    state.request.context[k] = "";
    renderContext();
    changed();
    byId<HTMLInputElement>("ctx-key-" + (Object.keys(state.request.context).length - 1)).focus();
  });
  byId("request-form").addEventListener("submit", (e) => e.preventDefault());
}

// --- the answer -----------------------------------------------------------------------

function selectRange(tab: number, start: number, end: number): void {
  if (tab !== active) select(tab);
  editor.select(start, end);
}

function renderAnswer(): void {
  const a = answer;
  const d = byId("decision");
  if (!a) return;
  if (a.error) {
    d.textContent = "Error: " + a.error;
    d.removeAttribute("data-decision");
    return;
  }
  d.setAttribute("data-decision", a.decision);
  d.textContent = decisionText[a.decision];
  byId("reason").textContent = a.reason;
  const refused = byId("refused");
  refused.replaceChildren(...refusals(a, state.policies.map((p) => p.name), selectRange));
  refused.hidden = refused.childElementCount === 0;
  byId("verdicts").replaceChildren(verdictTable(a));
  renderCombos();
  byId("explain").replaceChildren(explanation(a, state.policies.map((p) => p.name), selectRange));
  renderTabs();
  renderFindings();
  renderMissing();
}

function renderCombos(): void {
  if (!answer || answer.error || !catalogue) return;
  byId("combos").replaceChildren(comboTable(catalogue.table, answer, flip, (f) => {
    flip = f;
    renderCombos();
  }));
}

let matrixRunning = false, matrixPending = false;
async function updateMatrix(): Promise<void> {
  if (matrixRunning) {
    matrixPending = true;
    return;
  }
  matrixRunning = true;
  do {
    matrixPending = false;
    const m = await engine.call<Matrix>("matrix", ...engineArgs(state));
    const box = byId("matrix");
    if (m.error) box.replaceChildren(h("p", {}, "Error: " + m.error));
    else box.replaceChildren(matrixTable(m, state.request, (action, resource) => {
      state.request.action = action;
      state.request.resource = resource;
      renderRequest();
      changed();
      byId("decision").scrollIntoView({ block: "nearest" });
    }));
  } while (matrixPending);
  matrixRunning = false;
  document.body.dataset.matrix = String(++matrixCount);
}
let matrixCount = 0;

let running = false, pending = false;
async function evaluate(): Promise<void> {
  if (running) {
    pending = true;
    return;
  }
  running = true;
  do {
    pending = false;
    const t0 = performance.now();
    const a = await engine.call<Answer>("evaluate", ...engineArgs(state));
    timings.push(performance.now() - t0);
    answer = a;
    flip = { a: null, b: null };
    renderAnswer();
    evaluations++;
    if (evaluations === 1) window.iamplayFirstDecision = performance.now();
    document.body.dataset.evaluations = String(evaluations);
  } while (pending);
  running = false;
  void updateMatrix();
}

let saveTimer = 0;
function changed(): void {
  void evaluate();
  clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => save(state), 300);
}

// --- share, files, theme ----------------------------------------------------------------

function loadState(s: State): void {
  state = normalize(s);
  active = 0;
  flip = { a: null, b: null };
  editor.load(state.policies.map((p) => p.text), 0);
  renderTabs();
  renderRequest();
  changed();
}

function setupTools(): void {
  byId("share").addEventListener("click", async () => {
    // The link is this page's address with the state as its fragment, and nothing else: no
    // query string, no autosave or theme from localStorage.
    const frag = await encodeShare(state);
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
    const blob = new Blob([JSON.stringify(state, null, 2) + "\n"], { type: "application/json" });
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
      loadState(v);
    } catch (err) {
      byId("share-out").hidden = false;
      byId("share-note").textContent = "Could not open " + f.name + ": " + String(err);
    }
  });
  byId("reset").addEventListener("click", () => loadState(defaultState()));
  const theme = byId("theme");
  const apply = (t: string) => {
    document.documentElement.dataset.theme = t;
    theme.setAttribute("aria-pressed", String(t === "dark"));
  };
  let saved = "";
  try {
    saved = localStorage.getItem("iamplay.theme") ?? "";
  } catch {
    // no storage
  }
  apply(saved || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
  theme.addEventListener("click", () => {
    const t = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    apply(t);
    try {
      localStorage.setItem("iamplay.theme", t);
    } catch {
      // no storage
    }
  });
}

// --- start ------------------------------------------------------------------------------

async function start(): Promise<void> {
  setupTabControls();
  setupRequest();
  setupTools();
  // Ask for the catalogue first: the worker answers in order, so the first decision finds it.
  const catalogued = engine.call<Catalogue>("catalog");
  const fromLink = await decodeShare(location.hash);
  loadState(fromLink ?? load() ?? defaultState());
  const cat = await catalogued;
  if (!cat.error) {
    catalogue = cat;
    options = completions(cat);
    byId("actions-list").replaceChildren(...cat.actions.map((a) => h("option", { value: a.name }, a.accessLevel)));
    byId("keys-list").replaceChildren(...cat.keys.map((k) => h("option", { value: k.name }, k.type)));
    renderAccessLevel();
    renderCombos();
  }
  window.addEventListener("hashchange", async () => {
    const s = await decodeShare(location.hash);
    if (s) loadState(s);
  });
}

/** TestHooks are what the browser tests and the latency benchmark call; they use the page's own engine. */
interface TestHooks {
  call(method: string, ...args: string[]): Promise<{ result: string; ms: number }>;
  state(): State;
  text(): string;
  timings: number[];
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

window.iamplayTest = {
  call: (method, ...args) => engine.raw(method, ...args),
  state: () => JSON.parse(JSON.stringify(state)) as State,
  text: () => editor.text(active),
  timings,
  async bench(text, n) {
    const tab: Tab = { kind: "identity", name: "bench", enabled: true, text };
    const s: State = { policies: [tab], request: { ...state.request } };
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      tab.text = text + " ".repeat(i % 7); // an edit: the text differs every time
      s.request.context = { "aws:username": "u" + i };
      const t0 = performance.now();
      await engine.raw("evaluate", ...engineArgs(s));
      out.push(performance.now() - t0);
    }
    return out;
  },
};

void start();
