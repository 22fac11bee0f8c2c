import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runBin } from './helpers';

// 100,000 levels of nesting in every input every command reads: each answers with a message that
// names the position, exits 1 or 2 as documented, and never prints a stack trace.
const N = 100_000;
const arrays = '['.repeat(N) + ']'.repeat(N);
const objects = '{"a":'.repeat(N) + '1' + '}'.repeat(N);
const DEEP = /nested deeper than 512 levels/;
const STACK = /\n\s+at |RangeError|internal error/;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-deep-'));
  mkdirSync(join(dir, 'deep'));
  writeFileSync(join(dir, 'deep', 'iam.json'), `{"users":{"u":{"inlinePolicies":{"p":{"Version":"2012-10-17","Statement":${arrays}}}}}}`);
  mkdirSync(join(dir, 'good'));
  writeFileSync(join(dir, 'good', 'iam.json'), '{"account":{"id":"111111111111"},"users":{"alice":{}}}');
  writeFileSync(join(dir, 'good', 'deep.iam-tests.json'), `{"scenarios":[${objects}]}`);
  writeFileSync(join(dir, 'arrays.json'), arrays);
  writeFileSync(join(dir, 'objects.json'), objects);
  writeFileSync(join(dir, 'policy.json'), `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":${objects}}]}`);
  const urlEncoded = encodeURIComponent(`{"Version":"2012-10-17","Statement":${arrays}}`);
  writeFileSync(join(dir, 'details.json'), JSON.stringify({ UserDetailList: [{ UserName: 'u', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::111111111111:user/u', Path: '/', CreateDate: '2020-01-01T00:00:00Z', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: urlEncoded }] }] }));
  writeFileSync(join(dir, 'empty-details.json'), '{"UserDetailList":[]}');
  mkdirSync(join(dir, 'out'));
  return dir;
}

const dir = workspace();

/** [arguments, exit status, what the message must say (and a position)] */
const CASES: [string[], number, RegExp][] = [
  [['check', 'deep'], 1, /^deep\/iam\.json:1:\d+ error parse\/too-deep .*nested deeper than 512/m],
  [['graph', 'deep', '--format', 'dot'], 0, /deep\/iam\.json:1:\d+: JSON nested deeper than 512/],
  [['export', 'deep', '--format', 'terraform', '--out', '-'], 1, /deep\/iam\.json has errors/],
  [['test', 'good'], 1, /deep\.iam-tests\.json:1:\d+ scenario\/syntax: JSON nested deeper than 512/],
  [['test', 'good/deep.iam-tests.json', 'deep'], 1, /the account files .* have 1 error/],
  [['simulate-custom-policy', '--policy-input-list', 'file://arrays.json', '--action-names', 's3:GetObject'], 2, /PolicyInputList\.1 \(line 1, column 513\): JSON nested deeper/],
  [['simulate-custom-policy', '--policy-input-list', 'file://policy.json', '--action-names', 's3:GetObject'], 2, /PolicyInputList\.1 \(line 1, column \d+\): JSON nested deeper/],
  [['simulate-custom-policy', '--policy-input-list', '{}', '--action-names', 's3:GetObject', '--resource-policy', 'file://objects.json'], 2, /ResourcePolicy.*line 1, column 2561/],
  [['simulate-custom-policy', '--cli-input-json', 'file://arrays.json'], 2, /--cli-input-json: JSON nested deeper than 512 levels.*\(line 1, column 513\)/],
  [['simulate-custom-policy', '--policy-input-list', '{}', '--action-names', 's3:GetObject', '--context-entries', arrays], 2, /--context-entries: JSON nested.*column 513/],
  [['simulate-custom-policy', '--policy-input-list', '{}', '--action-names', arrays], 2, /--action-names: JSON nested.*column 513/],
  [['simulate-principal-policy', '--workspace', 'good', '--policy-source-arn', 'arn:aws:iam::111111111111:user/alice', '--action-names', 's3:GetObject', '--policy-input-list', 'file://objects.json'], 2, /PolicyInputList\.1 \(line 1, column 2561\)/],
  [['simulate-principal-policy', '--workspace', 'deep', '--policy-source-arn', 'arn:aws:iam::000000000000:user/u', '--action-names', 's3:GetObject'], 2, /no user, group or role.*\n  could not read deep\/iam\.json:1:\d+: JSON nested deeper/],
  [['simulate-principal-policy', '--workspace', 'good', '--cli-input-json', 'file://objects.json'], 2, /--cli-input-json: JSON nested.*column 2561/],
  [['import', '--authorization-details', 'arrays.json', '--out', 'out/iam.json'], 1, /^arrays\.json:1:513: JSON nested deeper/m],
  [['import', '--authorization-details', 'details.json', '--out', 'out/iam.json'], 1, /^details\.json:1:\d+: inline policy "p" of user "u": the document is nested deeper than 512/m],
  [['import', '--authorization-details', 'empty-details.json', '--password-policy', 'objects.json', '--out', 'out/iam.json'], 1, /^objects\.json:1:2561: JSON nested deeper/m],
  [['import', '--authorization-details', 'empty-details.json', '--credential-report', 'objects.json', '--out', 'out/iam.json'], 1, /^objects\.json:1:2561: JSON nested deeper/m],
];

for (const [i, [args, code, message]] of CASES.entries()) {
  test(`100,000 levels, case ${i + 1}: ${args.filter((a) => a.length < 60).join(' ')}`, async () => {
    const r = await run(args, dir);
    const all = r.out.slice(0, 2000) + r.err;
    assert.match(all, message, all.slice(0, 600));
    assert.doesNotMatch(r.err, STACK);
    assert.equal(r.code, code, all.slice(0, 600));
  });
}

test('100,000 levels through the installed bin: the same message, no stack trace', () => {
  const r = runBin(['check', 'deep'], dir);
  assert.equal(r.code, 1);
  assert.match(r.out, DEEP);
  assert.doesNotMatch(r.err + r.out, STACK);
});

test('an internal error prints one line with its message and exit status 2, never a stack (IAM_WORKBENCH_DEBUG adds it)', async () => {
  const { internalError } = await import('../../cli/main');
  const e = new RangeError('Maximum call stack size exceeded');
  const line = internalError(e);
  assert.match(line, /^internal error: RangeError: Maximum call stack size exceeded \(the input nests too deep for this reader\); please report it/);
  assert.doesNotMatch(line, /\n/);
  process.env.IAM_WORKBENCH_DEBUG = '1';
  try {
    assert.match(internalError(e), /\n\s+at /);
  } finally {
    delete process.env.IAM_WORKBENCH_DEBUG;
  }
});

test('--cli-input-json: a valid text just within the depth limit is read, one level more is refused at its bracket', async () => {
  const item = (levels: number) => `[{"PolicyInputList":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"k":"v"}}}],"Id":${'['.repeat(levels)}${']'.repeat(levels)}}],"ActionNames":["s3:GetObject"]}]`;
  // The batch array, the item, PolicyInputList, the policy: 4 levels before the Id's arrays.
  const within = await run(['simulate-custom-policy', '--cli-input-json', `file://${join(dir, 'within.json')}`], (writeFileSync(join(dir, 'within.json'), item(508)), dir));
  assert.doesNotMatch(within.err + within.out.slice(0, 500), DEEP);
  const beyond = await run(['simulate-custom-policy', '--cli-input-json', `file://${join(dir, 'beyond.json')}`], (writeFileSync(join(dir, 'beyond.json'), item(509)), dir));
  assert.equal(beyond.code, 2);
  assert.match(beyond.err, /--cli-input-json: JSON nested deeper than 512 levels.*\(line 1, column 670\)/);
});
