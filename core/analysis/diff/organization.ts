/**
 * Which accounts are in "my organization": the one question the access diff and the external-access
 * findings ask about organizations, kept here so it can be re-pointed when the organization's
 * description changes (today's format, docs/iam-json.md `account.organization`, names no organization
 * id: every account file of the workspace that declares an `organization` is taken to belong to the
 * same one).
 */
import type { Workspace } from '../../model';

export type Scope = 'account' | 'organization' | 'outside-organization' | 'public';

const cache = new WeakMap<Workspace, Set<string>>();

/** The accounts of the workspace's organization (empty when no file declares one). */
export function organizationAccounts(ws: Workspace): ReadonlySet<string> {
  let hit = cache.get(ws);
  if (!hit) {
    hit = new Set(ws.files.filter((f) => f.account.organization).map((f) => f.accountId));
    cache.set(ws, hit);
  }
  return hit;
}

/** Where `account` stands seen from `owner`: the same account, another of the organization, or outside it. */
export function scopeOf(ws: Workspace, owner: string, account: string | undefined): Scope {
  if (account === undefined || account === '*') return 'public';
  if (account === owner) return 'account';
  const org = organizationAccounts(ws);
  return org.has(owner) && org.has(account) ? 'organization' : 'outside-organization';
}

/** True for scopes that leave the account (what Access Analyzer calls external access). */
export function isExternal(scope: Scope | string): boolean {
  return scope === 'organization' || scope === 'outside-organization' || scope === 'public' || scope === 'federated';
}
