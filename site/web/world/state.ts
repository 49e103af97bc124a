// World mode's state in links, files and storage: the world, the seed and the timeline.
// Secret values are left out of a link unless the user asks for them.

import type { Step, WorldState } from "./types";
import { toBase64url, fromBase64url, pipe } from "../state";

export const hiddenValue = "(value left out of the link)";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** defaultWorldState is the default world with an empty timeline. */
export function defaultWorldState(): WorldState {
  return { seed: 1, steps: [] };
}

/** isWorldState checks the shape of a state read from a link, a file or storage. */
export function isWorldState(v: unknown): v is WorldState {
  return isObject(v) && Array.isArray(v.steps) && v.steps.every(isObject) && (v.seed === undefined || typeof v.seed === "number");
}

/** normalizeWorld keeps exactly a state's fields. */
export function normalizeWorld(s: WorldState): WorldState {
  const out: WorldState = { seed: Number(s.seed) || 1, steps: s.steps.map((st) => ({ ...st })) };
  if (s.world !== undefined && s.world !== null) out.world = s.world;
  if (typeof s.at === "number") out.at = s.at;
  if (s.values) out.values = true;
  return out;
}

/** worldCallArgs are the engine's "world" call's arguments for a state: world mode's every
 * run, and boot.js's early call for a world link, which the first run then matches. */
export function worldCallArgs(s: WorldState): string[] {
  return [JSON.stringify(s)];
}

const valueFields = new Set(["SecretString", "SecretBinary", "secretString", "secretBinary"]);

/** withoutValues is a deep copy of v with every secret value replaced by hiddenValue. */
export function withoutValues<T>(v: T): T {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (!isObject(x)) return x;
    const o: Record<string, unknown> = {};
    for (const [k, y] of Object.entries(x)) o[k] = valueFields.has(k) ? hiddenValue : walk(y);
    return o;
  };
  return walk(v) as T;
}

/** shareable is the state as a link carries it: values left out unless values is true. */
export function shareable(s: WorldState, values: boolean): WorldState {
  const n = normalizeWorld(s);
  delete n.values;
  if (values) return n;
  return { ...n, world: n.world === undefined ? undefined : withoutValues(n.world), steps: n.steps.map((st: Step) => withoutValues(st)) };
}

/** encodeWorldShare packs a state into a URL fragment "w=...": deflate-raw, then base64url. */
export async function encodeWorldShare(s: WorldState, values: boolean): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(shareable(s, values)));
  return "w=" + toBase64url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** decodeWorldShare reads a fragment made by encodeWorldShare; null when it holds none. */
export async function decodeWorldShare(hash: string): Promise<WorldState | null> {
  const packed = /(?:^#?|&)w=([A-Za-z0-9_-]+)/.exec(hash)?.[1];
  if (!packed) return null;
  try {
    const bytes = await pipe(fromBase64url(packed), new DecompressionStream("deflate-raw"));
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isWorldState(v) ? normalizeWorld(v) : null;
  } catch {
    return null;
  }
}

const storageKey = "iamplay.world.state";

export function saveWorld(s: WorldState): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify(s));
  } catch {
    // storage full or disabled: autosave is a convenience
  }
}

export function loadWorld(): WorldState | null {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(storageKey) ?? "null");
    return isWorldState(v) ? normalizeWorld(v) : null;
  } catch {
    return null;
  }
}
