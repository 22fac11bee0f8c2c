import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, ROOT } from '../cli/helpers';
import { parseRulesConfig } from '../../core/analysis/config';
import { runRules, RULES } from '../../core/analysis/rules';
import { buildWorkspace } from '../../core/model';

const headText = readFileSync(join(ROOT, 'test/diff/fixtures/head/prod.iam.json'), 'utf8');
const baseText = readFileSync(join(ROOT, 'test/diff/fixtures/base/prod.iam.json'), 'utf8');

function checkWith(text: string, config: object) {
  const { config: parsed, findings } = parseRulesConfig(JSON.stringify(config), 'iam-workbench.json', RULES.map((r) => r.id));
  assert.deepEqual(findings, []);
  const ws = buildWorkspace([{ uri: 'prod.iam.json', text }]);
  return runRules(ws, parsed, { only: ['access/not-granted', 'access/no-public-access', 'access/no-external-access'] }).map((f) => ({
    code: f.code,
    line: ws.file(f.uri)!.lines.positionAt(f.span.start).line + 1,
    message: f.message,
  }));
}

test('neverGranted: a finding on the statement that grants it, naming the principals; except and boundaries honoured', () => {
  const pin = { accessChecks: { neverGranted: [{ actions: ['s3:Delete*'], resources: ['arn:aws:s3:::prod-*'] }] } };
  assert.deepEqual(checkWith(baseText, pin), [], 'nobody may delete in prod before the change');
  const found = checkWith(headText, pin);
  assert.equal(found.length, 1);
  assert.equal(found[0].code, 'access/not-granted');
  assert.equal(found[0].line, 24, 'the ProdData statement of the Developers group');
  // alice gets it; bob's boundary (logs:* and s3:GetObject only) keeps s3:DeleteObject from him.
  assert.match(found[0].message, /gives user alice s3:DeleteObject on arn:aws:s3:::prod-data\/\*, pinned as never granted/);
  assert.doesNotMatch(found[0].message, /bob/);
  const excepted = { accessChecks: { neverGranted: [{ actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::prod-*'], except: ['arn:aws:iam::*:user/ali*'] }] } };
  assert.deepEqual(checkWith(headText, excepted), []);
  // Another resource pattern: no overlap, no finding; a wider one ("*") overlaps.
  assert.deepEqual(checkWith(headText, { accessChecks: { neverGranted: [{ actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::dev-*'] }] } }), []);
  assert.equal(checkWith(headText, { accessChecks: { neverGranted: [{ actions: ['s3:DeleteObject'] }] } }).length, 1);
});

test('neverGranted through an AWS managed policy: the finding is on the principal that attaches it', () => {
  const found = checkWith(headText, { accessChecks: { neverGranted: [{ actions: ['ec2:DescribeInstances'] }] } });
  assert.deepEqual(found.map((f) => f.code), ['access/not-granted']);
  assert.match(found[0].message, /^arn:aws:iam::aws:policy\/ReadOnlyAccess gives role deployer ec2:DescribeInstances on \*/);
});

test('neverPublic and neverExternal: findings on the principal the policy names', () => {
  const pin = { accessChecks: { neverPublic: ['arn:aws:s3:::prod-*'], neverExternal: ['arn:aws:iam::*:role/deploy*'] } };
  const before = checkWith(baseText, pin);
  assert.deepEqual(before.map((f) => [f.code, f.line]), [['access/no-external-access', 40]]);
  assert.match(before[0].message, /role arn:aws:iam::111111111111:role\/deployer can be assumed by arn:aws:iam::222222222222:root \(outside-organization; sts:AssumeRole\)/);
  const after = checkWith(headText, pin);
  assert.deepEqual(after.map((f) => [f.code, f.line]).sort(), [['access/no-external-access', 43], ['access/no-external-access', 43], ['access/no-public-access', 53]]);
  assert.match(after.find((f) => f.code === 'access/no-public-access')!.message, /^Public: arn:aws:s3:::prod-reports can be used by anyone \(public; s3:GetObject\)/);
});

test('iam-workbench.json: bad accessChecks are reported with positions, the valid part kept', () => {
  const text = '{ "accessChecks": { "neverGranted": [ { "actions": "s3:DeleteBucket" }, { "resources": ["x"] }, 7, { "actions": ["not an action"] } ], "neverPublic": "arn:aws:s3:::p", "neverSeen": [] } }';
  const { config, findings } = parseRulesConfig(text, 'iam-workbench.json', RULES.map((r) => r.id));
  assert.deepEqual(config.accessChecks, { neverGranted: [{ actions: ['s3:DeleteBucket'], resources: ['*'], except: [] }], neverPublic: ['arn:aws:s3:::p'] });
  const messages = findings.map((f) => `${text.slice(f.span.start, f.span.start + 12)} ${f.message}`);
  assert.equal(findings.length, 4, messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('needs "actions"')));
  assert.ok(messages.some((m) => m.startsWith('7') && m.includes('must be an object')));
  assert.ok(messages.some((m) => m.includes('"not an action" is not an action')));
  assert.ok(messages.some((m) => m.startsWith('"neverSeen"') && m.includes('Unknown access check')));
});

test('check reads the pins from iam-workbench.json and fails on a violation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-pins-'));
  writeFileSync(join(dir, 'prod.iam.json'), headText);
  writeFileSync(join(dir, 'iam-workbench.json'), JSON.stringify({ accessChecks: { neverPublic: ['arn:aws:s3:::prod-*'] } }));
  const r = await run(['check', '.'], dir);
  assert.equal(r.code, 1);
  assert.match(r.out, /prod\.iam\.json:53:\d+ error access\/no-public-access Public: arn:aws:s3:::prod-reports can be used by anyone/);
  writeFileSync(join(dir, 'prod.iam.json'), baseText);
  const clean = await run(['check', '.'], dir);
  assert.doesNotMatch(clean.out, /access\/no-public-access/);
});

test('the language server runs the pinned checks of iam-workbench.json too (they have no editor setting)', async () => {
  const { withConfigFile, DEFAULT_SETTINGS } = await import('../../server/settings');
  const { ruleRunner } = await import('../../server/rules');
  const pin = { accessChecks: { neverGranted: [{ actions: ['s3:Delete*'], resources: ['arn:aws:s3:::prod-*'] }] } };
  const { config } = parseRulesConfig(JSON.stringify(pin), 'iam-workbench.json', RULES.map((r) => r.id));
  const ws = buildWorkspace([{ uri: 'prod.iam.json', text: headText }]);
  const codes = (settings: typeof DEFAULT_SETTINGS) => ruleRunner(settings)(ws).filter((f) => f.code.startsWith('access/not-granted')).length;
  assert.equal(codes(DEFAULT_SETTINGS), 0, 'nothing pinned in the editor alone');
  assert.equal(codes(withConfigFile(DEFAULT_SETTINGS, config)), 1, 'the file pins it');
});
