// The policy editor: CodeMirror 6 with JSON highlighting, the engine's findings as
// squiggles (message on hover, suggestion as a one-click fix) and catalogue completion.

import { basicSetup } from "codemirror";
import { EditorView } from "@codemirror/view";
import { EditorState, Extension } from "@codemirror/state";
import { json } from "@codemirror/lang-json";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { Diagnostic, setDiagnostics, lintGutter } from "@codemirror/lint";
import { autocompletion, Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import type { Catalogue, Finding } from "./engine";
import { Offsets } from "./offsets";
import { h } from "./dom";
import { message } from "./render";
import type { PolicyText } from "./statictext";

// The editor's own look, in CSS variables of the page's theme. CodeMirror injects these
// rules as a constructed style sheet inside the editor's shadow root, which the strict CSP
// (style-src 'self', no inline <style>) allows.
const look = EditorView.theme({
  // height: the host's, when a playground keeps the static text's height while the editor
  // takes its place (else the host's height is auto, and so is this).
  "&": { height: "100%", minHeight: "18rem", maxHeight: "70vh", backgroundColor: "var(--bg)", color: "var(--fg)", fontSize: "14px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
  ".cm-gutters": { backgroundColor: "var(--panel)", color: "var(--muted)", borderRight: "1px solid var(--line)" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "transparent" },
  ".cm-cursor": { borderLeftColor: "var(--fg)" },
  // The focus ring in the accent colour, which both themes keep in contrast with the page.
  "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "-2px" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--selection) !important" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--fg)", border: "1px solid var(--line)" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "var(--accent)", color: "var(--bg)" },
  ".cm-completionDetail": { color: "var(--muted)" },
  ".cm-diagnosticAction": { backgroundColor: "var(--accent)", color: "var(--bg)" },
  ".cm-diagnostic": { whiteSpace: "pre-wrap" },
  ".cm-diagnostic code": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: ".92em" },
});

// A compact editor, for a playground inside prose, starts smaller.
const small = EditorView.theme({ "&": { minHeight: "6rem", maxHeight: "40vh" } });

// Token colours come from CSS variables, so the light and dark themes both keep contrast.
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--tok-property)" },
  { tag: tags.string, color: "var(--tok-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--tok-literal)" },
  { tag: [tags.separator, tags.brace, tags.squareBracket, tags.punctuation], color: "var(--fg)" },
]);

const severities: Record<string, Diagnostic["severity"]> = {
  error: "error", security_warning: "warning", warning: "warning", suggestion: "info",
};

/** completions builds the lists offered inside JSON strings from the catalogue. */
export function completions(cat: Catalogue): Completion[] {
  const out: Completion[] = [];
  for (const a of cat.actions ?? []) {
    out.push({ label: a.name, type: "function", detail: a.accessLevel, info: a.description, section: "Actions" });
  }
  for (const s of cat.services ?? []) out.push({ label: s + ":*", type: "function", detail: "every " + s + " action", section: "Actions" });
  for (const o of cat.operators ?? []) {
    const names = [o.name];
    if (o.ifExists) names.push(o.name + "IfExists");
    for (const n of names) {
      out.push({ label: n, type: "keyword", detail: o.family, info: o.description, section: "Condition operators" });
      if (o.setOperators) {
        out.push({ label: "ForAnyValue:" + n, type: "keyword", detail: o.family, info: o.description, section: "Condition operators" });
        out.push({ label: "ForAllValues:" + n, type: "keyword", detail: o.family, info: o.description, section: "Condition operators" });
      }
    }
  }
  for (const k of cat.keys ?? []) {
    const who = k.global ? "every action" : (k.actions ?? []).join(", ");
    out.push({ label: k.name, type: "variable", detail: k.type, info: k.description + (who ? "\nSupported by: " + who : ""), section: "Condition keys" });
  }
  return out;
}

function source(options: () => Completion[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const m = ctx.matchBefore(/"[\w:\/\-\*\$\{\}\.]*/);
    if (!m || (m.from === m.to && !ctx.explicit)) return null;
    return { from: m.from + 1, options: options(), validFor: /^[\w:\/\-\*\$\{\}\.]*$/ };
  };
}

export interface EditorHooks {
  changed(text: string): void;
  options(): Completion[];
  /** the texts can be read and selected, not changed */
  readOnly?: boolean;
  /** a smaller editor */
  compact?: boolean;
}

/** Editor holds one CodeMirror view and an editor state per tab. */
export class Editor implements PolicyText {
  readonly view: EditorView;
  private states: EditorState[] = [];
  private current = -1;
  private extensions: Extension[];

  constructor(parent: HTMLElement, hooks: EditorHooks) {
    this.extensions = [
      basicSetup,
      json(),
      look,
      hooks.compact ? small : [],
      EditorView.lineWrapping,
      syntaxHighlighting(highlight),
      lintGutter(),
      autocompletion({ override: [source(() => hooks.options())] }),
      EditorView.contentAttributes.of({ "aria-label": "Policy JSON", tabindex: "0" }),
      EditorState.readOnly.of(hooks.readOnly === true),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) hooks.changed(u.state.doc.toString());
      }),
    ];
    const root = parent.attachShadow({ mode: "open" });
    this.view = new EditorView({ parent: root, root });
  }

  /** load replaces every tab's text. */
  load(texts: string[], active: number): void {
    this.states = texts.map((t) => EditorState.create({ doc: t, extensions: this.extensions }));
    this.current = -1;
    this.show(active);
  }

  add(text: string): void {
    this.states.push(EditorState.create({ doc: text, extensions: this.extensions }));
  }

  remove(i: number): void {
    this.stash();
    this.states.splice(i, 1);
    this.current = -1;
  }

  private stash(): void {
    if (this.current >= 0 && this.current < this.states.length) this.states[this.current] = this.view.state;
  }

  /** show switches the view to tab i. */
  show(i: number): void {
    this.stash();
    const st = this.states[i];
    if (!st) return;
    this.current = i;
    this.view.setState(st);
  }

  text(i: number): string {
    if (i === this.current) return this.view.state.doc.toString();
    return this.states[i]?.doc.toString() ?? "";
  }

  /** destroy takes the view down. */
  destroy(): void {
    this.view.destroy();
  }

  /** diagnostics shows the findings of the current tab as squiggles, with fixes when fixes is true. */
  diagnostics(findings: Finding[], fixes = true): void {
    const doc = this.view.state.doc.toString();
    const off = new Offsets(doc);
    const ds: Diagnostic[] = findings.map((f) => {
      let from = off.index(f.range.start.offset), to = off.index(f.range.end.offset);
      if (to < from) to = from;
      const text = f.message + (f.suggestion ? "\nFix: replace with " + f.suggestion : "");
      const d: Diagnostic = {
        from, to, severity: severities[f.severity] ?? "info", source: f.code, message: text,
        renderMessage: () => h("span", {}, message(text)),
      };
      if (fixes && f.suggestion !== undefined && f.suggestion !== "") {
        const insert = f.suggestion;
        d.actions = [{ name: "Fix", apply: (v, a, b) => v.dispatch({ changes: { from: a, to: b, insert } }) }];
      }
      return d;
    });
    this.view.dispatch(setDiagnostics(this.view.state, ds));
  }

  /** fix applies a finding's suggestion to the current tab. */
  fix(f: Finding): void {
    const off = new Offsets(this.view.state.doc.toString());
    const from = off.index(f.range.start.offset), to = off.index(f.range.end.offset);
    this.view.dispatch({ changes: { from, to, insert: f.suggestion ?? "" } });
    this.view.focus();
  }

  /** select selects a byte range of the current tab and scrolls it into view. */
  select(start: number, end: number): void {
    const off = new Offsets(this.view.state.doc.toString());
    const from = off.index(start), to = off.index(end);
    this.view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
    this.view.focus();
  }

  /** focusAt puts the caret at a character offset of the current tab's text, when given,
   * and focuses the editor. */
  focusAt(offset?: number): void {
    if (offset !== undefined) this.view.dispatch({ selection: { anchor: Math.min(Math.max(offset, 0), this.view.state.doc.length) } });
    this.view.focus();
  }

  /** insert types text at the caret, in place of the selection, as typing it would. */
  insert(text: string): void {
    this.view.dispatch(this.view.state.replaceSelection(text), { scrollIntoView: true, userEvent: "input.type" });
  }

  /** replace sets the current tab's whole text, as typing it would. */
  replace(text: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }
}
