import type { AccountFile, Group, PolicyRef, User } from '../../../model/types';
import type { PolicyDocument } from '../../../policy/types';
import { hasStar, isAllow, values } from './policy';

const adminCache = new WeakMap<PolicyDocument, boolean>();

/** The document allows every action on every resource without conditions (like AdministratorAccess). */
export function isAdminDocument(doc: PolicyDocument | undefined): boolean {
  if (!doc) return false;
  let v = adminCache.get(doc);
  if (v === undefined) {
    v = doc.statements.some(
      (st) => isAllow(st) && st.conditions.length === 0 && values(st.action).some((a) => a.value === '*' || a.value === '*:*') && hasStar(st.resource),
    );
    adminCache.set(doc, v);
  }
  return v;
}

export function refDocument(ref: PolicyRef): PolicyDocument | undefined {
  const t = ref.target;
  if (!t) return undefined;
  return t.kind === 'customer' ? t.policy.document : t.document;
}

/** The group gives full administrator access (a policy or inline policy allowing * on *). */
const groupCache = new WeakMap<Group, boolean>();
export function groupIsAdmin(g: Group): boolean {
  let v = groupCache.get(g);
  if (v === undefined) {
    v = g.policies.some((r) => isAdminDocument(refDocument(r))) || g.inlinePolicies.some((p) => isAdminDocument(p.document));
    groupCache.set(g, v);
  }
  return v;
}

/** How a user gets administrator access: directly, and through which groups. Empty when not an admin. */
export function adminSources(file: AccountFile, u: User): { direct: boolean; groups: Group[] } {
  const direct = u.policies.some((r) => isAdminDocument(refDocument(r))) || u.inlinePolicies.some((p) => isAdminDocument(p.document));
  return { direct, groups: u.memberOf.filter(groupIsAdmin) };
}

export function isAdminUser(file: AccountFile, u: User): boolean {
  const s = adminSources(file, u);
  return s.direct || s.groups.length > 0;
}
