// The policies as read-only text, highlighted like the editor: what a playground shows until
// the reader starts editing, so a page need not fetch the editor (CodeMirror, ten times this
// component) before the engine's WebAssembly. PolicyText is what a playground asks of either.

import { h } from "./dom";
import type { Finding } from "./engine";
import type { EditorHooks } from "./editor";

/** PolicyText holds the text of every tab and shows one: the editor, or the static text. */
export interface PolicyText {
  /** load replaces every tab's text and shows tab active */
  load(texts: string[], active: number): void;
  add(text: string): void;
  remove(i: number): void;
  /** show switches the view to tab i */
  show(i: number): void;
  text(i: number): string;
  destroy(): void;
  /** diagnostics shows the current tab's findings, with fixes when fixes is true */
  diagnostics(findings: Finding[], fixes?: boolean): void;
  /** fix applies a finding's suggestion to the current tab */
  fix(f: Finding): void;
  /** select selects a byte range of the current tab and scrolls it into view */
  select(start: number, end: number): void;
  /** replace sets the current tab's whole text, as typing it would */
  replace(text: string): void;
  /** focusAt puts the caret at a character offset of the current tab's text (where the
   * reader pressed the static text), else where it was, and focuses the text */
  focusAt?(offset?: number): void;
  /** insert types text at the caret of the current tab, in place of the selection, as
   * typing it would (one undo step) */
  insert?(text: string): void;
}

/** EditorModule is editor.ts as a playground uses it: given to it, or loaded when first needed. */
export interface EditorModule {
  Editor: new (parent: HTMLElement, hooks: EditorHooks) => PolicyText;
  completions: typeof import("./editor").completions;
}

/** StaticText shows the current tab's text highlighted, read-only, inside host's light DOM;
 * what would change the text (fix, replace) or select in it is the editor's, never called here. */
export class StaticText implements PolicyText {
  private texts: string[] = [];
  private current = 0;
  readonly pre: HTMLPreElement;

  constructor(host: HTMLElement, compact: boolean, editable: boolean) {
    this.pre = h("pre", {
      class: compact ? "policy-static compact" : "policy-static", tabindex: 0, role: "textbox", "aria-multiline": "true",
      "aria-readonly": editable ? undefined : "true", "aria-label": "Policy JSON",
    });
    host.append(this.pre);
  }

  load(texts: string[], active: number): void {
    this.texts = [...texts];
    this.show(active);
  }

  add(text: string): void {
    this.texts.push(text);
  }

  remove(i: number): void {
    this.texts.splice(i, 1);
  }

  show(i: number): void {
    if (i < 0 || i >= this.texts.length) return;
    this.current = i;
    this.pre.replaceChildren(...highlightLines(this.texts[i] ?? ""));
  }

  text(i: number): string {
    return this.texts[i] ?? "";
  }

  /** all is every tab's text, for the editor that takes over. */
  all(): string[] {
    return [...this.texts];
  }

  /** offsetAt is the character offset of the current tab's text at a point of the viewport:
   * where the caret goes when the reader presses there (a line's number or the space past its
   * end: that line's end); undefined when the point is not on a line. */
  offsetAt(x: number, y: number): number | undefined {
    const line = (document.elementFromPoint(x, y) as Element | null)?.closest(".sl");
    if (!line || line.parentElement !== this.pre) return undefined;
    const lines = [...this.pre.children];
    const texts = this.texts[this.current]?.split("\n") ?? [];
    const i = lines.indexOf(line);
    let at = 0;
    for (let j = 0; j < i; j++) at += (texts[j]?.length ?? 0) + 1;
    const own = texts[i] ?? "";
    const body = line.querySelector(".sl-t");
    const caret = caretAt(x, y);
    if (!caret || !body || !body.contains(caret.node)) return at + own.length;
    const r = document.createRange();
    r.setStart(body, 0);
    r.setEnd(caret.node, caret.offset);
    return at + Math.min(r.toString().length, own.length);
  }

  /** active is the tab shown. */
  active(): number {
    return this.current;
  }

  destroy(): void {
    this.pre.remove();
  }

  diagnostics(): void {
    // The findings are listed under the text; the editor draws them as squiggles.
  }

  fix(): void {
    throw new Error("the static text cannot be edited");
  }

  select(): void {
    throw new Error("the static text cannot select");
  }

  replace(): void {
    throw new Error("the static text cannot be edited");
  }
}

/** caretAt is the text position at a point of the viewport, as the browser places a caret
 * there (caretRangeFromPoint where caretPositionFromPoint is missing: older Safari). */
function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  if (document.caretPositionFromPoint) {
    const p = document.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  const r = document.caretRangeFromPoint?.(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}

/** highlightLines renders JSON text as the editor shows it: one element per line, numbered,
 * with keys, strings and literals marked as the site's build-time highlighting marks them
 * (j-k, j-s, j-n, j-l). Text that is not JSON is still shown whole. */
export function highlightLines(text: string): HTMLElement[] {
  return text.split("\n").map((line, i) =>
    h("span", { class: "sl" }, h("span", { class: "sl-n", "aria-hidden": "true" }, String(i + 1)), h("span", { class: "sl-t" }, ...tokens(line), "\n")));
}

const number = /^-?[0-9][0-9.eE+-]*/;
const word = /^[a-z]+/;

/** tokens marks up one line of JSON (the rules of site/highlight.go's HighlightJSON). */
function tokens(line: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      j = Math.min(j + 1, line.length);
      const key = /^\s*:/.test(line.slice(j));
      out.push(h("span", { class: key ? "j-k" : "j-s" }, line.slice(i, j)));
      i = j;
      continue;
    }
    const rest = line.slice(i);
    const n = number.exec(rest);
    if (n && (c === "-" || (c >= "0" && c <= "9"))) {
      out.push(h("span", { class: "j-n" }, n[0]));
      i += n[0].length;
      continue;
    }
    const w = word.exec(rest);
    if (w) {
      out.push(w[0] === "true" || w[0] === "false" || w[0] === "null" ? h("span", { class: "j-l" }, w[0]) : w[0]);
      i += w[0].length;
      continue;
    }
    let j = i + 1;
    while (j < line.length && !/["a-z0-9-]/.test(line[j]!)) j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}
