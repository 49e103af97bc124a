// The playground's state: what the engine evaluates, what a share link and a saved file hold.

export interface Tab { kind: string; name: string; enabled: boolean; text: string; level?: number }
/** ContextValue is a context key's value: a string, a list of strings, or null for a key marked absent (not sent, not derived). */
export type ContextValue = string | string[] | null;
export interface Request { principal: string; action: string; resource: string; context: Record<string, ContextValue> }
export interface State { policies: Tab[]; request: Request }

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
    request: {
      principal: String(s.request.principal ?? ""), action: String(s.request.action ?? ""),
      resource: String(s.request.resource ?? ""),
      context: normalContext(s.request.context),
    },
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
  const bare = { ...s, policies: s.policies.map(({ text: _text, ...rest }) => rest) };
  return [JSON.stringify(bare), ...s.policies.map((p) => p.text)];
}
