/**
 * The graph's data, as plain data: what `buildGraph` (graph.ts) makes, what graph-query.ts, graph-shapes.ts
 * and graph-export.ts read, and what the language server sends to the graph webview. Declared here only:
 * `protocol/index.ts` imports these types (erased from every bundle) and re-exports them under the same
 * names for the wire.
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

export type GraphEdgeKind = 'memberOf' | 'attached' | 'boundary' | 'canAssume' | 'instanceProfile' | 'canBecome';

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
  /** A user or role that is an administrator (core/analysis/escalation), for the "paths to admin" query. */
  admin?: boolean;
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
