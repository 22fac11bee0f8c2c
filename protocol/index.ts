/**
 * The custom messages between the language server, the VS Code client and the webviews, declared
 * once. Plain names and payload types only (no LSP or VS Code imports): the server and client wrap
 * the names in `RequestType`s, the webviews use the message types with `postMessage`.
 * Documented for people in docs/protocol.md.
 *
 * The payloads the core builds (the graph's data, the simulator's question and answer, the effective
 * permissions page) are declared in the core, next to the code that builds them, and only imported here
 * as types: `import type` is erased by esbuild and tsc, so no bundle that imports this module (client,
 * webviews) gains any code from the core.
 */
import type { GraphAccount, GraphData, GraphEdge, GraphEdgeKind, GraphFinding, GraphNode, GraphNodeKind, SourceLocation } from '../core/analysis/graph/types';
import type { ExpectedDecision } from '../core/analysis/scenarios/types';
import type { ScenarioToSave } from '../core/analysis/scenarios/write';
import type { ContextInputKind } from '../core/analysis/simulate/catalog';
import type { CompletionQuery, Completions, PrincipalChoice, ScenarioTextResult, SimulatorOptionsData } from '../core/analysis/simulate/service';
import type {
  Decision,
  Layer,
  SimChainHop,
  SimContextValue,
  SimHop,
  SimLocation,
  SimStatementOut,
  SimStatementRef,
  SimulationAnswer,
  SimulationQuestion,
  SimulationRow,
} from '../core/analysis/simulate/types';
import type { EffectivePermissionsResult } from '../core/ide/effective-view';
import type { AccessDiffParams, AccessDiffResult } from '../core/analysis/diff/service';
import type { DiffReport } from '../core/analysis/diff/report';

// ---- Analysis ----

/**
 * Custom LSP notification, server → client, after each analysis: the documents it covered and their
 * versions. Diagnostics are published only for files whose diagnostics changed (as positions: an edit that
 * moves no diagnostic's line or character sends none), so this is how a client or a test knows that a
 * version has been analysed.
 */
export const AnalyzedNotificationMethod = 'iamWorkbench/analyzed';

export interface AnalyzedParams {
  /** Every file of the analysis; `version` for documents open in the editor. */
  documents: { uri: string; version?: number }[];
}

// ---- The graph (issue 6) ----
// The graph's data (nodes, edges, their kinds, source locations) is the core's own, declared in
// core/analysis/graph/types.ts and re-exported here under the same names.

export type { GraphAccount, GraphData, GraphEdge, GraphEdgeKind, GraphFinding, GraphNode, GraphNodeKind, SourceLocation };

/** Custom LSP request: the server builds the graph of the workspace (`buildGraph` in core/analysis/graph/index.ts). */
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
// The question, the answer and the panel's other payloads are the core's own types, given their
// wire names here (see the imports above); the shapes on the wire are exactly those.

export type SimDecision = Decision;
export type SimLayer = Layer;
export type { SimChainHop, SimContextValue, SimHop, SimLocation, SimStatementOut, SimStatementRef };

/** The panel's question (params of `iamWorkbench/simulate`). */
export type SimQuestion = SimulationQuestion;

/** The result for one action × resource. */
export type SimRow = SimulationRow;

/** The answer (result of `iamWorkbench/simulate`): a row per action × resource. */
export type SimAnswer = SimulationAnswer;

/** Custom LSP request: answer a question against the current workspace. Params `SimQuestion`, result `SimAnswer`. */
export const SimulateRequestMethod = 'iamWorkbench/simulate';

/** Custom LSP request: what the panel offers to pick from. Params `{}`, result `SimulatorOptions`. */
export const SimulatorOptionsRequestMethod = 'iamWorkbench/simulatorOptions';

export type SimPrincipalChoice = PrincipalChoice;
export type SimulatorOptions = SimulatorOptionsData;

/** Custom LSP request: completions for the panel's inputs. Params `SimCompletionQuery`, result `SimCompletions`. */
export const SimulatorCompleteRequestMethod = 'iamWorkbench/simulatorComplete';

export type SimCompletionQuery = CompletionQuery;
export type SimInputKind = ContextInputKind;
export type SimCompletions = Completions;

/** The decision a saved scenario expects (`denied`: explicit or implicit). */
export type SimExpectation = ExpectedDecision;

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

/** The result: `{ arn, title, markdown }`, the core's own (core/ide/effective-view.ts). */
export type { EffectivePermissionsResult };

/**
 * Custom LSP request for "Save as scenario": the new text of a scenario file with the question
 * appended (`text` undefined: a new file). Result `{ text }`, or `{ error }` when the existing file
 * is not a JSON object the scenario can be added to (the file is then left alone).
 */
export const ScenarioTextRequestMethod = 'iamWorkbench/scenarioText';

/** The question, its name and the expected decision (`ScenarioToSave`), and the file's current text. */
export interface ScenarioTextParams extends ScenarioToSave {
  text?: string;
}

export type { ScenarioTextResult };

/**
 * Custom LSP request: the text of a read-only document the simulator links to that has no file
 * (`aws-managed-policy:NAME`, the AWS managed policy as the evaluator read it). Params `{ uri }`,
 * result `{ text }` or `{}` when unknown.
 */
export const PolicyTextRequestMethod = 'iamWorkbench/policyText';

// ---- Rule documentation (issue 19) ----

/**
 * Custom LSP request: a rule's documentation as Markdown (the "Show documentation for <rule>" code
 * action and the `iam-workbench-rule:` documents that show it). Params `{ id }`, result `{ markdown }`
 * or `null` for an unknown rule.
 */
export const RuleDocumentationRequestMethod = 'iamWorkbench/ruleDocumentation';

export interface RuleDocumentationParams {
  id: string;
}

export interface RuleDocumentationResult {
  markdown: string;
}

// ---- Access diff (issue 18) ----

/**
 * Custom LSP request: the access diff from base files (read by the client with git at a revision) to the
 * server's current workspace (`accessDiffRequest` in core/analysis/diff/service.ts). The report is the CLI's
 * `--output json`.
 */
export const AccessDiffRequestMethod = 'iamWorkbench/accessDiff';

export type { AccessDiffParams, AccessDiffResult, DiffReport };
