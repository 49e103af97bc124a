// One playground: tabs of policies, the request form and the live answer, built inside any
// element (mountPlayground). Several may share a page; they share its one engine worker, and
// each keeps its own state, its own latest-edit-wins evaluation and its own ids.

import { engine as sharedEngine, Engine, Answer, Catalogue, Decision, ErrorReply, FindingAnswer, MatrixAnswer, failed, siteURL } from "./engine";
import type { EditorHooks } from "./editor";
import { StaticText, type EditorModule, type PolicyText } from "./statictext";
import { h } from "./dom";
import { State, Tab, Assertion, ContextValue, defaultState, normalize, engineArgs, encodeShare } from "./state";
import { verdictTable, comboTable, explanation, matrixTable, decisionText, message, refusals, problems, shownStep, Flip } from "./render";
import { layout, allFeatures, Features, Parts } from "./layout";
import type { Completion } from "@codemirror/autocomplete";

export type { Features } from "./layout";

/** Options say what a playground starts from and what it shows. */
export interface Options {
  /** the state it starts from; the seed's example when absent */
  state?: State;
  /** the parts to show; every part when absent */
  features?: Partial<Features>;
  /** false: a read-only widget; the learner can still flip verdicts in the combination table */
  editable?: boolean;
  /** one column, for a playground inside prose */
  compact?: boolean;
  /** the prefix of every id inside; unique per page when absent ("" keeps the bare ids) */
  id?: string;
  /** the level of the section headings; 2 when absent */
  heading?: 2 | 3 | 4 | 5;
  /** the accessible name of the playground as a whole */
  label?: string;
  /** the address of the full playground: a link opens the current state there */
  link?: string;
  /** the engine to ask; the page's shared one when absent */
  engine?: Engine;
  /** the policy editor (editor.ts), or what loads it when the reader starts editing: until
   * then the policies show as highlighted read-only text of the same height. When absent,
   * the policies stay read-only text. */
  editor?: EditorModule | (() => Promise<EditorModule>);
  /** ask for the catalogue (catalog.json: completion, the combination tables, the kinds) once
   * the engine has answered, not beside its start, so that a page fetches only what the first
   * decision needs before the engine's WebAssembly */
  catalogueAfterAnswer?: boolean;
}

/** Events are what a playground tells its page. */
export interface Events {
  /** the state changed (an edit, a loaded state) */
  change: State;
  /** an evaluation came back: its answer, or null with the failure's message */
  evaluated: { answer: Answer | null; failure: string; count: number };
  /** the access matrix was redrawn, count times so far */
  matrix: number;
}

/** Playground is the handle mountPlayground returns. */
export interface Playground {
  /** the element the playground built itself in (inside the element it was mounted on) */
  readonly root: HTMLElement;
  getState(): State;
  /** setState replaces the state; with undo, a message offers to bring the old one back */
  setState(s: State, undo?: string): void;
  /** the latest answer shown, null before the first */
  answer(): Answer | null;
  /** the text of a tab (the active one by default) as the editor holds it */
  text(tab?: number): string;
  /** every evaluation's round trip, in ms */
  readonly timings: readonly number[];
  on<E extends keyof Events>(event: E, fn: (v: Events[E]) => void): () => void;
  /** destroy removes the playground; the shared worker stays for the others */
  destroy(): void;
}

/** newPolicy is the text of a new tab of a kind: one statement shaped for it (a key policy acts
 * on "*", this key; a trust policy names no Resource). */
function newPolicy(kind: string): string {
  const principal = `"Principal": {"AWS": "arn:aws:iam::111122223333:root"}, `;
  const statement =
    kind === "key" ? `{"Effect": "Allow", ${principal}"Action": "kms:*", "Resource": "*"}` :
    kind === "trust" ? `{"Effect": "Allow", ${principal}"Action": "sts:AssumeRole"}` :
    `{"Effect": "Allow", ${kind === "resource" ? principal : ""}"Action": "secretsmanager:*", "Resource": "*"}`;
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement}\n  ]\n}`;
}

const kindLabel: Record<string, string> = { identity: "Identity", resource: "Resource", boundary: "Boundary", scp: "SCP", session: "Session", key: "KMS key", trust: "Trust" };
let instances = 0;

/** mountPlayground builds a playground inside element and starts it. */
export function mountPlayground(element: HTMLElement, options: Options = {}): Playground {
  return new Instance(element, options);
}

class Instance implements Playground {
  readonly root: HTMLElement;
  readonly timings: number[] = [];
  private readonly p: Parts;
  /** the prefix of every id inside */
  private readonly id: string;
  private readonly engine: Engine;
  /** the static text until the editor is loaded, then the editor */
  private editor: PolicyText;
  private readonly hooks: EditorHooks;
  private readonly loadEditor: (() => Promise<EditorModule>) | null;
  private editorModule: EditorModule | null = null;
  private upgrading: Promise<PolicyText> | null = null;
  private readonly editable: boolean;
  private readonly features: Features;
  private readonly handlers: { [E in keyof Events]?: ((v: Events[E]) => void)[] } = {};
  private catalogue: Catalogue | null = null;
  private options: Completion[] | null = null;
  private kinds: string[] = Object.keys(kindLabel);
  private state: State;
  private active = 0;
  private current: Answer | null = null;
  private flip: Flip = { a: null, b: null };
  private evaluations = 0;
  private matrixCount = 0;
  private destroyed = false;
  private link: string;
  private linked = 0;

  constructor(element: HTMLElement, o: Options) {
    this.engine = o.engine ?? sharedEngine();
    this.editable = o.editable !== false;
    this.features = { ...allFeatures, ...o.features };
    const id = (this.id = o.id ?? `iamplay${++instances}-`);
    this.root = h("div", { class: o.compact ? "iamplay compact" : "iamplay", role: o.label ? "group" : undefined, "aria-label": o.label });
    element.append(this.root);
    this.p = layout(this.root, { id, features: this.features, editable: this.editable, heading: o.heading ?? 2, link: o.link !== undefined });
    this.link = o.link ?? "";
    this.hooks = {
      changed: (text) => {
        // The height kept while the editor took the static text's place goes with the first edit.
        this.p.editor.style.height = "";
        const t = this.state.policies[this.active];
        if (t) t.text = text;
        this.changed();
      },
      options: () => {
        if (!this.options && this.catalogue && this.editorModule) this.options = this.editorModule.completions(this.catalogue);
        return this.options ?? [];
      },
      readOnly: !this.editable,
      compact: o.compact === true,
    };
    const given = o.editor;
    this.loadEditor = typeof given === "function" ? given : null;
    if (given && typeof given !== "function") {
      this.editorModule = given;
      this.editor = new given.Editor(this.p.editor, this.hooks);
    } else {
      this.editor = this.staticText(o.compact === true);
    }
    this.state = normalize(o.state ?? defaultState());
    this.setupTabControls();
    this.setupRequest();
    if (o.catalogueAfterAnswer) {
      const off = this.on("evaluated", () => {
        off();
        this.loadCatalogue();
      });
      this.load(this.state);
    } else {
      // Ask for the catalogue first, so the first decision finds it.
      this.loadCatalogue(() => this.load(this.state));
    }
  }

  /** loadCatalogue asks for the catalogue (first, so the first decision finds it) and fills
   * in what depends on it; then runs next, when given. */
  private loadCatalogue(next?: () => void): void {
    const catalogued = this.engine.catalogue();
    next?.();
    void catalogued.then((cat) => {
      if (this.destroyed || failed(cat)) return;
      this.catalogue = cat;
      this.options = null;
      if (cat.kinds?.length) this.kinds = cat.kinds;
      this.fillKinds();
      this.p.actionsList.replaceChildren(...(cat.actions ?? []).map((a) => h("option", { value: a.name }, a.accessLevel)));
      this.p.keysList.replaceChildren(...(cat.keys ?? []).map((k) => h("option", { value: k.name }, k.type)));
      this.renderAccessLevel();
      this.renderCombos();
    });
  }

  // --- the editor, loaded when the reader starts editing --------------------------------

  /** staticText shows the policies read-only until the reader starts editing: pointing at
   * the text (or focusing it) starts loading the editor, pressing or typing in it opens it,
   * and the printable keys typed meanwhile are typed into it. */
  private staticText(compact: boolean): StaticText {
    const st = new StaticText(this.p.editor, compact, this.editable);
    if (!this.loadEditor) return st;
    const preload = () => void this.module().catch(() => undefined);
    st.pre.addEventListener("pointerenter", preload, { once: true });
    st.pre.addEventListener("focus", preload, { once: true });
    let at: number | undefined;
    // What the reader types before the editor is in place: typed into it, where its caret
    // lands, once it is there, instead of lost with the static text.
    let typed = "";
    let waiting = false;
    const open = (e: Event) => {
      if (e instanceof PointerEvent) at = st.offsetAt(e.clientX, e.clientY) ?? at;
      if (waiting && this.upgrading) return; // the editor on its way takes the latest point and keys
      waiting = true;
      this.withEditor((ed) => {
        waiting = false;
        ed.focusAt?.(at);
        if (typed) ed.insert?.(typed);
        typed = "";
      });
    };
    st.pre.addEventListener("pointerdown", open);
    st.pre.addEventListener("keydown", (e) => {
      if (e.key === "Tab" || e.key === "Shift") return;
      if (this.editable && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && !e.isComposing) {
        typed += e.key;
        e.preventDefault(); // a space would scroll the page
      }
      open(e);
    });
    // A keypress a browser sends apart from its keydown (as automation does) must not scroll
    // either: the key is typed into the editor.
    st.pre.addEventListener("keypress", (e) => {
      if (this.editable && !e.ctrlKey && !e.metaKey && !e.altKey) e.preventDefault();
    });
    return st;
  }

  private module(): Promise<EditorModule> {
    if (this.editorModule) return Promise.resolve(this.editorModule);
    if (!this.loadEditor) return Promise.reject(new Error("this playground has no editor"));
    return this.loadEditor().then((m) => (this.editorModule = m));
  }

  /** withEditor runs fn on the editor, loading it first (in place of the static text, at the
   * same height, so the page does not move) when it is not there yet; a playground without an
   * editor does nothing. */
  private withEditor(fn: (e: PolicyText) => void): void {
    if (!(this.editor instanceof StaticText)) {
      fn(this.editor);
      return;
    }
    if (!this.editorModule && !this.loadEditor) return;
    const st = this.editor;
    this.upgrading ??= this.module().then((m) => {
      if (this.destroyed || this.editor !== st) return this.editor;
      const host = this.p.editor;
      host.style.height = host.offsetHeight + "px";
      const ed = new m.Editor(host, this.hooks);
      ed.load(st.all(), st.active());
      st.destroy();
      this.editor = ed;
      this.renderFindings();
      return ed;
    });
    this.upgrading.then(fn, (err: unknown) => {
      this.upgrading = null;
      this.say("The editor could not be loaded: " + String(err) + ". The policies stay as they are; try again.");
    });
  }

  // --- the handle ----------------------------------------------------------------------

  getState(): State {
    return JSON.parse(JSON.stringify(this.state)) as State;
  }

  setState(s: State, undo?: string): void {
    const before = this.snapshot();
    this.load(normalize(s));
    if (undo) this.offerUndo(undo, before);
  }

  // --- undo ----------------------------------------------------------------------------

  private undoable: { state: State; active: number } | null = null;
  private toastTimer = 0;

  private snapshot(): { state: State; active: number } {
    return { state: this.getState(), active: this.active };
  }

  /** say shows a message where Undo would be, without Undo. */
  private say(msg: string): void {
    this.offerUndo(msg, null);
  }

  /** format lays the active policy out as JSON with two-space indents, as an edit (the editor's
   * undo takes it back). Text that is not JSON, or has a duplicate key that parsing would
   * drop, is left as it is, and the message says why. */
  private format(): void {
    const text = this.editor.text(this.active);
    const dup = (this.current?.findings ?? []).find((f) => f.tab === this.active && f.code === "json.duplicate_key");
    if (dup) {
      this.say(`Format left the policy as it is: a key is written twice (line ${dup.range.start.line}), and formatting would drop one.`);
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      this.say(`Format needs valid JSON; the policy is left as it is: ${e instanceof Error ? e.message : String(e)}.`);
      return;
    }
    const out = JSON.stringify(v, null, 2);
    if (out !== text) this.withEditor((e) => e.replace(out));
    this.say(out === text ? "The policy is already formatted." : "Formatted. The editor's undo (Ctrl+Z) takes it back.");
  }

  /** offerUndo says what just happened, with Undo bringing back the state before it (none:
   * a message alone). The message goes after 20 s; Undo stays in reach of the keyboard until then. */
  private offerUndo(msg: string, before: { state: State; active: number } | null): void {
    this.undoable = before;
    this.p.undo.hidden = before === null;
    this.p.toastText.textContent = msg;
    this.p.toast.hidden = false;
    clearTimeout(this.toastTimer);
    const hide = () => {
      // Hiding Undo while it has the focus would drop the focus to the page: wait.
      if (this.p.toast.contains(document.activeElement)) this.toastTimer = window.setTimeout(hide, 5000);
      else this.p.toast.hidden = true;
    };
    this.toastTimer = window.setTimeout(hide, 20000);
    this.renderEmpty();
  }

  private undo(): void {
    const u = this.undoable;
    if (!u) return;
    this.undoable = null;
    this.p.toast.hidden = true;
    this.load(u.state);
    this.select(Math.min(u.active, this.state.policies.length - 1));
    (this.p.tabs.children[this.active] as HTMLElement | undefined)?.focus();
  }

  /** renderEmpty shows what to do when there is no policy, with Undo when it can help. */
  private renderEmpty(): void {
    const none = this.state.policies.length === 0;
    this.p.empty.hidden = !none;
    const undo = this.p.empty.querySelector("button.undo-empty");
    if (none && this.undoable && !undo) {
      const b = h("button", { type: "button", class: "undo-empty" }, "Undo the removal");
      b.addEventListener("click", () => this.undo());
      this.p.empty.append(b);
    } else if ((!none || !this.undoable) && undo) {
      undo.remove();
    }
  }

  answer(): Answer | null {
    return this.current;
  }

  text(tab = this.active): string {
    return this.editor.text(tab);
  }

  on<E extends keyof Events>(event: E, fn: (v: Events[E]) => void): () => void {
    const list = (this.handlers[event] ??= []) as ((v: Events[E]) => void)[];
    list.push(fn);
    return () => {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    };
  }

  destroy(): void {
    this.destroyed = true;
    this.editor.destroy();
    this.root.remove();
    for (const k of Object.keys(this.handlers)) delete this.handlers[k as keyof Events];
  }

  private emit<E extends keyof Events>(event: E, v: Events[E]): void {
    for (const fn of [...(this.handlers[event] ?? [])] as ((v: Events[E]) => void)[]) fn(v);
  }

  private load(s: State): void {
    this.state = s;
    this.active = 0;
    this.flip = { a: null, b: null };
    this.editor.load(s.policies.map((p) => p.text), 0);
    this.renderTabs();
    this.renderRequest();
    this.changed();
  }

  private changed(): void {
    if (this.destroyed) return;
    void this.evaluate();
    void this.updateLink();
    this.emit("change", this.state);
  }

  /** updateLink points the open link at the current state; the latest edit wins. */
  private async updateLink(): Promise<void> {
    const a = this.p.open;
    if (!a) return;
    const n = ++this.linked;
    const frag = await encodeShare(this.state);
    if (n === this.linked) a.href = new URL(this.link, document.baseURI).href.replace(/#.*$/, "") + "#" + frag;
  }

  // --- tabs ----------------------------------------------------------------------------

  private tabLabel(t: Tab): string {
    return `${kindLabel[t.kind] ?? t.kind}${t.kind === "scp" ? " " + (t.level ?? 0) : ""}: ${t.name || "untitled"}`;
  }

  private renderTabs(): void {
    const { p, state } = this;
    // Redrawing the tabs keeps the focus on the tab that had it.
    const focused = p.tabs.contains(document.activeElement) ? document.activeElement?.id : undefined;
    const errors: number[] = state.policies.map(() => 0);
    for (const f of this.current?.findings ?? []) if (f.tab >= 0 && f.severity === "error" && f.tab < errors.length) errors[f.tab] = (errors[f.tab] ?? 0) + 1;
    p.tabs.replaceChildren(...state.policies.map((t, i) => {
      const verdict = this.current?.policies?.find((x) => x.tab === i)?.verdict;
      const b = h("button", {
        type: "button", role: "tab", id: this.id + "tab-" + i, "aria-selected": String(i === this.active), "aria-controls": p.panel.id,
        tabindex: i === this.active ? 0 : -1, class: t.enabled ? "tab" : "tab off", "data-verdict": t.enabled ? verdict : undefined,
      }, this.tabLabel(t), t.enabled ? null : h("span", { class: "visually-hidden" }, " (off)"),
        errors[i] ? h("span", { class: "tab-error", title: `${errors[i]} error${errors[i] === 1 ? "" : "s"}` }, h("span", { "aria-hidden": "true" }, " ⚠"),
          h("span", { class: "visually-hidden" }, ` (${errors[i]} error${errors[i] === 1 ? "" : "s"})`)) : null);
      b.addEventListener("click", () => this.select(i));
      b.addEventListener("keydown", (e) => {
        const n = this.state.policies.length;
        let to = -1;
        if (e.key === "ArrowRight") to = (i + 1) % n;
        if (e.key === "ArrowLeft") to = (i - 1 + n) % n;
        if (e.key === "Home") to = 0;
        if (e.key === "End") to = n - 1;
        if (to >= 0) {
          e.preventDefault();
          this.select(to);
          (p.tabs.children[to] as HTMLElement | undefined)?.focus();
        }
      });
      return b;
    }));
    if (focused) document.getElementById(focused)?.focus();
    const t = state.policies[this.active];
    p.panel.hidden = !t;
    this.renderEmpty();
    if (!t) return;
    p.panel.setAttribute("aria-labelledby", p.tabs.children[this.active]?.id ?? "");
    p.tabName.value = t.name;
    p.tabKind.value = t.kind;
    p.tabEnabled.checked = t.enabled;
    p.tabLevel.value = String(t.level ?? 0);
    p.levelField.hidden = t.kind !== "scp";
  }

  private select(i: number): void {
    if (i < 0 || i >= this.state.policies.length) return;
    this.active = i;
    this.editor.show(i);
    this.renderTabs();
    this.renderFindings();
  }

  private fillKinds(): void {
    for (const sel of [this.p.tabKind, this.p.newKind]) {
      const v = sel.value;
      sel.replaceChildren(...this.kinds.map((k) => h("option", { value: k }, kindLabel[k] ?? k)));
      if (v) sel.value = v;
    }
    const t = this.state.policies[this.active];
    if (t) this.p.tabKind.value = t.kind;
  }

  private setupTabControls(): void {
    const p = this.p;
    this.fillKinds();
    // editTab changes the active tab's metadata, when there is a tab, and re-evaluates.
    const editTab = (edit: (t: Tab) => void) => {
      const t = this.state.policies[this.active];
      if (!t) return;
      edit(t);
      this.renderTabs();
      this.changed();
    };
    p.tabName.addEventListener("input", () => editTab((t) => { t.name = p.tabName.value; }));
    p.tabKind.addEventListener("change", () => editTab((t) => {
      t.kind = p.tabKind.value;
      if (t.kind === "scp") t.level = t.level ?? 0; else delete t.level;
    }));
    p.tabLevel.addEventListener("input", () => editTab((t) => { t.level = Math.max(0, Number(p.tabLevel.value) || 0); }));
    p.tabEnabled.addEventListener("change", () => editTab((t) => { t.enabled = p.tabEnabled.checked; }));
    p.addPolicy.addEventListener("click", () => {
      const kind = p.newKind.value;
      const text = newPolicy(kind);
      const t: Tab = { kind, name: (kindLabel[kind] ?? kind) + " " + (this.state.policies.filter((x) => x.kind === kind).length + 1), enabled: true, text };
      if (kind === "scp") t.level = 0;
      this.state.policies.push(t);
      this.editor.add(text);
      this.select(this.state.policies.length - 1);
      this.changed();
    });
    p.removePolicy.addEventListener("click", () => {
      const t = this.state.policies[this.active];
      if (!t) return;
      const before = this.snapshot();
      this.state.policies.splice(this.active, 1);
      this.editor.remove(this.active);
      this.active = Math.max(0, Math.min(this.active, this.state.policies.length - 1));
      this.editor.show(this.active);
      this.renderTabs();
      this.changed();
      this.offerUndo(`Removed ${this.tabLabel(t)}.`, before);
      // The focus goes to the tab now shown, or to Undo when none is left: never to the body.
      ((this.p.tabs.children[this.active] as HTMLElement | undefined) ?? this.p.undo).focus();
    });
    p.undo.addEventListener("click", () => this.undo());
    p.format.addEventListener("click", () => this.format());
    p.pin.addEventListener("click", () => {
      const d = this.current?.decision;
      const want = d === "Allow" || d === "ExplicitDeny" || d === "ImplicitDeny" ? d : "Allow";
      (this.state.assertions ??= []).push({ request: JSON.parse(JSON.stringify(this.state.request)) as State["request"], want });
      this.changed();
    });
  }

  // --- findings ------------------------------------------------------------------------

  private renderFindings(): void {
    const fs = (this.current?.findings ?? []).filter((f) => f.tab === this.active);
    this.editor.diagnostics(fs, this.editable);
    this.p.findings.replaceChildren(...fs.map((f: FindingAnswer) => {
      const where = h("button", { type: "button", class: "linkish" }, `${f.range.start.line}:${f.range.start.column}`);
      where.addEventListener("click", () => this.withEditor((e) => e.select(f.range.start.offset, f.range.end.offset)));
      let fix: HTMLElement | null = null;
      if (f.suggestion && this.editable) {
        fix = h("button", { type: "button", class: "fix", "data-code": f.code, "aria-label": `Fix: replace with ${f.suggestion}` }, "Fix: " + f.suggestion);
        fix.addEventListener("click", () => this.withEditor((e) => e.fix(f)));
      }
      // An error either makes AWS refuse the policy or is Access Analyzer's kind: AWS stores the policy and evaluates it.
      const aws = f.refused ? "refuses" : f.severity === "error" ? "reports" : "";
      const awsNote = aws === "" ? null : h("span", { class: "aws", "data-aws": aws },
        aws === "refuses" ? "AWS refuses this policy" : "AWS stores and evaluates this policy; validation reports it");
      return h("li", { class: "finding", "data-severity": f.severity, "data-code": f.code, "data-aws": aws || undefined },
        where, " ", h("span", { class: "sev" }, severityText[f.severity]), " ", awsNote, awsNote ? " " : "", message(f.message), " ", fix, this.codeInfo(f.code));
    }));
  }

  /** codeInfo is a finding code, one click from what it means, what AWS does with it and an
   * example that produces it (the engine's code catalogue), and a link to the site's reference. */
  private codeInfo(code: string): HTMLElement | null {
    const c = this.catalogue?.codes?.find((x) => x.code === code);
    if (!c) return null;
    const aws = c.aws === "refuses" ? "AWS refuses a policy with it." : c.aws === "reports" ? "AWS stores and evaluates the policy; validation reports it." : "";
    return h("details", { class: "code-info", "data-code": code },
      h("summary", {}, h("code", {}, code)),
      h("p", {}, message(c.summary), " ", aws),
      c.example ? [h("p", {}, "An example that produces it:"), h("pre", {}, c.example)] : null,
      h("p", {}, h("a", { href: siteURL("reference/findings/#" + code), target: "_blank", rel: "noopener" }, "Every finding code in the reference")));
  }

  // --- the request ---------------------------------------------------------------------

  private renderRequest(): void {
    this.p.principal.value = this.state.request.principal;
    this.p.action.value = this.state.request.action;
    this.p.resource.value = this.state.request.resource;
    this.renderAccessLevel();
    this.renderContext();
  }

  /** renderFieldFindings puts the request's findings under its fields, as the editor does for
   * a policy: the field marked invalid and underlined, the message, and the fix when there is one. */
  private renderFieldFindings(a: Answer): void {
    for (const field of ["principal", "action", "resource"] as const) {
      const input = this.p[field];
      const fs = (a.findings ?? []).filter((f) => f.tab < 0 && f.path === "/request/" + field);
      input.classList.toggle("squiggle", fs.length > 0);
      if (fs.length) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      input.dataset.severity = fs[0]?.severity ?? "";
      this.p.fieldFindings[field].replaceChildren(...fs.map((f) => {
        let fix: HTMLElement | null = null;
        const to = suggested(f.suggestion);
        if (to && this.editable) {
          fix = h("button", { type: "button", class: "fix", "data-code": f.code, "aria-label": `Fix: replace with ${to}` }, "Fix: " + to);
          fix.addEventListener("click", () => {
            input.value = to;
            this.state.request[field] = to;
            if (field === "action") this.renderAccessLevel();
            this.changed();
            input.focus();
          });
        }
        return h("li", { class: "finding", "data-severity": f.severity, "data-code": f.code },
          h("span", { class: "sev" }, severityText[f.severity]), " ", message(f.message), " ", fix, this.codeInfo(f.code));
      }));
    }
  }

  private renderAccessLevel(): void {
    const want = this.state.request.action.toLowerCase();
    const a = this.catalogue?.actions?.find((x) => x.name.toLowerCase() === want);
    this.p.accessLevel.textContent = a ? a.accessLevel : "";
  }

  private renderContext(focusKey?: string): void {
    const { p, state } = this;
    const ctxId = this.id + "ctx-";
    const entries = Object.entries(state.request.context);
    p.context.replaceChildren(...entries.map(([k, v], i) => {
      const ro = !this.editable;
      const key = h("input", { id: ctxId + "key-" + i, list: p.keysList.id, value: k, "aria-label": "Context key " + (i + 1), autocomplete: "off", spellcheck: "false", readonly: ro });
      const absent = v === null; // marked absent: not sent, not derived
      const val = h("input", { id: ctxId + "val-" + i, value: ctxValue(v), "aria-label": `Value of ${k || "context key " + (i + 1)}`, placeholder: absent ? "absent: not sent, not derived" : 'value, or ["a", "b"]', autocomplete: "off", spellcheck: "false", readonly: ro, disabled: absent, "data-absent": absent });
      const rm = ro ? null : h("button", { type: "button", "aria-label": (absent ? "Stop marking absent " : "Remove ") + (k || "context key " + (i + 1)) }, "×");
      key.addEventListener("change", () => {
        const next: Record<string, ContextValue> = {};
        for (const [kk, vv] of Object.entries(state.request.context)) next[kk === k ? key.value : kk] = vv;
        state.request.context = next;
        // The redraw replaces the fields: the focus goes on to the renamed key's value.
        this.renderContext(key.value);
        this.changed();
      });
      val.addEventListener("input", () => {
        state.request.context[k] = parseValue(val.value);
        this.changed();
      });
      rm?.addEventListener("click", () => {
        delete state.request.context[k];
        this.renderContext();
        this.changed();
        // The focus goes to the next key's remove button, else to Add context key.
        const rows = p.context.querySelectorAll<HTMLElement>(".ctx-row button");
        (rows[Math.min(i, rows.length - 1)] ?? p.addContext).focus();
      });
      // The value of the key just named or added takes the focus, unless the person moved it elsewhere.
      if (focusKey === k) queueMicrotask(() => {
        const a = document.activeElement;
        if (!a || a === document.body || p.context.contains(a)) val.focus();
      });
      return h("div", { class: "ctx-row" }, key, val, rm);
    }));
  }

  private renderMissing(): void {
    const keys = (this.current?.missingContext ?? []).filter((k) => !(k in this.state.request.context));
    // A read-only playground shows the context keys only when there are some to show.
    const box = this.p.context.parentElement;
    if (box) box.hidden = !this.editable && keys.length === 0 && Object.keys(this.state.request.context).length === 0;
    this.p.missing.replaceChildren(...(keys.length ? [h("span", {}, "The policies read keys the request lacks: ")] : []), ...keys.map((k) => {
      if (!this.editable) return h("code", {}, k);
      const b = h("button", { type: "button", class: "add-key", "data-key": k }, "Add " + k);
      b.addEventListener("click", () => {
        this.state.request.context[k] = "";
        this.renderContext(k);
        this.renderMissing();
        this.changed();
      });
      return b;
    }));
  }

  /** renderDerived lists the keys the engine derived (AWS sends them) and what from, each with
   * Override (copy it into the context to edit) and Remove (mark it absent). */
  private renderDerived(): void {
    const ds = (this.current?.derived ?? []).filter((d) => !(d.key in this.state.request.context));
    this.p.derived.replaceChildren(...(ds.length ? [h("span", {}, "Derived, as AWS sends them: ")] : []), ...ds.map((d) => {
      const vs = d.value ?? [];
      const value: string | string[] = vs.length === 1 ? vs[0] ?? "" : vs;
      let over: HTMLElement | null = null, rm: HTMLElement | null = null;
      if (this.editable) {
        over = h("button", { type: "button", class: "override", "aria-label": "Override " + d.key }, "Override");
        rm = h("button", { type: "button", class: "remove", "aria-label": "Remove " + d.key + " (mark it absent)" }, "Remove");
        over.addEventListener("click", () => {
          this.state.request.context[d.key] = value;
          this.renderContext(d.key);
          this.renderDerived();
          this.changed();
        });
        rm.addEventListener("click", () => {
          this.state.request.context[d.key] = null;
          this.renderContext();
          this.renderDerived();
          this.changed();
        });
      }
      return h("span", { class: "derived-key", "data-key": d.key, title: d.why },
        h("code", {}, d.key), " = " + ctxValue(value) + " ", h("span", { class: "from" }, "(" + d.why + ")"), over, rm);
    }));
  }

  private setupRequest(): void {
    const p = this.p;
    for (const [field, input] of [["principal", p.principal], ["action", p.action], ["resource", p.resource]] as const) {
      input.addEventListener("input", () => {
        this.state.request[field] = input.value;
        if (field === "action") this.renderAccessLevel();
        this.changed();
      });
    }
    p.addContext.addEventListener("click", () => {
      let k = "";
      for (let n = 1; k === "" || k in this.state.request.context; n++) k = n === 1 ? "aws:" : "aws:" + n;
      this.state.request.context[k] = "";
      this.renderContext();
      this.changed();
      (p.context.lastElementChild?.firstElementChild as HTMLElement | null)?.focus();
    });
    p.form.addEventListener("submit", (e) => e.preventDefault());
  }

  // --- the answer ----------------------------------------------------------------------

  private renderAnswer(a: Answer): void {
    const p = this.p;
    p.decision.setAttribute("data-decision", a.decision);
    p.decision.textContent = decisionText[a.decision];
    p.reason.textContent = a.reason;
    const step = a.chain?.[shownStep(a, { a: null, b: null })];
    p.summary.dataset.decision = a.decision;
    p.summary.textContent = `Decision: ${decisionText[a.decision]}` + (step?.row && a.decision !== "Refused" ? ` · row ${step.row}, ${step.table === "intersection" ? "both must allow" : "either may allow"}` : "");
    const names = this.state.policies.map((t) => t.name);
    const select = (tab: number, start: number, end: number) => {
      if (tab !== this.active) this.select(tab);
      this.withEditor((e) => e.select(start, end));
    };
    const labels = this.state.policies.map((t) => this.tabLabel(t));
    p.refused.replaceChildren(...refusals(a, labels, select));
    p.refused.hidden = p.refused.childElementCount === 0;
    p.problems.replaceChildren(...problems(a, labels, select));
    p.problems.hidden = p.problems.childElementCount === 0;
    this.renderFieldFindings(a);
    p.verdicts.replaceChildren(verdictTable(a));
    this.renderCombos();
    p.explain.replaceChildren(explanation(a, names, select));
    this.renderTabs();
    this.renderFindings();
    this.renderMissing();
    this.renderDerived();
  }

  /** renderFailure says the engine failed in plain words; when it could not be loaded at all
   * (a 404, WebAssembly blocked), Retry starts it again. */
  private renderFailure(r: ErrorReply): void {
    const p = this.p;
    p.decision.removeAttribute("data-decision");
    p.summary.textContent = "No decision: the engine failed";
    if (r.code !== "unavailable") {
      p.decision.textContent = "Error: " + r.error;
      return;
    }
    const retry = h("button", { type: "button", class: "retry" }, "Retry");
    retry.addEventListener("click", () => {
      this.engine.restart();
      p.decision.textContent = "Loading the engine…";
      this.loadCatalogue();
      this.changed();
    });
    p.decision.replaceChildren(h("span", { class: "engine-failed" }, "The playground's engine could not be loaded: " + r.error + ". Check the connection, then "), retry);
    retry.focus();
  }

  private renderCombos(): void {
    if (!this.current || !this.catalogue) return;
    const again = refocus(this.p.combos);
    this.p.combos.replaceChildren(comboTable(this.catalogue.tables ?? [], this.current, this.flip, (f) => {
      this.flip = f;
      this.renderCombos();
    }));
    again();
  }

  /** updateMatrix redraws the access matrix for the latest state. */
  private readonly updateMatrix = latest(async () => {
    const m = await this.engine.call("matrix", ...engineArgs(this.state));
    if (this.destroyed) return false;
    const again = refocus(this.p.matrix);
    this.p.matrix.replaceChildren(failed(m) ? h("p", {}, "Error: " + m.error) : this.matrixTable(m));
    again();
    return true;
  }, () => {
    this.root.dataset.matrix = String(++this.matrixCount);
    this.emit("matrix", this.matrixCount);
  });

  private matrixTable(m: MatrixAnswer): HTMLElement {
    const load = this.editable ? (action: string, resource: string) => {
      this.state.request.action = action;
      this.state.request.resource = resource;
      this.renderRequest();
      this.changed();
      this.p.decision.scrollIntoView({ block: "nearest" });
    } : null;
    return matrixTable(m, this.state.request, load);
  }

  /** evaluate asks for the latest state's answer and shows it, then the matrix follows. */
  private readonly evaluate = latest(async () => {
    const t0 = performance.now();
    const a = await this.engine.call("evaluate", ...engineArgs(this.state));
    if (this.destroyed) return false;
    this.timings.push(performance.now() - t0);
    this.flip = { a: null, b: null };
    if (failed(a)) {
      this.renderFailure(a);
    } else {
      this.current = a;
      this.renderAnswer(a);
    }
    this.root.dataset.evaluations = String(++this.evaluations);
    this.emit("evaluated", { answer: failed(a) ? null : a, failure: failed(a) ? a.error : "", count: this.evaluations });
    return true;
  }, () => {
    if (this.features.matrix) void this.updateMatrix();
    if (this.features.checks && this.editable) void this.updateChecks();
  });

  /** updateChecks decides every pinned request against the latest policies and shows each
   * check passing or failing. */
  private readonly updateChecks = latest(async () => {
    const list = this.state.assertions ?? [];
    const got: string[] = [];
    for (const a of list) {
      const r = await this.engine.call("evaluate", ...engineArgs({ ...this.state, request: a.request }));
      if (this.destroyed) return false;
      got.push(failed(r) ? "error: " + r.error : r.decision);
    }
    this.renderChecks(list, got);
    return true;
  }, () => {
    this.root.dataset.checks = String(++this.checkCount);
  });

  private checkCount = 0;

  private renderChecks(list: Assertion[], got: string[]): void {
    const again = refocus(this.p.checks);
    this.p.checks.replaceChildren(...list.map((a, i) => {
      const pass = got[i] === a.want;
      const want = h("select", { "aria-label": `Check ${i + 1}: expected decision`, "data-check": i, class: "check-want", disabled: !this.editable },
        (["Allow", "ExplicitDeny", "ImplicitDeny"] as const).map((d) => h("option", { value: d, selected: a.want === d }, decisionText[d])));
      want.addEventListener("change", () => {
        const c = this.state.assertions?.[i];
        if (c) c.want = want.value;
        this.changed();
      });
      const load = h("button", { type: "button", class: "linkish check-load", "data-check": i },
        `${short(a.request.principal)} · ${a.request.action.replace(/^secretsmanager:/, "")} · ${short(a.request.resource)}`);
      load.addEventListener("click", () => {
        this.state.request = JSON.parse(JSON.stringify(a.request)) as State["request"];
        this.renderRequest();
        this.changed();
      });
      const rm = this.editable ? h("button", { type: "button", class: "check-remove", "data-check": i, "aria-label": `Remove check ${i + 1}` }, "×") : null;
      rm?.addEventListener("click", () => {
        const before = this.snapshot();
        this.state.assertions?.splice(i, 1);
        if (this.state.assertions?.length === 0) delete this.state.assertions;
        this.changed();
        this.offerUndo(`Removed check ${i + 1}.`, before);
        this.p.pin.focus();
      });
      return h("li", { class: "check", "data-check": i, "data-pass": String(pass) },
        h("span", { class: pass ? "ok" : "no" }, pass ? "✓ passes" : "✗ fails"), " ", load, " expects ", want,
        pass ? "" : `, gets ${decisionText[got[i] as Decision] ?? got[i] ?? "…"}`, " ", rm);
    }));
    again();
  }
}

/**
 * latest makes job a task where the latest request wins: a call while the job runs asks for
 * one more run after it, however many calls came; after runs once the runs caught up. A job
 * returning false stops (its playground was destroyed).
 */
function latest(job: () => Promise<boolean>, after: () => void): () => Promise<void> {
  let running = false, pending = false;
  return async () => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    busy(+1);
    try {
      do {
        pending = false;
        if (!(await job())) return;
      } while (pending);
      running = false;
      after();
    } finally {
      busy(-1);
    }
  };
}

/**
 * busy counts the page's evaluations and matrices in flight and marks the document while any
 * is (data-busy on <html>), so that a test or a script can wait for the page to catch up
 * without guessing how long the engine takes.
 */
let inflight = 0;
function busy(d: number): void {
  inflight += d;
  if (inflight > 0) document.documentElement.dataset.busy = "1";
  else delete document.documentElement.dataset.busy;
}

const severityText: Record<FindingAnswer["severity"], string> = {
  error: "error", security_warning: "security warning", warning: "warning", suggestion: "suggestion",
};

/**
 * refocus remembers which control inside box has the focus, by what it does (its data-
 * attributes and class), and returns a function that focuses the same control once box was
 * redrawn: focus never drops to the page body when a redraw replaces the element.
 */
function refocus(box: HTMLElement): () => void {
  const a = document.activeElement;
  if (!(a instanceof HTMLElement) || !box.contains(a)) return () => {};
  // What a control does, not what it shows: a matrix cell's decision may change under it.
  const attrs = [...a.attributes].filter((x) => (x.name.startsWith("data-") && x.name !== "data-decision") || x.name === "class" || x.name === "id");
  const sel = a.tagName.toLowerCase() + attrs.map((x) => `[${x.name}="${CSS.escape(x.value)}"]`).join("");
  return () => {
    // A control that is gone or now disabled hands the focus to the first pressed one.
    const next = box.querySelector<HTMLElement>(sel + ":not(:disabled)") ?? box.querySelector<HTMLElement>('[aria-pressed="true"], button:not(:disabled)');
    next?.focus();
  };
}

/** suggested reads a finding's suggestion as the text it proposes (suggestions are JSON values). */
function suggested(s: string | undefined): string {
  if (!s) return "";
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === "string" ? v : s;
  } catch {
    return s;
  }
}

/** short is the end of an ARN a person tells it by: user/alice, prod/db-AbCdEf. */
function short(arn: string): string {
  const i = arn.lastIndexOf(":");
  return i >= 0 && i < arn.length - 1 ? arn.slice(i + 1) : arn;
}

function ctxValue(v: ContextValue): string {
  if (v === null) return "";
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
