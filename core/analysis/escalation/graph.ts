/**
 * The "can become" graph of a workspace: every user and role (and the variants they can turn themselves into)
 * with the edges edges.ts finds, explored from every principal; and shortest paths to whatever set of nodes a
 * query names (administrators, or the nodes allowed some action on some resource), by breadth-first search
 * backwards from that set: first over certain edges only, then over all edges for the principals left.
 */
import type { ContextInput } from '../../engine/types';
import type { Role, Workspace } from '../../model';
import { nodeIsAdmin } from './admin';
import { EdgeFinder, type EscalationEdge } from './edges';
import { EXISTING_RESOURCE_TECHNIQUES } from './techniques';
import { BASE, evaluatorCalls, makeNode, nodeId, type EscalationNode, type Principal, type StepEvidence, type Variant } from './nodes';
import type { Confidence } from './techniques';

export interface GraphOptions {
  /** Context every request of every step carries (aws:MultiFactorAuthPresent, aws:SourceIp...). */
  context?: ContextInput;
}

/** One step of a path, principal to principal. */
export interface PathStep {
  from: Principal;
  to: Principal;
  /** The variant of `to` the step leads to (its permissions rewritten, its boundary removed...). */
  toVariant: Variant;
  technique: string;
  actions: string[];
  confidence: Confidence;
  steps: StepEvidence[];
  note?: string;
}

export interface ReachPath {
  principal: Principal;
  /** Empty when the principal itself is in the target set. */
  steps: PathStep[];
  confidence: Confidence;
  /** The node the path ends at (in the target set). */
  end: EscalationNode;
}

/**
 * The steps of the `…Steps` generators: this many nodes that need no evaluator call (made, looked up, marked) go in
 * one step; a generator step costs more than such a node (a max-quota account has 6,000 principals).
 */
const STEP_NODES = 64;

/** The edges of a node that has none (shared; never written to). */
const NO_EDGES: EscalationEdge[] = Object.freeze([]) as unknown as EscalationEdge[];

export class EscalationGraph {
  readonly finder: EdgeFinder;
  readonly nodes = new Map<string, EscalationNode>();
  /** Existing-resource edges into each role, found when a query first needs them. */
  private readonly existingInto = new Map<Role, EscalationEdge[]>();
  private readonly out = new Map<string, EscalationEdge[]>();
  private readonly admin = new Map<string, boolean>();
  private explored = false;
  private readonly adminOut = new Map<string, EscalationEdge[]>();
  private readonly existingSources = new Map<string, EscalationEdge[]>();
  readonly principals: Principal[] = [];

  constructor(
    readonly workspace: Workspace,
    readonly options: GraphOptions = {},
  ) {
    this.finder = new EdgeFinder(workspace, options.context);
    for (let i = 0, files = workspace.files; i < files.length; i++) {
      const f = files[i];
      for (const u of f.users.values()) this.principals.push(u);
      for (const r of f.roles.values()) if (!r.serviceLinked) this.principals.push(r);
    }
  }

  node(p: Principal, v: Variant = BASE): EscalationNode {
    const id = nodeId(p, v);
    let n = this.nodes.get(id);
    if (!n) {
      const file = this.workspace.file(p.uri);
      n = makeNode(this.workspace, p, v, file?.accountId ?? '000000000000', file?.account.partition ?? 'aws');
      this.nodes.set(id, n);
    }
    return n;
  }

  isAdmin(n: EscalationNode): boolean {
    let a = this.admin.get(n.id);
    if (a === undefined) {
      a = this.finder.mayAllProbes(n) ? nodeIsAdmin(n, this.options.context) : false;
      this.admin.set(n.id, a);
    }
    return a;
  }

  /** The edges out of a node (hub ids as targets for techniques on existing resources). */
  edgesFrom(n: EscalationNode): EscalationEdge[] {
    let edges = this.out.get(n.id);
    if (edges) return edges;
    const admin = this.isAdmin(n);
    // Most principals of a big account: no edge, and no options object or closure made to find none.
    if (this.finder.noEdges(n)) {
      this.out.set(n.id, NO_EDGES);
      return NO_EDGES;
    }
    edges = [];
    for (let i = 0, list = this.finder.edgesOf(n, { admin, isAdmin: (p) => this.isAdmin(this.node(p)) }); i < list.length; i++) {
      const e = list[i];
      if ('hub' in e.target) continue;
      const to = this.node(e.target.principal, e.target.variant).id;
      edges.push({ from: n.id, to, technique: e.technique, actions: e.actions, confidence: e.confidence, steps: e.steps, note: e.note });
    }
    this.out.set(n.id, edges);
    return edges;
  }

  /** An administrator's edges with those inside its own account too (see pathsTo). */
  private fullEdgesFrom(n: EscalationNode): EscalationEdge[] {
    let edges = this.adminOut.get(n.id);
    if (edges) return edges;
    edges = [];
    for (let i = 0, list = this.finder.edgesOf(n, { admin: false, isAdmin: (p) => this.isAdmin(this.node(p)) }); i < list.length; i++) {
      const e = list[i];
      if ('hub' in e.target) continue;
      const known = this.nodes.get(nodeId(e.target.principal, e.target.variant));
      if (known) edges.push({ from: n.id, to: known.id, technique: e.technique, actions: e.actions, confidence: e.confidence, steps: e.steps, note: e.note });
    }
    this.adminOut.set(n.id, edges);
    return edges;
  }

  /** Edges out of a node. */
  private successors(id: string): EscalationEdge[] {
    const n = this.nodes.get(id);
    return n ? this.edgesFrom(n) : [];
  }

  /**
   * The "possible if such a resource exists" edges into a role: from every principal of its account that can
   * change an existing resource of a service the role trusts (an existing function's code, a command on an
   * instance with its profile...). Found on demand: one technique is asked of the account's principals once.
   */
  existingResourceEdgesInto(role: Role): EscalationEdge[] {
    let edges = this.existingInto.get(role);
    if (edges) return edges;
    edges = [];
    const account = this.workspace.file(role.uri)?.accountId ?? '000000000000';
    const to = this.node(role).id;
    for (let i = 0; i < EXISTING_RESOURCE_TECHNIQUES.length; i++) {
      const t = EXISTING_RESOURCE_TECHNIQUES[i];
      if (!this.finder.existingResourceRoles(account, t).includes(role)) continue;
      let sources = this.existingSources.get(`${account}|${t.id}`);
      if (!sources) {
        sources = [];
        for (let j = 0, principals = this.principals; j < principals.length; j++) {
          const p = principals[j];
          const n = this.node(p);
          if (n.accountId !== account || this.isAdmin(n)) continue;
          const e = this.finder.existingResourceEdge(n, t);
          if (e) sources.push({ from: n.id, to: '', technique: e.technique, actions: e.actions, confidence: e.confidence, steps: e.steps, note: e.note });
        }
        this.existingSources.set(`${account}|${t.id}`, sources);
      }
      for (let k = 0; k < sources.length; k++) {
        const e = sources[k];
        if (e.from !== to) edges.push({ ...e, to });
      }
    }
    this.existingInto.set(role, edges);
    return edges;
  }

  /** Finds every node reachable from any principal, and every edge between them. */
  explore(): void {
    for (const _ of this.exploreSteps());
  }

  /** The exploration's queue, kept between steps (a drained `explore()` meanwhile carries on from it). */
  private exploring?: { queue: string[]; seen: Set<string>; at: number };

  /** `explore()` a little at a time (a step: one node whose edges asked the evaluator, or STEP_NODES that asked nothing). */
  *exploreSteps(): Generator<void, void> {
    if (this.explored) return;
    if (!this.exploring) {
      // Each principal's node made (its documents and prefilter vectors are worked out on first use), STEP_NODES a step;
      // except a principal that can start no edge and is no administrator, by its prefilter answers (most of a big
      // account): its node would have no edge. It is made when an edge reaches it or a query asks (see pathsToSteps).
      const queue: string[] = [];
      let left = 0;
      for (let i = 0, principals = this.principals; i < principals.length; i++) {
        const p = principals[i];
        if (this.finder.quietPrincipal(p)) {
          if (++left % (4 * STEP_NODES) === 0) yield;
          continue;
        }
        queue.push(this.node(p).id);
        if (queue.length % STEP_NODES === 0) yield;
      }
      if (!this.exploring) this.exploring = { queue, seen: new Set(queue), at: 0 };
    }
    const x = this.exploring;
    // A step ends after a node whose edges asked the evaluator, or after STEP_NODES that needed no question (most
    // principals of a big account: their prefilter vectors rule every technique out).
    let quiet = 0;
    while (!this.explored && x.at < x.queue.length) {
      const id = x.queue[x.at++];
      const calls = evaluatorCalls();
      for (let j = 0, list = this.successors(id); j < list.length; j++) {
        const e = list[j];
        if (!x.seen.has(e.to)) {
          x.seen.add(e.to);
          x.queue.push(e.to);
        }
      }
      if (evaluatorCalls() !== calls || ++quiet === STEP_NODES) {
        quiet = 0;
        yield;
      }
    }
    this.explored = true;
    this.exploring = undefined;
  }

  /**
   * Every edge of the explored graph, for drawing; with `existing`, also the existing-resource edges (asked of
   * every role a service trusts: slow on big accounts).
   */
  allEdges(existing = false): { from: EscalationNode; to: EscalationNode; edge: EscalationEdge }[] {
    this.explore();
    const out: { from: EscalationNode; to: EscalationNode; edge: EscalationEdge }[] = [];
    for (const [id, edges] of this.out) {
      const from = this.nodes.get(id)!;
      for (let i = 0; i < edges.length; i++) {
        const e = edges[i];
        out.push({ from, to: this.nodes.get(e.to)!, edge: e });
      }
    }
    if (existing) {
      for (let j = 0, principals = this.principals; j < principals.length; j++) {
        const p = principals[j];
        if (p.kind !== 'role') continue;
        for (let k = 0, list = this.existingResourceEdgesInto(p); k < list.length; k++) {
          const e = list[k];
          out.push({ from: this.nodes.get(e.from)!, to: this.node(p), edge: e });
        }
      }
    }
    return out;
  }

  /**
   * Shortest paths from every principal to a node `isTarget` accepts: first over certain edges, then (for the
   * principals not reached) over all edges, those paths `possible`. A principal that is a target itself gets an
   * empty path.
   */
  pathsTo(isTarget: (n: EscalationNode) => boolean | 'possible', includePossible = true): Map<Principal, ReachPath> {
    return this.drain(this.pathsToSteps(isTarget, includePossible));
  }

  private drain(steps: Generator<void, Map<Principal, ReachPath>>): Map<Principal, ReachPath> {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * `pathsTo` a little at a time: the exploration node by node, then the search a node or a target at a time.
   * `quietTargets` false: the caller knows that no principal the exploration left out (see exploreSteps) is a target
   * (administrators are never left out), and their nodes are not made.
   */
  *pathsToSteps(isTarget: (n: EscalationNode) => boolean | 'possible', includePossible = true, quietTargets = true): Generator<void, Map<Principal, ReachPath>> {
    yield* this.exploreSteps();
    // Reverse adjacency, once per query (cheap next to the evaluator's work).
    const incoming = new Map<string, EscalationEdge[]>();
    let k = 0;
    // The ids as they are now (the loop may add nodes), without an entry array per node.
    const ids = Array.from(this.nodes.keys());
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      for (let j = 0, items = this.successors(id); j < items.length; j++) {
        const e = items[j];
        const list = incoming.get(e.to);
        if (list) list.push(e);
        else incoming.set(e.to, [e]);
      }
      if (++k % STEP_NODES === 0) yield;
    }
    const marks = new Map<EscalationNode, boolean | 'possible'>();
    // The targets in the order of the nodes had every principal's node been made first, in the principals' order,
    // then the others as they were reached (the search's order, and so which of two equally short paths it takes).
    const principalIds = quietTargets ? new Set<string>() : undefined;
    if (principalIds) {
      for (let q = 0, principals = this.principals; q < principals.length; q++) {
        const p = principals[q];
        const n = this.node(p);
        principalIds.add(n.id);
        const m = isTarget(n);
        if (m) marks.set(n, m);
        if (++k % STEP_NODES === 0) yield;
      }
    }
    for (const n of this.nodes.values()) {
      if (principalIds?.has(n.id)) continue;
      const m = isTarget(n);
      if (m) marks.set(n, m);
      if (++k % STEP_NODES === 0) yield;
    }
    // Per account, its administrators; per administrator, its edges to principals of its own account by target
    // node (asked for the first time the search reaches its account while the administrator has no path yet).
    const adminsOf = new Map<string, EscalationNode[]>();
    for (const a of this.nodes.values()) {
      if (!this.isAdmin(a)) continue;
      const list = adminsOf.get(a.accountId);
      if (list) list.push(a);
      else adminsOf.set(a.accountId, [a]);
    }
    const ownEdges = new Map<string, Map<string, EscalationEdge[]>>();
    const ownEdgesOf = (a: EscalationNode): Map<string, EscalationEdge[]> => {
      let by = ownEdges.get(a.id);
      if (by) return by;
      ownEdges.set(a.id, (by = new Map()));
      for (let i = 0, items = this.fullEdgesFrom(a); i < items.length; i++) {
        const x = items[i];
        if (this.nodes.get(x.to)?.accountId !== a.accountId) continue;
        const list = by.get(x.to);
        if (list) list.push(x);
        else by.set(x.to, [x]);
      }
      return by;
    };
    const result = new Map<Principal, ReachPath>();
    const passes: Confidence[] = includePossible ? ['certain', 'possible'] : ['certain'];
    for (const pass of passes) {
      // next[id] = the edge to take from id towards the nearest target.
      const next = new Map<string, EscalationEdge | null>();
      const queue: string[] = [];
      const hops = new Map<string, number>();
      for (const [t, mark] of marks) {
        if (pass === 'certain' && mark !== true) continue;
        next.set(t.id, null);
        hops.set(t.id, 0);
        queue.push(t.id);
      }
      const take = (e: EscalationEdge) => {
        if (pass === 'certain' && e.confidence !== 'certain') return;
        if (next.has(e.from)) return;
        next.set(e.from, e);
        hops.set(e.from, (hops.get(e.to) ?? 0) + 1);
        queue.push(e.from);
      };
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i];
        const n = this.nodes.get(id);
        const lazy = pass === 'possible' && n && n.principal.kind === 'role' && !n.variant.full && !n.variant.noBoundary ? this.existingResourceEdgesInto(n.principal) : [];
        const into = incoming.get(id) ?? [];
        for (let k = 0; k < into.length; k++) take(into[k]);
        // Administrators' edges inside their own account were left out of the exploration (they can already do
        // what those principals can); a target may still be reached only through one of those principals (a role
        // another account trusts, a resource policy naming it). They are asked for when the search first reaches
        // the account, and taken in the search's order, so an administrator's path is as short as any other's.
        if (n) {
          const admins = adminsOf.get(n.accountId) ?? [];
          for (let k = 0; k < admins.length; k++) {
            const a = admins[k];
            if (next.has(a.id)) continue;
            const own = ownEdgesOf(a).get(id) ?? [];
            for (let m = 0; m < own.length; m++) take(own[m]);
          }
        }
        for (let k = 0; k < lazy.length; k++) take(lazy[k]);
        yield;
      }
      const principals = this.principals;
      for (let k = 0; k < principals.length; k++) {
        const p = principals[k];
        if (result.has(p)) continue;
        const start = nodeId(p, BASE);
        if (!next.has(start)) continue;
        const path = this.walk(p, start, next);
        if (marks.get(path.end) === 'possible') path.confidence = 'possible';
        result.set(p, path);
      }
    }
    return result;
  }

  private walk(p: Principal, start: string, next: Map<string, EscalationEdge | null>): ReachPath {
    const steps: PathStep[] = [];
    let id = start;
    let confidence: Confidence = 'certain';
    for (let guard = 0; guard < 1000; guard++) {
      const e = next.get(id);
      if (!e) break;
      const from = this.nodes.get(e.from)!;
      const toId = e.to;
      const to = this.nodes.get(toId)!;
      if (e.confidence === 'possible') confidence = 'possible';
      steps.push({ from: from.principal, to: to.principal, toVariant: to.variant, technique: e.technique, actions: e.actions, confidence: e.confidence, steps: e.steps, note: e.note });
      id = toId;
    }
    return { principal: p, steps, confidence, end: this.nodes.get(id)! };
  }

  /** Shortest paths to administrator for every principal that has one. */
  pathsToAdmin(includePossible = true): Map<Principal, ReachPath> {
    return this.drain(this.pathsToAdminSteps(includePossible));
  }

  /** `pathsToAdmin` a little at a time (see pathsToSteps); a principal left out of the exploration is no administrator. */
  pathsToAdminSteps(includePossible = true): Generator<void, Map<Principal, ReachPath>> {
    return this.pathsToSteps((n) => this.isAdmin(n), includePossible, false);
  }
}

/** One graph per workspace and context, reused by the rules, the hover, the graph and the CLI. */
const graphs = new WeakMap<Workspace, Map<string, EscalationGraph>>();

export function escalationGraph(ws: Workspace, options: GraphOptions = {}): EscalationGraph {
  const key = JSON.stringify(options.context ?? {});
  let byContext = graphs.get(ws);
  if (!byContext) graphs.set(ws, (byContext = new Map()));
  let g = byContext.get(key);
  if (!g) {
    if (byContext.size > 8) byContext.clear();
    byContext.set(key, (g = new EscalationGraph(ws, options)));
  }
  return g;
}
