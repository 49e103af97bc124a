// The DOM of one playground, built inside the element it is mounted on. Every id carries the
// instance's prefix, so several playgrounds on one page never share one, and every ARIA
// relation (label for, aria-labelledby, aria-controls, list) points inside its own instance.

import { h } from "./dom";

/** Features says which parts a playground shows; each is on unless turned off. */
export interface Features {
  /** the controls that add, remove, rename, switch on and off and re-kind policies */
  tabs: boolean;
  /** the request form (principal, action, resource, context) */
  request: boolean;
  /** the findings listed under the editor */
  findings: boolean;
  /** each layer's verdict */
  verdicts: boolean;
  /** the seed's combination table with its what-if pickers */
  combos: boolean;
  /** the explanation tree of every statement and condition */
  explain: boolean;
  /** every action against every resource in play */
  matrix: boolean;
  /** checks: pinned requests with their expected decisions, passing or failing live (editable playgrounds only) */
  checks: boolean;
}

export const allFeatures: Features = { tabs: true, request: true, findings: true, verdicts: true, combos: true, explain: true, matrix: true, checks: true };

/** Parts are the elements a playground updates. */
export interface Parts {
  tabs: HTMLElement; panel: HTMLElement;
  tabName: HTMLInputElement; tabKind: HTMLSelectElement; levelField: HTMLElement; tabLevel: HTMLInputElement;
  tabEnabled: HTMLInputElement; removePolicy: HTMLButtonElement; format: HTMLButtonElement; newKind: HTMLSelectElement; addPolicy: HTMLButtonElement;
  editor: HTMLElement; findings: HTMLElement;
  form: HTMLFormElement; principal: HTMLInputElement; action: HTMLInputElement; accessLevel: HTMLElement;
  resource: HTMLInputElement; context: HTMLElement; addContext: HTMLButtonElement; missing: HTMLElement;
  /** the context keys the engine derived (AWS sends them), each with Override and Remove */
  derived: HTMLElement;
  /** the request fields' findings, under each field, by field name */
  fieldFindings: Record<"principal" | "action" | "resource", HTMLElement>;
  /** policies with errors AWS reports but evaluates, in the decision panel */
  problems: HTMLElement;
  decision: HTMLElement; reason: HTMLElement; refused: HTMLElement; verdicts: HTMLElement; combos: HTMLElement; explain: HTMLElement;
  matrix: HTMLElement; actionsList: HTMLElement; keysList: HTMLElement;
  /** says what was just removed or replaced, with Undo */
  toast: HTMLElement; toastText: HTMLElement; undo: HTMLButtonElement;
  /** shown instead of the editor when there is no policy */
  empty: HTMLElement;
  /** the checks (pinned requests) and the button that pins the current one */
  checks: HTMLElement; pin: HTMLButtonElement;
  /** a one-line decision that stays in view on a phone while editing */
  summary: HTMLAnchorElement;
  /** the link that opens this state in the full playground, when the shape has one */
  open: HTMLAnchorElement | null;
}

/** Shape is what the layout depends on. */
export interface Shape {
  /** prefix of every id inside the playground */
  id: string;
  features: Features;
  /** false: a read-only widget (the request and policies cannot be edited) */
  editable: boolean;
  /** level of the section headings (2: h2, the sections' own h3 below) */
  heading: 2 | 3 | 4 | 5;
  /** show a link to open the state in the full playground */
  link: boolean;
}

type Heading = "h2" | "h3" | "h4" | "h5" | "h6";

/** layout builds a playground's sections into root and returns the parts it updates. */
export function layout(root: HTMLElement, s: Shape): Parts {
  const id = (name: string) => s.id + name;
  const hd = (sub: number, attrs: Record<string, string>, text: string) => h(("h" + Math.min(6, s.heading + sub)) as Heading, attrs, text);
  const input = (name: string, attrs: Record<string, string | boolean> = {}) =>
    h("input", { id: id(name), autocomplete: "off", spellcheck: "false", readonly: !s.editable, ...attrs });
  const manage = s.features.tabs && s.editable;

  const p: Parts = {
    tabs: h("div", { role: "tablist", id: id("tabs"), "aria-label": "Policies" }),
    panel: h("div", { role: "tabpanel", id: id("panel") }),
    tabName: input("tab-name"),
    tabKind: h("select", { id: id("tab-kind") }),
    levelField: h("label", { id: id("level-field") }),
    tabLevel: h("input", { id: id("tab-level"), type: "number", min: 0, max: 5 }),
    tabEnabled: h("input", { type: "checkbox", id: id("tab-enabled") }),
    removePolicy: h("button", { type: "button", id: id("remove-policy") }, "Remove policy"),
    format: h("button", { type: "button", id: id("format") }, "Format"),
    newKind: h("select", { id: id("new-kind") }),
    addPolicy: h("button", { type: "button", id: id("add-policy") }, "Add policy"),
    editor: h("div", { id: id("editor"), class: "editor" }),
    findings: h("ul", { id: id("findings"), class: "findings", "aria-label": "Findings in this policy" }),
    form: h("form", { id: id("request-form") }),
    principal: input("principal", { "aria-describedby": id("principal-findings") }),
    action: input("action", { list: id("actions-list"), "aria-describedby": id("action-findings") }),
    accessLevel: h("span", { id: id("access-level"), class: "access-level" }),
    resource: input("resource", { "aria-describedby": id("resource-findings") }),
    context: h("div", { id: id("context") }),
    addContext: h("button", { type: "button", id: id("add-context") }, "Add context key"),
    missing: h("div", { id: id("missing"), class: "missing", "aria-live": "polite" }),
    derived: h("div", { id: id("derived"), class: "missing derived", "aria-live": "polite" }),
    checks: h("ul", { id: id("checks"), class: "checks", "aria-label": "Checks" }),
    pin: h("button", { type: "button", id: id("pin") }, "Pin this request as a check"),
    summary: h("a", { id: id("summary"), class: "summary", href: "#" + id("answer") }, "Loading the engine…"),
    toast: h("div", { id: id("toast"), class: "toast", hidden: true }),
    toastText: h("span", { id: id("toast-text"), role: "status" }),
    undo: h("button", { type: "button", id: id("undo") }, "Undo"),
    empty: h("div", { id: id("empty"), class: "empty", hidden: true },
      h("p", {}, "There are no policies: every request is implicitly denied. Add a policy with the kind menu and Add policy, or undo the removal.")),
    fieldFindings: {
      principal: h("ul", { id: id("principal-findings"), class: "findings field-findings" }),
      action: h("ul", { id: id("action-findings"), class: "findings field-findings" }),
      resource: h("ul", { id: id("resource-findings"), class: "findings field-findings" }),
    },
    problems: h("ul", { id: id("problems"), class: "refused problems", "aria-label": "Policies with errors", hidden: true }),
    decision: h("p", { id: id("decision"), class: "decision", "aria-live": "polite" }, "Loading the engine…"),
    reason: h("p", { id: id("reason"), class: "reason" }),
    refused: h("ul", { id: id("refused"), class: "refused", "aria-label": "Policies AWS would refuse", hidden: true }),
    verdicts: h("div", { id: id("verdicts") }),
    combos: h("div", { id: id("combos") }),
    explain: h("div", { id: id("explain") }),
    matrix: h("div", { id: id("matrix"), class: "matrix-box" }),
    actionsList: h("datalist", { id: id("actions-list") }),
    keysList: h("datalist", { id: id("keys-list") }),
    open: s.link ? h("a", { class: "open-link", href: "#" }, "Open in the playground") : null,
  };
  p.levelField.append("SCP level ", p.tabLevel);
  p.toast.append(p.toastText, " ", p.undo);
  if (manage) {
    p.panel.append(h("div", { class: "tabmeta" },
      h("label", {}, "Name ", p.tabName), h("label", {}, "Kind ", p.tabKind), p.levelField,
      h("label", { class: "switch" }, p.tabEnabled, " On"), p.format, p.removePolicy));
  }
  p.panel.append(p.editor);
  if (s.features.findings) p.panel.append(p.findings);

  const policies = h("section", { class: "policies", "aria-labelledby": id("policies-h") },
    hd(0, { id: id("policies-h") }, "Policies"),
    h("div", { class: "tabrow" }, p.tabs, manage ? h("div", { class: "add" },
      h("label", { for: id("new-kind"), class: "visually-hidden" }, "Kind of the new policy"), p.newKind, p.addPolicy) : null),
    p.toast, p.empty, p.panel);

  p.form.append(
    h("label", { for: id("principal") }, "Principal"), p.principal, p.fieldFindings.principal,
    h("label", { for: id("action") }, "Action ", p.accessLevel), p.action, p.fieldFindings.action,
    h("label", { for: id("resource") }, "Resource"), p.resource, p.fieldFindings.resource,
    h("fieldset", {}, h("legend", {}, "Context keys"), p.context, s.editable ? p.addContext : null, p.missing, p.derived));
  const request = s.features.request ? h("section", { class: "request", "aria-labelledby": id("request-h") },
    hd(0, { id: id("request-h") }, "Request"), p.form) : null;

  const answer = h("section", { class: "answer", id: id("answer"), "aria-labelledby": id("answer-h") },
    hd(0, { id: id("answer-h") }, "Decision"), p.decision, p.reason, p.refused, p.problems,
    s.features.verdicts ? [hd(1, {}, "Verdicts"), p.verdicts] : null,
    s.features.combos ? [hd(1, {}, "Policy A × Policy B"), p.combos] : null,
    s.features.checks && s.editable ? [hd(1, {}, "Checks"), h("p", { class: "checks-intro" }, "Pin a request with the decision it should get; each check passes or fails as the policies change, and share links keep them. ", s.editable ? p.pin : null), p.checks] : null,
    s.features.explain ? [hd(1, {}, "Why"), p.explain] : null,
    p.open ? h("p", {}, p.open) : null);

  const matrix = s.features.matrix ? h("section", { class: "matrix", "aria-labelledby": id("matrix-h") },
    hd(0, { id: id("matrix-h") }, "Access matrix"),
    h("p", {}, "Every Secrets Manager action against every secret in play, for this principal and context." + (s.editable ? " Choose a cell to load that request; the arrow keys move between cells." : "")),
    h("p", { class: "legend", id: id("matrix-legend") },
      h("span", { "data-decision": "Allow" }, "Allow"), " allowed · ",
      h("span", { "data-decision": "ExplicitDeny" }, "Deny"), " an explicit deny · ",
      h("span", { "data-decision": "ImplicitDeny" }, "–"), " implicitly denied: nothing allows · ",
      h("span", { "data-decision": "Refused" }, "Refused"), " AWS would refuse a policy. ",
      "Columns: the request's secret first, then each secret ARN the policies name, with a pattern's * and ? filled in to make an example secret."),
    p.matrix) : null;

  root.replaceChildren(...[policies, request, answer, matrix, p.actionsList, p.keysList, p.summary].filter((e) => e !== null));
  return p;
}
