// World mode's side of the engine's JSON: the Go types of engine/playground's world*.go,
// written by hand (engine_types.ts is generated for policy mode's types).

import type { Answer, Decision, Finding } from "../engine";

/** CallerSpec says who calls: a user, an account root, or a role (a session of it). (playground.CallerSpec) */
export interface CallerSpec { principal: string; session?: string; sessionPolicy?: string; assumedBy?: string; tags?: { key: string; value: string }[] }
/** NetworkSpec is the caller's connection. (playground.NetworkSpec) */
export interface NetworkSpec { sourceIp?: string; vpce?: string; vpc?: string; tls: boolean }
export interface StepCall { caller: CallerSpec; region: string; network: NetworkSpec; operation: string; input?: unknown }
export interface Advance { days?: number; hours?: number }
export interface Edit { path: string; value?: unknown; remove?: boolean }
/** Step is exactly one of a call, an advance, an edit. (playground.Step) */
export interface Step { call?: StepCall; advance?: Advance; edit?: Edit }
/** WorldState is world mode's state. (playground.WorldState) */
export interface WorldState { world?: unknown; seed: number; steps: Step[]; at?: number; values?: boolean }

export interface CheckAnswer { action: string; resource: string; decision: Decision }
export interface StepAnswer {
  kind: string; ok: boolean; caller?: string; output?: unknown;
  error?: { __type: string; message: string }; checks?: CheckAnswer[]; findings?: Finding[]; clock: string;
  policy?: { source: string; findings: Finding[] };
  rotations?: { secret: string; at: string; ok: boolean; error?: string }[];
}
export interface Identity { principal: string; kind: "root" | "user" | "role"; account: string; name: string }
export interface SecretRef { arn: string; name: string; region: string; account: string; deleted?: boolean }
/** WorldAnswer is World's reply. (playground.WorldAnswer) */
export interface WorldAnswer {
  findings: Finding[]; steps: StepAnswer[]; at: number; view: WorldFile; clock: string;
  /** explanations explain every check of step at when it made more than one; the deciding
   * check's entry is null: it is explanation, sent once. */
  explanation?: Answer; explanations?: (Answer | null)[]; identities: Identity[]; secrets: SecretRef[];
}
export interface AccessQuery { at: number; callers: CallerSpec[]; actions: string[]; secrets: string[]; network: NetworkSpec }
export interface AccessAnswer { callers: string[]; errors: string[]; grid: string[][] }

/** WorldFile is the world file's JSON, as far as the page reads it (engine/world). */
export interface WorldFile {
  clock?: string;
  organization?: { id: string; scps?: NamedPolicy[]; root?: Unit };
  accounts: Account[];
}
export interface Unit { id: string; name: string; scps?: string[]; accounts?: string[]; units?: Unit[] }
export interface NamedPolicy { name: string; policy: unknown }
export interface Principal { name: string; path?: string; policies?: NamedPolicy[]; managedPolicies?: string[]; permissionsBoundary?: string; tags?: Record<string, string> }
export interface User extends Principal { groups?: string[] }
export interface Role extends Principal { trustPolicy?: unknown }
export interface Group { name: string; policies?: NamedPolicy[]; managedPolicies?: string[] }
export interface Key { id: string; region: string; description?: string; aliases?: string[]; awsManaged?: boolean; policy?: unknown }
export interface Version { id: string; stages?: string[]; created?: string; secretString?: string; secretBinary?: string }
export interface Secret {
  name: string; region: string; suffix?: string; description?: string; kmsKeyId?: string; tags?: Record<string, string>;
  resourcePolicy?: unknown; versions?: Version[]; deletionDate?: string; rotation?: Record<string, unknown>; replicas?: Record<string, unknown>[];
}
export interface Account {
  id: string; alias?: string; scps?: string[]; policies?: NamedPolicy[]; users?: User[]; groups?: Group[]; roles?: Role[]; keys?: Key[]; secrets?: Secret[];
}
