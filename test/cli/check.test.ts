import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runBin } from './helpers';

test('the bin runs: clean examples exit 0 with a summary line', () => {
  const r = runBin(['check', 'examples/acme-prod.iam.json', 'examples/acme-security.iam.json']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^2 files checked: 0 error\(s\)/m);
});

test('findings print as file:line:col severity code message and exit 1 on errors', async () => {
  const r = await run(['check', 'examples/mistakes.iam.json']);
  assert.equal(r.code, 1);
  const line = r.out.split('\n').find((l) => l.includes('ref/unknown-group'));
  assert.equal(line, 'examples/mistakes.iam.json:69:28 error ref/unknown-group No group named "Developer" in "groups".');
});

test('--format json gives machine-readable findings with 1-based positions', async () => {
  const r = await run(['check', 'examples/mistakes.iam.json', '--format', 'json']);
  const json = JSON.parse(r.out);
  assert.deepEqual(json.files, ['examples/mistakes.iam.json']);
  const f = json.findings.find((x: { code: string }) => x.code === 'ref/unknown-group');
  assert.deepEqual({ line: f.line, column: f.column, severity: f.severity }, { line: 69, column: 28, severity: 'error' });
});

test('folders are searched for iam.json and NAME.iam.json only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-'));
  writeFileSync(join(dir, 'iam.json'), '{"account":{"id":"123456789012"}}');
  writeFileSync(join(dir, 'b.iam.json'), '{"account":{"id":"123456789013"}, "users": {"u": {"groups": ["nope"]}}}');
  writeFileSync(join(dir, 'package.json'), '{ not json');
  const r = await run(['check', dir, '--format', 'json']);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  assert.equal(json.files.length, 2);
  assert.ok(json.findings.every((f: { file: string }) => !f.file.endsWith('package.json')));
});

test('usage and I/O errors exit 2 with a message and no stack trace', async () => {
  for (const args of [['check', '--format', 'xml'], ['check', '--bogus'], ['check', 'no/such/path'], ['frobnicate']]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /^iam-workbench/);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
  assert.equal(runBin(['check', '--bogus']).code, 2);
});
