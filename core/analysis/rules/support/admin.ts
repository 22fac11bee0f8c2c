import { referencedDocument } from '../../../model/resolve';
import type { Group, User } from '../../../model/types';
import type { PolicyDocument } from '../../../policy/types';
import { wildcardMatcher } from '../../../data/catalog';
import { memo } from './memo';
import { hasStar, isAllow, outsideServices, values } from './policy';

const adminCache = new WeakMap<PolicyDocument, boolean>();

/**
 * The IAM actions with which a principal rewrites its own permissions: a policy put or attached on itself,
 * its groups or its role, a new version of a policy attached to it, itself added to a group. Allowed on
 * every resource without conditions they make the holder an administrator in all but name (IAMFullAccess,
 * "iam:*", "iam:Put*"). Privilege escalation through other principals (PassRole, UpdateAssumeRolePolicy,
 * CreateAccessKey on others...) is the escalation analysis's, not this list's.
 */
export const SELF_GRANT_ACTIONS = [
  'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:AttachGroupPolicy', 'iam:PutGroupPolicy', 'iam:AddUserToGroup',
  'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:CreatePolicyVersion',
];

/**
 * The self-grant action an action pattern covers, if any. Patterns of other services are answered before the memo:
 * an AWS managed policy such as ReadOnlyAccess names ~2,900 of them, each once, which would only fill it.
 */
const IAM = new Set(['IAM']);
const selfGrant = (pattern: string): string | undefined => (outsideServices(pattern, IAM) ? undefined : iamSelfGrant(pattern));
const iamSelfGrant = memo((pattern: string): string | undefined => {
  const re = wildcardMatcher(pattern);
  return SELF_GRANT_ACTIONS.find((a) => re(a));
});

/** The document allows every action on every resource without conditions (like AdministratorAccess). */
export function isFullAdminDocument(doc: PolicyDocument | undefined): boolean {
  return !!doc && doc.statements.some((st) => isAllow(st) && st.conditions.length === 0 && values(st.action).some((a) => a.value === '*' || a.value === '*:*') && hasStar(st.resource));
}

/**
 * The self-grant action the document allows on every resource without conditions (through Action, or
 * through a NotAction that does not exclude it), if any: the holder can give itself any permission.
 */
export function selfGrantIn(doc: PolicyDocument | undefined): string | undefined {
  if (!doc) return undefined;
  for (let i = 0, statements = doc.statements; i < statements.length; i++) {
    const st = statements[i];
    if (!isAllow(st) || st.conditions.length || !(hasStar(st.resource) || (st.notResource && !hasStar(st.notResource)))) continue;
    if (st.action) {
      for (let j = 0, list = values(st.action); j < list.length; j++) {
        const a = list[j];
        const found = selfGrant(a.value);
        if (found) return found;
      }
    } else if (st.notAction) {
      const excluded = values(st.notAction).map((a) => wildcardMatcher(a.value));
      const found = SELF_GRANT_ACTIONS.find((g) => !excluded.some((re) => re(g)));
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The document gives administrator access: every action on every resource (AdministratorAccess), or an
 * action that lets the holder rewrite its own permissions on every resource (IAMFullAccess and the like).
 */
export function isAdminDocument(doc: PolicyDocument | undefined): boolean {
  if (!doc) return false;
  let v = adminCache.get(doc);
  if (v === undefined) {
    v = isFullAdminDocument(doc) || selfGrantIn(doc) !== undefined;
    adminCache.set(doc, v);
  }
  return v;
}

/** The user has administrator access attached directly (a policy or inline policy). */
export function directAdmin(u: User): boolean {
  // Indexed loops: four rules ask about every user in the first run, before V8 optimises this, and a `for...of`
  // there makes an iterator and a result object per element.
  const refs = u.policies;
  for (let i = 0; i < refs.length; i++) if (isAdminDocument(referencedDocument(refs[i]))) return true;
  const inline = u.inlinePolicies;
  for (let i = 0; i < inline.length; i++) if (isAdminDocument(inline[i].document)) return true;
  return false;
}

/**
 * Groups' answers shared by the rules of one run (four rules ask about every user); none outside a run. Users'
 * answers are not kept: a user's own policies are a few cached per-document answers and its groups' are here,
 * while a map keyed by 5,000 users cost more (hashing each user object, growing the map) than asking again.
 */
let runAnswers: Map<Group, boolean> | undefined;

/** Runs `fn` (one run of the rules) with groups' administrator answers shared, then forgets them. */
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
 * `withSharedAdminAnswers` for a computation run step by step (a generator): the run's answers are in
 * force while a step runs, and the caller's between steps.
 */
export function* withSharedAdminAnswersInSteps<Y, T>(steps: Generator<Y, T>): Generator<Y, T> {
  const mine = new Map();
  for (;;) {
    const outer = runAnswers;
    runAnswers = mine;
    let r: IteratorResult<Y, T>;
    try {
      r = steps.next();
    } finally {
      runAnswers = outer;
    }
    if (r.done) return r.value;
    yield r.value;
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

/** The user has administrator access: attached directly or through one of its groups. */
export function isAdminUser(u: User): boolean {
  return directAdmin(u) || u.memberOf.some(groupIsAdmin);
}
