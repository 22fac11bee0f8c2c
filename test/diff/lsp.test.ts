import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../lsp/harness';
import { ROOT } from '../cli/helpers';
import type { AccessDiffResult } from '../../protocol';

const ACCOUNT = 'file:///virtual/repo/prod.iam.json';
const OTHER = 'file:///elsewhere/other.iam.json';
const base = readFileSync(join(ROOT, 'test/diff/fixtures/base/prod.iam.json'), 'utf8');
const head = readFileSync(join(ROOT, 'test/diff/fixtures/head/prod.iam.json'), 'utf8');

test('iamWorkbench/accessDiff: the bundled server diffs base files against its open (unsaved) documents under root', async () => {
  const c = await LspClient.start();
  try {
    c.open(ACCOUNT, head);
    c.open(OTHER, '{ "account": { "id": "999999999999" }, "users": { "zed": {} } }');
    await c.diagnosticsAt(ACCOUNT, 1);
    const r = await c.request<AccessDiffResult>('iamWorkbench/accessDiff', { base: [{ uri: ACCOUNT, text: base }], root: 'file:///virtual/repo/' });
    assert.equal(r.error, undefined);
    const report = r.report!;
    assert.deepEqual(report.Principals.filter((p) => p.Gained.length).map((p) => p.PrincipalArn).sort(), [
      'arn:aws:iam::111111111111:user/alice',
      'arn:aws:iam::111111111111:user/bob',
    ]);
    assert.ok(!report.Principals.some((p) => p.PrincipalArn.includes('999999999999')), 'files outside root are not compared');
    assert.equal(report.Principals.find((p) => p.PrincipalArn.endsWith('user/alice'))!.Gained[0].Source.Line, 24);
    const bad = await c.request<AccessDiffResult>('iamWorkbench/accessDiff', { base: 'nope' });
    assert.match(bad.error ?? '', /needs "base"/);
  } finally {
    await c.stop();
  }
});
