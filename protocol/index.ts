/**
 * The custom messages between the language server, the VS Code client and the webviews, declared
 * once. Plain names and payload types only (no LSP or VS Code imports): the server and client wrap
 * the names in `RequestType`s, the webviews use the message types with `postMessage`.
 * Documented for people in docs/protocol.md.
 */

/** Stable node ids: `<kind>:<accountId>:<name>` for IAM entities, `<kind>:<value>` for the rest. */
export type GraphNodeKind =
  | 'user'
  | 'group'
  | 'role'
  | 'policy' // customer managed policy
  | 'awsPolicy' // AWS managed policy
  | 'identityProvider'
  | 'service' // an AWS service principal in a trust policy
  | 'externalAccount' // an account that no file of the workspace describes
  | 'account' // another account of the workspace
  | 'instanceProfile';

export type GraphEdgeKind = 'memberOf' | 'attached' | 'boundary' | 'canAssume' | 'instanceProfile';

export interface SourceLocation {
  uri: string;
  /** Zero-based line/character range, ready for the editor. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** Extra text shown on hover or in the side list (ARN, path, ...). */
  detail?: string;
  location?: SourceLocation;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: GraphEdgeKind;
  label?: string;
}

export interface GraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

// ---- The graph (issue 6) ----

/** Custom LSP request: the server builds the graph of the workspace (`buildGraph` in core/analysis/graph.ts). */
export const GraphDataRequestMethod = 'iamWorkbench/graphData';

export interface GraphDataParams {
  /** Limit the graph to these files (their accounts); all files of the workspace when omitted. */
  uris?: string[];
}

/** Messages the host (VS Code client, or the standalone page) sends to the graph webview. */
export type GraphHostMessage =
  /** The whole graph; sent on load and again after every change (positions are kept by node id). */
  | { type: 'graphData'; data: GraphData; focusId?: string }
  /** Focus on one node's neighbourhood (from CodeLens or the command). */
  | { type: 'focus'; nodeId: string };

/** Messages the graph webview sends to its host. */
export type GraphWebviewMessage =
  /** The page is ready for data. */
  | { type: 'ready' }
  /** The user clicked a node: open its definition in the editor. */
  | { type: 'reveal'; nodeId: string };

// ---- The simulator (issue 7) ----
// The shapes mirror core/analysis/simulate-types.ts (a test checks they stay assignable).

export type SimDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';
export type SimLayer = 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session' | 'endpoint';
export type SimContextValue = string | number | boolean | string[];

export interface SimChainHop {
  role: string;
  context?: Record<string, SimContextValue>;
  sessionName?: string;
  sessionPolicy?: string | object;
}

/** The panel's question (params of `iamWorkbench/simulate`). */
export interface SimQuestion {
  principal: string;
  account?: string;
  sourceAccount?: string;
  chain?: SimChainHop[];
  sessionPolicy?: string | object;
  actions: string[];
  resources?: string[];
  context?: Record<string, SimContextValue>;
}

/** A source position: `uri` with offsets, plus the editor range when the server knows the text. */
export interface SimLocation {
  uri: string;
  span: { start: number; end: number };
  range?: SourceLocation['range'];
}

export interface SimStatementRef {
  policyId: string;
  layer: SimLayer;
  sid?: string;
  index: number;
  effect: 'Allow' | 'Deny';
  location: SimLocation;
}

export interface SimStatementOut extends SimStatementRef {
  matched: boolean;
  actionMatched: boolean;
  resourceMatched: boolean;
  principalMatched?: boolean;
  conditionsHeld: boolean;
  conditions: { operator: string; key: string; values: string[]; requestValues?: string[]; held: boolean; why: string; location: SimLocation }[];
}

export interface SimRow {
  action: string;
  resource: string;
  decision: SimDecision;
  decidedBy?: SimLayer;
  reason: string;
  matched: SimStatementRef[];
  layers: { layer: SimLayer; decision: SimDecision; applies: boolean }[];
  crossAccount: boolean;
  missingContextKeys: string[];
  policies: { policyId: string; layer: SimLayer; statements: SimStatementOut[] }[];
}

export interface SimHop {
  from: string;
  role: string;
  action: string;
  decision: SimDecision;
  decidedBy?: SimLayer;
  reason: string;
  matched: SimStatementRef[];
  missingContextKeys: string[];
  policies: SimRow['policies'];
  location?: SimLocation;
}

/** The answer (result of `iamWorkbench/simulate`): a row per action × resource. */
export interface SimAnswer {
  principal: { arn: string; kind: string; label: string; location?: SimLocation };
  hops: SimHop[];
  chainAllowed: boolean;
  context: { key: string; values: string[]; source: 'aws' | 'question' }[];
  rows: SimRow[];
  problems: string[];
  truncated?: boolean;
}

/** Custom LSP request: answer a question against the current workspace. Params `SimQuestion`, result `SimAnswer`. */
export const SimulateRequestMethod = 'iamWorkbench/simulate';

/** Custom LSP request: what the panel offers to pick from. Params `{}`, result `SimulatorOptions`. */
export const SimulatorOptionsRequestMethod = 'iamWorkbench/simulatorOptions';

export interface SimPrincipalChoice {
  /** What goes into `SimQuestion.principal` (an ARN). */
  value: string;
  kind: 'user' | 'role' | 'identityProvider' | 'account' | 'service';
  label: string;
  account: string;
}

export interface SimulatorOptions {
  principals: SimPrincipalChoice[];
  /** Roles that can be steps of a chain (ARNs). */
  roles: SimPrincipalChoice[];
  services: { prefix: string; name: string }[];
  accessLevels: string[];
}

/** Custom LSP request: completions for the panel's inputs. Params `SimCompletionQuery`, result `SimCompletions`. */
export const SimulatorCompleteRequestMethod = 'iamWorkbench/simulatorComplete';

export type SimCompletionQuery =
  | { kind: 'actions'; text: string; service?: string; accessLevel?: string; limit?: number }
  | { kind: 'resources'; actions: string[]; account?: string }
  | { kind: 'contextKeys'; actions: string[]; text?: string }
  /** The keys AWS fills in for the question's caller (shown pre-filled before the first answer). */
  | { kind: 'filledContext'; question: SimQuestion };

export type SimInputKind = 'string' | 'ip' | 'date' | 'bool' | 'number' | 'arn' | 'binary';

export interface SimCompletions {
  actions?: { id: string; accessLevel: string; description: string }[];
  resources?: { action: string; resourceType: string; required: boolean; arn: string }[];
  contextKeys?: { key: string; type: string; input: SimInputKind; multi: boolean; description: string; global: boolean }[];
  filledContext?: SimAnswer['context'];
}

export type SimExpectation = 'allowed' | 'denied' | 'explicitDeny' | 'implicitDeny';

/** Messages the host sends to the simulator webview. */
export type SimulatorHostMessage =
  /** What to pick from; sent on load and when the workspace changes. `question` pre-fills the form. */
  | { type: 'options'; options: SimulatorOptions; question?: SimQuestion }
  /** Pre-fill the form (CodeLens "Simulate…" on a principal, a scenario opened in the panel). */
  | { type: 'question'; question: SimQuestion; run?: boolean }
  /** The answer to the last `simulate` (sent again, refreshed, when files change). */
  | { type: 'answer'; answer: SimAnswer; question: SimQuestion }
  | { type: 'completions'; id: number; completions: SimCompletions }
  /** Outcome of `saveScenario`. */
  | { type: 'saved'; uri: string; name: string }
  | { type: 'error'; message: string };

/** Messages the simulator webview sends to its host. */
export type SimulatorWebviewMessage =
  | { type: 'ready' }
  | { type: 'simulate'; question: SimQuestion }
  | { type: 'complete'; id: number; query: SimCompletionQuery }
  /** A click on a statement, condition or principal: open it in the editor. */
  | { type: 'reveal'; location: SimLocation }
  /** The pointer rests on a statement: highlight it in visible editors (no location: clear). */
  | { type: 'highlight'; location?: SimLocation }
  /** "Save as scenario": append the question with the expected decision to a scenario file. */
  | { type: 'saveScenario'; name: string; question: SimQuestion; expect: SimExpectation };

// ---- Effective permissions (language server, issue 5) ----

/**
 * Custom LSP request: the effective permissions of a user, group or role as Markdown. Params name the
 * principal by `arn`, or by the entity at (or around) `position` in `uri`. Result `null` when there is none.
 */
export const EffectivePermissionsRequestMethod = 'iamWorkbench/effectivePermissions';

export interface EffectivePermissionsParams {
  uri: string;
  position?: { line: number; character: number };
  arn?: string;
}

export interface EffectivePermissionsResult {
  arn: string;
  title: string;
  markdown: string;
}

/**
 * Custom LSP request for "Save as scenario": the new text of a scenario file with the question
 * appended (`text` undefined: a new file). Result `{ text }`, or `{ error }` when the existing file
 * is not a JSON object the scenario can be added to (the file is then left alone).
 */
export const ScenarioTextRequestMethod = 'iamWorkbench/scenarioText';

export interface ScenarioTextParams {
  text?: string;
  name: string;
  question: SimQuestion;
  expect: SimExpectation;
  /** Relative path from the scenario file to schemas/iam-tests.schema.json, for a new file's `$schema`. */
  schemaPath?: string;
}

export interface ScenarioTextResult {
  text?: string;
  error?: string;
}

/**
 * Custom LSP request: the text of a read-only document the simulator links to that has no file
 * (`aws-managed-policy:NAME`, the AWS managed policy as the evaluator read it). Params `{ uri }`,
 * result `{ text }` or `{}` when unknown.
 */
export const PolicyTextRequestMethod = 'iamWorkbench/policyText';
