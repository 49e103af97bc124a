// The call form: one input per member of the chosen operation's request, built from the
// engine's shapes (secrets.Shapes, in the catalogue), kept in step with the JSON body, and
// checked as AWS checks a request before it runs it: checkInput is secrets.CheckInput's rules
// and messages (the store's), held to it by a browser test over every constraint of every
// shape (internal/shapecases), and run here so the engine's download does not carry it.
// Members that are lists of objects or objects are written as JSON.

import { h } from "../dom";
import type { Field, Shape } from "../engine_types";

/** InputError is what a body gets wrong in one top-level member (field "" for the body). */
export interface InputError { field: string; __type: string; message: string }

/** fieldId is the id of a member's input. */
export const fieldId = (name: string) => "w-f-" + name;

type Input = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** asJSON tells whether a member is written as JSON in the form. */
const asJSON = (f: Field) => f.type === "structure" || (f.type === "list" && f.member?.type !== "string");
/** multiline members get a text area. */
const multiline = new Set(["ResourcePolicy", "SecretString"]);

export class CallForm {
  private inputs = new Map<string, Input>();
  private errors = new Map<string, HTMLElement>();
  private shape: Shape | null = null;

  /** changed is called with the body the form now says, after an edit of the form. */
  constructor(private root: HTMLElement, private changed: (body: Record<string, unknown>) => void) {}

  /** build lays out the form of an operation's request. */
  build(shape: Shape | undefined): void {
    this.shape = shape ?? null;
    this.inputs.clear();
    this.errors.clear();
    if (!shape) {
      this.root.replaceChildren();
      return;
    }
    const rows = (shape.fields ?? []).map((f) => {
      const id = fieldId(f.name), err = h("p", { id: id + "-error", class: "werror", role: "status" });
      const input = this.input(f, id);
      input.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
      input.addEventListener(input instanceof HTMLSelectElement ? "change" : "input", () => this.edited());
      this.inputs.set(f.name, input);
      this.errors.set(f.name, err);
      return h("div", { class: "wformrow", "data-field": f.name, "data-required": f.required ? "true" : undefined },
        h("label", { for: id }, f.name, f.required ? h("span", { class: "wreq" }, " (required)") : null),
        input, h("p", { id: id + "-hint", class: "wnote" }, hint(f)), err);
    });
    this.root.replaceChildren(h("fieldset", { class: "wform" }, h("legend", {}, `${shape.operation} request`), ...rows));
  }

  private input(f: Field, id: string): Input {
    if (f.enum?.length) return h("select", { id }, h("option", { value: "" }, "(not set)"), ...f.enum.map((v) => h("option", { value: v }, v)));
    if (f.type === "boolean") return h("select", { id }, h("option", { value: "" }, "(not set)"), h("option", { value: "true" }, "true"), h("option", { value: "false" }, "false"));
    if (f.type === "integer") return h("input", { id, type: "number", min: f.min || undefined, max: f.max || undefined });
    if (asJSON(f) || f.type === "list" || multiline.has(f.name)) return h("textarea", { id, rows: 2, spellcheck: "false" });
    return h("input", { id, type: "text", spellcheck: "false" });
  }

  /** show fills the form from a body (as the JSON text says it), without calling changed. */
  show(body: Record<string, unknown>): void {
    for (const f of this.shape?.fields ?? []) {
      const input = this.inputs.get(f.name);
      if (!input) continue;
      const v = body[f.name];
      let text = "";
      if (v === undefined || v === null) text = "";
      else if (f.type === "list" && !asJSON(f) && Array.isArray(v) && v.every((x) => typeof x === "string")) text = v.join("\n");
      else if (typeof v === "string" && !asJSON(f)) text = v;
      else if ((typeof v === "number" || typeof v === "boolean") && !asJSON(f)) text = String(v);
      else text = JSON.stringify(v);
      if (input.value !== text && document.activeElement !== input) input.value = text;
    }
  }

  /** edited reads the form into a body and hands it on; a member written as JSON that does
   * not parse keeps the form's error and the body as it was. */
  private edited(): void {
    const body: Record<string, unknown> = {};
    let ok = true;
    for (const f of this.shape?.fields ?? []) {
      const input = this.inputs.get(f.name), err = this.errors.get(f.name);
      if (!input || !err) continue;
      const text = input.value;
      if (text === "") continue;
      if (asJSON(f)) {
        try {
          body[f.name] = JSON.parse(text);
        } catch {
          ok = false;
          this.mark(f.name, `${f.name} is written as JSON here, and this is not JSON yet.`);
        }
      } else if (f.type === "list") body[f.name] = text.split("\n").map((s) => s.trim()).filter((s) => s !== "");
      else if (f.type === "integer") body[f.name] = Number(text);
      else if (f.type === "boolean") body[f.name] = text === "true";
      else body[f.name] = text;
    }
    if (ok) this.changed(body);
  }

  /** check shows the engine's verdict on the body: each error beside its member. */
  check(errors: InputError[]): void {
    for (const name of this.inputs.keys()) this.mark(name, "");
    for (const e of errors) if (e.field) this.mark(e.field, `${e.__type}: ${e.message}`);
  }

  private mark(name: string, msg: string): void {
    const err = this.errors.get(name), input = this.inputs.get(name);
    if (!err || !input) return;
    err.textContent = msg;
    input.setAttribute("aria-invalid", String(msg !== ""));
  }
}

/** hint says a member's type and constraints as the API Reference does. */
function hint(f: Field): string {
  const parts: string[] = [f.type === "list" ? `list of ${f.member?.type === "structure" ? "objects" : (f.member?.type ?? "") + "s"}` : f.type];
  const range = (what: string) => {
    if (f.min && f.max) parts.push(`${what} ${f.min} to ${f.max}`);
    else if (f.max) parts.push(`${what} at most ${f.max}`);
    else if (f.min) parts.push(`${what} at least ${f.min}`);
  };
  if (f.type === "string") range("length");
  if (f.type === "integer") range("value");
  if (f.type === "list") range("items");
  if (f.enum?.length) parts.push("one of " + f.enum.join(", "));
  if (asJSON(f)) {
    const m = f.type === "list" ? f.member : f;
    parts.push("as JSON" + (m?.fields?.length ? ": " + m.fields.map((x) => x.name + (x.required ? " (required)" : "")).join(", ") : ""));
  } else if (f.type === "list") parts.push("one a line");
  if (f.type === "blob") parts.push("base64");
  return parts.join("; ");
}

const invalid = (path: string, constraint: string) => ({ __type: "ValidationException", message: `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${constraint}` });
const lowerFirst = (s: string) => s.slice(0, 1).toLowerCase() + s.slice(1);
/** written is a member's path as the body writes it (SecretId, Tags.member.Key), for a wrong type. */
const written = (path: string) => path.split(".").map(s => (s === "member" ? s : s.slice(0, 1).toUpperCase() + s.slice(1))).join(".");

/** checkInput holds a body (JSON text) to an operation's shape: one error per top-level
 * member at fault, in the shape's order (secrets.CheckInput). */
export function checkInput(shape: Shape, text: string): InputError[] {
  let body: unknown = {};
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!isObject(body)) return [{ field: "", __type: "SerializationException", message: "The request body is not a JSON object." }];
  const out: InputError[] = [];
  for (const f of shape.fields ?? []) {
    const e = checkField(f, body[f.name], lowerFirst(f.name));
    if (e) out.push({ field: f.name, ...e });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkField(f: Field, v: unknown, path: string): { __type: string; message: string } | null {
  if (v === undefined || v === null) return f.required ? invalid(path, "Member must not be null") : null;
  const wrong = { __type: "SerializationException", message: `The member ${written(path)} has the wrong type: expected ${f.type}.` };
  const min = f.min ?? 0, max = f.max ?? 0;
  switch (f.type) {
    case "string":
    case "blob": {
      if (typeof v !== "string") return wrong;
      const n = [...v].length;
      if (f.type === "string" && (min > 0 || max > 0)) {
        if (n < min) return invalid(path, `Member must have length greater than or equal to ${min}`);
        if (max > 0 && n > max) return invalid(path, `Member must have length less than or equal to ${max}`);
      }
      if (f.enum && !f.enum.includes(v)) return invalid(path, `Member must satisfy enum value set: [${f.enum.join(", ")}]`);
      return null;
    }
    case "integer":
      if (typeof v !== "number" || !Number.isSafeInteger(v)) return wrong;
      return max > 0 && (v < min || v > max) ? invalid(path, `Member must have value between ${min} and ${max}`) : null;
    case "boolean":
      return typeof v === "boolean" ? null : wrong;
    case "list": {
      if (!Array.isArray(v)) return wrong;
      const n = v.length;
      if (max > 0 && min > 0 && (n < min || n > max)) return invalid(path, `Member must have length less than or equal to ${max} and greater than or equal to ${min}`);
      if (max > 0 && n > max) return invalid(path, `Member must have length less than or equal to ${max}`);
      if (n < min) return invalid(path, `Member must have length greater than or equal to ${min}`);
      for (const x of v) {
        const e = f.member ? checkField(f.member, x, path + ".member") : null;
        if (e) return e;
      }
      return null;
    }
    case "structure": {
      if (!isObject(v)) return wrong;
      for (const sub of f.fields ?? []) {
        const e = checkField(sub, v[sub.name], path + "." + lowerFirst(sub.name));
        if (e) return e;
      }
      return null;
    }
  }
  return null;
}
