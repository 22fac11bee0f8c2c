/**
 * External and public access, as IAM Access Analyzer's external access analyzer reports it: roles that
 * principals outside the account can assume, and resources (resource-based policies) they can use,
 * each with the outside principal named, how far outside it is (another account of the organization,
 * outside the organization, anyone) and the actions. Decided by the evaluator: every principal a
 * statement names is asked about with the policy (a Deny in it, an RCP of the owning account hold it
 * back); the outside principal's own, unseen, policies are taken to allow everything.
 */
import type { Workspace } from '../../model';
import type { Span } from '../../text/span';
import { resourceAccess, type ResourceAccess } from '../diff/resources';
import { organizationAccounts, type Scope } from '../diff/organization';
import type { PolicyDocument } from '../../policy/types';

/**
 * Results per policy document (documents are parsed once per file version, and the language server keeps
 * the unchanged ones across edits), valid while the organization's accounts and the document's account and
 * ARN are the same. RCPs of the owning account are part of the signature through their documents' identity.
 */
const cache = new WeakMap<PolicyDocument, { signature: string; result: ExternalAccess[] }>();
const rcpIds = new WeakMap<object, number>();
let nextRcp = 1;
function signatureOf(ws: Workspace, account: string, arn: string): string {
  const org = [...organizationAccounts(ws)].sort().join(',');
  const rcps = ws.fileForAccount(account)?.account.organization?.resourceControlPolicies ?? [];
  const ids = rcps.map((level) => level.map((r) => {
    const t = r.target as object | undefined;
    if (!t) return 0;
    let id = rcpIds.get(t);
    if (id === undefined) rcpIds.set(t, (id = nextRcp++));
    return id;
  }).join('.')).join('/');
  return `${account}|${arn}|${org}|${ids}`;
}

function cached(ws: Workspace, doc: PolicyDocument, account: string, arn: string, compute: () => ExternalAccess[]): ExternalAccess[] {
  const signature = signatureOf(ws, account, arn);
  const hit = cache.get(doc);
  if (hit && hit.signature === signature) return hit.result;
  const result = compute();
  cache.set(doc, { signature, result });
  return result;
}

export interface ExternalAccess {
  /** What is reached: a role (through its trust policy) or a resource. */
  kind: 'role' | 'resource';
  arn: string;
  /** Where the statement names the outside principal. */
  uri: string;
  span: Span;
  principal: string;
  scope: Exclude<Scope, 'account'> | 'federated';
  actions: string[];
  /** Context keys the access hangs on (conditions the outside principal must meet). */
  conditions: string[];
}

/** Grouped by where it is named: one entry per principal mention, its actions together. */
function group(kind: 'role' | 'resource', arn: string, rows: ResourceAccess[]): ExternalAccess[] {
  const out = new Map<string, ExternalAccess>();
  for (const r of rows) {
    if (r.scope === 'account' || r.scope === 'service') continue;
    const key = `${r.uri}:${r.span.start}:${r.scope}:${r.conditions.join(',')}`;
    const hit = out.get(key);
    if (hit) {
      if (!hit.actions.includes(r.action)) hit.actions.push(r.action);
    } else out.set(key, { kind, arn, uri: r.uri, span: r.span, principal: r.principal, scope: r.scope, actions: [r.action], conditions: r.conditions });
  }
  return [...out.values()];
}

/** Every external and public access the workspace's trust and resource policies grant. */
export function externalAccess(ws: Workspace): ExternalAccess[] {
  const steps = externalAccessInSteps(ws);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** `externalAccess` a file at a time (each document's answer is kept: a second pass is cheap). */
export function* externalAccessInSteps(ws: Workspace): Generator<void, ExternalAccess[]> {
  const out: ExternalAccess[] = [];
  for (const f of ws.files) {
    for (const role of f.roles.values()) {
      if (!role.trustPolicy || !mayReachOut(role.trustPolicy.statements, f.accountId)) continue;
      const trust = role.trustPolicy;
      out.push(...cached(ws, trust, f.accountId, role.arn, () => group('role', role.arn, resourceAccess(ws, role.arn, f.accountId, trust, 'trust'))));
    }
    for (const r of f.resources) {
      if (!r.policy || !mayReachOut(r.policy.statements, f.accountId)) continue;
      const policy = r.policy;
      out.push(...cached(ws, policy, f.accountId, r.arn, () => group('resource', r.arn, resourceAccess(ws, r.arn, f.accountId, policy))));
    }
    yield;
  }
  return out;
}

/** Cheap pre-check: does an Allow statement name anything but the account itself and services? */
function mayReachOut(statements: import('../../policy/types').Statement[], own: string): boolean {
  return statements.some(
    (st) =>
      st.effect?.value === 'Allow' &&
      !!st.principal &&
      (st.principal.wildcard ||
        st.principal.entries.some(
          (e) => e.type.value === 'Federated' || (e.type.value === 'AWS' && e.values.some((v) => !v.value.includes(own) || v.value === '*')),
        )),
  );
}
