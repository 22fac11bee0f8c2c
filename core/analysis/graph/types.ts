/**
 * The graph's data, as plain data: what `buildGraph` (graph.ts) makes, what core/analysis/graph/query.ts, core/analysis/graph/shapes.ts
 * and core/analysis/graph/export.ts read, and what the language server sends to the graph webview. Declared here only:
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
  /**
   * The account whose group the node is drawn in (`GraphData.accounts`): IAM entities, instance profiles, the
   * AWS managed policies an account attaches (one node per account), the workspace account's own node.
   * Absent for what lies outside every account of the workspace (services, external accounts, "*").
   */
  account?: string;
  /** The findings (rules, references, schema) on this entity, worst first, at most `MAX_NODE_FINDINGS`. */
  findings?: GraphFinding[];
  /** How many findings the entity has in all (may exceed `findings.length`). */
  findingCount?: number;
}

/** One finding shown on a node: its badge counts them, the details panel lists them. */
export interface GraphFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** An account drawn as a group: its id and the label on the group (alias and id). */
export interface GraphAccount {
  id: string;
  label: string;
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
  /** The accounts nodes name in `GraphNode.account`, in the order their groups are laid out. */
  accounts?: GraphAccount[];
}
