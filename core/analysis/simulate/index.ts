/**
 * The simulator: a question (who, through which roles, which actions on which resources, with which
 * context) answered against a workspace, one row per action × resource, each explained down to the
 * statement and the condition, with source positions. The evaluator decides; this file gathers the
 * policies of each side and shapes the answer.
 */
import { evaluate, parseCaller, withRoleTags, type Session } from '../../engine';
import { RequestContext } from '../../engine/context';
import type { EvaluationResult, MatchedStatement, PolicyExplanation, PolicySource } from '../../engine/types';
import type { Workspace } from '../../model';
import { parsePolicyText } from '../../policy/parse';
import type { PolicyDocument } from '../../policy/types';
import { LineIndex } from '../../text/line-index';
import { expandActions, MAX_EXPANDED_ACTIONS } from './catalog';
import { Locator } from './locate';
import { federatedUserSession, federationNameProblem, findPrincipal, rcpLevelsOf, resolveStart, roleDefinition, roleSession } from './principal';
import { resourceSide } from './resource';
import type {
  SimContext,
  SimContextKey,
  SimHop,
  SimLocation,
  SimPolicyOut,
  SimStatementRef,
  SimulationAnswer,
  SimulationQuestion,
  SimulationRow,
} from './types';

export interface SimulateOptions {
  /** The time for aws:CurrentTime / aws:EpochTime (default: now). */
  now?: Date;
  /** The final session policy already parsed (scenario files keep its spans); wins over the question's. */
  sessionPolicy?: PolicyDocument;
  /** Per chain step, a parsed session policy (same index as `question.chain`). */
  hopSessionPolicies?: (PolicyDocument | undefined)[];
  /** Texts whose positions answers may point into (scenario files), by uri. */
  texts?: ReadonlyMap<string, LineIndex>;
  maxActions?: number;
  /** Rows beyond this are cut (actions × resources). */
  maxRows?: number;
  /**
   * Explain every policy and condition considered (default true; the panel shows them). The
   * scenario runner only needs decisions, deciding statements and missing keys.
   */
  explain?: boolean;
}

export const SESSION_POLICY_URI = 'simulator:session-policy';
export const MAX_ROWS = 2000;

/** Keys AWS fills in from the principal and the request, shown pre-filled in the panel. */
const FILLED_KEYS = [
  'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:username', 'aws:userid', 'aws:PrincipalIsAWSService',
  'aws:PrincipalServiceName', 'aws:PrincipalOrgID', 'aws:SourceIdentity', 'aws:RoleSessionName', 'aws:ResourceAccount', 'aws:CurrentTime',
  'aws:EpochTime',
];

export function simulateQuestion(ws: Workspace, q: SimulationQuestion, opts: SimulateOptions = {}): SimulationAnswer {
  const now = opts.now ?? new Date();
  const explain = opts.explain ?? true;
  const texts = new Map(opts.texts ?? []);
  const problems: string[] = [];
  const start = resolveStart(ws, q.principal ?? '', q.account, q.sourceAccount);
  const answer: SimulationAnswer = {
    principal: { arn: '', kind: 'unknown', label: q.principal ?? '' },
    hops: [],
    chainAllowed: true,
    context: [],
    rows: [],
    problems,
  };
  if ('problem' in start) {
    problems.push(start.problem);
    answer.chainAllowed = false;
    return answer;
  }
  if (q.principal?.trim() && q.sourceAccount?.trim()) {
    problems.push(`The source account ${q.sourceAccount} is not used: the question names a principal. Leave the principal empty to ask as account ${q.sourceAccount}.`);
  }
  const locator = new Locator(ws, texts);
  const baseContext: SimContext = { ...(q.context ?? {}) };

  // Role chain: each step is sts:AssumeRole* on the role, decided by the caller and the trust policy.
  let session: Session = start.session;
  let label = start.label;
  let where = start.where;
  let kind: string = start.kind;
  for (const [i, hop] of (q.chain ?? []).entries()) {
    const account = parseCaller(session.principal).account;
    let found = findPrincipal(ws, hop.role, account, ['role']);
    if (!found && account && !hop.role.startsWith('arn:')) found = findPrincipal(ws, hop.role, undefined, ['role']);
    if (!found || 'problem' in found) {
      problems.push(found && 'problem' in found ? found.problem : `Chain step ${i + 1}: no role "${hop.role}" in the workspace.`);
      answer.chainAllowed = false;
      break;
    }
    const role = found.entity as Extract<typeof found.entity, { kind: 'role' }>;
    const def = roleDefinition(ws, role);
    const action = i === 0 ? start.assumeAction : 'sts:AssumeRole';
    const context = { ...baseContext, ...(hop.context ?? {}) };
    const result = evaluate(
      { principal: session.principal, action, resource: role.arn, context: withRoleTags(context, def.tags) },
      { ...session.policies, resource: def.trust, resourceKind: 'trust', rcpLevels: rcpLevelsOf(ws, ws.file(role.uri)) },
      { explain, now },
    );
    labelLevels(result, session.policies.scpLevels, rcpLevelsOf(ws, ws.file(role.uri)));
    answer.hops.push(hopOf('assume-role', session.principal.arn, role.arn, action, result, locator, locator.at(role.uri, role.nameSpan)));
    if (result.decision !== 'allowed') {
      answer.chainAllowed = false;
      break;
    }
    const hopPolicy = opts.hopSessionPolicies?.[i] ?? parseSessionPolicy(hop.sessionPolicy, `${SESSION_POLICY_URI}/${i + 1}`, texts, problems);
    session = roleSession(ws, role, hop.sessionName || 'simulator', hopPolicy ? [{ doc: hopPolicy, id: `session policy of step ${i + 1}`, sourceType: 'session' }] : undefined);
    label = `role ${role.name} (session of ${label})`;
    where = { uri: role.uri, span: role.nameSpan };
    kind = 'role';
  }

  const finalPolicy = opts.sessionPolicy ?? parseSessionPolicy(q.sessionPolicy, SESSION_POLICY_URI, texts, problems);
  if (finalPolicy) {
    const extra: PolicySource = { doc: finalPolicy, id: 'session policy', sourceType: 'session' };
    if (start.user && !q.chain?.length) {
      // An IAM user passes session policies to GetFederationToken: the caller becomes its federated-user session.
      // The user must be allowed sts:GetFederationToken on that federated-user ARN, and AWS must take its name
      // as Name (IAM User Guide, "Permissions for GetFederationToken"; STS API Reference, "GetFederationToken").
      const user = start.user;
      const own = start.session;
      session = federatedUserSession(ws, user, [extra]);
      label = `federated user ${user.name} (GetFederationToken by user ${user.name}: the user's policies and boundary, within the session policy)`;
      kind = 'federated-user';
      const nameProblem = federationNameProblem(user.name);
      if (nameProblem) {
        problems.push(nameProblem);
        answer.chainAllowed = false;
      } else {
        const action = 'sts:GetFederationToken';
        const result = evaluate(
          { principal: own.principal, action, resource: session.principal.arn, context: baseContext },
          own.policies, // the user's identity policies, boundary and SCPs; no resource-based policy, no RCPs
          { explain, now },
        );
        labelLevels(result, own.policies.scpLevels, undefined);
        answer.hops.push(hopOf('federation-token', own.principal.arn, session.principal.arn, action, result, locator, locator.at(user.uri, user.nameSpan)));
        if (result.decision !== 'allowed') answer.chainAllowed = false;
      }
    } else session = { ...session, policies: { ...session.policies, session: [...(session.policies.session ?? []), extra] } };
  }
  answer.principal = { arn: session.principal.arn, kind, label, location: where ? locator.at(where.uri, where.span) : undefined };

  const expanded = expandActions(q.actions ?? [], opts.maxActions ?? MAX_EXPANDED_ACTIONS);
  problems.push(...expanded.problems);
  if (expanded.truncated) answer.truncated = true;
  const resources = (q.resources ?? []).map((r) => r.trim()).filter(Boolean);
  if (!resources.length) resources.push('*');
  if (!expanded.actions.length) problems.push('No action to simulate: add one (wildcards such as s3:Get* expand).');

  answer.context = contextKeys(session, baseContext, resources[0] === '*' ? undefined : resourceSide(ws, expanded.actions[0] ?? '', resources[0]).account, now);
  if (!answer.chainAllowed) return answer;

  const maxRows = opts.maxRows ?? MAX_ROWS;
  for (const action of expanded.actions) {
    for (const resource of resources) {
      if (answer.rows.length >= maxRows) {
        answer.truncated = true;
        problems.push(`Only the first ${maxRows} action × resource rows are shown.`);
        return answer;
      }
      const side = resourceSide(ws, action, resource);
      const result = evaluate(
        { principal: session.principal, action, resource, resourceAccount: side.account, context: baseContext },
        { ...session.policies, resource: side.policy, resourceKind: side.kind, rcpLevels: side.rcpLevels },
        { explain, now },
      );
      labelLevels(result, session.policies.scpLevels, side.rcpLevels);
      answer.rows.push(rowOf(action, resource, result, locator));
    }
  }
  return answer;
}

/**
 * Names the organization level of each SCP/RCP in a result ("FullAWSAccess (SCP level 2 of 2)"):
 * the same policy is often attached at several levels, and which level lacks an Allow matters.
 * The engine explains policies layer by layer, levels in order, so the n-th SCP explanation is the
 * n-th SCP of the flattened levels.
 */
function labelLevels(result: EvaluationResult, scp: PolicySource[][] | undefined, rcp: PolicySource[][] | undefined): void {
  for (const [layer, levels, word] of [['scp', scp, 'SCP'], ['rcp', rcp, 'RCP']] as const) {
    if (!levels?.length) continue;
    const labels = levels.flatMap((level, i) => level.map((src) => ({ src, label: `${src.id} (${word} level ${i + 1} of ${levels.length})` })));
    let n = 0;
    for (const p of result.explanation ?? []) {
      if (p.layer !== layer) continue;
      const l = labels[n++];
      if (l && l.src.id === p.policyId) p.policyId = l.label;
    }
    for (const m of result.matched) {
      if (m.layer !== layer) continue;
      const l = labels.find((x) => x.src.doc.uri === m.uri && x.src.id === m.policyId && x.src.doc.statements.some((st) => st.span.start === m.span.start));
      if (l) m.policyId = l.label;
    }
  }
}

function parseSessionPolicy(
  value: string | object | undefined,
  uri: string,
  texts: Map<string, LineIndex>,
  problems: string[],
): PolicyDocument | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  if (!text.trim()) return undefined;
  const doc = parsePolicyText(text, uri, 'session');
  texts.set(uri, new LineIndex(text));
  const errors = doc.findings.filter((f) => f.severity === 'error');
  if (errors.length) problems.push(`Session policy: ${errors[0].message}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}`);
  return doc;
}

function statementRef(m: MatchedStatement, locator: Locator): SimStatementRef {
  return { policyId: m.policyId, layer: m.layer, sid: m.sid, index: m.index, effect: m.effect, location: locator.at(m.uri, m.span) };
}

/** Policies considered, each with the statements whose action matched (the others said nothing). */
function policiesOut(explanation: PolicyExplanation[] | undefined, locator: Locator): SimPolicyOut[] {
  return (explanation ?? []).map((p) => ({
    policyId: p.policyId,
    layer: p.layer,
    statements: p.statements
      .filter((s) => s.actionMatched)
      .map((s) => ({
        policyId: p.policyId,
        layer: p.layer,
        sid: s.sid,
        index: s.index,
        effect: s.effect,
        location: locator.at(p.uri, s.span),
        matched: s.matched,
        actionMatched: s.actionMatched,
        resourceMatched: s.resourceMatched,
        principalMatched: s.principalMatched,
        conditionsHeld: s.conditionsHeld,
        conditions: s.conditions.map((c) => ({
          operator: c.operator,
          key: c.key,
          values: c.values,
          requestValues: c.requestValues,
          held: c.held,
          why: c.why,
          location: locator.at(p.uri, c.span),
        })),
      })),
  }));
}

/** A step that makes a session: `target` is the request's resource (the role, or the federated-user ARN). */
function hopOf(step: SimHop['step'], from: string, target: string, action: string, r: EvaluationResult, locator: Locator, location: SimLocation | undefined): SimHop {
  return {
    step,
    from,
    role: target,
    action,
    decision: r.decision,
    decidedBy: r.decidedBy,
    reason: r.reason,
    matched: r.matched.map((m) => statementRef(m, locator)),
    missingContextKeys: r.missingContextKeys,
    policies: policiesOut(r.explanation, locator),
    location,
  };
}

function rowOf(action: string, resource: string, r: EvaluationResult, locator: Locator): SimulationRow {
  return {
    action,
    resource,
    decision: r.decision,
    decidedBy: r.decidedBy,
    reason: r.reason,
    matched: r.matched.map((m) => statementRef(m, locator)),
    layers: r.layers.map((l) => ({ layer: l.layer, decision: l.decision, applies: l.applies })),
    crossAccount: r.crossAccount,
    missingContextKeys: r.missingContextKeys,
    policies: policiesOut(r.explanation, locator),
  };
}

/** The request context: what AWS fills in from the principal, then what the question supplies (which wins). */
function contextKeys(session: Session, given: SimContext, resourceAccount: string | undefined, now: Date): SimContextKey[] {
  const out: SimContextKey[] = [];
  const givenKeys = new Set(Object.keys(given).map((k) => k.toLowerCase()));
  let ctx: RequestContext | undefined;
  try {
    ctx = new RequestContext(undefined, parseCaller(session.principal), resourceAccount, now);
  } catch {
    ctx = undefined;
  }
  const filled = [...FILLED_KEYS, ...Object.keys(session.principal.tags ?? {}).map((k) => `aws:PrincipalTag/${k}`)];
  for (const key of filled) {
    if (givenKeys.has(key.toLowerCase())) continue;
    const v = ctx?.get(key);
    if (v) out.push({ key, values: v.values, source: 'aws' });
  }
  for (const [key, value] of Object.entries(given)) {
    out.push({ key, values: Array.isArray(value) ? value.map(String) : [String(value)], source: 'question' });
  }
  return out;
}
