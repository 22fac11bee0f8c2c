/**
 * What the escalation rules share: one "can become" analysis per workspace (core/analysis/escalation), and
 * findings built from its paths to administrator, one per escalating principal, reported by the rule of the
 * family of the path's first step.
 *
 * Cost in the language server: the analysis asks the evaluator about the principals whose policies allow an action
 * some technique starts with, and about administrator probes. Its findings are kept while nothing it reads has
 * changed: the signature lists, by object identity, the documents of every principal that could start an edge or
 * be an administrator, every role's trust policy, groups, users' console state and the accounts' settings (SCPs).
 * An edit inside any other entity (most of a big account) keeps the findings; their spans are the model's own
 * span objects, which the language server moves in place.
 */
import type { RelatedLocation, Severity } from '../../../findings';
import type { Workspace } from '../../../model';
import type { Span } from '../../../text/span';
import { EscalationGraph, escalationGraph, techniqueById, type ReachPath, type TechniqueFamily } from '../../escalation';
import { ActionVocabulary, BudgetExceeded, withBudgetInSteps } from '../../escalation/nodes';
import { endText, pathText } from '../../escalation/describe';
import { EXISTING_RESOURCE_TECHNIQUES } from '../../escalation/techniques';

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
const byWorkspace = new WeakMap<Workspace, EscalationReport[]>();

const EXISTING_ACTIONS = EXISTING_RESOURCE_TECHNIQUES.flatMap((t) => t.alternatives.flat());

/** The objects the analysis's answer depends on (see the file comment), a principal at a time. */
function* signature(ws: Workspace): Generator<void, unknown[]> {
  const g = escalationGraph(ws);
  yield;
  const f = g.finder;
  // `f.may(n, a)` for each existing-resource action, its vocabulary index found once (an action outside the
  // vocabulary: may, as `may` says).
  const existing = EXISTING_ACTIONS.map((a) => f.vocabulary.index.get(a.toLowerCase()));
  const mayExisting = existing.includes(undefined)
    ? () => true
    : (n: ReturnType<typeof g.node>) => {
        const v = f.mayVector(n);
        return existing.some((i) => ActionVocabulary.has(v, i!));
      };
  const out: unknown[] = [];
  for (const file of ws.files) {
    out.push(file.account, file.account.organization);
    for (const gr of file.groups.values()) out.push(gr);
  }
  for (const p of g.principals) {
    const n = g.node(p);
    if (f.mayAnything(n) || f.mayAllProbes(n) || mayExisting(n)) {
      out.push(p, p.permissionsBoundary?.target, ...n.documents);
    }
    if (p.kind === 'role') out.push(p.trustPolicy, p.instanceProfile?.name);
    else out.push(p.console?.enabled, ...p.memberOf);
    yield;
  }
  return out;
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
    for (const ev of s.steps) {
      for (const m of ev.allowedBy) {
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
  const sig = yield* signature(ws);
  const again = byWorkspace.get(ws); // computed meanwhile (a request between two steps)
  if (again) return again;
  let reports: EscalationReport[];
  if (last && same(last.signature, sig)) reports = last.reports;
  else {
    reports = [];
    try {
      // A fresh graph: a half-built one (budget exceeded) must not be reused. Its nodes and prefilter are the ones
      // the signature built (no evaluator call goes into them).
      const graph = new EscalationGraph(ws, {}, escalationGraph(ws));
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
    last = { signature: sig, reports };
  }
  byWorkspace.set(ws, reports);
  return reports;
}
