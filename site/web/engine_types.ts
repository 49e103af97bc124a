// Code generated from the Go types of engine/playground by internal/tsgen; DO NOT EDIT.
// Regenerate: go test ./site -run EngineTypes -update

/** Answer is Evaluate's reply: authz's explained result, with every policy and finding tagged with the index of the tab (State.Policies) it belongs to, -1 for the request and the state as a whole. (playground.Answer) */
export interface Answer {
  decision: Decision;
  /** one sentence in AWS's words */
  reason: string;
  /** the layer that decided: scp, resource, identity, boundary, session */
  decidedBy: Layer;
  sameAccount: boolean;
  /** every layer present, in the order AWS applies them */
  layers: LayerResult[] | null;
  /** the seed table's row for identity side (A) × resource policy (B) */
  row: Row;
  /** Chain is the combination step by step, as the seed describes it: the running result as Policy A, one more layer as Policy B, under the table AWS applies to that pair. The last step's result is the decision (before any refusal). */
  chain: Step[] | null;
  missingContext?: string[];
  /** context keys derived from the principal, the resource and the request time */
  derived?: Derived[];
  /** the policies AWS would refuse; then Decision is Refused */
  refused?: Refusal[];
  /** AWS would store every policy (and, from Evaluate, the document reads as meant) */
  valid: boolean;
  policies: PolicyAnswer[] | null;
  findings: FindingAnswer[] | null;
}

/** Decision is the outcome of a request. (authz.Decision) */
export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny" | "Refused";

/** Layer is one kind of policy in the chain AWS evaluates, in AWS's order. The layer that decided a request is a Layer, never a string compared with a kind. (authz.Layer) */
export type Layer = string;

/** LayerResult is one layer of the chain with its combined verdict. (authz.LayerResult) */
export interface LayerResult {
  kind: Kind;
  verdict: Verdict;
  /** this layer decided the outcome */
  decided: boolean;
  note?: string;
}

/** Kind is the role a policy plays; it decides which elements are required or forbidden. (policy.Kind) */
export type Kind = "identity" | "resource" | "boundary" | "scp" | "session" | "key" | "trust";

/** Verdict is what one policy says about a request on its own. (authz.Verdict) */
export type Verdict = "Allows" | "Denies" | "Silent";

/** Row is one row of the seed's table "Effective permissions when multiple policies apply" (AWS Secrets Manager User Guide, Overview of Managing Access Permissions). (authz.Row) */
export interface Row {
  /** 1-based, in the table's order */
  index: number;
  policyA: Verdict;
  policyB: Verdict;
  /** "Access allowed" or "Access denied", as the table says */
  effective: string;
  /** the decision the row stands for: Effective, with deny's reason, as data */
  decision: Decision;
}

/** Step is one step of the chain the seed describes: the running result so far is Policy A, one more layer is Policy B, and the table that governs the pair gives the new running result. The first step has no Policy A: its layer's verdict starts the chain. The last step's running result is the decision. (authz.Step) */
export interface Step {
  /** the layer added as Policy B: identity, resource, boundary, session, scp */
  kind: Kind;
  /** the SCP level (root = 0) */
  level?: number;
  /** the layer in a few words: "identity policies", "SCP level 1" */
  name: string;
  /** the layer's own verdict (Policy B) */
  verdict: Verdict;
  absent?: boolean;
  /** the running result before this step (Policy A); "" on the first step */
  a?: Verdict;
  /** the table that governs A × B; "" on the first step */
  table?: TableKind;
  /** the lit row of that table, 1-based; 0 on the first step */
  row?: number;
  /** the running result after this step */
  result: Decision;
  /** Departs marks the step where AWS departs from the seed's simple (union) table: that table's row would say otherwise. */
  departs?: boolean;
  /** from this step on the running result is the decision */
  decides?: boolean;
  /** why this table governs, in a sentence */
  why: string;
  /** the AWS page and sentence it rests on */
  cite: string;
}

/** TableKind names a combination table: the seed's union, or the intersection AWS applies where both sides must allow. (authz.TableKind) */
export type TableKind = "union" | "intersection";

/** Derived is a context key the evaluator added because AWS puts it into every signed request of this kind, with the value it was given and what that value was read from. (policy.Derived) */
export interface Derived {
  /** as AWS spells it: aws:PrincipalArn */
  key: string;
  /** the values put into the context */
  value: string[] | null;
  /** what it was read from: principal, resource, time, transport */
  from: string;
  /** the same for a person: "from the principal ARN" */
  why: string;
}

/** Refusal is a policy AWS would refuse, with the first finding that makes it refuse. (authz.Refusal) */
export interface Refusal {
  /** identityPolicies/0, resourcePolicy, scps/1/0, ... */
  policy: Ref;
  kind: Kind;
  /** what AWS answers: MalformedPolicyDocument, ... */
  error: string;
  code: string;
  message: string;
  range: Range;
}

/** Ref names one policy of an Input by its kind, SCP level and index. Its text form is the policy's place in the evaluation document: identityPolicies/0, resourcePolicy, scps/1/0, permissionBoundaries/0, sessionPolicy; and request or document for findings about those. (authz.Ref) */
export type Ref = string;

/** Range is the half-open span [Start, End) of an element in the source. (policy.Range) */
export interface Range {
  start: Pos;
  end: Pos;
}

/** Pos is a point in a policy's source text. Line and Column are 1-based; Column counts Unicode characters from the start of the line. Offset is the 0-based byte offset. (policy.Pos) */
export interface Pos {
  line: number;
  column: number;
  offset: number;
}

/** PolicyAnswer is one policy's verdict and statements, with its tab. (playground.PolicyAnswer) */
export interface PolicyAnswer extends PolicyResult {
  tab: number;
}

/** PolicyResult is one policy's verdict with every statement explained. (authz.PolicyResult) */
export interface PolicyResult {
  kind: Kind;
  index: number;
  /** SCP level, root = 0 */
  level?: number;
  /** the user's name for it, or its locator */
  name: string;
  /** identityPolicies/0, resourcePolicy, scps/1/0, ... */
  policy: Ref;
  verdict: Verdict;
  principalMatch?: string;
  statements: StatementResult[] | null;
  /** statements ExplainTrimmed left out: their Action or Resource does not match */
  omitted?: number;
}

/** StatementResult explains one statement against a request. (policy.StatementResult) */
export interface StatementResult {
  index: number;
  sid?: string;
  effect: string;
  matched: boolean;
  path: string;
  range: Range;
  action: ElementCheck;
  resource: ElementCheck;
  principal?: ElementCheck;
  conditions?: ConditionResult[];
}

/** ElementCheck is one element's part in a statement's match: whether it matched, why, and where. (policy.ElementCheck) */
export interface ElementCheck {
  matched: boolean;
  why: string;
  path?: string;
  range: Range;
}

/** ConditionResult is how one key of one condition operator was decided for a request. (policy.ConditionResult) */
export interface ConditionResult {
  /** as written, e.g. ForAnyValue:StringLike */
  operator: string;
  /** as written */
  key: string;
  /** the policy's values */
  values: string[] | null;
  result: boolean;
  /** the key is absent from the request (or has no values) */
  missing?: boolean;
  /** one sentence a person can read */
  why: string;
  /** JSON pointer of the key */
  path: string;
  /** the key and its values */
  range: Range;
}

/** FindingAnswer is one finding, positioned in its tab's own text. (playground.FindingAnswer) */
export interface FindingAnswer extends AuthzFinding {
  tab: number;
}

/** Finding is a finding with the policy (or request, or document) it is about. (authz.Finding) */
export interface AuthzFinding extends PolicyFinding {
  policy: Ref;
}

/** Finding is one diagnostic about a policy: data with a position, collected, never thrown. (policy.Finding) */
export interface PolicyFinding {
  /** stable identifier, e.g. policy.unknown_action */
  code: string;
  severity: Severity;
  /** AWS refuses a policy with this finding (the code catalogue's AWS column) */
  refused?: boolean;
  message: string;
  /** JSON pointer of the element, e.g. /Statement/0/Action/1 */
  path: string;
  range: Range;
  /** replacement text for Range, when there is a fix */
  suggestion?: string;
}

/** Severity ranks a finding. An error is something AWS refuses or a policy that cannot mean what it says; Finding.Refused tells the two apart. (policy.Severity) */
export type Severity = "error" | "security_warning" | "warning" | "suggestion";

/** MatrixAnswer is every Secrets Manager action (rows, grouped by access level) against the resources in play (columns) for the state's principal, context and policies. (playground.MatrixAnswer) */
export interface MatrixAnswer {
  resources: string[] | null;
  groups: MatrixGroup[] | null;
}

/** MatrixGroup is the actions of one access level, in catalogue order. (playground.MatrixGroup) */
export interface MatrixGroup {
  accessLevel: string;
  rows: MatrixRow[] | null;
}

/** MatrixRow is one action's decision for each resource, in the order of Resources. (playground.MatrixRow) */
export interface MatrixRow {
  action: string;
  cells: Decision[] | null;
}

/** Catalogue is what the page completes and explains from, all read from the engine's catalogues: nothing here is declared a second time. (playground.Catalogue) */
export interface Catalogue {
  /** the catalogued service prefixes */
  services: string[] | null;
  /** every service's, in the order of Services */
  actions: CatalogueAction[] | null;
  keys: CatalogueKey[] | null;
  operators: Operator[] | null;
  codes: CodeInfo[] | null;
  kinds: Kind[] | null;
  /** the seed's nine combinations */
  table: Row[] | null;
  /** Tables are the two combination tables, the seed's union and "both must allow": each step of an answer's chain names the one that governs it. */
  tables: CombinationTable[] | null;
}

/** CatalogueAction is an action with its full name and access level. (Which keys it supports is said once, by each key's Actions: a KMS action's row lists some sixty keys.) (playground.CatalogueAction) */
export interface CatalogueAction {
  /** secretsmanager:GetSecretValue */
  name: string;
  accessLevel: string;
  description: string;
}

/** CatalogueKey is a condition key with its type and the actions that support it. (playground.CatalogueKey) */
export interface CatalogueKey extends Key {
  /** full action names (kms:Decrypt); none for a global key: every action */
  actions: string[] | null;
}

/** Key is a condition key, service-specific or global. (catalog.Key) */
export interface Key {
  name: string;
  /** String, ARN, Numeric, Bool, Date, IPAddress, ArrayOfString, ... */
  type: string;
  description: string;
  multiValued?: boolean;
  category?: string;
  global?: boolean;
}

/** Operator is one condition operator of the catalogue: the validator, the evaluator, the site's reference page and the playground's completion all read it (engine/policy publishes it as policy.Operator, so its fields are all public data); Parse, Compile and Match are how it evaluates. (operators.Operator) */
export interface Operator {
  /** e.g. StringLike */
  name: string;
  /** String, Numeric, ... */
  family: Family;
  /** what the policy's values must be */
  valueKind: OperandKind;
  /** true when the key must match none of the values */
  negated: boolean;
  /** the ...IfExists suffix applies */
  ifExists: boolean;
  /** ForAnyValue: and ForAllValues: apply */
  setOperators: boolean;
  /** ${...} policy variables expand in values */
  variables: boolean;
  /** * and ? are wildcards in values */
  wildcards: boolean;
  /** one line for people */
  description: string;
}

/** Family groups condition operators by the kind of value they compare. engine/policy publishes it as policy.Family. (operators.Family) */
export type Family = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "IPAddress" | "ARN" | "Null";

/** OperandKind is the kind of value a policy must give an operator. engine/policy publishes it as policy.OperandKind. (operators.OperandKind) */
export type OperandKind = "string" | "number" | "date" | "bool" | "base64" | "ip" | "arn" | "presence";

/** CodeInfo documents one finding code, declared once here: every emitter takes its severity and AWS's response from this table, and the command line and the site's reference list it. (policy.CodeInfo) */
export interface CodeInfo {
  code: string;
  severity: Severity;
  /** what AWS does with a policy that has the finding */
  aws: Response;
  /** the AWS documentation the AWS column rests on */
  basis: string;
  /** one line: what the finding means */
  summary: string;
  /** the kind Example is checked as */
  kind: Kind;
  /** a policy (for AWS == Input, an evaluation document) that produces the finding; "" when none fits */
  example: string;
}

/** Response is what AWS does with a policy document that has a finding. (policy.Response) */
export type Response = "refuses" | "reports" | "input";

/** CombinationTable is one of the two tables as data the page and the CLI read: its nine rows in the seed's order and the AWS sentence it rests on. (authz.CombinationTable) */
export interface CombinationTable {
  kind: TableKind;
  title: string;
  /** the rule in a line */
  rule: string;
  /** the AWS page and sentence */
  cite: string;
  rows: Row[] | null;
}

/** CatalogueFile is the catalogue the site's build writes beside the playground (catalog.json), where the page reads it: with the Secrets Manager operations' requests, which world mode's call form is built from and checks a body against. Only the build writes it, so the browser's .wasm carries neither the shapes nor their type. (playground.CatalogueFile) */
export interface CatalogueFile extends Catalogue {
  shapes: Shape[] | null;
}

/** Shape is an operation's request. (secrets.Shape) */
export interface Shape {
  operation: string;
  fields: Field[] | null;
}

/** Field is one member of an operation's request as the API Reference declares it: its type, whether it is required, and the length, value and enum constraints AWS checks before the call runs. They are the one declaration of a request's constraints: the store checks every call's body with CheckInput before the operation runs, and the playground builds its call form from them and checks a body with CheckInput's rules. (secrets.Field) */
export interface Field {
  name: string;
  /** string, integer, boolean, blob, list or structure */
  type: string;
  required?: boolean;
  /** least length (strings, lists) or value (integers) */
  min?: number;
  /** most length or value; 0 for no limit */
  max?: number;
  enum?: string[];
  /** a list's members */
  member?: Field;
  /** a structure's members */
  fields?: Field[];
}

/** ErrorReply is the one shape of every failure: a stable code a host can map (to an HTTP status, say), a sentence, and, when the input could not be read, the findings saying where. (playground.ErrorReply) */
export interface ErrorReply {
  error: string;
  code: string;
  findings?: AuthzFinding[];
}

/** Example is one of the playground's curated examples: a state with its expected decision, a line saying what it shows and the AWS sentence the decision rests on. The examples are data (examples.json), so the page's menu and the site's scenarios read the same ones. (playground.Example) */
export interface Example {
  id: string;
  title: string;
  /** one line: what the example shows */
  description: string;
  /** the AWS page and sentence the decision rests on */
  doc: string;
  want: Decision;
  state: State;
}

/** State is what the playground edits, as JSON: an evaluation document (docs/contract.md) whose policies are the "policies" list, one entry per tab in tab order, each with what only the page needs (name, on/off). It is read by authz.Reader; this type describes it for Go callers and tests. (playground.State) */
export interface State {
  policies: Tab[] | null;
  request: Request;
}

/** Tab is one policy of the state. Text is the policy JSON as typed; findings are positioned in it. Level is the SCP level (root = 0) and is ignored for other kinds. (playground.Tab) */
export interface Tab {
  kind: Kind;
  name: string;
  enabled: boolean;
  text: string;
  level?: number;
}

/** Request is what is asked: who, what, on which resource, with which context keys. (authz.Request) */
export interface Request {
  principal: string;
  action: string;
  resource: string;
  context?: Record<string, string[] | null>;
  /** Time is the request's clock (RFC 3339) for aws:CurrentTime and aws:EpochTime; "" means DefaultTime. Absent lists keys the request marks as not sent: neither given nor derived. NoDerive turns derivation off (derive.go, docs/contract.md). */
  time?: string;
  absent?: string[];
  noDerive?: boolean;
  /** SessionIssuer is, for a federated user session (arn:aws:sts::ACCOUNT:federated-user/NAME), the IAM user that called GetFederationToken; "" when unknown. */
  sessionIssuer?: string;
}

/** SavedScenario is SaveScenario's reply: a scenario document (scenarios/*.md, read by internal/scenario) and a file name for it. (playground.SavedScenario) */
export interface SavedScenario {
  markdown: string;
  /** a file name for it: saved-scenario.md */
  file: string;
  /** the decision written as the expectation */
  decision: Decision;
}
