import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listManagedPolicies } from '../../core/data/managed-policies';
import { getCatalog } from '../../core/data/catalog';
import { buildWorkspace } from '../../core/model';
import { runRules, RULES } from '../../core/analysis/rules';

// AWS's own managed policies are accepted by IAM: the grammar rules must (almost) never call them errors.
test('grammar rules find no errors in the AWS managed policies (false-alarm check)', () => {
  const policies: Record<string, unknown> = {};
  for (const p of listManagedPolicies()) policies[p.name.slice(0, 128)] = { document: p.document };
  const text = JSON.stringify({ account: { id: '123456789012' }, policies }, null, 1);
  const ws = buildWorkspace([{ uri: 'aws.iam.json', text }]);
  const grammar = RULES.filter((r) => r.id.startsWith('grammar/')).map((r) => r.id);
  const errors = runRules(ws, {}, { only: grammar }).filter((f) => f.severity === 'error');
  // One AWS policy really holds a malformed ARN ("arn:aws:organizations::*:", no resource part).
  const unexpected = errors.filter((f) => !text.slice(f.span.start, f.span.end).startsWith('"arn:aws:organizations::*:"'));
  assert.deepEqual(unexpected.map((f) => `${f.code}: ${text.slice(f.span.start, f.span.end)} ${f.message}`), []);
});

test('older templated condition keys ("/tag-key") match their instances', () => {
  assert.equal(getCatalog().conditionKey('secretsmanager:ResourceTag/Project')?.key, 'secretsmanager:ResourceTag/tag-key');
});

test('AWS managed policies are read whole, whatever their size (AWSSupportServiceRolePolicy is over the size cap for written documents)', async () => {
  const { bundledAwsPolicy } = await import('../../core/model/aws-policies');
  const { MAX_POLICY_CHARS } = await import('../../core/policy/parse');
  const biggest = listManagedPolicies().reduce((a, b) => (JSON.stringify(b.document).length > JSON.stringify(a.document).length ? b : a));
  assert.ok(JSON.stringify(biggest.document).length > MAX_POLICY_CHARS, `${biggest.name} is larger than the cap`);
  const doc = bundledAwsPolicy(`arn:aws:iam::aws:policy/${biggest.path ?? ''}${biggest.name}`.replace('policy//', 'policy/'))?.document ?? bundledAwsPolicy(biggest.name)?.document;
  assert.ok(doc, `${biggest.name} resolves`);
  const statements = (biggest.document as { Statement: unknown[] }).Statement;
  assert.equal(doc.statements.length, statements.length);
  assert.deepEqual(doc.findings.filter((f) => f.code === 'schema/policy-too-large'), []);
});
