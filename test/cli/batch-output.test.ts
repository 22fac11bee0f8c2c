/**
 * Pins the output of `simulate-custom-policy --cli-input-json` in batch mode, byte for byte, against what the
 * command printed before its batch path was made faster (issue 20: fewer allocations, a text-first policy reader,
 * output written per slice of items): standard output (AWS's SimulatePolicyResponse shape, an array of them),
 * standard error (the warnings, numbered per item) and the exit status. The batch is the benchmark's generator
 * (300 items) and items written here for what it never makes: failing items, each optional field of the
 * response, statements over several lines, characters the terminal must see escaped.
 *
 * The expected output is test/cli/fixtures/batch-output.golden.json.gz, written by this file from the command as
 * of commit 0f2991d (before the change) with `IAM_WORKBENCH_WRITE_GOLDEN=1`. Rewrite it only for a change of
 * output that is meant, and say so in the commit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { batchItems } from '../support/batch';
import { ROOT, run } from './helpers';

const GOLDEN = join(__dirname, 'fixtures', 'batch-output.golden.json.gz');

const allow = (action: string, resource = '*', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }] });

/** Items for every part of the response the generated batch never reaches. */
const HAND_ITEMS: unknown[] = [
  // Malformed JSON, a shape IAM refuses, a key written twice: the item's place holds its error.
  { PolicyInputList: ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",, }]}'], ActionNames: ['s3:GetObject'] },
  { PolicyInputList: ['{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject"}}'], ActionNames: ['s3:GetObject'] },
  { PolicyInputList: ['{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}}'], ActionNames: ['s3:GetObject'] },
  { PolicyInputList: [allow('s3:*')], ActionNames: ['s3:GetObject'], Unknown: 1 },
  { PolicyInputList: [allow('s3:*')], ActionNames: [] },
  { PolicyInputList: [allow('s3:*')], ActionNames: ['s3 GetObject'] },
  { PolicyInputList: [allow('s3:*')], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthAge', ContextKeyValues: ['soon'], ContextKeyType: 'numeric' }] },
  { PolicyInputList: [allow('s3:*')], ActionNames: ['s3:GetObject'], ResourcePolicy: allow('s3:*', '*', { Principal: '*' }) },
  // No resource ("*"), a wildcard action expanded, an action the catalogue does not have (Warnings).
  { PolicyInputList: [allow('sts:*')], ActionNames: ['sts:GetCallerIdentit?', 's3:DeleteBuckets', 'iam:CreateUser'] },
  // Policies given as objects; a condition on a key the request lacks (MissingContextValues).
  {
    PolicyInputList: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] }],
    ActionNames: ['s3:GetObject', 's3:PutObject'],
    ResourceArns: ['arn:aws:s3:::b/k'],
  },
  // Cross-account with a resource policy, caller and owner (EvalDecisionDetails per side).
  {
    PolicyInputList: [allow('s3:GetObject')],
    ActionNames: ['s3:GetObject', 's3:PutObject'],
    ResourceArns: ['arn:aws:s3:::b/k', 'arn:aws:s3:::b/other'],
    ResourcePolicy: allow('s3:*', 'arn:aws:s3:::b/*', { Principal: { AWS: '222222222222' } }),
    ResourceOwner: 'arn:aws:iam::111111111111:root',
    CallerArn: 'arn:aws:iam::222222222222:user/bob',
  },
  // A role's trust policy as the resource policy.
  {
    PolicyInputList: [allow('sts:AssumeRole')],
    ActionNames: ['sts:AssumeRole'],
    ResourceArns: ['arn:aws:iam::123456789012:role/r'],
    ResourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }),
    CallerArn: 'arn:aws:iam::123456789012:user/alice',
  },
  // SCP and RCP levels, session and VPC endpoint policies, a boundary (the extensions and their details).
  {
    PolicyInputList: [allow('*')],
    PermissionsBoundaryPolicyInputList: [allow('s3:*')],
    SessionPolicy: [allow('s3:Get*')],
    VpcEndpointPolicyInputList: [allow('*', '*', { Principal: '*' })],
    ServiceControlPolicyLevels: [[allow('*')], [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }] }), allow('*')]],
    ResourceControlPolicyLevels: [[allow('*', '*', { Principal: '*' })]],
    ActionNames: ['s3:GetObject', 's3:PutObject', 'ec2:RunInstances'],
    ResourceArns: ['arn:aws:s3:::b/k'],
  },
  // Statements over several lines, CRLF, tabs and non-ASCII text before them (positions in UTF-16 units).
  {
    PolicyInputList: [
      '{\r\n\t"Version": "2012-10-17",\r\n\t"Id": "Zugriff für Prüfer 😀",\r\n\t"Statement": [\r\n\t\t{\r\n\t\t\t"Sid": "Één",\r\n\t\t\t"Effect": "Allow",\r\n\t\t\t"Action": ["s3:Get*", "s3:List*"],\r\n\t\t\t"Resource": "*"\r\n\t\t},\r\n\t\t{ "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::secret/*" }\r\n\t]\r\n}\r\n',
    ],
    ActionNames: ['s3:GetObject', 's3:ListBucket'],
    ResourceArns: ['arn:aws:s3:::secret/a', 'arn:aws:s3:::open', 'arn:aws:s3:::b/😀/ü'],
  },
  // Characters the terminal must see escaped: a bidi override, a C1 control, a lone surrogate, DEL.
  {
    PolicyInputList: [allow('s3:*', 'arn:aws:s3:::b/\u202egnp.exe')],
    ActionNames: ['s3:GetObject', 's3:Get\u0085Object'],
    ResourceArns: ['arn:aws:s3:::b/\u202egnp.exe', 'arn:aws:s3:::b/\ud800x\u007f'],
  },
  // Context keys of several types; a list key.
  {
    PolicyInputList: [allow('ec2:RunInstances', '*', { Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['team*'] }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' }, Bool: { 'aws:SecureTransport': 'true' } } })],
    ActionNames: ['ec2:RunInstances'],
    ContextEntries: [
      { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['team', 'cost'], ContextKeyType: 'stringList' },
      { ContextKeyName: 'aws:MultiFactorAuthAge', ContextKeyValues: ['60'], ContextKeyType: 'numeric' },
    ],
  },
];

function batch(): unknown[] {
  const items: unknown[] = batchItems(300, 7);
  // Spread the hand-written items through the batch, so that failing items sit between answered ones.
  HAND_ITEMS.forEach((item, i) => items.splice(3 + i * 19, 0, item));
  return items;
}

interface Answer {
  code: number | null;
  out: string;
  err: string;
}

function writeInput(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'batch-pin-'));
  const file = join(dir, 'batch.json');
  writeFileSync(file, JSON.stringify(batch()));
  return { dir, file };
}

function golden(): Answer {
  return JSON.parse(gunzipSync(readFileSync(GOLDEN)).toString('utf8')) as Answer;
}

/** The first line where two outputs differ, with its neighbours, for a readable failure. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `line ${i + 1}:\n  expected ${JSON.stringify(e.slice(Math.max(0, i - 2), i + 3))}\n  actual   ${JSON.stringify(a.slice(Math.max(0, i - 2), i + 3))}`;
  }
  return 'same lines';
}

function assertSame(actual: Answer, expected: Answer): void {
  assert.equal(actual.code, expected.code);
  if (actual.out !== expected.out) assert.fail(`standard output differs (${actual.out.length} vs ${expected.out.length} characters), ${firstDifference(actual.out, expected.out)}`);
  if (actual.err !== expected.err) assert.fail(`standard error differs, ${firstDifference(actual.err, expected.err)}`);
}

test('batch output, in process: byte for byte what the command printed before the fast path', async () => {
  const { dir } = writeInput();
  const r = await run(['simulate-custom-policy', '--cli-input-json', 'file://batch.json'], dir);
  if (process.env.IAM_WORKBENCH_WRITE_GOLDEN === '1') writeFileSync(GOLDEN, gzipSync(JSON.stringify(r), { level: 9 }));
  const expected = golden();
  // The pinned output is the real thing: failing items (exit 1), warnings, every optional field, escapes.
  assert.equal(expected.code, 1);
  for (const part of ['"Error"', 'MalformedPolicyDocument', '"Warnings"', 'OrganizationsDecisionDetail', 'PermissionsBoundaryDecisionDetail', '"Resource Policy"', 'ResourceSpecificResults', 'aws:SourceIp', '\\u202e', '\\u0085', '\\ud800', '😀']) {
    assert.ok(expected.out.includes(part), `the pinned output holds ${part}`);
  }
  assert.match(expected.err, /input \d+: s3:DeleteBuckets/);
  assertSame(r, expected);
});

test('batch output, whole process (dist/cli.js, standard output a pipe): the same bytes', (t) => {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) return t.skip('dist/cli.js is not built (npm run build)');
  const { dir, file } = writeInput();
  const r = spawnSync(process.execPath, [cli, 'simulate-custom-policy', '--cli-input-json', `file://${file}`], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  assertSame({ code: r.status, out: r.stdout, err: r.stderr }, golden());
});

test('a batch of one item prints the single answer inside an array', async () => {
  const item = batchItems(1, 11)[0];
  const dir = mkdtempSync(join(tmpdir(), 'batch-one-'));
  writeFileSync(join(dir, 'one.json'), JSON.stringify([item]));
  const fromFile = await run(['simulate-custom-policy', '--cli-input-json', 'file://one.json'], dir);
  assert.equal(fromFile.code, 0, fromFile.err);
  const parsed = JSON.parse(fromFile.out);
  assert.ok(Array.isArray(parsed) && parsed.length === 1 && Array.isArray(parsed[0].EvaluationResults));
  // The array's layout is JSON.stringify's with an indent of 4, as the single answer's is.
  const single = await run(['simulate-custom-policy', '--cli-input-json', JSON.stringify(item)], dir);
  assert.equal(fromFile.out, `[\n${single.out.replace(/\n$/, '').replace(/^/gm, '    ')}\n]\n`);
});

test('an inline --cli-input-json array is one batch, as the same array read from a file', async () => {
  const items = batchItems(2, 12);
  const dir = mkdtempSync(join(tmpdir(), 'batch-inline-'));
  writeFileSync(join(dir, 'two.json'), JSON.stringify(items));
  const fromFile = await run(['simulate-custom-policy', '--cli-input-json', 'file://two.json'], dir);
  assert.equal(fromFile.code, 0, fromFile.err);
  assert.equal(JSON.parse(fromFile.out).length, 2);
  const inline = await run(['simulate-custom-policy', '--cli-input-json', JSON.stringify(items)], dir);
  assert.equal(inline.code, 0, inline.err);
  assert.equal(inline.out, fromFile.out);
  // A batch of one written inline stays a batch (an array of one answer), not the single answer.
  const one = await run(['simulate-custom-policy', '--cli-input-json', JSON.stringify(items.slice(0, 1))], dir);
  assert.equal(one.code, 0, one.err);
  assert.ok(Array.isArray(JSON.parse(one.out)));
});
