// World mode: act as any identity of a world, call the in-memory Secrets Manager (Go, in the
// page's one Web Worker), and watch the answer and why. The state is a world, a seed and a
// timeline of steps; the engine replays it and answers every step, so undo is a shorter
// timeline and a link is the state itself. The page switches between policy mode and world
// mode and keeps both states.

import "./world.css";
import { engine, failed, Answer, Decision, ErrorReply, Finding } from "../engine";
import type { Editor } from "../editor";
import { byId, h } from "../dom";
import { verdictTable, comboTable, explanation, decisionText, message, Flip } from "../render";
import { Offsets } from "../offsets";
import type { Completion } from "@codemirror/autocomplete";
import type { AccessAnswer, AccessQuery, CallerSpec, Identity, NetworkSpec, Step, StepAnswer, WorldAnswer, WorldFile, WorldState } from "./types";
import { decodeWorldShare, defaultWorldState, worldCallArgs, encodeWorldShare, isWorldState, loadWorld, normalizeWorld, saveWorld } from "./state";
import { PolicyRef, browse } from "./browse";
import { CallForm, InputError, checkInput } from "./form";
import type { CatalogueFile } from "../engine_types";

/** inputTemplate is the body a call of an operation starts from, for a secret. */
const inputTemplate: Record<string, (id: string) => unknown> = {
  CreateSecret: () => ({ Name: "new/secret", SecretString: "example-value" }),
  BatchGetSecretValue: (id) => ({ SecretIdList: [id] }),
  PutSecretValue: (id) => ({ SecretId: id, SecretString: "new-value" }),
  UpdateSecret: (id) => ({ SecretId: id, Description: "changed" }),
  UpdateSecretVersionStage: (id) => ({ SecretId: id, VersionStage: "MYLABEL" }),
  DeleteSecret: (id) => ({ SecretId: id, RecoveryWindowInDays: 30 }),
  TagResource: (id) => ({ SecretId: id, Tags: [{ Key: "team", Value: "payments" }] }),
  UntagResource: (id) => ({ SecretId: id, TagKeys: ["team"] }),
  GetRandomPassword: () => ({ PasswordLength: 20 }),
  ListSecrets: () => ({}),
  PutResourcePolicy: (id) => ({ SecretId: id, BlockPublicPolicy: true, ResourcePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" }] }) }),
  ValidateResourcePolicy: (id) => ({ SecretId: id, ResourcePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "secretsmanager:GetSecretValue", Resource: "*" }] }) }),
  RotateSecret: (id) => ({ SecretId: id, RotationRules: { AutomaticallyAfterDays: 30 } }),
  ReplicateSecretToRegions: (id) => ({ SecretId: id, AddReplicaRegions: [{ Region: "us-west-2" }] }),
  RemoveRegionsFromReplication: (id) => ({ SecretId: id, RemoveReplicaRegions: ["us-west-2"] }),
};

/** kmsDecrypt is the matrix's row for the KMS step of reading a value. */
const kmsDecrypt = "kms:Decrypt";

const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

/** WorldHooks are what the browser tests and the benchmark call. */
interface WorldHooks {
  state(): WorldState;
  answer(): WorldAnswer | null;
  setState(s: WorldState): Promise<void>;
  call(step: Step): Promise<StepAnswer | null>;
  access(q: AccessQuery): Promise<{ answer: AccessAnswer | ErrorReply; ms: number }>;
  /** checkInput is the call form's check of a body, for the test that holds it to the Go one. */
  checkInput(op: string, body: string): InputError[] | null;
  timings: number[];
}

declare global {
  interface Window {
    iamplayWorld?: WorldHooks;
    /** performance.now() when world mode showed its first answer. */
    iamplayWorldFirst?: number;
  }
}

/** setupWorldMode wires the page's mode switch; world mode is built on first use. For a world
 * link it opens world mode and resolves once its first answer is shown (or has failed). */
export async function setupWorldMode(): Promise<void> {
  const policyBtn = byId("mode-policy"), worldBtn = byId("mode-world");
  const policyMain = byId("playground"), worldMain = byId("world");
  let mode: WorldMode | null = null;
  const show = async (world: boolean, from?: WorldState | null) => {
    policyBtn.setAttribute("aria-pressed", String(!world));
    worldBtn.setAttribute("aria-pressed", String(world));
    policyMain.hidden = world;
    worldMain.hidden = !world;
    document.body.dataset.mode = world ? "world" : "policy";
    if (world && !mode) {
      mode = new WorldMode(worldMain, from ?? loadWorld() ?? defaultWorldState());
      await mode.first;
    } else if (world && from && mode) await mode.setState(from);
  };
  policyBtn.addEventListener("click", () => void show(false));
  worldBtn.addEventListener("click", () => void show(true));
  const shared = await decodeWorldShare(location.hash);
  if (shared) await show(true, shared);
  window.addEventListener("hashchange", async () => {
    const s = await decodeWorldShare(location.hash);
    if (s) await show(true, s);
  });
}

class WorldMode {
  private state: WorldState;
  private answer: WorldAnswer | null = null;
  private runs = 0;
  private shown = 0;
  private timings: number[] = [];
  private catalogue: CatalogueFile | null = null;
  private editor: Editor | null = null;
  private editing: PolicyRef | null = null;
  private editTimer = 0;
  private saveTimer = 0;
  private els: Record<string, HTMLElement> = {};
  private form: CallForm | null = null;
  /** flips are the what-ifs picked in each explanation's combination table. */
  private flips: Flip[] = [];
  /** filledFor is the secret the body was last filled for ("" before the world is known). */
  private filledFor: string | null = null;
  /** first settles when the first run has shown its answer or its failure. */
  readonly first: Promise<void>;

  constructor(private root: HTMLElement, first: WorldState) {
    this.state = normalizeWorld(first);
    this.build();
    void engine().catalogue().then((c) => {
      if (!failed(c)) {
        this.catalogue = c;
        this.fillOperations();
      }
    });
    this.first = this.run();
    window.iamplayWorld = {
      state: () => this.state,
      answer: () => this.answer,
      setState: (s) => this.setState(s),
      call: async (step) => {
        this.state.steps.push(step);
        delete this.state.at;
        await this.run();
        return this.answer?.steps[this.answer.steps.length - 1] ?? null;
      },
      access: async (q) => {
        const t0 = performance.now();
        const { result } = await engine().raw("access", JSON.stringify(this.state), JSON.stringify(q));
        return { answer: JSON.parse(result) as AccessAnswer | ErrorReply, ms: performance.now() - t0 };
      },
      checkInput: (op, body) => {
        const shape = this.catalogue?.shapes?.find((s) => s.operation === op);
        return shape ? checkInput(shape, body) : null;
      },
      timings: this.timings,
    };
  }

  async setState(s: WorldState): Promise<void> {
    this.state = normalizeWorld(s);
    (this.e("w-values") as HTMLInputElement).checked = !!this.state.values;
    await this.run();
  }

  // ---- the page ----

  private el<K extends keyof HTMLElementTagNameMap>(id: string, tag: K, attrs: Record<string, string | boolean | number | undefined> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
    const e = h(tag, { id, ...attrs }, ...children);
    this.els[id] = e;
    return e;
  }

  private build(): void {
    const field = (label: string, input: HTMLElement) => h("label", { class: "wfield" }, h("span", {}, label), input);
    const callerSel = this.el("w-caller", "select");
    const regionSel = this.el("w-region", "select", {}, ...regions.map((r) => h("option", { value: r }, r)));
    const opSel = this.el("w-op", "select");
    const secretSel = this.el("w-secret", "select");
    const body = this.el("w-input", "textarea", { rows: 6, spellcheck: "false", "aria-describedby": "w-input-error" });
    const values = this.el("w-values", "input", { type: "checkbox" });
    values.addEventListener("change", () => {
      this.state.values = (values as HTMLInputElement).checked || undefined;
      void this.run();
    });
    const tools = h("div", { class: "tools", role: "toolbar", "aria-label": "World tools" },
      this.button("w-share", "Share link", () => void this.share()),
      this.button("w-download", "Download world file", () => this.download()),
      h("label", { class: "button", for: "w-open" }, "Open world file"),
      this.el("w-open", "input", { type: "file", accept: "application/json,.json", class: "visually-hidden" }),
      this.button("w-reset", "Reset world", () => void this.setState(defaultWorldState())),
      h("label", { class: "wcheck" }, values, " Show secret values"),
      h("label", { class: "wcheck" }, this.el("w-share-values", "input", { type: "checkbox" }), " Put values in the link"));
    this.e("w-open").addEventListener("change", () => void this.open());
    const caller = h("section", { class: "wcaller", "aria-labelledby": "w-caller-h" },
      h("h2", { id: "w-caller-h" }, "Who calls, from where"),
      field("Caller", callerSel),
      h("div", { class: "wsession", id: "w-session-fields", hidden: true },
        field("Session name", this.el("w-session", "input", { value: "app" })),
        field("Assumed by (AssumeRole)", this.el("w-assumed-by", "select")),
        field("Session policy (optional)", this.el("w-session-policy", "textarea", { rows: 3, spellcheck: "false" })),
        field("Session tags (key=value, one a line; AssumeRole then needs sts:TagSession)", this.el("w-session-tags", "textarea", { rows: 2, spellcheck: "false" }))),
      field("Region", regionSel),
      field("Source IP", this.el("w-ip", "input", { value: "203.0.113.10" })),
      field("VPC endpoint", this.el("w-vpce", "input", { placeholder: "vpce-..." })),
      h("label", { class: "wcheck" }, this.el("w-tls", "input", { type: "checkbox", checked: true }), " TLS"));
    const call = h("section", { class: "wcall", "aria-labelledby": "w-call-h" },
      h("h2", { id: "w-call-h" }, "Call Secrets Manager"),
      field("Operation", opSel), field("Secret", secretSel),
      this.el("w-form", "div"),
      field("Request body (JSON)", body),
      h("p", { id: "w-input-error", class: "werror", role: "status" }),
      h("div", { class: "wrow" }, this.button("w-call", "Call", () => void this.callFromForm()),
        field("Days", this.el("w-days", "input", { type: "number", min: 1, value: 31 })),
        this.button("w-advance", "Advance the clock", () => void this.advance())));
    callerSel.addEventListener("change", () => this.callerChanged());
    opSel.addEventListener("change", () => this.fillBody());
    secretSel.addEventListener("change", () => this.fillBody());
    body.addEventListener("input", () => this.checkBody());
    this.form = new CallForm(this.e("w-form"), (b) => {
      (this.e("w-input") as HTMLTextAreaElement).value = JSON.stringify(b, null, 2);
      this.checkBody();
    });
    const answer = h("section", { class: "wanswer", id: "w-answer", "aria-labelledby": "w-answer-h", "aria-live": "polite" },
      h("h2", { id: "w-answer-h" }, "Answer"), this.el("w-answer-body", "div"));
    const timeline = h("section", { class: "wtimeline", "aria-labelledby": "w-timeline-h" },
      h("h2", { id: "w-timeline-h" }, "Timeline"),
      h("p", { class: "wclock" }, "World clock: ", this.el("w-clock", "span")),
      this.el("w-timeline", "ol"),
      h("div", { class: "wrow" }, this.button("w-undo", "Undo the last step", () => void this.truncate(this.state.steps.length - 1)),
        this.button("w-world-start", "Show the world before any step", () => void this.show(-1))));
    const world = h("section", { class: "wworld", "aria-labelledby": "w-world-h" },
      h("h2", { id: "w-world-h" }, "The world"),
      this.el("w-findings", "ul", { class: "findings" }),
      this.button("w-edit-file", "Edit the world file (shows values)", () => void this.edit({ path: "", kind: "", label: "the world file" })),
      this.el("w-browse", "div"));
    const editor = this.el("w-editor-panel", "section", { class: "weditor", "aria-labelledby": "w-editor-h", hidden: true },
      h("h2", { id: "w-editor-h" }, "Editing ", this.el("w-editing", "span")),
      h("p", { class: "wnote" }, "Every change that parses is applied to the world as a step of the timeline."),
      this.el("w-editor", "div", { class: "editor" }),
      this.el("w-editor-findings", "ul", { class: "findings" }),
      this.button("w-editor-close", "Close the editor", () => this.closeEditor()));
    const access = h("section", { class: "waccess", "aria-labelledby": "w-access-h" },
      h("h2", { id: "w-access-h" }, "Access matrix for the caller"),
      this.el("w-matrix", "div", { class: "wmatrix" }),
      h("h2", { id: "w-who-h" }, "Who can read this secret?"),
      h("div", { class: "wrow" }, field("Secret", this.el("w-who-secret", "select")), field("Action", this.el("w-who-action", "select"))),
      this.el("w-who", "div"));
    this.e("w-who-secret").addEventListener("change", () => void this.who());
    this.e("w-who-action").addEventListener("change", () => void this.who());
        this.root.append(h("div", { class: "worldmode" }, tools, caller, call, answer, timeline, world, editor, access));
    for (const id of ["w-session", "w-session-policy", "w-session-tags", "w-ip", "w-vpce", "w-tls", "w-region", "w-assumed-by"]) {
      this.e(id).addEventListener("change", () => void this.matrix());
    }
  }

  /** e is the element made with an id. */
  private e(id: string): HTMLElement {
    const x = this.els[id] ?? this.root.querySelector<HTMLElement>("#" + id);
    if (!x) throw new Error("world mode has no #" + id);
    return x;
  }

  private button(id: string, text: string, on: () => void): HTMLButtonElement {
    const b = this.el(id, "button", { type: "button" }, text);
    b.addEventListener("click", on);
    return b;
  }

  private value(id: string): string {
    return (this.e(id) as HTMLInputElement).value;
  }

  // ---- running the state ----

  /** run replays the state and shows the answer; the latest run wins. */
  async run(): Promise<void> {
    const n = ++this.runs;
    const t0 = performance.now();
    const { result } = await engine().raw("world", ...worldCallArgs(this.state));
    if (n !== this.runs) return;
    this.timings.push(performance.now() - t0);
    let a: WorldAnswer | ErrorReply;
    try {
      a = JSON.parse(result) as WorldAnswer | ErrorReply;
    } catch (e) {
      a = { error: "the engine answered with invalid JSON: " + String(e), code: "internal" };
    }
    if ("error" in a) {
      this.e("w-answer-body").replaceChildren(h("p", { class: "werror", "data-error": a.code }, a.error));
      return;
    }
    this.answer = a;
    this.render(a);
    this.shown++;
    if (this.shown === 1) window.iamplayWorldFirst = performance.now();
    document.body.dataset.worldRuns = String(this.shown);
    clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => saveWorld(this.state), 300);
  }

  private render(a: WorldAnswer): void {
    this.fillCallers(a.identities);
    this.fillSecrets(a);
    this.e("w-clock").textContent = a.clock;
    this.renderAnswer(a);
    this.renderTimeline(a);
    this.e("w-findings").replaceChildren(...a.findings.map((f) => h("li", { "data-severity": f.severity }, `${f.path} ${f.range.start.line}:${f.range.start.column}: `, message(f.message))));
    const atEnd = a.at === a.steps.length - 1;
    this.e("w-browse").replaceChildren(browse(a.view, atEnd ? (p) => void this.edit(p) : null));
    (this.e("w-edit-file") as HTMLButtonElement).disabled = !atEnd;
    void this.matrix();
    void this.who();
  }

  private renderAnswer(a: WorldAnswer): void {
    const out = this.e("w-answer-body");
    this.flips = [];
    if (a.at < 0) {
      out.replaceChildren(h("p", {}, "The world before any step. Make a call."));
      return;
    }
    const s = a.steps[a.at];
    if (!s) return;
    const parts: (Node | string)[] = [h("p", { class: "wstep" }, `Step ${a.at + 1}: ${this.describe(this.state.steps[a.at])}`)];
    if (s.error) {
      parts.push(h("p", { class: "werror", id: "w-error", "data-error": s.error.__type }, h("strong", {}, s.error.__type), ": ", s.error.message));
    } else {
      parts.push(h("p", { class: "wok", id: "w-ok" }, "Succeeded."));
    }
    if (s.output !== undefined && s.output !== null) parts.push(h("pre", { id: "w-output", class: "woutput" }, JSON.stringify(s.output, null, 2)));
    if (s.findings?.length) parts.push(h("ul", { class: "findings" }, s.findings.map((f) => h("li", { "data-severity": f.severity }, `${f.path}: `, message(f.message)))));
    if (s.policy) parts.push(this.policyFindings(s.policy, a.at));
    if (s.rotations?.length) {
      parts.push(h("ul", { class: "wrotations", id: "w-rotations" }, s.rotations.map((r) =>
        h("li", { "data-ok": String(r.ok) }, `Rotation of ${short(r.secret)} at ${r.at}: ${r.ok ? "completed" : "failed: " + (r.error ?? "")}`))));
    }
    if (s.checks?.length) {
      parts.push(h("table", { class: "wchecks" }, h("caption", {}, "Authorization checks the call made"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Action"), h("th", { scope: "col" }, "Resource"), h("th", { scope: "col" }, "Decision"))),
        h("tbody", {}, s.checks.map((c) => h("tr", {}, h("td", {}, c.action), h("td", {}, c.resource), h("td", { "data-decision": c.decision }, decisionText[c.decision]))))));
    }
    const ex = a.explanation, sent = a.explanations ?? [];
    if (ex && sent.length > 1 && s.checks?.length === sent.length) {
      // Every check side by side (the secret's, the KMS key's): the deciding one is sent once,
      // as the explanation, and its entry in the list is null.
      const deciding = sent.indexOf(null);
      const all = sent.map((x) => x ?? ex);
      parts.push(h("div", { class: "wexplain-side", id: "w-explanations" }, all.map((x, i) => {
        const c = s.checks?.[i];
        return this.explainPanel(x, i, i === deciding, `${c?.action ?? ""} on ${short(c?.resource ?? "")}`);
      })));
    } else if (ex) {
      parts.push(this.explainPanel(ex, 0, true, ""));
    }
    out.replaceChildren(...parts);
  }

  /** explainPanel explains one check: its decision and reason, every layer's verdict, the
   * chain of combinations with the lit row of the table that governs it (policy mode's
   * rendering), every statement and condition. The deciding check's panel is #w-explanation. */
  private explainPanel(ex: Answer, i: number, deciding: boolean, title: string): HTMLElement {
    const flip = this.flips[i] ?? { a: null, b: null };
    const combos = h("div", { class: "wcombos" });
    const draw = () => combos.replaceChildren(comboTable(this.catalogue?.tables ?? [], ex, this.flips[i] ?? flip, (f) => {
      this.flips[i] = f;
      draw();
    }));
    draw();
    return h("div", { class: "wexplain", id: deciding ? "w-explanation" : undefined, "data-deciding": String(deciding) },
      title ? h("h3", {}, title, deciding ? h("span", { class: "wnote" }, " (decided the call)") : null) : null,
      h("p", { class: "decision", "data-decision": ex.decision }, decisionText[ex.decision]),
      h("p", { class: "reason" }, message(ex.reason)),
      verdictTable(ex), combos,
      explanation(ex, [], () => undefined));
  }

  /** policyFindings lists what an answer says about a policy (a public statement, say), each
   * fix one click away: the fixed policy is called again as the step was. */
  private policyFindings(p: { source: string; findings: Finding[] }, step: number): HTMLElement {
    return h("ul", { class: "findings", id: "w-policy-findings" }, p.findings.map((f) => {
      const fix = f.suggestion ? h("button", { type: "button", class: "wfix" }, "Fix and call again") : null;
      fix?.addEventListener("click", () => {
        const off = new Offsets(p.source);
        const fixed = p.source.slice(0, off.index(f.range.start.offset)) + (f.suggestion ?? "") + p.source.slice(off.index(f.range.end.offset));
        const st = this.state.steps[step];
        if (!st?.call) return;
        const call = structuredClone(st.call);
        call.input = { ...(call.input as Record<string, unknown>), ResourcePolicy: fixed };
        (this.e("w-input") as HTMLTextAreaElement).value = JSON.stringify(call.input, null, 2);
        void this.append({ call });
      });
      return h("li", { "data-severity": f.severity, "data-code": f.code }, `${f.path}: `, message(f.message),
        f.suggestion ? h("pre", { class: "wsuggestion" }, f.suggestion) : null, fix);
    }));
  }

  private describe(st: Step | undefined): string {
    if (!st) return "";
    if (st.call) return `${short(st.call.caller.principal)}${st.call.caller.principal.includes(":role/") ? " (session " + (st.call.caller.session || "playground") + (st.call.caller.tags ? ", tags " + st.call.caller.tags.map((t) => t.key + "=" + t.value).join(" ") : "") + ")" : ""} calls ${st.call.operation} in ${st.call.region}`;
    if (st.advance) return `the clock advances ${st.advance.days ?? 0} days${st.advance.hours ? " " + st.advance.hours + " hours" : ""}`;
    if (st.edit) return `edit of ${st.edit.path || "the world file"}`;
    return "?";
  }

  private renderTimeline(a: WorldAnswer): void {
    const items = a.steps.map((s, i) => {
      const show = h("button", { type: "button", class: "linkish", "aria-current": i === a.at ? "step" : undefined },
        `${i + 1}. ${this.describe(this.state.steps[i])}: ${s.ok ? "OK" : s.error?.__type ?? "failed"}`);
      show.addEventListener("click", () => void this.show(i));
      const rerun = h("button", { type: "button", "aria-label": `Re-run: step ${i + 1}` }, "Re-run");
      rerun.addEventListener("click", () => {
        const st = this.state.steps[i];
        if (st) void this.append(structuredClone(st));
      });
      const undo = h("button", { type: "button", "aria-label": `Undo to here: step ${i + 1}` }, "Undo to here");
      undo.addEventListener("click", () => void this.truncate(i + 1));
      return h("li", { "data-ok": String(s.ok), "data-kind": s.kind }, show, " ", rerun, " ", undo);
    });
    this.e("w-timeline").replaceChildren(...items);
    (this.e("w-undo") as HTMLButtonElement).disabled = a.steps.length === 0;
  }

  private async show(i: number): Promise<void> {
    this.state.at = i;
    if (i === this.state.steps.length - 1) delete this.state.at;
    await this.run();
  }

  private async truncate(n: number): Promise<void> {
    this.state.steps = this.state.steps.slice(0, Math.max(0, n));
    delete this.state.at;
    await this.run();
  }

  private async append(st: Step): Promise<void> {
    this.state.steps.push(st);
    delete this.state.at;
    await this.run();
  }

  // ---- the caller and the call form ----

  private fillCallers(ids: Identity[]): void {
    const sel = this.e("w-caller") as HTMLSelectElement, by = this.e("w-assumed-by") as HTMLSelectElement;
    const key = ids.map((i) => i.principal).join(" ");
    if (sel.dataset.key === key) return;
    const cur = sel.value, curBy = by.value;
    sel.replaceChildren(...ids.map((i) => h("option", { value: i.principal }, `${i.kind === "root" ? "root user" : i.kind + " " + i.name} (${i.account})`)));
    by.replaceChildren(h("option", { value: "" }, "(made without AssumeRole)"),
      ...ids.filter((i) => i.kind === "user").map((i) => h("option", { value: i.principal }, `user ${i.name} (${i.account})`)));
    sel.dataset.key = key;
    if (ids.some((i) => i.principal === cur)) sel.value = cur;
    by.value = curBy;
    this.callerChanged();
  }

  private callerChanged(): void {
    this.e("w-session-fields").hidden = !this.value("w-caller").includes(":role/");
    void this.matrix();
  }

  private callerSpec(): CallerSpec {
    const c: CallerSpec = { principal: this.value("w-caller") };
    if (c.principal.includes(":role/")) {
      c.session = this.value("w-session") || "app";
      const p = this.value("w-session-policy").trim();
      if (p) c.sessionPolicy = p;
      if (this.value("w-assumed-by")) c.assumedBy = this.value("w-assumed-by");
      const tags = sessionTags(this.value("w-session-tags"));
      if (tags) c.tags = tags;
    }
    return c;
  }

  private network(): NetworkSpec {
    const n: NetworkSpec = { tls: (this.e("w-tls") as HTMLInputElement).checked };
    const vpce = this.value("w-vpce").trim();
    if (vpce) n.vpce = vpce;
    else n.sourceIp = this.value("w-ip").trim();
    return n;
  }

  private fillOperations(): void {
    const ops = (this.catalogue?.actions ?? []).filter((a) => a.name.startsWith("secretsmanager:")).map((a) => a.name.slice("secretsmanager:".length));
    const sel = this.e("w-op") as HTMLSelectElement;
    sel.replaceChildren(...ops.map((o) => h("option", { value: o }, o)));
    sel.value = "GetSecretValue";
    const act = this.e("w-who-action") as HTMLSelectElement;
    act.replaceChildren(...ops.map((o) => h("option", { value: "secretsmanager:" + o }, o)));
    act.value = "secretsmanager:GetSecretValue";
    this.fillBody();
    void this.matrix();
  }

  private fillSecrets(a: WorldAnswer): void {
    for (const id of ["w-secret", "w-who-secret"]) {
      const sel = this.e(id) as HTMLSelectElement;
      const key = a.secrets.map((s) => s.arn).join(" ");
      if (sel.dataset.key === key) continue;
      const cur = sel.value;
      sel.replaceChildren(...a.secrets.map((s) => h("option", { value: s.arn }, `${s.name} (${s.account}, ${s.region})${s.deleted ? " scheduled for deletion" : ""}`)));
      sel.dataset.key = key;
      if (a.secrets.some((s) => s.arn === cur)) sel.value = cur;
      if (id === "w-secret" && (!this.value("w-input") || this.filledFor === "")) this.fillBody();
    }
  }

  private fillBody(): void {
    const op = this.value("w-op"), id = this.value("w-secret");
    const form = this.e("w-form");
    if (form.dataset.op !== op && this.catalogue) {
      this.form?.build(this.catalogue?.shapes?.find((s) => s.operation === op));
      form.dataset.op = op;
    }
    this.filledFor = id;
    const t = inputTemplate[op];
    (this.e("w-input") as HTMLTextAreaElement).value = JSON.stringify(t ? t(id) : { SecretId: id }, null, 2);
    const sec = this.answer?.secrets.find((s) => s.arn === id);
    if (sec) (this.e("w-region") as HTMLSelectElement).value = sec.region;
    this.checkBody();
  }

  /** checkBody tells whether the body is a JSON object, shows it in the form, and has the
   * engine check it as AWS checks a request before running it. */
  private checkBody(): unknown {
    let v: unknown, msg = "";
    try {
      v = JSON.parse(this.value("w-input") || "{}");
      if (typeof v !== "object" || v === null || Array.isArray(v)) msg = "The request body must be a JSON object.";
    } catch (e) {
      msg = "The request body is not JSON: " + String(e);
    }
    this.e("w-input-error").textContent = msg;
    (this.e("w-call") as HTMLButtonElement).disabled = msg !== "";
    (this.e("w-input") as HTMLTextAreaElement).setAttribute("aria-invalid", String(msg !== ""));
    if (msg) return undefined;
    this.form?.show(v as Record<string, unknown>);
    this.checkInput();
    return v;
  }

  /** checkInput shows what is wrong with the body, beside each member, as AWS would answer. */
  private checkInput(): void {
    const op = this.value("w-op"), text = this.value("w-input");
    const shape = this.catalogue?.shapes?.find((s) => s.operation === op);
    if (!shape) return;
    const errs = checkInput(shape, text);
    this.form?.check(errs);
    const body = errs.find((e) => !e.field);
    if (body) this.e("w-input-error").textContent = `${body.__type}: ${body.message}`;
    this.e("w-form").dataset.checked = op + " " + text; // for the tests: the check of this body is shown
  }

  private async callFromForm(): Promise<void> {
    const input = this.checkBody();
    if (input === undefined) return;
    await this.append({ call: { caller: this.callerSpec(), region: this.value("w-region"), network: this.network(), operation: this.value("w-op"), input } });
  }

  private async advance(): Promise<void> {
    const days = Math.floor(Number(this.value("w-days")));
    if (!(days > 0)) return;
    await this.append({ advance: { days } });
  }

  // ---- editing the world ----

  private async edit(p: PolicyRef): Promise<void> {
    if (p.path === "" && !this.state.values) {
      // The whole file holds the values: an edit of it without them would drop them.
      this.state.values = true;
      (this.e("w-values") as HTMLInputElement).checked = true;
      await this.run();
    }
    const view = this.answer?.view;
    if (!view) return;
    // The editor's code (CodeMirror) is evaluated when first needed, not before the first answer.
    const { Editor, completions } = await import("../editor");
    this.closeEditor();
    this.editing = p;
    this.e("w-editor-panel").hidden = false;
    this.e("w-editing").textContent = p.label;
    const host = this.e("w-editor");
    const fresh = h("div", {});
    host.replaceChildren(fresh);
    this.editor = new Editor(fresh, {
      changed: (text) => {
        clearTimeout(this.editTimer);
        this.editTimer = window.setTimeout(() => void this.edited(text), 300);
      },
      options: (): Completion[] => (this.catalogue ? completions(this.catalogue) : []),
    });
    const value = p.path === "" ? view : at(view, p.path);
    this.editor.load([JSON.stringify(value ?? {}, null, 2)], 0);
    void this.validate(this.editor.text(0));
    this.e("w-editor-panel").scrollIntoView({ block: "nearest" });
  }

  private closeEditor(): void {
    this.editor?.destroy();
    this.editor = null;
    this.editing = null;
    this.e("w-editor-panel").hidden = true;
  }

  private async validate(text: string): Promise<void> {
    // A policy is checked as its kind, the whole file as a world file (kind "world").
    const kind = this.editing?.path === "" ? "world" : this.editing?.kind;
    if (!kind || !this.editor) return;
    const { result } = await engine().raw("validate", text, kind);
    const r = JSON.parse(result) as { findings?: Finding[] } | ErrorReply;
    if ("error" in r || !this.editor) return;
    const fs = r.findings ?? [];
    this.editor.diagnostics(fs);
    this.e("w-editor-findings").replaceChildren(...fs.map((f) => h("li", { "data-severity": f.severity, "data-code": f.code }, `${f.range.start.line}:${f.range.start.column} `, message(f.message))));
  }

  private async edited(text: string): Promise<void> {
    const p = this.editing;
    if (!p) return;
    await this.validate(text);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return; // not JSON yet: the squiggles say where
    }
    const last = this.state.steps[this.state.steps.length - 1];
    if (last?.edit && last.edit.path === p.path) last.edit.value = value;
    else this.state.steps.push({ edit: { path: p.path, value } });
    delete this.state.at;
    await this.run();
  }

  // ---- the access matrix and who can read ----

  private async matrix(): Promise<void> {
    const a = this.answer, cat = this.catalogue;
    if (!a || !cat || !this.value("w-caller")) return;
    const actions = [...(cat.actions ?? []).filter((x) => x.name.startsWith("secretsmanager:")).map((x) => x.name), kmsDecrypt];
    const q: AccessQuery = { at: a.at, callers: [this.callerSpec()], actions, secrets: a.secrets.map((s) => s.arn), network: this.network() };
    const { result } = await engine().raw("access", JSON.stringify(this.state), JSON.stringify(q));
    const r = JSON.parse(result) as AccessAnswer | ErrorReply;
    if ("error" in r) return;
    if (r.errors[0]) {
      this.e("w-matrix").replaceChildren(h("p", { class: "werror" }, r.errors[0]));
      return;
    }
    const head = h("tr", {}, h("th", { scope: "col" }, "Action"), a.secrets.map((s) => h("th", { scope: "col" }, s.name)));
    const rows = actions.map((act, ai) => h("tr", { "data-action": act }, h("th", { scope: "row" }, act === kmsDecrypt ? "KMS Decrypt of the value" : act.slice("secretsmanager:".length)),
      a.secrets.map((s, si) => {
        const letter = r.grid[0]?.[si]?.[ai];
        if (letter === "N") return h("td", { "data-decision": "none" }, "n/a");
        const d = decisionOf(letter);
        const op = act === kmsDecrypt ? "GetSecretValue" : act.slice("secretsmanager:".length);
        const b = h("button", { type: "button", class: "cell", "data-decision": d, "aria-label": `${cellText[d]}: ${act} on ${s.name} (${decisionText[d]}), load this call` }, cellText[d]);
        b.addEventListener("click", () => this.load(op, s.arn));
        return h("td", {}, b);
      })));
    this.e("w-matrix").replaceChildren(h("table", { class: "matrix-table", id: "w-matrix-table" },
      h("caption", {}, `What ${short(r.callers[0] ?? "")} may do to each secret, now`), h("thead", {}, head), h("tbody", {}, rows)));
  }

  private load(op: string, secret: string): void {
    (this.e("w-op") as HTMLSelectElement).value = op;
    (this.e("w-secret") as HTMLSelectElement).value = secret;
    this.fillBody();
    this.e("w-call").focus();
  }

  private async who(): Promise<void> {
    const a = this.answer, secret = this.value("w-who-secret"), action = this.value("w-who-action");
    if (!a || !secret || !action) return;
    const callers = a.identities.map((i): CallerSpec => i.kind === "role" ? { principal: i.principal, session: "who" } : { principal: i.principal });
    const q: AccessQuery = { at: a.at, callers, actions: [action], secrets: [secret], network: this.network() };
    const { result } = await engine().raw("access", JSON.stringify(this.state), JSON.stringify(q));
    const r = JSON.parse(result) as AccessAnswer | ErrorReply;
    if ("error" in r) return;
    this.e("w-who").replaceChildren(h("table", { id: "w-who-table" },
      h("caption", { class: "visually-hidden" }, "Every identity's decision"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Identity"), h("th", { scope: "col" }, "Decision"))),
      h("tbody", {}, a.identities.map((id, i) => {
        const d = decisionOf(r.grid[i]?.[0]?.[0]);
        return h("tr", { "data-principal": id.principal }, h("td", {}, `${id.kind} ${id.name} (${id.account})`), h("td", { "data-decision": d }, decisionText[d]));
      }))));
  }

  // ---- share, files ----

  private async share(): Promise<void> {
    const frag = await encodeWorldShare(this.state, (this.e("w-share-values") as HTMLInputElement).checked);
    const url = location.origin + location.pathname + "#" + frag;
    history.replaceState(null, "", url);
    const out = byId<HTMLInputElement>("share-url");
    out.value = url;
    byId("share-out").hidden = false;
    byId("share-note").textContent = "The link holds the world and the timeline" + ((this.e("w-share-values") as HTMLInputElement).checked ? ", values included." : ", secret values left out.");
  }

  private download(): void {
    const view = this.answer?.view;
    if (!view) return;
    const blob = new Blob([JSON.stringify(view, null, 2) + "\n"], { type: "application/json" });
    const a = h("a", { href: URL.createObjectURL(blob), download: "iamplay-world.json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  private async open(): Promise<void> {
    const input = this.e("w-open") as HTMLInputElement;
    const f = input.files?.[0];
    if (!f) return;
    try {
      const v: unknown = JSON.parse(await f.text());
      if (isWorldState(v)) await this.setState(v);
      else await this.setState({ world: v as WorldFile, seed: 1, steps: [] });
    } catch (err) {
      this.e("w-answer-body").replaceChildren(h("p", { class: "werror" }, "Could not open " + f.name + ": " + String(err)));
    }
    input.value = "";
  }
}

const letterDecision: Record<string, Decision> = { A: "Allow", E: "ExplicitDeny", I: "ImplicitDeny", R: "Refused" };

/** decisionOf reads a letter of an AccessAnswer's grid. */
function decisionOf(letter: string | undefined): Decision {
  return letterDecision[letter ?? ""] ?? "ImplicitDeny";
}
const cellText: Record<string, string> = { Allow: "Allow", ExplicitDeny: "Deny", ImplicitDeny: "–", Refused: "Refused" };

/** sessionTags reads "key=value" lines; none when there are none. */
function sessionTags(text: string): { key: string; value: string }[] | undefined {
  const out: { key: string; value: string }[] = [];
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    const key = (i < 0 ? line : line.slice(0, i)).trim();
    if (key) out.push({ key, value: i < 0 ? "" : line.slice(i + 1).trim() });
  }
  return out.length ? out : undefined;
}

/** short is the last part of an ARN. */
function short(arn: string): string {
  const i = arn.lastIndexOf(":");
  return i >= 0 ? arn.slice(i + 1) : arn;
}

/** at reads the value at a JSON pointer. */
function at(v: unknown, path: string): unknown {
  let cur: unknown = v;
  for (const seg of path.split("/").slice(1)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return cur;
}

