// Rendering of the answer: decision, verdict table, the seed's combination table,
// the explanation tree and the access matrix. Every decision element carries data-decision.

import { h } from "./dom";
import type { Answer, CombinationTable, Decision, FindingAnswer, MatrixAnswer, Step, Verdict, StatementResult, ElementCheck } from "./engine";

export const decisionText: Record<Decision, string> = {
  Allow: "Allow", ExplicitDeny: "Explicit deny", ImplicitDeny: "Implicit deny", Refused: "AWS refuses a policy",
};

const kindText: Record<string, string> = {
  scp: "SCPs", resource: "Resource policy", identity: "Identity policies", boundary: "Permissions boundary", session: "Session policy",
};

/** message renders an engine message: its `code spans` become <code> elements. */
export function message(text: string): (Node | string)[] {
  const parts = text.split("`");
  return parts.map((part, i) => {
    if (i % 2 === 0) return part;
    return i < parts.length - 1 ? h("code", {}, part) : "`" + part; // an unmatched backtick stays text
  });
}

export function verdictTable(a: Answer): HTMLElement {
  const layers = a.layers ?? [];
  const head = h("tr", {}, layers.map((l) => h("th", { scope: "col" }, kindText[l.kind] ?? l.kind)), h("th", { scope: "col" }, "Effective"));
  const body = h("tr", {},
    layers.map((l) => h("td", { "data-verdict": l.verdict, class: l.decided ? "decided" : undefined, title: l.decided ? "this layer decided" : undefined },
      l.verdict, l.decided ? h("span", { class: "visually-hidden" }, " (decided)") : null)),
    h("td", { "data-decision": a.decision, class: "effective" }, decisionText[a.decision]));
  return h("table", { class: "verdicts" }, h("caption", { class: "visually-hidden" }, "Each policy layer's verdict and the effective decision"),
    h("thead", {}, head), h("tbody", {}, body));
}

/** Flip is what the learner looks at in the combination table: a step of the chain (null:
 * the step that decides) and, for a what-if, verdicts flipped on either side of it. */
export interface Flip { a: Verdict | null; b: Verdict | null; step?: number | null }
const verdicts: Verdict[] = ["Allows", "Silent", "Denies"];

/** verdictIcon shows a verdict by a sign as well as by colour. */
export const verdictIcon: Record<Verdict, string> = { Allows: "✓", Silent: "–", Denies: "✗" };
/** decisionIcon shows a decision by a sign as well as by colour. */
export const decisionIcon: Record<Decision, string> = { Allow: "✓", ExplicitDeny: "✗", ImplicitDeny: "–", Refused: "⚠" };

/** verdictLabel is a verdict with its sign, for cells and lists. */
function verdictLabel(v: Verdict | undefined): (Node | string)[] {
  if (!v) return ["—"];
  return [h("span", { class: "icon", "aria-hidden": "true" }, verdictIcon[v]), " " + v];
}

/** shownStep is the index of the chain's step the table shows: the learner's pick, else the step that decides. */
export function shownStep(a: Answer, flip: Flip): number {
  const chain = a.chain ?? [];
  if (flip.step !== null && flip.step !== undefined && flip.step > 0 && flip.step < chain.length) return flip.step;
  const d = chain.findIndex((s) => s.decides);
  return d > 0 ? d : Math.min(1, chain.length - 1);
}

/**
 * comboTable renders the chain of combinations (each step: the result so far as Policy A, one
 * more layer as Policy B, the table AWS applies to the pair, its row and the result) and the
 * table of the step shown with its row lit. The engine says which table governs each step and
 * why; the page reads it as data. A what-if flip lights the flipped row and keeps the
 * request's own row marked beside it.
 */
export function comboTable(tables: CombinationTable[], a: Answer, flip: Flip, onFlip: (f: Flip) => void): HTMLElement {
  const chain = a.chain ?? [];
  const at = shownStep(a, flip);
  const step: Step | undefined = chain[at];
  const refused = a.decision === "Refused";
  const kind = step?.table || "union";
  const table = tables.find((t) => t.kind === kind);
  const rows = table?.rows ?? [];
  const reqA = step?.a ?? "Silent", reqB = step?.verdict ?? "Silent";
  const va = flip.a ?? reqA, vb = flip.b ?? reqB;
  const flipped = flip.a !== null || flip.b !== null;
  const own = refused ? undefined : rows.find((r) => r.policyA === reqA && r.policyB === reqB);
  // A refused document decides nothing, so no row is the request's until a verdict is flipped.
  const lit = refused && !flipped ? undefined : rows.find((r) => r.policyA === va && r.policyB === vb);

  const steps = h("ol", { class: "chain", "aria-label": "The chain: each result becomes the next Policy A" }, chain.map((s, i) => {
    const label = [h("span", { class: "step-name" }, s.name + (s.absent ? " (none)" : "")), ": ", ...verdictLabel(s.verdict),
      i > 0 ? ` · ${s.table === "intersection" ? "both must allow" : "either may allow"} · row ${s.row}` : "",
      " → ", h("span", { class: "step-result", "data-decision": s.result }, decisionIcon[s.result] + " " + decisionText[s.result])];
    const body = i === 0 ? h("span", { class: "step-first" }, ...label) : (() => {
      const b = h("button", { type: "button", class: "linkish step-pick", "data-step": i, "aria-pressed": String(i === at) }, ...label);
      b.addEventListener("click", () => onFlip({ a: null, b: null, step: i }));
      return b;
    })();
    return h("li", { "data-step": i, "data-kind": s.kind, "data-result": s.result, "data-table": s.table || undefined, class: [s.decides ? "decides" : "", s.departs ? "departs" : ""].join(" ").trim() || undefined },
      body,
      s.decides ? h("span", { class: "badge decides-badge" }, "decides") : null,
      s.departs ? h("span", { class: "badge departs-badge", title: "The seed's simple table would say otherwise here" }, "⚑ AWS departs from the seed's table here") : null);
  }));

  const picker = (side: "a" | "b", label: string, cur: Verdict) =>
    h("div", { class: "picker", role: "group", "aria-label": label },
      h("span", { class: "picker-label" }, label),
      verdicts.map((v) => {
        const b = h("button", { type: "button", "data-side": side, "data-verdict": v, "aria-pressed": String(cur === v) }, verdictIcon[v] + " " + v);
        b.addEventListener("click", () => onFlip({ ...flip, [side]: v }));
        return b;
      }));
  const reset = h("button", { type: "button", class: "reset-flip", disabled: !flipped }, "Back to the request");
  reset.addEventListener("click", () => onFlip({ a: null, b: null, step: flip.step }));
  const bName = step ? step.name : "resource policy";
  const aName = at <= 1 ? (chain[0]?.name ?? "identity side") : "the result so far";
  const why = step ? h("p", { class: "why", "data-table": kind },
    h("strong", {}, `Step ${at + 1}: ${table?.title ?? ""}. `), step.why + ".",
    " ", h("span", { class: "rule" }, table?.rule ?? "")) : null;
  const cite = step?.cite ? h("details", { class: "cite" }, h("summary", {}, "What AWS says"),
    h("ul", {}, step.cite.split(" | ").map((c) => h("li", {}, c)))) : null;
  const note = flipped
    ? `What if: row ${lit?.index ?? "?"} (${lit?.effective ?? ""}).` + (own ? ` The request's own row is ${own.index} (${own.effective}), still marked.` : "")
    : lit ? `The request is row ${lit.index}: ${lit.effective}.` : "AWS refuses a policy, so the request has no row; flip a verdict to study the table.";
  const body = rows.map((r) => {
    const isOwn = r === own && flipped;
    return h("tr", { "data-row": r.index, class: [r === lit ? "lit" : "", isOwn ? "request" : ""].join(" ").trim() || undefined, "aria-current": r === lit ? "true" : undefined },
      h("th", { scope: "row" }, String(r.index)),
      h("td", { "data-verdict": r.policyA }, ...verdictLabel(r.policyA)), h("td", { "data-verdict": r.policyB }, ...verdictLabel(r.policyB)),
      h("td", { "data-decision": r.decision }, decisionIcon[r.decision] + " " + r.effective,
        r === lit ? h("span", { class: "row-mark" }, flipped ? " ◀ what if" : " ◀ this request") : null,
        isOwn ? h("span", { class: "row-mark" }, " ◀ this request") : null));
  });
  const tableEl = h("table", { class: "combo-table", "data-table": kind, "data-step": at, "data-lit-row": lit?.index ?? 0, "data-request-row": own?.index ?? 0 },
      h("caption", {}, `${table?.title ?? ""}: Policy A (${aName}) × Policy B (${bName})`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), h("th", { scope: "col" }, "Policy A"), h("th", { scope: "col" }, "Policy B"), h("th", { scope: "col" }, "Result"))),
      h("tbody", {}, body));
  // The table comes right after why, so the lit row is in the first screen; the what-if below it.
  return h("div", { class: "combos" },
    steps, why, tableEl,
    h("p", { class: "flip-note", role: "status" }, note),
    h("div", { class: "pickers" }, picker("a", `Policy A (${aName})`, va), picker("b", `Policy B (${bName})`, vb), reset),
    cite);
}

/** Select asks the page to select a byte range of a tab's text. */
export type Select = (tab: number, start: number, end: number) => void;

function line(ok: boolean, text: string, tab: number, check: { range: { start: { offset: number }; end: { offset: number } } } | null, select: Select): HTMLElement {
  const mark = h("span", { class: ok ? "ok" : "no", "aria-hidden": "true" }, ok ? "✓" : "✗");
  const label = h("span", { class: "visually-hidden" }, ok ? "holds: " : "fails: ");
  if (!check || (check.range.start.offset === 0 && check.range.end.offset === 0) || tab < 0) {
    return h("li", {}, mark, " ", label, text);
  }
  const b = h("button", { type: "button", class: "linkish", "data-tab": tab, "data-start": check.range.start.offset, "data-end": check.range.end.offset }, label, text);
  b.addEventListener("click", () => select(tab, check.range.start.offset, check.range.end.offset));
  return h("li", {}, mark, " ", b);
}

function statement(s: StatementResult, tab: number, select: Select): HTMLElement {
  const name = (s.sid ? s.sid : "#" + (s.index + 1)) + " (" + (s.effect || "no Effect") + ")"; // numbered from 1, as people count
  const parts: HTMLElement[] = [];
  const el = (what: string, c: ElementCheck | undefined) => {
    if (c) parts.push(line(c.matched, what + ": " + c.why, tab, c, select));
  };
  el("Action", s.action);
  el("Resource", s.resource);
  el("Principal", s.principal);
  for (const c of s.conditions ?? []) parts.push(line(c.result, c.operator + " " + c.key + ": " + c.why, tab, c, select));
  return h("li", { class: "statement", "data-matched": String(s.matched) },
    h("ul", { class: "tree" }, line(s.matched, "Statement " + name + (s.matched ? " applies" : " does not apply"), tab, s, select)),
    h("ul", { class: "tree inner" }, parts));
}

export function explanation(a: Answer, names: string[], select: Select): HTMLElement {
  const policies = a.policies ?? [];
  if (policies.length === 0) return h("p", {}, "No policy is on.");
  return h("div", { class: "explain" }, policies.map((p) =>
    h("details", { open: true, "data-verdict": p.verdict },
      h("summary", {}, `${p.kind}${p.kind === "scp" ? " level " + (p.level ?? 0) : ""}: ${names[p.tab] || p.name} `, h("span", { class: "verdict", "data-verdict": p.verdict }, p.verdict)),
      refusedNote(a, p.policy, p.tab, !p.statements?.length, select),
      !p.statements?.length ? (a.refused ?? []).some((r) => r.policy === p.policy) ? null : h("p", {}, p.omitted ? "" : "No statements.") : h("ol", { class: "statements" }, p.statements.map((s) => statement(s, p.tab, select))),
      p.omitted ? h("p", { class: "omitted" }, `${p.omitted} more statement${p.omitted === 1 ? "" : "s"} not shown: their Action or Resource does not match this request.`) : "")));
}

/** refusedNote says, in a policy's explanation, that AWS would refuse it: that it did not
 * parse, when it has no statements to show, with a link to the error. */
function refusedNote(a: Answer, ref: string, tab: number, empty: boolean, select: Select): HTMLElement | null {
  const r = (a.refused ?? []).find((x) => x.policy === ref);
  if (!r) return null;
  const where = h("button", { type: "button", class: "linkish", "data-code": r.code }, `line ${r.range.start.line}, column ${r.range.start.column}`);
  where.addEventListener("click", () => { if (tab >= 0) select(tab, r.range.start.offset, r.range.end.offset); });
  return h("p", { class: "refused-note", "data-code": r.code },
    empty ? "This policy could not be read, so it has no statements: AWS would refuse it (" : "AWS would refuse this policy; its verdict is for study only (",
    r.error, "). ", message(r.message), " at ", where, ".");
}

/** problems lists the policies with errors AWS reports but stores and evaluates (an unknown
 * action, say): each is evaluated as written, and the entry selects its first error. */
export function problems(a: Answer, names: string[], select: Select): HTMLElement[] {
  const refused = new Set((a.refused ?? []).map((r) => r.policy));
  const first = new Map<number, FindingAnswer>();
  const count = new Map<number, number>();
  for (const f of a.findings ?? []) {
    if (f.tab < 0 || f.severity !== "error" || refused.has(f.policy)) continue;
    if (!first.has(f.tab)) first.set(f.tab, f);
    count.set(f.tab, (count.get(f.tab) ?? 0) + 1);
  }
  return [...first].map(([tab, f]) => {
    const n = count.get(tab) ?? 1;
    const b = h("button", { type: "button", class: "linkish", "data-tab": tab, "data-code": f.code }, `${names[tab] || f.policy}: ${n} error${n === 1 ? "" : "s"}, the first at ${f.range.start.line}:${f.range.start.column}`);
    b.addEventListener("click", () => select(tab, f.range.start.offset, f.range.end.offset));
    return h("li", { "data-tab": tab }, h("span", { "aria-hidden": "true" }, "⚠ "), b, ": ", message(f.message), " AWS stores and evaluates this policy as written; validation reports the error.");
  });
}

const cellText: Record<Decision, string> = { Allow: "Allow", ExplicitDeny: "Deny", ImplicitDeny: "–", Refused: "Refused" };

/** refusals lists the policies AWS would refuse; each entry selects its finding in its tab. */
export function refusals(a: Answer, names: string[], select: Select): HTMLElement[] {
  return (a.refused ?? []).map((r) => {
    const tab = a.policies?.find((p) => p.policy === r.policy)?.tab ?? -1;
    const b = h("button", { type: "button", class: "linkish", "data-tab": tab, "data-code": r.code },
      `${names[tab] || r.policy}: ${r.error} (${r.code}) at ${r.range.start.line}:${r.range.start.column}`);
    b.addEventListener("click", () => { if (tab >= 0) select(tab, r.range.start.offset, r.range.end.offset); });
    return h("li", { "data-policy": r.policy }, h("span", { "aria-hidden": "true" }, "⚠ "), "AWS would refuse ", b, ": ", message(r.message));
  });
}

function shortARN(r: string): string {
  const i = r.indexOf(":secret:");
  return i >= 0 ? r.slice(i + 8) : r;
}

/** matrixTable renders every action against every resource; clicking a cell loads it, when load is given. */
export function matrixTable(m: MatrixAnswer, current: { action: string; resource: string }, load: ((action: string, resource: string) => void) | null): HTMLElement {
  const resources = m.resources ?? [];
  const head = h("tr", {}, h("th", { scope: "col" }, "Action"), resources.map((r) => h("th", { scope: "col", title: r }, shortARN(r))));
  const bodies = (m.groups ?? []).map((g) => h("tbody", {},
    h("tr", { class: "group" }, h("th", { scope: "colgroup", colspan: resources.length + 1 }, g.accessLevel)),
    (g.rows ?? []).map((row) => h("tr", {}, h("th", { scope: "row" }, row.action.slice(row.action.indexOf(":") + 1)),
      (row.cells ?? []).map((d, j) => {
        const res = resources[j] ?? "";
        const here = row.action === current.action && res === current.resource;
        const attrs = { "data-decision": d, "data-action": row.action, "data-resource": res, "aria-current": here ? "true" : undefined };
        if (!load) return h("td", { "data-decision": d }, h("span", { ...attrs, title: `${row.action} on ${res}: ${decisionText[d]}` }, cellText[d]));
        const b = h("button", { type: "button", ...attrs, "aria-label": `${row.action} on ${res}: ${decisionText[d]}` }, cellText[d]);
        b.addEventListener("click", () => load(row.action, res));
        return h("td", { "data-decision": d }, b);
      })))));
  const table = h("table", { class: "matrix-table" }, h("caption", { class: "visually-hidden" }, "Decision for every Secrets Manager action on every resource in play"),
    h("thead", {}, head), bodies);
  if (load) gridKeys(table);
  return table;
}

/**
 * gridKeys makes the matrix one tab stop: the current request's cell (else the first) takes
 * the Tab key, and the arrow keys, Home and End move between cells (a roving tabindex).
 */
function gridKeys(table: HTMLElement): void {
  const rows = [...table.querySelectorAll("tr")].map((tr) => [...tr.querySelectorAll<HTMLElement>("button")]).filter((r) => r.length > 0);
  const all = rows.flat();
  const start = all.find((b) => b.getAttribute("aria-current") === "true") ?? all[0];
  for (const b of all) b.tabIndex = b === start ? 0 : -1;
  table.addEventListener("keydown", (e) => {
    const r = rows.findIndex((row) => row.includes(e.target as HTMLElement));
    if (r < 0) return;
    const c = rows[r]?.indexOf(e.target as HTMLElement) ?? 0;
    let to: HTMLElement | undefined;
    switch (e.key) {
      case "ArrowRight": to = rows[r]?.[c + 1]; break;
      case "ArrowLeft": to = rows[r]?.[c - 1]; break;
      case "ArrowDown": to = rows[r + 1]?.[c]; break;
      case "ArrowUp": to = rows[r - 1]?.[c]; break;
      case "Home": to = rows[r]?.[0]; break;
      case "End": to = rows[r]?.[(rows[r]?.length ?? 1) - 1]; break;
      default: return;
    }
    e.preventDefault();
    if (!to) return;
    for (const b of all) b.tabIndex = -1;
    to.tabIndex = 0;
    to.focus();
  });
}
