// The playground's state: what the engine evaluates, what a share link and a saved file hold.

export interface Tab { kind: string; name: string; enabled: boolean; text: string; level?: number }
/** ContextValue is a context key's value: a string, a list of strings, or null for a key marked absent (not sent, not derived). */
export type ContextValue = string | string[] | null;
export interface Request { principal: string; action: string; resource: string; context: Record<string, ContextValue> }
/** Assertion is a pinned request with the decision it should get: a check kept in the state
 * and its share links, shown passing or failing as the policies change. */
export interface Assertion { request: Request; want: string }
export interface State { policies: Tab[]; request: Request; assertions?: Assertion[] }

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** The state a first visit starts from: the seed's example of an explicit deny beating an allow. */
export function defaultState(): State {
  return {
    policies: [
      {
        kind: "identity", name: "AliceReadsTestEnv", enabled: true,
        text: pretty({
          Version: "2012-10-17",
          Statement: [{
            Sid: "ReadTestEnv", Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/*",
          }],
        }),
      },
      {
        kind: "resource", name: "SecretPolicy", enabled: true,
        text: pretty({
          Version: "2012-10-17",
          Statement: [{
            Sid: "DenyOutsideOffice", Effect: "Deny", Principal: { AWS: "*" },
            Action: "secretsmanager:GetSecretValue", Resource: "*",
            Condition: { NotIpAddress: { "aws:SourceIp": "192.0.2.0/24" } },
          }],
        }),
      },
    ],
    request: {
      principal: "arn:aws:iam::111122223333:user/alice",
      action: "secretsmanager:GetSecretValue",
      resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf",
      context: {},
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** isState checks the shape of a state read from a link, a file or storage. */
export function isState(v: unknown): v is State {
  return isObject(v) && Array.isArray(v.policies) && isObject(v.request) &&
    v.policies.every((p: unknown) => isObject(p) && typeof p.kind === "string" && typeof p.text === "string");
}

/** normalize fills in what an older or hand-written state leaves out. */
export function normalize(s: State): State {
  return {
    policies: s.policies.map((p) => ({
      kind: p.kind, name: typeof p.name === "string" ? p.name : "", enabled: p.enabled !== false, text: p.text,
      ...(p.kind === "scp" ? { level: Number(p.level) || 0 } : {}),
    })),
    request: normalRequest(s.request),
    ...(Array.isArray(s.assertions) && s.assertions.length ? {
      assertions: s.assertions.filter((a) => isObject(a) && isObject(a.request)).map((a) => ({ request: normalRequest(a.request), want: String(a.want ?? "") })),
    } : {}),
  };
}

function normalRequest(r: Request): Request {
  return {
    principal: String(r.principal ?? ""), action: String(r.action ?? ""), resource: String(r.resource ?? ""),
    context: normalContext(r.context),
  };
}

/** normalContext keeps a context's keys with values as strings or lists of strings, as IAM receives them, and null for a key marked absent. */
function normalContext(c: unknown): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (!isObject(c)) return out;
  for (const [k, v] of Object.entries(c)) out[k] = v === null ? null : Array.isArray(v) ? v.map(String) : String(v ?? "");
  return out;
}

export function toBase64url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

export async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** encodeShare packs a state into a URL fragment: deflate-raw, then base64url. */
export async function encodeShare(s: State): Promise<string> {
  // normalize keeps exactly the state's fields, so nothing else rides along in a link.
  const json = new TextEncoder().encode(JSON.stringify(normalize(s)));
  return "s=" + toBase64url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** decodeShare reads a fragment made by encodeShare; null when it holds no valid state. */
export async function decodeShare(hash: string): Promise<State | null> {
  const packed = /(?:^#?|&)s=([A-Za-z0-9_-]+)/.exec(hash)?.[1];
  if (!packed) return null;
  try {
    const bytes = await pipe(fromBase64url(packed), new DecompressionStream("deflate-raw"));
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isState(v) ? normalize(v) : null;
  } catch {
    return null;
  }
}

const storageKey = "iamplay.playground.state";

export function save(s: State): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify(s));
  } catch {
    // storage full or disabled: autosave is a convenience
  }
}

export function load(): State | null {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(storageKey) ?? "null");
    return isState(v) ? normalize(v) : null;
  } catch {
    return null;
  }
}

/**
 * engineArgs is how a state crosses to the engine: the state without the policy texts, then
 * each tab's text as an argument of its own. A large policy then travels as one plain string,
 * with no JSON escaping to write here or to read in the engine.
 */
export function engineArgs(s: State): string[] {
  const { assertions: _assertions, ...rest } = s; // the page checks assertions itself (withRequest)
  const bare = { ...rest, policies: s.policies.map(({ text: _text, ...tab }) => tab) };
  return [JSON.stringify(bare), ...s.policies.map((p) => p.text)];
}

/** Opened is what a file held, as a state, and a sentence saying what it was read as. */
export interface Opened { state: State; what: string }

const kindNames: Record<string, string> = { identity: "Identity", resource: "Resource", boundary: "Boundary", scp: "SCP", session: "Session", key: "KMS key", trust: "Trust" };

/** policyText is a policy of an evaluation document as a tab's text: typed text as it is, a
 * document pretty-printed; a {"name", "policy"} wrapper gives its name. */
function policyTab(kind: string, v: unknown, n: number, level?: number): Tab {
  let name = `${kindNames[kind] ?? kind} ${n}`;
  let doc = v;
  if (isObject(v) && isObject(v.policy)) {
    if (typeof v.name === "string" && v.name) name = v.name;
    doc = v.policy;
  }
  const t: Tab = { kind, name, enabled: true, text: typeof doc === "string" ? doc : pretty(doc) };
  if (kind === "scp") t.level = level ?? 0;
  return t;
}

/** isPolicy tells a bare IAM policy document: an object with a Statement. */
function isPolicy(v: unknown): v is Record<string, unknown> {
  return isObject(v) && ("Statement" in v || "statement" in v);
}

/** isDocument tells an evaluation document (docs/contract.md) by its parts. */
function isDocument(v: unknown): v is Record<string, unknown> {
  return isObject(v) && ["identityPolicies", "resourcePolicy", "permissionBoundaries", "scps", "sessionPolicy", "policies", "request"].some((k) => k in v);
}

/**
 * readOpened reads what Open was given: the playground's own state, an evaluation document
 * (as in examples/: policies by kind, or the "policies" list, and the request), or a bare IAM
 * policy, which joins the current state as a new tab (a resource policy when it names a
 * Principal). It says which it read; a file that is none of them is an error.
 */
export function readOpened(v: unknown, current: State): Opened | string {
  if (isState(v)) return { state: normalize(v), what: "a playground state" };
  if (isPolicy(v)) {
    const kind = JSON.stringify(v).includes('"Principal"') || JSON.stringify(v).includes('"NotPrincipal"') ? "resource" : "identity";
    const n = current.policies.filter((p) => p.kind === kind).length + 1;
    const s = normalize(current);
    s.policies.push(policyTab(kind, v, n));
    return { state: s, what: `a bare IAM policy, added as a new ${kind} policy tab` };
  }
  if (isDocument(v)) {
    const policies: Tab[] = [];
    const list = (x: unknown) => (Array.isArray(x) ? x : []);
    list(v.identityPolicies).forEach((p, i) => policies.push(policyTab("identity", p, i + 1)));
    if (v.resourcePolicy) policies.push(policyTab("resource", v.resourcePolicy, 1));
    list(v.permissionBoundaries).forEach((p, i) => policies.push(policyTab("boundary", p, i + 1)));
    list(v.scps).forEach((level, l) => list(level).forEach((p, i) => policies.push(policyTab("scp", p, i + 1, l))));
    if (v.sessionPolicy) policies.push(policyTab("session", v.sessionPolicy, 1));
    for (const e of list(v.policies)) {
      if (!isObject(e) || typeof e.kind !== "string") continue;
      const t = policyTab(e.kind, typeof e.text === "string" ? e.text : e.policy, policies.filter((p) => p.kind === e.kind).length + 1, Number(e.level) || 0);
      if (typeof e.name === "string" && e.name) t.name = e.name;
      t.enabled = e.enabled !== false;
      policies.push(t);
    }
    const r = isObject(v.request) ? v.request : {};
    const state = normalize({ policies, request: { principal: String(r.principal ?? ""), action: String(r.action ?? ""), resource: String(r.resource ?? ""), context: (r.context ?? {}) as Record<string, ContextValue> } });
    const name = typeof v.name === "string" && v.name ? ` ("${v.name}")` : "";
    return { state, what: `an evaluation document${name} with ${policies.length} polic${policies.length === 1 ? "y" : "ies"}` };
  }
  return "it is neither a playground state, an evaluation document nor an IAM policy (a JSON object with a Statement)";
}
