/**
 * simulate-* refuses what AWS's simulator API refuses, under AWS's error names (MalformedPolicyDocument
 * with IAM's messages, InvalidInput, NoSuchEntity) and with a position; a batch answers every item it
 * can and puts each failing item's error in its place (exit 1); unknown actions are warned about.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';
import { contextValueProblem, CONTEXT_KEY_TYPES, simulate, type SimulationInput } from '../../core/engine';

async function run(command: string, args: string[], cwd = tmpdir()) {
  let out = '';
  let err = '';
  const io: CliIO = { cwd, out: (t) => (out += t), err: (t) => (err += t) };
  const code = await main([command, ...args], io);
  return { code, out, err };
}
const custom = (args: string[]) => run('simulate-custom-policy', args);

const doc = (st: object) => JSON.stringify({ Version: '2012-10-17', Statement: [st] });
const input = (policy: string, extra: Partial<SimulationInput> = {}): SimulationInput => ({
  policies: [{ id: 'PolicyInputList.1', text: policy, sourceType: 'none' }],
  boundaries: [], sessionPolicies: [], scpLevels: [], rcpLevels: [], endpointPolicies: [],
  actions: ['s3:GetObject'], context: {}, ...extra,
});

test('core: an identity statement without Resource, or with a Principal, is MalformedPolicyDocument at the statement', () => {
  const noResource = simulate(input(doc({ Effect: 'Allow', Action: 's3:GetObject' })));
  assert.ok('error' in noResource);
  assert.equal(noResource.code, 'MalformedPolicyDocument');
  assert.equal(noResource.error, 'MalformedPolicyDocument: PolicyInputList.1 (line 1, column 38): Policy statement must contain resources.');
  const principal = simulate(input(doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' })));
  assert.ok('error' in principal);
  assert.match(principal.error, /^MalformedPolicyDocument: PolicyInputList\.1 \(line 1, column 68\): Policy document should not specify a principal\.$/);
  const notPrincipal = simulate(input(doc({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*', Resource: '*' })));
  assert.ok('error' in notPrincipal && /should not specify a principal/.test(notPrincipal.error));
  const noAction = simulate(input(doc({ Effect: 'Allow', Resource: '*' })));
  assert.ok('error' in noAction && /must contain actions/.test(noAction.error));
  // The same statements in a boundary, an SCP and a session policy.
  const bad = doc({ Effect: 'Allow', Action: 's3:*' });
  const ok = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  for (const extra of [
    { boundaries: [{ id: 'PermissionsBoundaryPolicyInputList.1', text: bad, sourceType: 'none' }] },
    { sessionPolicies: [{ id: 'SessionPolicy.1', text: bad, sourceType: 'none' }] },
    { scpLevels: [[{ id: 'ServiceControlPolicyLevels.1.1', text: bad, sourceType: 'none' }]] },
  ]) {
    const r = simulate(input(ok, extra));
    assert.ok('error' in r && r.code === 'MalformedPolicyDocument', JSON.stringify(extra));
  }
  assert.ok(!('error' in simulate(input(ok))));
});

test('core: a resource policy needs a Principal in every statement; a trust policy needs no Resource', () => {
  const rp = (st: object) => ({ id: 'ResourcePolicy', text: doc(st), sourceType: 'resource' });
  const ok = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const none = simulate(input(ok, { callerArn: 'arn:aws:iam::111122223333:user/u', resourcePolicy: rp({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }));
  assert.ok('error' in none);
  assert.match(none.error, /^MalformedPolicyDocument: ResourcePolicy \(line 1, column 38\): Policy statement must contain a Principal/);
  const trust = simulate(input(doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }), {
    actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::111122223333:role/r'], callerArn: 'arn:aws:iam::111122223333:user/u',
    resourcePolicy: rp({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/u' }, Action: 'sts:AssumeRole' }),
  }));
  assert.ok(!('error' in trust), JSON.stringify(trust));
  assert.equal(trust.output.EvaluationResults[0].EvalDecision, 'allowed');
});

test('core: a context value must fit its ContextKeyType', () => {
  const cases: [string, string, boolean][] = [
    ['ip', '203.0.113.7', true], ['ip', '10.0.0.0/8', true], ['ip', '2001:db8::1', true], ['ip', 'notanip', false], ['ip', '300.1.1.1', false],
    ['boolean', 'true', true], ['boolean', 'FALSE', true], ['boolean', 'asdf', false], ['boolean', '1', false],
    ['numeric', '42', true], ['numeric', '-1.5e3', true], ['numeric', 'forty', false], ['numeric', '', false],
    ['date', '2026-01-05T10:00:00Z', true], ['date', '1767607200', true], ['date', 'yesterday', false],
    ['binary', 'QUJD', true], ['binary', 'not base64!', false],
    ['string', 'anything at all', true], ['stringList', '', true],
    ['ipList', 'notanip', false], ['booleanList', 'true', true], ['numericList', 'x', false], ['dateList', 'x', false], ['binaryList', '@@', false],
  ];
  for (const [type, value, fits] of cases) {
    assert.equal(contextValueProblem(type as never, value) === undefined, fits, `${type} ${value}`);
  }
  // Every valid value of ContextKeyType is covered above.
  assert.deepEqual(new Set(cases.map((c) => c[0])), new Set(CONTEXT_KEY_TYPES));
});

const P = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });

test('CLI: a context value that does not fit its type is InvalidInput, naming the entry; exit 2', async () => {
  for (const [entry, what] of [
    ['ContextKeyName=aws:SourceIp,ContextKeyValues=notanip,ContextKeyType=ip', /InvalidInput: ContextEntries\[0\]\.ContextKeyValues\[0\] \("aws:SourceIp"\): "notanip" is not an IP address/],
    ['ContextKeyName=aws:SecureTransport,ContextKeyValues=asdf,ContextKeyType=boolean', /InvalidInput: ContextEntries\[0\]\.ContextKeyValues\[0\] \("aws:SecureTransport"\): "asdf" is not true or false/],
    ['ContextKeyName=s3:max-keys,ContextKeyValues=ten,ContextKeyType=numeric', /"ten" is not a number/],
    ['ContextKeyName=aws:CurrentTime,ContextKeyValues=noon,ContextKeyType=date', /"noon" is not a date/],
    ['ContextKeyName=aws:SourceIp,ContextKeyValues=1.2.3.4,nope,ContextKeyType=ipList', /ContextEntries\[0\]\.ContextKeyValues\[1\] \("aws:SourceIp"\): "nope" is not an IP address/],
    ['ContextKeyName=aws:SourceIp,ContextKeyValues=1.2.3.4,ContextKeyType=address', /ContextKeyType must be one of string, stringList/],
  ] as const) {
    const r = await custom(['--policy-input-list', P, '--action-names', 's3:GetObject', '--context-entries', entry]);
    assert.equal(r.code, 2, entry);
    assert.match(r.err, what);
    assert.equal(r.out, '');
  }
  const fine = await custom(['--policy-input-list', P, '--action-names', 's3:GetObject', '--context-entries', 'ContextKeyName=aws:SourceIp,ContextKeyValues=1.2.3.4,5.6.7.8,ContextKeyType=ipList']);
  assert.equal(fine.code, 0, fine.err);
});

test('CLI: simulate-custom-policy refuses an identity statement without Resource', async () => {
  const r = await custom(['--policy-input-list', doc({ Effect: 'Allow', Action: 's3:GetObject' }), '--action-names', 's3:GetObject']);
  assert.equal(r.code, 2);
  assert.match(r.err, /MalformedPolicyDocument: PolicyInputList\.1 \(line 1, column 38\): Policy statement must contain resources\./);
});

test('CLI batch: one malformed item holds its error in place; the others are answered; exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-batch-'));
  writeFileSync(join(dir, 'batch.json'), JSON.stringify([
    { PolicyInputList: [P], ActionNames: ['s3:GetObject'] },
    { PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:GetObject' })], ActionNames: ['s3:GetObject'] },
    { PolicyInputList: [P], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['notanip'], ContextKeyType: 'ip' }] },
    { PolicyInputList: [P], ActionNames: ['s3:GetObject'], Bogus: 1 },
    { PolicyInputList: [P], ActionNames: ['s3:PutObject'] },
  ]));
  const rr = await run('simulate-custom-policy', ['--cli-input-json', 'file://batch.json'], dir);
  assert.equal(rr.code, 1, rr.err);
  const out = JSON.parse(rr.out);
  assert.equal(out.length, 5);
  assert.equal(out[0].EvaluationResults[0].EvalDecision, 'allowed');
  assert.equal(out[1].Error.Code, 'MalformedPolicyDocument');
  assert.match(out[1].Error.Message, /^PolicyInputList\.1 \(line 1, column 38\): Policy statement must contain resources\.$/);
  assert.equal(out[2].Error.Code, 'InvalidInput');
  assert.match(out[2].Error.Message, /ContextEntries\[0\]\.ContextKeyValues\[0\] \("aws:SourceIp"\): "notanip" is not an IP address/);
  assert.equal(out[3].Error.Code, 'InvalidInput');
  assert.match(out[3].Error.Message, /--cli-input-json\[3\]: unknown parameter 'Bogus'/);
  assert.equal(out[4].EvaluationResults[0].EvalDecision, 'implicitDeny');
  // The table says the same per input.
  const table = await run('simulate-custom-policy', ['--cli-input-json', 'file://batch.json', '--output', 'table'], dir);
  assert.equal(table.code, 1);
  assert.match(table.out, /^input 2: MalformedPolicyDocument: PolicyInputList\.1/m);
});

test('CLI: unknown actions are answered as AWS does, with a warning on stderr and in the result', async () => {
  const r = await custom(['--policy-input-list', P, '--action-names', 's3:GetObject', 's3:DeleteBuckets', 's4:GetObject']);
  assert.equal(r.code, 0, r.err);
  const [known, typo, service] = JSON.parse(r.out).EvaluationResults;
  assert.equal(known.Warnings, undefined, 'nothing added for a real action');
  assert.equal(typo.EvalDecision, 'implicitDeny');
  assert.match(typo.Warnings[0], /^s3:DeleteBuckets: Amazon S3 has no action "DeleteBuckets"; did you mean "s3:DeleteBucket"/);
  assert.match(service.Warnings[0], /^s4:GetObject: "s4" is not an AWS service prefix; did you mean .*"s3:GetObject"/);
  assert.match(r.err, /^iam-workbench simulate-custom-policy: warning: s3:DeleteBuckets: Amazon S3 has no action/m);
  assert.match(r.err, /^iam-workbench simulate-custom-policy: warning: s4:GetObject: /m);
});

test('simulate-principal-policy: an unknown principal is NoSuchEntity; in a batch, in its place', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-principal-'));
  writeFileSync(join(dir, 'iam.json'), JSON.stringify({
    account: { id: '111122223333' },
    users: { alice: { inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } } },
  }));
  const single = await run('simulate-principal-policy', ['--policy-source-arn', 'arn:aws:iam::111122223333:user/zed', '--action-names', 's3:GetObject'], dir);
  assert.equal(single.code, 2);
  assert.match(single.err, /NoSuchEntity: .*zed/);
  writeFileSync(join(dir, 'batch.json'), JSON.stringify([
    { PolicySourceArn: 'arn:aws:iam::111122223333:user/alice', ActionNames: ['s3:GetObject'] },
    { PolicySourceArn: 'arn:aws:iam::111122223333:user/zed', ActionNames: ['s3:GetObject'] },
    { PolicySourceArn: 'arn:aws:iam::111122223333:user/alice', ActionNames: ['s3:GetObjekt'] },
  ]));
  const batch = await run('simulate-principal-policy', ['--cli-input-json', 'file://batch.json'], dir);
  assert.equal(batch.code, 1, batch.err);
  const out = JSON.parse(batch.out);
  assert.equal(out[0].EvaluationResults[0].EvalDecision, 'allowed');
  assert.equal(out[1].Error.Code, 'NoSuchEntity');
  assert.match(out[2].EvaluationResults[0].Warnings[0], /did you mean "s3:GetObject"/);
  assert.match(batch.err, /warning: input 3: s3:GetObjekt/);
});
