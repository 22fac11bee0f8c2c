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
  if (file.organization) {
    for (const p of file.organization.policies.values()) {
      out.push(new Target(p.document, p.type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp', file, undefined, WHERE_ORG_POLICY, p.name));
    }
    return out;
  }
  const usage = customerPolicyUsage(file);
  for (const p of file.policies.values()) out.push(new Target(p.document, (usage.size && usage.get(p.name)) || 'identity', file, p, WHERE_POLICY, p.name));
  for (let i = 0, list = ['user', 'group', 'role'] as const; i < list.length; i++) {
    const kind = list[i];
    const map = kind === 'user' ? file.users : kind === 'group' ? file.groups : file.roles;
    for (const e of map.values()) {
      for (let j = 0, inlinePolicies = e.inlinePolicies; j < inlinePolicies.length; j++) {
        const ip = inlinePolicies[j];
        out.push(new Target(ip.document, 'identity', file, e, WHERE_INLINE, ip.name, kind, e.name));
      }
    }
  }
  for (const r of file.roles.values()) {
    if (r.trustPolicy) out.push(new Target(r.trustPolicy, 'trust', file, r, WHERE_TRUST, r.name));
  }
  for (let k = 0, resources = file.resources; k < resources.length; k++) {
    const r = resources[k];
    if (r.policy) out.push(new Target(r.policy, 'resource', file, undefined, WHERE_RESOURCE, r.arn));
  }
  return out;
}

const WHERE_POLICY = 0;
const WHERE_INLINE = 1;
const WHERE_TRUST = 2;
const WHERE_RESOURCE = 3;
const WHERE_ORG_POLICY = 4;

/**
 * A target as a class: thousands are made per run, and `where` (only read for messages) and `pinned`
 * are worked out when a rule asks, from the names kept here rather than from a closure per document.
 */
class Target implements PolicyTarget {
  private _pinned?: boolean;
  constructor(
    readonly doc: PolicyTarget['doc'],
    readonly kind: PolicyTarget['kind'],
    readonly file: AccountFile,
    readonly owner: PolicyTarget['owner'],
    private readonly whereKind: number,
    private readonly name: string,
    private readonly ownerKind?: string,
    private readonly ownerName?: string,
  ) {}

  /** Read only by rules that offer fixes: worked out when asked (it reads the first statement). */
  get pinned(): boolean {
    return (this._pinned ??= isPinned(this.doc));
  }

  get where(): string {
    switch (this.whereKind) {
      case WHERE_POLICY:
        return `policy "${this.name}"`;
      case WHERE_INLINE:
        return `inline policy "${this.name}" of ${this.ownerKind} "${this.ownerName}"`;
      case WHERE_ORG_POLICY:
        return `organization policy "${this.name}"`;
      case WHERE_TRUST:
        return `the trust policy of role "${this.name}"`;
      default:
        return `the policy of ${this.name}`;
    }
  }
}

/** How the file uses each customer policy when not as an identity policy: boundary, SCP or RCP. */
export function customerPolicyUsage(file: AccountFile): Map<string, PolicyKind> {
  const usage = new Map<string, PolicyKind>();
  const org = file.account.organization;
  for (let i = 0, list = org?.serviceControlPolicies ?? []; i < list.length; i++) {
    const level = list[i];
    for (let j = 0; j < level.length; j++) {
      const ref = level[j];
      if (ref.target?.kind === 'customer') usage.set(ref.target.policy.name, 'scp');
    }
  }
  for (let k = 0, items = org?.resourceControlPolicies ?? []; k < items.length; k++) {
    const level = items[k];
    for (let n = 0; n < level.length; n++) {
      const ref = level[n];
      if (ref.target?.kind === 'customer') usage.set(ref.target.policy.name, 'rcp');
    }
  }
  for (const map of [file.users, file.roles]) {
    for (const e of map.values()) {
      const t = e.permissionsBoundary?.target;
      if (t?.kind === 'customer' && !usage.has(t.policy.name)) usage.set(t.policy.name, 'boundary');
    }
  }
  return usage;
}

/** A document read from a JSON string has every span pinned to the string. */
function isPinned(doc: PolicyTarget['doc']): boolean {
  const s = doc.statements[0];
  return !!s && s.span.start === doc.span.start && s.span.end === doc.span.end;
}
