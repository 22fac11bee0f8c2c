/**
 * "Who can do X to Y?": every principal of the workspace that can perform an action on a resource, directly or
 * at the end of a "can become" path, with the shortest path for each. The last request is decided by the
 * evaluator with the node's session and the resource's own side (bucket or key policy, trust policy, the owning
 * account's RCPs), as the simulator decides it.
 */
import type { ContextInput } from '../../engine/types';
import type { Workspace } from '../../model';
import { workspaceResourceSide } from '../principal-policies';
import { escalationGraph, type EscalationGraph, type ReachPath } from './graph';
import { ask, type EscalationNode, type Principal, type StepEvidence } from './nodes';

export interface WhoCanQuery {
  action: string;
  /** Default `*`. */
  resource?: string;
  context?: ContextInput;
  /** Also paths that depend on something the files don't describe, or on condition keys (default false). */
  includePossible?: boolean;
}

export interface WhoCanAnswer {
  action: string;
  resource: string;
  /** In workspace order; each with its shortest path (empty when it can act directly). */
  principals: (ReachPath & { final: StepEvidence })[];
}

/** Whether a node may make the query's last request: `true`, `'possible'` (for want of context keys) or no. */
export interface WhoCanMark {
  /** The node's id (`nodeId`). */
  id: string;
  mark: true | 'possible';
  final?: StepEvidence;
}

/**
 * The query's test of one node (the evaluator with the node's session and the resource's side). A pure function
 * of the node: asked in any thread, in any order, it answers the same, which is what lets `--jobs` ask it of
 * each account's principals in a worker (`whoCanMarks`) and the search use those answers.
 */
export function whoCanTest(ws: Workspace, q: WhoCanQuery): (n: EscalationNode) => WhoCanMark | undefined {
  const resource = q.resource?.trim() || '*';
  const side = workspaceResourceSide(ws, q.action, resource);
  return (n) => {
    const a = ask(n.session, q.action, resource, q.context, {
      resourcePolicy: side.policies.resource,
      resourceKind: side.policies.resourceKind,
      rcpLevels: side.policies.rcpLevels,
      resourceAccount: side.account,
    });
    if (a.ok) return { id: n.id, mark: true, final: a.evidence };
    if (a.keys.length) return { id: n.id, mark: 'possible', final: a.evidence };
    return undefined;
  };
}

/** `whoCanTest` asked of the principals (their own node, unchanged) of one account file: the marked ones. */
export function whoCanMarks(ws: Workspace, q: WhoCanQuery, uri: string, graph: EscalationGraph = escalationGraph(ws, { context: q.context })): WhoCanMark[] {
  const test = whoCanTest(ws, q);
  const out: WhoCanMark[] = [];
  for (const p of graph.principals) {
    if (p.uri !== uri) continue;
    const m = test(graph.node(p));
    if (m) out.push(m);
  }
  return out;
}

/**
 * The workspace principals that can perform the action on the resource, with how. `known`: marks already asked
 * elsewhere (`whoCanMarks`, by node id; a node absent from it is asked here). The search itself always runs here,
 * over the whole graph in its one order, so which of two equally short paths is shown never depends on who asked.
 */
export function whoCan(ws: Workspace, q: WhoCanQuery, graph: EscalationGraph = escalationGraph(ws, { context: q.context }), known?: { asked: Set<string>; marks: Map<string, WhoCanMark> }): WhoCanAnswer {
  const resource = q.resource?.trim() || '*';
  const test = whoCanTest(ws, q);
  const finals = new Map<string, StepEvidence>();
  const can = (n: EscalationNode): boolean | 'possible' => {
    const m = known?.asked.has(n.id) ? known.marks.get(n.id) : test(n);
    if (!m) return false;
    if (m.final) finals.set(n.id, m.final);
    return m.mark;
  };
  const paths = graph.pathsTo(can, q.includePossible ?? false);
  const principals: WhoCanAnswer['principals'] = [];
  for (const p of graph.principals) {
    const path = paths.get(p);
    if (path) principals.push({ ...path, final: finals.get(path.end.id)! });
  }
  return { action: q.action, resource, principals };
}

/** The shortest path by which a principal becomes an administrator, or undefined. */
export function adminPath(ws: Workspace, principal: Principal, includePossible = true): ReachPath | undefined {
  return escalationGraph(ws).pathsToAdmin(includePossible).get(principal);
}

/**
 * Whether a principal is, or can become, an administrator (`*` on `*` as far as its boundary and SCPs allow),
 * with certainty by default; `includePossible` also counts paths that need a resource the files don't describe
 * or condition keys. For other analyses (access diff, policy checks): cached per workspace.
 */
export function canReachAdmin(ws: Workspace, principal: Principal, options: { includePossible?: boolean } = {}): boolean {
  return adminReach(ws, options.includePossible ?? false).has(principal);
}

const reach = new WeakMap<Workspace, Map<boolean, Map<Principal, ReachPath>>>();
/** Shortest paths to administrator for every principal that has one, cached per workspace. */
export function adminReach(ws: Workspace, includePossible: boolean): Map<Principal, ReachPath> {
  let byMode = reach.get(ws);
  if (!byMode) reach.set(ws, (byMode = new Map()));
  let m = byMode.get(includePossible);
  if (!m) byMode.set(includePossible, (m = escalationGraph(ws).pathsToAdmin(includePossible)));
  return m;
}
