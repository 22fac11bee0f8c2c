/**
 * The language server's warm-up before its first document (core/ide/warm-up.ts `beforeFirstOpenSteps`): the sample it
 * reads must take the direct reader's own path (core/model/parse-direct.ts) through every kind of value an account
 * holds, or warming it would warm nothing a real file's first look runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccountFileDirect } from '../../core/model/parse-direct';
import { parseAccountFileFromTree } from '../../core/model/parse';
import { warmUpSampleText } from '../../core/ide/warm-up-sample';
import { beforeFirstOpenSteps } from '../../core/ide/warm-up';

const URI = 'untitled:warm-up.iam.json';

test('the sample is read by the direct reader whole, with no finding, as the general reader reads it', () => {
  const text = warmUpSampleText();
  assert.equal(text, warmUpSampleText(), 'deterministic');
  const direct = parseAccountFileDirect(URI, text, true);
  assert.ok(direct, 'the direct reader gave way to the general one');
  assert.deepStrictEqual(direct.findings, []);
  assert.deepStrictEqual(direct, parseAccountFileFromTree(URI, text));
});

test('the sample holds every kind of value the direct reader reads', () => {
  const file = parseAccountFileDirect(URI, warmUpSampleText(), true)!;
  const users = [...file.users.values()];
  const roles = [...file.roles.values()];
  assert.ok(users.length >= 10 && file.groups.size >= 4 && roles.length >= 4 && file.policies.size >= 8 && file.identityProviders.size === 1);
  assert.ok(users.some((u) => u.accessKeys.length && u.tags.length && u.groups.length));
  assert.ok(users.some((u) => u.console && u.mfa.length));
  assert.ok(users.some((u) => u.permissionsBoundary && u.inlinePolicies.length && u.policies.length));
  assert.ok(roles.some((r) => r.instanceProfile && r.permissionsBoundary));
  const statements = [...file.policies.values()].flatMap((p) => p.document?.statements ?? []);
  assert.ok(statements.some((s) => s.notAction) && statements.some((s) => s.notResource));
  const operators = new Set(statements.flatMap((s) => s.conditions?.map((c) => c.operator.value) ?? []));
  for (const op of ['Bool', 'StringEquals', 'StringLike', 'IpAddress', 'NumericLessThanEquals']) assert.ok(operators.has(op), op);
  const principals = new Set(roles.flatMap((r) => r.trustPolicy?.statements.flatMap((s) => s.principal?.entries.map((e) => e.type.value) ?? []) ?? []));
  for (const type of ['Service', 'AWS', 'Federated']) assert.ok(principals.has(type), type);
});

test('the steps run once each; the sample is read only while no document is open', () => {
  let asked = 0;
  const steps = beforeFirstOpenSteps({ fileOpen: () => (asked++, true) });
  assert.equal(steps.length, 6);
  for (const step of steps) assert.notEqual(step(), true);
  assert.equal(asked, 4);
});
