// <iamplay-scenario>: a live widget in any page, on any site, from one script tag.
//
//	<script src="https://SITE/playground/iamplay.js" defer></script>
//	<iamplay-scenario src="https://SITE/scenarios/explicit-deny.json"></iamplay-scenario>
//
// or with the policies and requests inline, as a JSON block inside the element (see Widget).
// The widget starts when it is about to scroll into view: only then are the engine's worker
// and its WebAssembly fetched, once per page. It shows the decision each request is expected
// to get beside the one the engine gives, with Reset and "Open in the playground". The
// policies show as highlighted text; the editor (editor.js, CodeMirror) is fetched only when
// the reader starts editing, so a page fetches little before the engine.

import "./style.css";
import "./element.css";
import { mountPlayground, Playground } from "./playground";
import { State, Tab, ContextValue, normalize } from "./state";
import { h } from "./dom";
import { savedTheme } from "./theme";
import type { EditorModule } from "./statictext";

/** WidgetRequest is one request to try, with the decision the author states. */
export interface WidgetRequest {
  name?: string;
  principal: string;
  action: string;
  resource: string;
  context?: Record<string, ContextValue>;
  expect?: string;
  /** per policy: in force for this request (all that are enabled when absent) */
  enabled?: boolean[];
}

/** Widget is what an element is given (inline or by src): policies and requests. */
export interface Widget {
  title?: string;
  policies: Tab[];
  requests: WidgetRequest[];
}

// The component's files sit beside this script, wherever the page that loads it is.
const scriptURL = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;
const base = new URL(".", scriptURL).href;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * fromPublished reads a scenario as the site publishes it (/scenarios/NAME.json, written by
 * internal/scenario's Export): its checks are the requests, each with the decision it wants.
 */
function fromPublished(v: Record<string, unknown>): Record<string, unknown> {
  const checks = Array.isArray(v.checks) ? v.checks : [];
  return {
    title: v.title, policies: v.policies,
    requests: checks.filter(isObject).map((c) => ({ ...(isObject(c.request) ? c.request : {}), name: c.name, expect: c.want, enabled: c.enabled })),
  };
}

/** toWidget checks what an element was given; a string says what is wrong with it. */
export function toWidget(v: unknown): Widget | string {
  if (!isObject(v)) return "the widget's data must be a JSON object";
  if (v.checks !== undefined && v.requests === undefined) v = fromPublished(v);
  if (!isObject(v)) return "the widget's data must be a JSON object";
  const policies = v.policies;
  if (!Array.isArray(policies) || !policies.every((p) => isObject(p) && typeof p.kind === "string" && typeof p.text === "string")) {
    return "the widget needs \"policies\": a list of {kind, name, text}";
  }
  const requests = v.requests;
  if (!Array.isArray(requests) || requests.length === 0 || !requests.every((r) => isObject(r) && typeof r.action === "string")) {
    return "the widget needs \"requests\": a list of {principal, action, resource, context, expect}";
  }
  return {
    title: typeof v.title === "string" ? v.title : undefined,
    policies: policies.map((p) => ({ kind: String(p.kind), name: String(p.name ?? ""), enabled: p.enabled !== false, text: String(p.text), ...(p.level !== undefined ? { level: Number(p.level) } : {}) })),
    requests: requests.map((r) => ({
      name: typeof r.name === "string" ? r.name : undefined,
      principal: String(r.principal ?? ""), action: String(r.action), resource: String(r.resource ?? ""),
      context: isObject(r.context) ? (r.context as Record<string, ContextValue>) : {},
      expect: typeof r.expect === "string" ? r.expect : undefined,
      enabled: Array.isArray(r.enabled) ? r.enabled.map((e: unknown) => e !== false) : undefined,
    })),
  };
}

function stateOf(w: Widget, i: number): State {
  const r = w.requests[i] ?? w.requests[0]!;
  const policies = w.policies.map((p, j) => ({ ...p, enabled: r.enabled?.[j] ?? p.enabled }));
  return normalize({ policies, request: { principal: r.principal, action: r.action, resource: r.resource, context: r.context ?? {} } });
}

function requestLabel(r: WidgetRequest, i: number): string {
  const action = r.action.replace(/^secretsmanager:/, "");
  const who = r.principal.replace(/^arn:aws:(iam|sts)::\d+:/, "");
  return `${i + 1}. ${r.name ?? who + " " + action}${r.expect ? " (expected " + r.expect + ")" : ""}`;
}

let styled: Promise<void> | null = null;

/** addStyle puts the component's style sheet into the page once (unless the page links it)
 * and resolves when it applies, or failed to load: a widget replaces its static side only
 * then, so it never shows unstyled and resizes again when its style arrives. */
function addStyle(): Promise<void> {
  if (styled) return styled;
  const given = document.querySelector<HTMLLinkElement>("link[data-iamplay-style]");
  if (given?.sheet) return (styled = Promise.resolve());
  const link = given ?? h("link", { rel: "stylesheet", href: base + "iamplay.css", "data-iamplay-style": true });
  styled = new Promise<void>((resolve) => {
    link.addEventListener("load", () => resolve(), { once: true });
    link.addEventListener("error", () => resolve(), { once: true });
  });
  if (!given) document.head.append(link);
  return styled;
}

let editor: Promise<EditorModule> | null = null;

/** loadEditor loads the policy editor (editor.js, beside this script) once per page, again
 * after a failure. */
function loadEditor(): Promise<EditorModule> {
  const loading = (editor ??= new Promise<EditorModule>((resolve, reject) => {
    if (window.iamplayEditor) return resolve(window.iamplayEditor);
    const s = h("script", { src: base + "editor.js" });
    s.addEventListener("load", () => (window.iamplayEditor ? resolve(window.iamplayEditor) : reject(new Error("editor.js gave no editor"))));
    s.addEventListener("error", () => reject(new Error("editor.js could not be loaded")));
    document.head.append(s);
  }));
  loading.catch(() => {
    if (editor === loading) editor = null;
  });
  return loading;
}

let observer: IntersectionObserver | null = null;

/** whenNear calls el.start() when it is about to scroll into view. */
function whenNear(el: IamplayScenario): void {
  if (!("IntersectionObserver" in window)) {
    void el.start();
    return;
  }
  observer ??= new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      observer?.unobserve(e.target);
      void (e.target as IamplayScenario).start();
    }
  }, { rootMargin: "300px 0px" });
  observer.observe(el);
}

let count = 0;

export class IamplayScenario extends HTMLElement {
  private started = false;
  private playground: Playground | null = null;
  private given: Widget | null = null;

  connectedCallback(): void {
    if (!this.started) whenNear(this);
  }

  disconnectedCallback(): void {
    observer?.unobserve(this);
  }

  /** the widget's playground, once started */
  get live(): Playground | null {
    return this.playground;
  }

  /** the widget's policies and requests, once started */
  get widget(): Widget | null {
    return this.given;
  }

  /** data reads the widget: from src, else from the JSON block inside. */
  private async data(): Promise<Widget | string> {
    const src = this.getAttribute("src");
    let v: unknown;
    try {
      if (src) {
        const r = await fetch(new URL(src, document.baseURI).href, { mode: "cors", credentials: "omit" });
        if (!r.ok) return `could not load ${src}: HTTP ${r.status}`;
        v = await r.json();
      } else {
        const block = this.querySelector(':scope > script[type="application/json"]');
        if (!block) return "the widget has neither src nor a JSON block inside";
        v = JSON.parse(block.textContent ?? "");
      }
    } catch (e) {
      return "the widget's data is not JSON: " + String(e);
    }
    return toWidget(v);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    document.documentElement.dataset.theme ||= savedTheme();
    const [w] = await Promise.all([this.data(), addStyle()]);
    if (typeof w === "string") {
      this.append(h("p", { class: "embed-error", role: "alert" }, w));
      return;
    }
    this.given = w;
    const n = ++count;
    let current = Math.min(Math.max(Number(this.getAttribute("request") ?? "1") - 1, 0), w.requests.length - 1) || 0;
    const expectEl = h("span", { class: "expect" });
    const bar = h("div", { class: "widget-bar" });
    const reset = h("button", { type: "button", class: "reset" }, "Reset");
    let select: HTMLSelectElement | null = null;
    if (w.requests.length > 1) {
      select = h("select", { id: `iamplay-w${n}-request`, class: "request-pick" },
        ...w.requests.map((r, i) => h("option", { value: String(i), selected: i === current }, requestLabel(r, i))));
      bar.append(h("label", { for: select.id }, "Request "), select, " ");
    }
    bar.append(reset, " ", expectEl);
    const box = h("div", { class: "widget-live" });
    this.querySelector(".widget-static")?.setAttribute("hidden", "");
    this.append(bar, box);
    const p = mountPlayground(box, {
      state: stateOf(w, current), compact: true, heading: 3, link: base, label: w.title ? "Live example: " + w.title : "Live example",
      editable: !this.hasAttribute("readonly"), features: { matrix: false }, editor: loadEditor, catalogueAfterAnswer: true,
    });
    this.playground = p;
    const show = (decision: string | undefined) => {
      const want = w.requests[current]?.expect;
      this.dataset.decision = decision ?? "";
      if (!want) {
        expectEl.textContent = "";
        return;
      }
      const ok = decision === want;
      this.dataset.matches = String(ok);
      expectEl.replaceChildren("Expected ", h("strong", {}, want), decision ? (ok ? " ✓ the engine agrees" : ` ✗ now ${decision}`) : "");
      expectEl.dataset.ok = String(ok);
    };
    show(undefined);
    p.on("evaluated", ({ answer }) => show(answer?.decision));
    reset.addEventListener("click", () => p.setState(stateOf(w, current)));
    select?.addEventListener("change", () => {
      current = Number(select?.value) || 0;
      p.setState(stateOf(w, current));
    });
  }
}

if (!customElements.get("iamplay-scenario")) customElements.define("iamplay-scenario", IamplayScenario);
