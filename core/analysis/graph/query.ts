import type { GraphData, GraphEdge, GraphNode, GraphNodeKind } from './types';

/**
 * Questions asked of a built graph: neighbourhoods, the path by which a principal gets a policy,
 * name search. Pure functions over `GraphData`, shared by the webview and the CLI.
 *
 * Edges point the way permissions flow: user → group (memberOf), principal → policy (attached,
 * boundary), assumer → role (canAssume), instance profile → role (instanceProfile).
 */
export interface GraphIndex {
  data: GraphData;
  byId: Map<string, number>;
  /** Outgoing edge indices per node index. */
  out: number[][];
  /** Incoming edge indices per node index. */
  in: number[][];
  /** Node indices of each edge: [source, target]; -1 when the edge names an unknown node. */
  ends: Int32Array;
}

export const PRINCIPAL_KINDS: ReadonlySet<GraphNodeKind> = new Set(['user', 'group', 'role']);
export const POLICY_KINDS: ReadonlySet<GraphNodeKind> = new Set(['policy', 'awsPolicy']);

export function indexGraph(data: GraphData): GraphIndex {
  const byId = new Map<string, number>();
  data.nodes.forEach((n, i) => byId.set(n.id, i));
  const out: number[][] = data.nodes.map(() => []);
  const inc: number[][] = data.nodes.map(() => []);
  const ends = new Int32Array(data.edges.length * 2).fill(-1);
  data.edges.forEach((e, i) => {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (s === undefined || t === undefined) return;
    ends[2 * i] = s;
    ends[2 * i + 1] = t;
    out[s].push(i);
    inc[t].push(i);
  });
  return { data, byId, out, in: inc, ends };
}

function walk(index: GraphIndex, start: number, depth: number, forward: boolean, into: Set<number>): Set<number> {
  const seen = new Set<number>([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: number[] = [];
    for (const n of frontier) {
      for (const e of forward ? index.out[n] : index.in[n]) {
        const m = index.ends[2 * e + (forward ? 1 : 0)];
        if (m >= 0 && !seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  for (const n of seen) into.add(n);
  return seen;
}

/**
 * The neighbourhood of a node: what it reaches following edges forward (its groups, policies,
 * the roles it can assume and theirs) and what reaches it backward (members, assumers, holders),
 * each up to `depth` steps. Mixing directions would pull in siblings, so the two walks stay apart.
 */
export function neighbourhood(index: GraphIndex, focusId: string, depth: number): Set<string> {
  const start = index.byId.get(focusId);
  if (start === undefined) return new Set();
  const found = new Set<number>();
  walk(index, start, depth, true, found);
  walk(index, start, depth, false, found);
  return new Set([...found].map((i) => index.data.nodes[i].id));
}

/** Everything reachable forward from a node, without a depth limit. */
export function reachable(index: GraphIndex, fromId: string): Set<string> {
  const start = index.byId.get(fromId);
  if (start === undefined) return new Set();
  const found = walk(index, start, Number.MAX_SAFE_INTEGER, true, new Set());
  return new Set([...found].map((i) => index.data.nodes[i].id));
}

/** The policies a principal gets, directly or through groups and assumable roles, sorted by label. */
export function reachablePolicies(index: GraphIndex, fromId: string): GraphNode[] {
  const ids = reachable(index, fromId);
  return index.data.nodes
    .filter((n) => POLICY_KINDS.has(n.kind) && ids.has(n.id) && n.id !== fromId)
    .sort((a, b) => a.label.localeCompare(b.label));
}

export interface GraphPath {
  nodes: Set<string>;
  edges: Set<string>;
}

/**
 * Every edge on some directed path from `fromId` to `toId` (an edge u→v counts when u is
 * reachable from the start and the target is reachable from v). Empty when there is none.
 */
export function pathBetween(index: GraphIndex, fromId: string, toId: string): GraphPath {
  const from = index.byId.get(fromId);
  const to = index.byId.get(toId);
  const result: GraphPath = { nodes: new Set(), edges: new Set() };
  if (from === undefined || to === undefined || from === to) return result;
  const forward = walk(index, from, Number.MAX_SAFE_INTEGER, true, new Set());
  if (!forward.has(to)) return result;
  const backward = walk(index, to, Number.MAX_SAFE_INTEGER, false, new Set());
  index.data.edges.forEach((e: GraphEdge, i) => {
    const s = index.ends[2 * i];
    const t = index.ends[2 * i + 1];
    if (s >= 0 && forward.has(s) && backward.has(t)) {
      result.edges.add(e.id);
      result.nodes.add(e.source);
      result.nodes.add(e.target);
    }
  });
  return result;
}

/** Nodes whose label or detail contains the query (case-insensitive); label matches first. */
export function searchNodes(nodes: readonly GraphNode[], query: string): GraphNode[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const byLabel: GraphNode[] = [];
  const byDetail: GraphNode[] = [];
  for (const n of nodes) {
    if (n.label.toLowerCase().includes(q)) byLabel.push(n);
    else if (n.detail && n.detail.toLowerCase().includes(q)) byDetail.push(n);
  }
  return [...byLabel, ...byDetail];
}

/** The principal with the most outgoing edges: the default focus on a large account. */
export function busiestPrincipal(index: GraphIndex): string | undefined {
  let best = -1;
  let bestId: string | undefined;
  index.data.nodes.forEach((n, i) => {
    if (!PRINCIPAL_KINDS.has(n.kind)) return;
    const degree = index.out[i].length + index.in[i].length;
    if (degree > best) {
      best = degree;
      bestId = n.id;
    }
  });
  return bestId;
}

/**
 * The "paths to admin" view: the nodes and edges on a shortest path from any principal to an administrator
 * (nodes marked `admin`), over "can become", "can assume" and "member of" edges, walked backwards from the
 * administrators. Returns node indices and edge indices.
 */
export function pathsToAdmin(index: GraphIndex): { nodes: Set<number>; edges: Set<number> } {
  const kinds = new Set(['canBecome', 'canAssume', 'memberOf']);
  const next = new Map<number, number>(); // node → edge towards the nearest administrator
  const queue: number[] = [];
  index.data.nodes.forEach((n, i) => {
    if (n.admin) {
      next.set(i, -1);
      queue.push(i);
    }
  });
  for (let q = 0; q < queue.length; q++) {
    for (const e of index.in[queue[q]]) {
      if (!kinds.has(index.data.edges[e].kind)) continue;
      const from = index.ends[2 * e];
      if (from < 0 || next.has(from)) continue;
      next.set(from, e);
      queue.push(from);
    }
  }
  const nodes = new Set<number>(next.keys());
  const edges = new Set<number>();
  for (const e of next.values()) if (e >= 0) edges.add(e);
  return { nodes, edges };
}
