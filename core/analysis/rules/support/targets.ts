import type { AccountFile } from '../../../model/types';
import type { WorkspaceEdit } from '../../../model/workspace';
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

/**
 * The targets of the last rules run per file object (see `policyTargetsOf`). A file parsed whole gets its list
 * made; a file made from another by an edit inside one entity (core/ide/incremental.ts) takes over the other's list,
 * updated in place: the entity's own targets made again, every target's `file` set to the new file. The previous
 * file is consumed by such an edit (its maps are the new file's, its spans moved), so its list goes with it.
 */
const targetLists = new WeakMap<AccountFile, Target[]>();

/**
 * `policyTargets(file)`, reused from the run before: the same list for the same file object, and for a file made by
 * `edit` from `previous`, the previous file's list with the edited entity's targets made again. A keystroke in the
 * max-quota account then makes one or two targets instead of ~20,000. Made whole when the edit may change what
 * anything else is used as (a rename, a user's or role's permissions boundary written differently, a different
 * number of inline policies or trust policy), or in an organization file. The caller must not change the list.
 */
export function policyTargetsOf(file: AccountFile, previous?: AccountFile, edit?: WorkspaceEdit): PolicyTarget[] {
  const known = targetLists.get(file);
  if (known) return known;
  const before = previous && edit && edit.uri === file.uri && previous !== file && !file.organization ? targetLists.get(previous) : undefined;
  if (before && edit && updated(before, file, edit)) {
    targetLists.delete(previous!);
    targetLists.set(file, before);
    return before;
  }
  const made = policyTargets(file) as Target[];
  targetLists.set(file, made);
  return made;
}

/** `list` (a previous file's targets) updated in place for `file` after `edit`; false (untouched) when it can't be. */
function updated(list: Target[], file: AccountFile, edit: WorkspaceEdit): boolean {
  const { before, after, section } = edit;
  if (edit.renamed || before.name !== after.name) return false;
  const kind = section === 'users' ? 'user' : section === 'groups' ? 'group' : section === 'roles' ? 'role' : undefined;
  if (kind === 'user' || kind === 'role') {
    // How the file uses customer policies (boundaries) comes from every user and role: the same references, the same use.
    const a = (before as { permissionsBoundary?: { ref: string } }).permissionsBoundary;
    const b = (after as { permissionsBoundary?: { ref: string } }).permissionsBoundary;
    if ((a || b) && a?.ref !== b?.ref) return false;
  }
  // Where the entity's targets are, and that the new entity has as many of each sort.
  const inline = kind ? (after as { inlinePolicies: { name: string; document: PolicyTarget['doc'] }[] }).inlinePolicies : [];
  const trust = kind === 'role' ? (after as { trustPolicy?: PolicyTarget['doc'] }).trustPolicy : undefined;
  let inlineAt = -1;
  let inlineCount = 0;
  let trustAt = -1;
  let policyAt = -1;
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (t.owner !== before) continue;
    if (t.whereKind === WHERE_INLINE) {
      if (inlineAt < 0) inlineAt = i;
      else if (inlineAt + inlineCount !== i) return false;
      inlineCount++;
    } else if (t.whereKind === WHERE_TRUST) trustAt = i;
    else if (t.whereKind === WHERE_POLICY) policyAt = i;
    else return false;
  }
  if (section === 'policies') {
    if (policyAt < 0 || inlineCount || trustAt >= 0) return false;
    const old = list[policyAt];
    list[policyAt] = new Target((after as { document: PolicyTarget['doc'] }).document, old.kind, file, after, WHERE_POLICY, after.name);
  } else if (kind) {
    if (policyAt >= 0 || inlineCount !== inline.length || (trustAt >= 0) !== !!trust) return false;
    // An entity with no inline policy has no place in the list to put one: only the same number is updated.
    for (let j = 0; j < inline.length; j++) list[inlineAt + j] = new Target(inline[j].document, 'identity', file, after, WHERE_INLINE, inline[j].name, kind, after.name);
    if (trust) list[trustAt] = new Target(trust, 'trust', file, after, WHERE_TRUST, after.name);
  } else if (policyAt >= 0 || inlineCount || trustAt >= 0) return false;
  for (let i = 0; i < list.length; i++) list[i].file = file;
  return true;
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
    /** Set anew when the list is reused for the file an edit made (`policyTargetsOf`). */
    public file: AccountFile,
    readonly owner: PolicyTarget['owner'],
    readonly whereKind: number,
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
