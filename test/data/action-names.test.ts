/**
 * The catalogue's names index (`Catalog.actionNames`, written by scripts/extract-data.mjs) against the full index:
 * every action, in the same order, with the same access levels; and the credential actions an action pattern covers
 * (rules/support/exposure.ts, answered from the names index) against the full index's `actionsMatching`, for every
 * Action value of every AWS managed policy and hand-picked patterns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../../core/data/catalog';
import { listManagedPolicies } from '../../core/data/managed-policies';
import { allCredentialActions, credentialActions, returnsCredentials } from '../../core/analysis/rules/support/exposure';

test('actionNames is allActions without the detail: same actions, order and access levels', () => {
  const c = getCatalog();
  const names = c.actionNames();
  const all = c.allActions();
  assert.ok(all.length > 15_000, `${all.length} actions`);
  assert.equal(names.length, all.length);
  for (let i = 0; i < all.length; i++) {
    const [n, a] = [names[i], all[i]];
    assert.deepEqual([n.id, n.service, n.name, n.accessLevels], [a.id, a.service, a.name, a.accessLevels], `action ${i}`);
  }
});

test('credential actions of a pattern, from the names index, are the full index\'s', () => {
  const c = getCatalog();
  const want = (p: string) => (p.includes('$') || p === '*' || p === '*:*' ? [] : c.actionsMatching(p).filter(returnsCredentials).map((a) => a.id));
  const patterns = new Set<string>([
    'iam:CreateAccessKey', 'IAM:createaccesskey', 'iam:Create*', 'iam:*', '*:Get*', '*:*Credentials', 's?s:Get*', 'sts:*', 'ecr:GetAuthorizationToken',
    ' iam:CreateLoginProfile ', 'iam', 'iam*', 'nosuchservice:Get*', 'rds:*Password*', 'a:b:c', 'lambda:*', '*', '*:*', 'iam:${aws:username}',
    // The action part up to its first wildcard is compared before a matcher is made: in any case, empty, with "?".
    'iam:?reateAccessKey', 'iam:create*KEY', '*am:Create*', 'i*m:Upd*', 'iam:List*', 'sts:Decode*', 'sts:', 'ecr:GET?uthorization*', 'iam:CreateAccessKeyX',
  ]);
  const add = (v: unknown) => {
    if (typeof v === 'string') patterns.add(v);
    else if (Array.isArray(v)) v.forEach(add);
  };
  for (const policy of listManagedPolicies()) {
    const doc = policy.document as { Statement?: unknown };
    for (const st of [doc.Statement ?? []].flat() as { Action?: unknown; NotAction?: unknown }[]) {
      add(st.Action);
      add(st.NotAction);
    }
  }
  assert.ok(patterns.size > 1000, `${patterns.size} patterns`);
  let some = 0;
  for (const p of patterns) {
    const got = credentialActions(p);
    assert.deepEqual(got, want(p), p);
    if (got.length) some++;
  }
  assert.ok(some > 20, `${some} patterns cover credential actions`);
  assert.deepEqual(allCredentialActions(), c.allActions().filter(returnsCredentials).map((a) => a.id));
});
