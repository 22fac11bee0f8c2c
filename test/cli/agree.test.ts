/**
 * The CLI commands agree with each other: `test` and `export` count the errors `check` reports;
 * iam-workbench.json is read from a folder named by an absolute path; `graph --out` refuses to
 * overwrite without --force, as `import` and `export` do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './helpers';

/** An account whose only error comes from the rule catalogue (grammar/missing-resource), not the parser. */
const RULE_ERROR = JSON.stringify({
  account: { id: '111122223333' },
  users: { pat: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] } } } },
}, null, 2);

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-agree-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('check reads iam-workbench.json from a folder named by an absolute path', async () => {
  const dir = scratch({ 'iam.json': RULE_ERROR, 'iam-workbench.json': JSON.stringify({ rules: { 'grammar/missing-resource': 'off' } }) });
  const elsewhere = mkdtempSync(join(tmpdir(), 'iam-agree-cwd-'));
  const absolute = await run(['check', dir], elsewhere);
  assert.equal(absolute.code, 0, absolute.out);
  assert.doesNotMatch(absolute.out, /grammar\/missing-resource/);
  const relative = await run(['check', '.'], dir);
  assert.equal(relative.code, 0, relative.out);
  // Without the configuration the rule's error is there: the test above can fail.
  const bare = scratch({ 'iam.json': RULE_ERROR });
  const plain = await run(['check', bare], elsewhere);
  assert.equal(plain.code, 1);
  assert.match(plain.out, /error grammar\/missing-resource/);
});

test('export refuses a file check reports errors in, rule errors included, and honours iam-workbench.json', async () => {
  const dir = scratch({ 'iam.json': RULE_ERROR });
  const checked = await run(['check'], dir);
  assert.equal(checked.code, 1);
  const exported = await run(['export', '--format', 'terraform', '--out', 'x.tf'], dir);
  assert.equal(exported.code, 1);
  assert.match(exported.err, /error grammar\/missing-resource/);
  assert.match(exported.err, /has errors; fix them first \(nothing written\)/);
  assert.equal(existsSync(join(dir, 'x.tf')), false);
  // Turned off in iam-workbench.json: check passes, and export writes.
  writeFileSync(join(dir, 'iam-workbench.json'), JSON.stringify({ rules: { 'grammar/missing-resource': 'off' } }));
  assert.equal((await run(['check'], dir)).code, 0);
  const again = await run(['export', '--format', 'terraform', '--out', 'x.tf'], dir);
  assert.equal(again.code, 0, again.err);
});

test('test counts the account files\' errors as check does', async () => {
  const dir = scratch({
    'iam.json': RULE_ERROR,
    'a.iam-tests.json': JSON.stringify({ scenarios: [{ name: 'reads', principal: 'pat', action: 's3:GetObject', expect: 'denied' }] }),
  });
  const checked = await run(['check', '--format', 'json'], dir);
  const errors = (JSON.parse(checked.out) as { findings?: { severity: string }[] } | { severity: string }[]);
  const list = Array.isArray(errors) ? errors : (errors.findings ?? []);
  const count = list.filter((f) => f.severity === 'error').length;
  assert.ok(count >= 1);
  let err = '';
  const { main } = await import('../../cli/main');
  await main(['test', '.'], { cwd: dir, out: () => undefined, err: (t) => void (err += t) });
  assert.match(err, new RegExp(`have ${count} error\\(s\\); run iam-workbench check`));
});

test('graph --out never overwrites without --force', async () => {
  const dir = scratch({ 'iam.json': JSON.stringify({ account: { id: '111122223333' }, users: { pat: {} } }) });
  writeFileSync(join(dir, 'g.dot'), 'keep me');
  const refused = await run(['graph', '--out', 'g.dot'], dir);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /'g\.dot' exists; pass --force to overwrite it/);
  assert.equal(readFileSync(join(dir, 'g.dot'), 'utf8'), 'keep me');
  const forced = await run(['graph', '--out', 'g.dot', '--force'], dir);
  assert.equal(forced.code, 0, forced.err);
  assert.match(readFileSync(join(dir, 'g.dot'), 'utf8'), /^digraph iam \{/);
  const fresh = await run(['graph', '--out', 'new.dot'], dir);
  assert.equal(fresh.code, 0, fresh.err);
});

test('check with a catastrophic naming pattern in iam-workbench.json answers, and refuses a backreference with its position', async () => {
  // ^(a+)+$ makes JavaScript's RegExp backtrack for minutes on 30 a's and a b; a pull request could add both.
  const account = JSON.stringify({ account: { id: '111122223333' }, users: { [`${'a'.repeat(40)}b`]: {} } });
  const dir = scratch({ 'iam.json': account, 'iam-workbench.json': JSON.stringify({ naming: { user: '^(a+)+$' } }) });
  const r = await run(['check', '.'], dir);
  assert.match(r.out, /warning practice\/naming The user name "a+b" does not match/);
  const refused = scratch({ 'iam.json': account, 'iam-workbench.json': '{ "naming": { "user": "^(a)\\\\1+$" } }' });
  const s = await run(['check', '.'], refused);
  assert.match(s.out, /iam-workbench\.json:1:23 error config\/invalid The user naming pattern uses a backreference \(\\1\) at character 5/);
});
