import type { AccountFile } from '../../../model/types';
import type { PolicyKind } from '../../../policy/types';
import type { PolicyTarget } from '../types';

/**
 * Every policy document written in a file, with what it is used as: customer policies (as an
 * identity policy, a permissions boundary, an SCP or an RCP, by how the file uses them), inline
 * policies, trust policies and resource policies. AWS managed policies are not the user's text and
 * are left out.
 */
export function policyTargets(file: AccountFile): PolicyTarget[] {
  const out: PolicyTarget[] = [];
  const usage = customerPolicyUsage(file);
  // `where` is only read for messages: it is worked out when a rule asks.
  const add = (doc: PolicyTarget['doc'], kind: PolicyTarget['kind'], where: () => string, owner?: PolicyTarget['owner']) =>
    out.push({
      doc,
      kind,
      file,
      owner,
      pinned: isPinned(doc),
      get where() {
        return where();
      },
    });
  for (const p of file.policies.values()) add(p.document, usage.get(p.name) ?? 'identity', () => `policy "${p.name}"`, p);
  for (const kind of ['user', 'group', 'role'] as const) {
    const map = kind === 'user' ? file.users : kind === 'group' ? file.groups : file.roles;
    for (const e of map.values()) {
      for (const ip of e.inlinePolicies) add(ip.document, 'identity', () => `inline policy "${ip.name}" of ${kind} "${e.name}"`, e);
    }
  }
  for (const r of file.roles.values()) {
    if (r.trustPolicy) add(r.trustPolicy, 'trust', () => `the trust policy of role "${r.name}"`, r);
  }
  for (const r of file.resources) {
    if (r.policy) add(r.policy, 'resource', () => `the policy of ${r.arn}`);
  }
  return out;
}

/** How the file uses each customer policy when not as an identity policy: boundary, SCP or RCP. */
export function customerPolicyUsage(file: AccountFile): Map<string, PolicyKind> {
  const usage = new Map<string, PolicyKind>();
  const org = file.account.organization;
  for (const level of org?.serviceControlPolicies ?? []) {
    for (const ref of level) if (ref.target?.kind === 'customer') usage.set(ref.target.policy.name, 'scp');
  }
  for (const level of org?.resourceControlPolicies ?? []) {
    for (const ref of level) if (ref.target?.kind === 'customer') usage.set(ref.target.policy.name, 'rcp');
  }
  for (const e of [...file.users.values(), ...file.roles.values()]) {
    const t = e.permissionsBoundary?.target;
    if (t?.kind === 'customer' && !usage.has(t.policy.name)) usage.set(t.policy.name, 'boundary');
  }
  return usage;
}

/** A document read from a JSON string has every span pinned to the string. */
function isPinned(doc: PolicyTarget['doc']): boolean {
  const s = doc.statements[0];
  return !!s && s.span.start === doc.span.start && s.span.end === doc.span.end;
}
