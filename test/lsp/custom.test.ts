import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './harness';

const ACCOUNT = 'file:///virtual/sim.iam.json';
const TESTS = 'file:///virtual/sim.iam-tests.json';
const TEXT = `{ "account": { "id": "111111111111" },
  "users": { "alice": { "inlinePolicies": { "read": { "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } } } } }`;

test('simulate and scenario files through the server', async () => {
  const c = await LspClient.start();
  try {
    c.open(ACCOUNT, TEXT);
    await c.diagnosticsAt(ACCOUNT, 1);
    const answer = await c.request<{ rows: { action: string; decision: string }[] }>('iamWorkbench/simulate', {
      principal: 'arn:aws:iam::111111111111:user/alice',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: ['arn:aws:s3:::b/k'],
    });
    assert.deepEqual(answer.rows.map((r) => [r.action, r.decision]), [['s3:GetObject', 'allowed'], ['s3:PutObject', 'implicitDeny']]);
    const options = await c.request<{ principals: { value: string }[] }>('iamWorkbench/simulatorOptions', {});
    assert.ok(options.principals.some((p) => p.value === 'arn:aws:iam::111111111111:user/alice'));

    // A scenario that fails is a diagnostic on the scenario file, and gets a lens.
    c.open(TESTS, JSON.stringify({ scenarios: [{ name: 'alice writes', principal: 'alice', actions: ['s3:PutObject'], resource: '*', expect: 'allowed' }] }, null, 2));
    const diags = await c.diagnosticsAt(TESTS, 1);
    assert.ok(diags.length >= 1, 'the failing scenario is reported');
    const lenses = await c.request<{ command: { command: string } }[]>('textDocument/codeLens', { textDocument: { uri: TESTS } });
    assert.ok(lenses.some((l) => l.command.command === 'iamWorkbench.simulate'));

    // Giving alice the permission fixes the scenario: its diagnostics follow the account file.
    const v = c.change(ACCOUNT, TEXT.replace('"s3:GetObject"', '["s3:GetObject", "s3:PutObject"]'));
    await c.diagnosticsAt(ACCOUNT, v);
    const fixed = await c.waitForDiagnostics(TESTS, (p) => p.diagnostics.length === 0);
    assert.deepEqual(fixed.diagnostics, []);
  } finally {
    await c.stop();
  }
});
