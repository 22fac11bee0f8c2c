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

