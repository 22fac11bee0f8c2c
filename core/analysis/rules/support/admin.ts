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

/**
 * The group gives full administrator access (a policy or inline policy allowing * on *). Remembered per
 * group together with the documents it was worked out from: the model keeps a group object across
 * edits and re-resolves its references in place, so the answer is reused only while every reference
 * still leads to the same (immutable) document.
 */
const groupCache = new WeakMap<Group, { admin: boolean; docs: (PolicyDocument | undefined)[] }>();
export function groupIsAdmin(g: Group): boolean {
  const known = groupCache.get(g);
  if (known && sameDocuments(g, known.docs)) return known.admin;
  const docs: (PolicyDocument | undefined)[] = [];
  for (const r of g.policies) docs.push(refDocument(r));
  for (const p of g.inlinePolicies) docs.push(p.document);
  const admin = docs.some(isAdminDocument);
  groupCache.set(g, { admin, docs });
  return admin;
}

function sameDocuments(g: Group, docs: (PolicyDocument | undefined)[]): boolean {
  const n = g.policies.length;
  if (n + g.inlinePolicies.length !== docs.length) return false;
  for (let i = 0; i < n; i++) if (refDocument(g.policies[i]) !== docs[i]) return false;
  for (let i = 0; i < g.inlinePolicies.length; i++) if (g.inlinePolicies[i].document !== docs[n + i]) return false;
  return true;
}

/** The user has administrator access attached directly (a policy or inline policy). */
export function directAdmin(u: User): boolean {
  for (const r of u.policies) if (isAdminDocument(refDocument(r))) return true;
  for (const p of u.inlinePolicies) if (isAdminDocument(p.document)) return true;
  return false;
}

/** How a user gets administrator access: directly, and through which groups. Empty when not an admin. */
export function adminSources(file: AccountFile, u: User): { direct: boolean; groups: Group[] } {
  return { direct: directAdmin(u), groups: u.memberOf.filter(groupIsAdmin) };
}

/** Answers shared by the rules of one run (four rules ask about every user); none outside a run. */
let runAnswers: Map<User | Group, boolean> | undefined;

/** Runs `fn` (one run of the rules) with users' administrator answers shared, then forgets them. */
export function withSharedAdminAnswers<T>(fn: () => T): T {
  const outer = runAnswers;
  runAnswers = new Map();
  try {
    return fn();
  } finally {
    runAnswers = outer;
  }
}

function groupAnswer(g: Group): boolean {
  let admin = runAnswers?.get(g);
  if (admin === undefined) {
    admin = groupIsAdmin(g);
    runAnswers?.set(g, admin);
  }
  return admin;
}

export function isAdminUser(file: AccountFile, u: User): boolean {
  let admin = runAnswers?.get(u);
  if (admin === undefined) {
    admin = directAdmin(u) || u.memberOf.some(groupAnswer);
    runAnswers?.set(u, admin);
  }
  return admin;
}
