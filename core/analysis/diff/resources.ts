/**
 * Who outside a resource's account a resource-based policy lets in, action by action: every
 * principal an Allow statement names (accounts, principals of other accounts, `*`, federated
 * providers, services) asked about by the evaluator, with the resource policy, the owning account's
 * RCPs, and "allow everything" standing in for the outside principal's own (unseen) policies.
 */
import { evaluate } from '../../engine';
import type { PolicySet } from '../../engine/types';
import type { Workspace } from '../../model';
import type { PolicyDocument, Statement } from '../../policy/types';
import type { Span } from '../../text/span';
import { outsidePolicies } from '../graph/assume';
import { rcpLevelsOf } from '../simulate/principal';
import { actionNames } from './access';
import { scopeOf, type Scope } from './organization';

export interface ResourceAccess {
  /** An account id, a principal ARN, a service, a provider, or `*`. */
  principal: string;
  scope: Scope | 'service' | 'federated';
  action: string;
  /** The statement's resource patterns. */
  resource: string;
  /** Context keys the answer hangs on (the statement's or a Deny's conditions). */
  conditions: string[];
  uri: string;
  span: Span;
}

/** An account id for a principal value, `*` for anyone, undefined for services. */
function accountOf(value: string): string | undefined {
  if (value === '*') return '*';
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}

interface Mention {
  type: 'AWS' | 'Service' | 'Federated' | '*';
  value: string;
  span: Span;
}

function mentions(st: Statement): Mention[] {
  const out: Mention[] = [];
  if (!st.principal) return out;
  if (st.principal.wildcard) out.push({ type: '*', value: '*', span: st.principal.span });
  for (const e of st.principal.entries) {
    for (const v of e.values) {
      const t = e.type.value;
      if (t === 'AWS') out.push({ type: v.value === '*' ? '*' : 'AWS', value: v.value, span: v.span });
      else if (t === 'Service' || t === 'Federated') out.push({ type: t, value: v.value, span: v.span });
    }
  }
  return out;
}

/**
 * Where "anyone, if these context keys hold" reaches: the organization when a key pins the caller's
 * organization (aws:PrincipalOrgID, aws:PrincipalOrgPaths), else beyond it (not public: the conditions
 * narrow it, but nothing here says they narrow it to the organization).
 */
export function anyoneUnder(conditions: string[]): Scope {
  return conditions.some((k) => /^aws:PrincipalOrg(ID|Paths)$/i.test(k)) ? 'organization' : 'outside-organization';
}

/** The external (and same-account) access a resource policy grants. */
export function resourceAccess(ws: Workspace, arn: string, account: string, policy: PolicyDocument, kind: 'resource' | 'trust' = 'resource'): ResourceAccess[] {
  const file = ws.fileForAccount(account);
  const rcpLevels = rcpLevelsOf(ws, file);
  const out: ResourceAccess[] = [];
  const seen = new Set<string>();
  for (const st of policy.statements) {
    if (st.effect?.value !== 'Allow') continue;
    const actions = kind === 'trust' ? actionNames(st).filter((a) => /^sts:/i.test(a)) : actionNames(st);
    const resource = st.resource?.values.find((v) => !/[*?]/.test(v.value))?.value ?? st.resource?.values[0]?.value ?? arn;
    const patterns = st.resource ? st.resource.values.map((v) => v.value).join(', ') : st.notResource ? `* except ${st.notResource.values.map((v) => v.value).join(', ')}` : arn;
    for (const m of mentions(st)) {
      const acc = m.type === 'Service' ? undefined : m.type === 'Federated' ? undefined : accountOf(m.value);
      if (m.type === 'AWS' && !acc) continue;
      const scope: ResourceAccess['scope'] = m.type === 'Service' ? 'service' : m.type === 'Federated' ? 'federated' : scopeOf(ws, account, acc);
      if (scope === 'account') continue;
      // The caller: an outside account's root (it delegates to its own policies), the principal named, anyone.
      const caller =
        m.type === '*' ? 'arn:aws:iam::999999999999:root' : m.type === 'AWS' ? (/^\d{12}$/.test(m.value) ? `arn:aws:iam::${m.value}:root` : m.value) : m.value;
      const set: PolicySet = {
        ...(m.type === 'AWS' || m.type === '*' ? outsidePolicies() : {}),
        resource: { doc: policy, id: arn, sourceType: 'resource' },
        resourceKind: kind,
        rcpLevels: kind === 'trust' ? undefined : rcpLevels,
      };
      for (const action of actions) {
        const r = evaluate({ principal: { arn: caller }, action, resource, resourceAccount: account }, set);
        const ok = r.decision === 'allowed' || (r.decision === 'implicitDeny' && r.missingContextKeys.length > 0);
        if (!ok) continue;
        const conditions = [...r.missingContextKeys].sort();
        // Anyone, but only under conditions: not public, yet open beyond the organization unless they pin it.
        const s = scope === 'public' && conditions.length ? anyoneUnder(conditions) : scope;
        const entry: ResourceAccess = { principal: m.value, scope: s, action, resource: patterns, conditions, uri: policy.uri, span: m.span };
        const key = `${entry.principal}|${s}|${action}|${conditions.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(entry);
      }
    }
  }
  return out;
}
