// Rendering of the answer: decision, verdict table, the seed's combination table,
// the explanation tree and the access matrix. Every decision element carries data-decision.

import { h } from "./dom";
import type { Answer, Decision, MatrixAnswer, Row, Verdict, StatementResult, ElementCheck } from "./engine";

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

export interface Flip { a: Verdict | null; b: Verdict | null }
const verdicts: Verdict[] = ["Allows", "Silent", "Denies"];

/** comboTable renders the seed's nine rows with the current (or flipped) row lit. */
export function comboTable(table: Row[], a: Answer, flip: Flip, onFlip: (f: Flip) => void): HTMLElement {
  const va = flip.a ?? a.row.policyA, vb = flip.b ?? a.row.policyB;
  const flipped = flip.a !== null || flip.b !== null;
  // A refused document decides nothing, so no row is the request's until a verdict is flipped.
  const lit = a.decision === "Refused" && !flipped ? undefined : table.find((r) => r.policyA === va && r.policyB === vb);
  const picker = (side: "a" | "b", label: string, cur: Verdict) =>
    h("div", { class: "picker", role: "group", "aria-label": label },
      h("span", { class: "picker-label" }, label),
      verdicts.map((v) => {
        const b = h("button", { type: "button", "data-side": side, "data-verdict": v, "aria-pressed": String(cur === v) }, v);
        b.addEventListener("click", () => onFlip({ ...flip, [side]: v }));
        return b;
      }));
  const reset = h("button", { type: "button", class: "reset-flip", disabled: !flipped }, "Back to the request");
  reset.addEventListener("click", () => onFlip({ a: null, b: null }));
  const rows = table.map((r) => h("tr", { "data-row": r.index, class: r === lit ? "lit" : undefined, "aria-current": r === lit ? "true" : undefined },
    h("th", { scope: "row" }, String(r.index)), h("td", { "data-verdict": r.policyA }, r.policyA), h("td", { "data-verdict": r.policyB }, r.policyB),
    h("td", { "data-decision": r.decision }, r.effective)));
  return h("div", { class: "combos" },
    h("div", { class: "pickers" }, picker("a", "Policy A (identity side)", va), picker("b", "Policy B (resource policy)", vb), reset),
    h("p", { class: "flip-note", role: "status" }, flipped ? `What if: row ${lit?.index ?? "?"} (${lit?.effective ?? ""}); the request gives row ${a.row.index}.`
      : lit ? `The request is row ${a.row.index}.` : "AWS refuses a policy, so the request has no row; flip a verdict to study the table."),
    h("table", { class: "combo-table", "data-lit-row": lit?.index ?? 0 },
      h("caption", { class: "visually-hidden" }, "Effective permissions when two policies apply"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), h("th", { scope: "col" }, "Policy A"), h("th", { scope: "col" }, "Policy B"), h("th", { scope: "col" }, "Result"))),
      h("tbody", {}, rows)));
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
  const name = (s.sid ? s.sid : "#" + s.index) + " (" + (s.effect || "no Effect") + ")";
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
      !p.statements?.length ? h("p", {}, p.omitted ? "" : "No statements.") : h("ol", { class: "statements" }, p.statements.map((s) => statement(s, p.tab, select))),
      p.omitted ? h("p", { class: "omitted" }, `${p.omitted} more statement${p.omitted === 1 ? "" : "s"} not shown: their Action or Resource does not match this request.`) : "")));
}

const cellText: Record<Decision, string> = { Allow: "Allow", ExplicitDeny: "Deny", ImplicitDeny: "–", Refused: "Refused" };

/** refusals lists the policies AWS would refuse; each entry selects its finding in its tab. */
export function refusals(a: Answer, names: string[], select: Select): HTMLElement[] {
  return (a.refused ?? []).map((r) => {
    const tab = a.policies?.find((p) => p.policy === r.policy)?.tab ?? -1;
    const b = h("button", { type: "button", class: "linkish", "data-tab": tab, "data-code": r.code },
      `${names[tab] || r.policy}: ${r.error} (${r.code}) at ${r.range.start.line}:${r.range.start.column}`);
    b.addEventListener("click", () => { if (tab >= 0) select(tab, r.range.start.offset, r.range.end.offset); });
    return h("li", { "data-policy": r.policy }, b, ": ", message(r.message));
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
  return h("table", { class: "matrix-table" }, h("caption", { class: "visually-hidden" }, "Decision for every Secrets Manager action on every resource in play"),
    h("thead", {}, head), bodies);
}
