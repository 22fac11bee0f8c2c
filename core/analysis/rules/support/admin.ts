import { referencedDocument } from '../../../model/resolve';
import type { Group, User } from '../../../model/types';
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

/** The user has administrator access attached directly (a policy or inline policy). */
export function directAdmin(u: User): boolean {
  for (const r of u.policies) if (isAdminDocument(referencedDocument(r))) return true;
  for (const p of u.inlinePolicies) if (isAdminDocument(p.document)) return true;
  return false;
}

/** Answers shared by the rules of one run (four rules ask about every user); none outside a run. */
let runAnswers: Map<User | Group, boolean> | undefined;

/** Runs `fn` (one run of the rules) with users' and groups' administrator answers shared, then forgets them. */
export function withSharedAdminAnswers<T>(fn: () => T): T {
  const outer = runAnswers;
  runAnswers = new Map();
  try {
    return fn();
  } finally {
    runAnswers = outer;
  }
}

/**
 * The group gives full administrator access (a policy or inline policy allowing * on *). Worked out
 * once per run of the rules: a group's references may be re-resolved in place after an edit, so the
 * answer isn't kept longer (each document's own answer is: documents never change).
 */
export function groupIsAdmin(g: Group): boolean {
  let admin = runAnswers?.get(g);
  if (admin === undefined) {
    admin = g.policies.some((r) => isAdminDocument(referencedDocument(r))) || g.inlinePolicies.some((p) => isAdminDocument(p.document));
    runAnswers?.set(g, admin);
  }
  return admin;
}

export function isAdminUser(u: User): boolean {
  let admin = runAnswers?.get(u);
  if (admin === undefined) {
    admin = directAdmin(u) || u.memberOf.some(groupIsAdmin);
    runAnswers?.set(u, admin);
  }
  return admin;
}
