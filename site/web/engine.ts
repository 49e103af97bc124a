// The page's side of the worker: calls return promises of parsed JSON and never reject.

export interface Pos { line: number; column: number; offset: number }
export interface Range { start: Pos; end: Pos }
export interface Finding {
  code: string; severity: string; message: string; path: string; range: Range;
  /** AWS refuses a policy with this finding; other errors are Access Analyzer's kind: AWS stores and evaluates the policy. */
  refused?: boolean;
  suggestion?: string; tab: number; policy: string;
}
/** Refusal is a policy AWS would not store, with the error AWS gives and the finding. */
export interface Refusal { policy: string; kind: string; error: string; code: string; message: string; range: Range }
export interface ElementCheck { matched: boolean; why: string; path?: string; range: Range }
export interface ConditionResult {
  operator: string; key: string; values: string[]; result: boolean; missing?: boolean;
  why: string; path: string; range: Range;
}
export interface StatementResult {
  index: number; sid?: string; effect: string; matched: boolean; path: string; range: Range;
  action: ElementCheck; resource: ElementCheck; principal?: ElementCheck; conditions?: ConditionResult[];
}
/** Refused: AWS would refuse one of the policies (Answer.refused), so no request is decided. */
export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny" | "Refused";
export type Verdict = "Allows" | "Denies" | "Silent";
export interface Row { index: number; policyA: Verdict; policyB: Verdict; effective: string }
export interface Answer {
  error?: string;
  decision: Decision; reason: string; decidedBy: string; sameAccount: boolean;
  layers: { kind: string; verdict: Verdict; decided: boolean; note?: string }[];
  policies: { kind: string; index: number; level?: number; name: string; policy: string; verdict: Verdict; statements: StatementResult[]; omitted?: number; tab: number }[];
  row: Row; missingContext?: string[]; findings: Finding[]; refused?: Refusal[]; valid: boolean;
}
export interface Matrix {
  error?: string;
  resources: string[];
  groups: { accessLevel: string; rows: { action: string; cells: Decision[] }[] }[];
}
export interface Operator { name: string; family: string; valueKind: string; ifExists: boolean; setOperators: boolean; description: string }
export interface Catalogue {
  error?: string;
  services: string[];
  actions: { name: string; accessLevel: string; description: string }[];
  keys: { name: string; type: string; description: string; multiValued?: boolean; global?: boolean; actions?: string[] }[];
  operators: Operator[];
  codes: { code: string; severity: string; aws: "refuses" | "reports" | "input"; basis: string; summary: string }[];
  kinds: string[];
  table: Row[];
}

/** Call is a message to the worker: a method of the engine and its string arguments. */
export interface Call { id: number; method: string; args: string[] }
/** Reply is the worker's answer to a Call: the engine's JSON text and the ms it took. */
export interface Reply { id: number; result: string; ms: number }

export class Engine {
  private worker: Worker;
  private next = 1;
  private waiting = new Map<number, (v: { result: string; ms: number }) => void>();

  constructor(url: string) {
    this.worker = new Worker(url);
    this.worker.onmessage = (ev: MessageEvent<Reply>) => {
      const { id, result, ms } = ev.data;
      const done = this.waiting.get(id);
      this.waiting.delete(id);
      done?.({ result, ms });
    };
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      for (const [id, done] of this.waiting) {
        done({ result: JSON.stringify({ error: "the engine worker failed: " + ev.message }), ms: 0 });
        this.waiting.delete(id);
      }
    };
  }

  /** raw calls a method and returns its JSON text and the time it took inside the worker. */
  raw(method: string, ...args: string[]): Promise<{ result: string; ms: number }> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const call: Call = { id, method, args };
      this.worker.postMessage(call);
    });
  }

  async call<T extends { error?: string }>(method: string, ...args: string[]): Promise<T> {
    const { result } = await this.raw(method, ...args);
    try {
      return JSON.parse(result) as T;
    } catch (e) {
      return { error: "the engine answered with invalid JSON: " + String(e) } as T;
    }
  }
}
