/**
 * What the escalation rules share: one "can become" analysis per workspace (core/analysis/escalation), and
 * findings built from its paths to administrator, one per escalating principal, reported by the rule of the
 * family of the path's first step.
 *
 * Cost in the language server: the analysis asks the evaluator about the principals whose policies allow an action
 * some technique starts with, and about administrator probes. Its findings are kept while nothing it reads has
 * changed: the signature lists, by object identity, the own documents of every principal that could start an edge
 * or be an administrator, every group with its documents, every role's trust policy, users' groups and console
 * state and the accounts' settings (SCPs).
 * An edit inside any other entity (most of a big account) keeps the findings; their spans are the model's own
 * span objects, which the language server moves in place.
 */
import type { RelatedLocation, Severity } from '../../../findings';
import { referencedDocument, type Group, type Role, type User, type Workspace } from '../../../model';
import type { Span } from '../../../text/span';
import { EscalationGraph, techniqueById, type ReachPath, type TechniqueFamily } from '../../escalation';
import { BudgetExceeded, withBudgetInSteps } from '../../escalation/nodes';
import { endText, pathText } from '../../escalation/describe';

export interface EscalationReport {
  family: TechniqueFamily;
  uri: string;
  span: Span;
  message: string;
  severity: Severity;
  related: RelatedLocation[];
}

/**
 * At most this many evaluator calls per analysis in the rules (about a second of work); the CLI's who-can has no limit.
 */
export const RULE_BUDGET = 10_000;

let last: { signature: unknown[]; reports: EscalationReport[] } | undefined;
/** False while a one-shot run (the CLI's check) runs: no later run can reuse its answer, so no signature is made. */
let keepForLaterRuns = true;

/**
 * Runs `fn` (one run of the rules that no later run follows: the CLI's check) without the signature pass, which
 * exists only for a later run to reuse this one's answer (~60 ms of the max-quota account's principals'
 * documents). The findings are the same; the answer kept for later runs (`last`) is left as it was.
 */
export function withoutLaterRuns<T>(fn: () => T): T {
  const outer = keepForLaterRuns;
  keepForLaterRuns = false;
  try {
    return fn();
  } finally {
    keepForLaterRuns = outer;
  }
}
const byWorkspace = new WeakMap<Workspace, EscalationReport[]>();

/**
 * The objects the analysis's answer depends on (see the file comment), 64 principals at a time. A user's documents
 * are its own and its groups': every group's documents are listed once with the group, each principal's own with
 * the principal (a change to a group's documents changes the signature whichever principals hold the group).
 */
function* signature(ws: Workspace, g: EscalationGraph): Generator<void, unknown[]> {
  yield;
  const f = g.finder;
  const out: unknown[] = [];
  for (let j = 0, files = ws.files; j < files.length; j++) {
    const file = files[j];
    out.push(file.account, file.account.organization);
    for (const gr of file.groups.values()) {
      out.push(gr);
      ownDocuments(gr, out);
    }
  }
  let k = 0;
  for (let n = 0, principals = g.principals; n < principals.length; n++) {
    const p = principals[n];
    // Its documents are listed only when it may do anything the analysis asks about.
    if (f.baseFlags(p) !== 0) {
      out.push(p, p.permissionsBoundary?.target);
      ownDocuments(p, out);
    }
    if (p.kind === 'role') out.push(p.trustPolicy, p.instanceProfile?.name);
    else {
      out.push(p.console?.enabled);
      for (let i = 0; i < p.memberOf.length; i++) out.push(p.memberOf[i]);
    }
    if (++k % 64 === 0) yield;
  }
  return out;
}

/** An entity's own documents (attached, as resolved now, and inline), pushed onto `out`. */
function ownDocuments(e: User | Role | Group, out: unknown[]): void {
  for (let i = 0; i < e.policies.length; i++) out.push(referencedDocument(e.policies[i]));
  for (let i = 0; i < e.inlinePolicies.length; i++) out.push(e.inlinePolicies[i].document);
}

function same(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function report(path: ReachPath): EscalationReport {
  const p = path.principal;
  const first = techniqueById(path.steps[0].technique);
  const related: RelatedLocation[] = [];
  const seen = new Set<string>();
  path.steps.forEach((s, i) => {
    for (let j = 0, steps = s.steps; j < steps.length; j++) {
      const ev = steps[j];
      for (let k = 0, allowedBy = ev.allowedBy; k < allowedBy.length; k++) {
        const m = allowedBy[k];
        const key = `${m.uri}:${m.span.start}:${ev.action}`;
        if (seen.has(key)) continue;
        seen.add(key);
        related.push({ uri: m.uri, span: m.span, message: `step ${i + 1}: ${ev.action} on ${ev.resource} is allowed here (${m.layer === 'resource' ? 'resource-based policy' : m.layer})` });
      }
    }
  });
  const end = path.end.principal;
  related.push({ uri: end.uri, span: end.nameSpan, message: `an administrator: ${endText(path)}` });
  const sure = path.confidence === 'certain';
  return {
    family: first?.family ?? 'assume-role',
    uri: p.uri,
    span: p.nameSpan,
    severity: sure ? 'warning' : 'info',
    message: `${p.kind === 'user' ? 'User' : 'Role'} "${p.name}" can ${sure ? '' : 'possibly '}become an administrator: ${pathText(path)}.`,
    related,
  };
}

/** The escalation findings of a workspace (all families), computed once per workspace or signature. */
export function escalationReports(ws: Workspace): EscalationReport[] {
  const steps = escalationReportsInSteps(ws);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `escalationReports` a little at a time (a principal's signature, a node's edges, a step of the path search), for
 * the language server's analysis in slices (the rules' `prepare`). The same answer, kept the same way.
 */
export function* escalationReportsInSteps(ws: Workspace): Generator<void, EscalationReport[]> {
  const known = byWorkspace.get(ws);
  if (known) return known;
  // One graph for the signature and the search: the signature asks each principal's prefilter answers
  // (`EdgeFinder.baseFlags`: no evaluator call, so no budget spent), which the search then finds made. A fresh graph, not the
  // workspace's shared one: a half-built one (budget exceeded) must not be reused.
  const graph = new EscalationGraph(ws);
  const keep = keepForLaterRuns;
  const sig = keep ? yield* signature(ws, graph) : undefined;
  const again = byWorkspace.get(ws); // computed meanwhile (a request between two steps)
  if (again) return again;
  let reports: EscalationReport[];
  if (sig && last && same(last.signature, sig)) reports = last.reports;
  else {
    reports = [];
    try {
      const paths = yield* withBudgetInSteps(RULE_BUDGET, graph.pathsToAdminSteps(true));
      for (const path of paths.values()) if (path.steps.length) reports.push(report(path));
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      const file = ws.files[0];
      reports = file
        ? [{
            family: 'assume-role',
            uri: file.uri,
            span: file.account.id?.span ?? { start: 0, end: 0 },
            severity: 'info',
            message: `The privilege-escalation rules stopped: this workspace needs more than ${RULE_BUDGET} policy evaluations (many principals that can act on many others). Run \`iam-workbench who-can\` for the full answer.`,
            related: [],
          }]
        : [];
    }
    if (sig) last = { signature: sig, reports };
  }
  byWorkspace.set(ws, reports);
  return reports;
}
