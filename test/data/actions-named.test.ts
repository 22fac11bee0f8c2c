import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../../core/data/catalog';
import { allCredentialActions, returnsCredentials } from '../../core/analysis/rules/support/exposure';

// Catalog.actionsNamed answers from the services whose stored text names a matching action, without decoding the
// rest: the same actions, in the same order, as filtering allActions().
test('actionsNamed finds what filtering every action finds, in the same order', () => {
  const c = getCatalog();
  const credentials = allCredentialActions();
  const named = c.actionsNamed((n) => n.endsWith('AccessKey') || n === 'GetObject');
  const policies = c.actionsNamed((n) => /^Put\w*Policy$/.test(n)).map((a) => a.id);
  const all = c.allActions();
  assert.deepEqual(credentials, all.filter(returnsCredentials).map((a) => a.id));
  assert.ok(credentials.includes('iam:CreateAccessKey') && credentials.includes('sts:GetFederationToken'), credentials.join(', '));
  assert.deepEqual(named.map((a) => a.id), all.filter((a) => a.name.endsWith('AccessKey') || a.name === 'GetObject').map((a) => a.id));
  assert.ok(named.some((a) => a.id === 's3:GetObject'));
  assert.deepEqual(policies, all.filter((a) => /^Put\w*Policy$/.test(a.name)).map((a) => a.id));
  assert.ok(policies.includes('s3:PutBucketPolicy') && policies.includes('iam:PutRolePolicy'));
  assert.deepEqual(c.actionsNamed(() => false), []);
});
