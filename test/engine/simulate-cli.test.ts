import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

async function run(args: string[], stdin?: string, cwd = tmpdir()) {
  let out = '';
  let err = '';
  const io: CliIO = { cwd, out: (t) => (out += t), err: (t) => (err += t), stdin: stdin === undefined ? undefined : async () => stdin };
  const code = await main(['simulate-custom-policy', ...args], io);
  return { code, out, err, json: code === 0 && out.trim().startsWith('{') || out.trim().startsWith('[') ? JSON.parse(out) : undefined };
}

const P1 =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

test("AWS CLI documentation example: same decision, statement positions and shape", async () => {
  const r = await run([
    '--policy-input-list', P1, '--action-names', 'dynamodb:CreateBackup',
    '--context-entries', "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date",
  ]);
  assert.equal(r.code, 0, r.err);
  const e = r.json.EvaluationResults[0];
  assert.equal(e.EvalActionName, 'dynamodb:CreateBackup');
  assert.equal(e.EvalResourceName, '*');
  assert.equal(e.EvalDecision, 'allowed');
  assert.equal(e.MatchedStatements[0].SourcePolicyId, 'PolicyInputList.1');
  assert.deepEqual(e.MatchedStatements[0].StartPosition, { Line: 1, Column: 38 });
  assert.deepEqual(e.MatchedStatements[0].EndPosition, { Line: 1, Column: 167 });
  assert.deepEqual(e.MissingContextValues, []);
  const before = await run([
    '--policy-input-list', P1, '--action-names', 'dynamodb:CreateBackup',
    '--context-entries', 'ContextKeyName=aws:CurrentTime,ContextKeyValues=2014-04-25T11:00:00Z,ContextKeyType=date',
  ]);
  assert.equal(before.json.EvaluationResults[0].EvalDecision, 'implicitDeny');
  assert.deepEqual(before.json.EvaluationResults[0].MatchedStatements, []);
});

test('--cli-input-json from a file, with policies as objects, resource policy, caller and owner', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-'));
  writeFileSync(
    join(dir, 'in.json'),
    JSON.stringify({
      PolicyInputList: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
      ActionNames: ['s3:GetObject', 's3:PutObject'],
      ResourceArns: ['arn:aws:s3:::b/k'],
      ResourcePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }],
      }),
      ResourceOwner: 'arn:aws:iam::111111111111:root',
      CallerArn: 'arn:aws:iam::222222222222:user/bob',
    }),
  );
  const r = await run(['--cli-input-json', 'file://in.json'], undefined, dir);
  assert.equal(r.code, 0, r.err);
  const [get, put] = r.json.EvaluationResults;
  assert.equal(get.EvalDecision, 'allowed');
  assert.deepEqual(get.MatchedStatements.map((m: { SourcePolicyId: string }) => m.SourcePolicyId).sort(), ['PolicyInputList.1', 'ResourcePolicy']);
  assert.equal(get.ResourceSpecificResults[0].EvalResourceName, 'arn:aws:s3:::b/k');
  assert.equal(get.EvalDecisionDetails['Resource Policy'], 'allowed');
  assert.equal(put.EvalDecision, 'implicitDeny');
});

test('batch mode: an array in, an array out, in order; stdin with -', async () => {
  const one = (action: string) => ({ PolicyInputList: ['{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}'], ActionNames: [action] });
  const r = await run(['--cli-input-json', '-'], JSON.stringify([one('iam:CreateUser'), one('s3:GetObject')]));
  assert.equal(r.code, 0, r.err);
  assert.equal(r.json.length, 2);
  assert.equal(r.json[0].EvaluationResults[0].EvalDecision, 'explicitDeny');
  assert.equal(r.json[1].EvaluationResults[0].EvalDecision, 'implicitDeny');
});

test('extensions: SCP levels, RCP levels, session policy, boundary details', async () => {
  const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const r = await run(['--cli-input-json', JSON.stringify({
    PolicyInputList: [allow],
    PermissionsBoundaryPolicyInputList: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
    ServiceControlPolicyLevels: [[allow], [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' }] }]],
    ActionNames: ['s3:GetObject', 'ec2:RunInstances', 'iam:ListUsers'],
    CallerArn: 'arn:aws:iam::111111111111:user/alice',
  })]);
  assert.equal(r.code, 0, r.err);
  const [s3, ec2, iam] = r.json.EvaluationResults;
  assert.equal(s3.EvalDecision, 'allowed');
  assert.deepEqual(s3.OrganizationsDecisionDetail, { AllowedByOrganizations: true });
  assert.deepEqual(s3.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
  assert.equal(ec2.EvalDecision, 'implicitDeny');
  assert.deepEqual(ec2.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  assert.equal(iam.EvalDecision, 'implicitDeny');
  assert.deepEqual(iam.OrganizationsDecisionDetail, { AllowedByOrganizations: false });
});

test('context entries as JSON; multivalued keys; missing context values reported', async () => {
  const pol = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]},"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}}';
  const r = await run(['--policy-input-list', pol, '--action-names', 'ec2:CreateTags', '--context-entries',
    '[{"ContextKeyName":"aws:TagKeys","ContextKeyValues":["a"],"ContextKeyType":"stringList"}]']);
  assert.equal(r.json.EvaluationResults[0].EvalDecision, 'implicitDeny');
  assert.deepEqual(r.json.EvaluationResults[0].MissingContextValues, ['aws:RequestedRegion']);
  const ok = await run(['--policy-input-list', pol, '--action-names', 'ec2:CreateTags', '--context-entries',
    'ContextKeyName=aws:TagKeys,ContextKeyValues=a,b,ContextKeyType=stringList',
    'ContextKeyName=aws:RequestedRegion,ContextKeyValues=eu-west-1']);
  assert.equal(ok.json.EvaluationResults[0].EvalDecision, 'allowed');
});

test('bad input: clear message, exit status 2, never a stack trace', async () => {
  const bad = await run(['--policy-input-list', '{"Version":"2012-10-17","Statement":{', '--action-names', 's3:GetObject']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /MalformedPolicyDocument: PolicyInputList\.1 \(line 1, column/);
  const unknown = await run(['--bogus', 'x']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown option '--bogus'/);
  const missing = await run(['--cli-input-json', 'file://does-not-exist.json']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read 'does-not-exist.json'/);
  const noAction = await run(['--policy-input-list', P1]);
  assert.equal(noAction.code, 2);
  const bucketPolicy = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}';
  const noCaller = await run(['--policy-input-list', P1, '--action-names', 's3:GetObject', '--resource-policy', bucketPolicy]);
  assert.equal(noCaller.code, 2);
  assert.match(noCaller.err, /CallerArn/);
  for (const r of [bad, unknown, missing, noAction, noCaller]) assert.doesNotMatch(r.err, /\n\s+at /);
});

test('--output table', async () => {
  const r = await run(['--policy-input-list', P1, '--action-names', 'dynamodb:GetItem', '--output', 'table',
    '--context-entries', 'ContextKeyName=aws:CurrentTime,ContextKeyValues=2020-01-01T00:00:00Z']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\| dynamodb:GetItem \| \* +\| allowed +\| identity +\| Allowed by an identity-based policy\. +\| PolicyInputList\.1 1:38 \|/);
});

test('policy variables without a value are reported as missing context values', async () => {
  const pol = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}}';
  const r = await run(['--policy-input-list', pol, '--action-names', 's3:GetObject', '--resource-arns', 'arn:aws:s3:::b/alice/x']);
  assert.equal(r.json.EvaluationResults[0].EvalDecision, 'implicitDeny');
  assert.deepEqual(r.json.EvaluationResults[0].MissingContextValues, ['aws:username']);
  const named = await run(['--policy-input-list', pol, '--action-names', 's3:GetObject', '--resource-arns', 'arn:aws:s3:::b/alice/x',
    '--caller-arn', 'arn:aws:iam::111111111111:user/alice']);
  assert.equal(named.json.EvaluationResults[0].EvalDecision, 'allowed');
  assert.deepEqual(named.json.EvaluationResults[0].MissingContextValues, []);
});

test('sts:GetCallerIdentity is allowed whatever the policies say, with no matched statements and no deciding layer', async () => {
  // STS API Reference, "GetCallerIdentity": no permissions are required, and an explicit deny does not stop it.
  const deny = '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"sts:*","Resource":"*"}}';
  const r = await run(['--policy-input-list', deny, '--action-names', 'sts:GetCallerIdentity', 'sts:GetSessionToken']);
  assert.equal(r.code, 0, r.err);
  const [gci, gst] = r.json.EvaluationResults;
  assert.deepEqual([gci.EvalDecision, gci.MatchedStatements, gci.MissingContextValues], ['allowed', [], []]);
  assert.equal(gst.EvalDecision, 'explicitDeny');
  const table = await run(['--policy-input-list', deny, '--action-names', 'sts:GetCallerIdentity', '--output', 'table']);
  assert.match(table.out, /\| sts:GetCallerIdentity \| \* +\| allowed +\| - +\| sts:GetCallerIdentity needs no permission: .*\(STS API Reference, "GetCallerIdentity"\)\. +\| - +\|/);
});

test('batch mode: items made as they are answered, and with options on top, give the same answers and errors', async () => {
  const deny = '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}';
  const items = [
    { PolicyInputList: [deny], ActionNames: ['iam:CreateUser'], CallerArn: 'arn:aws:iam::123456789012:user/a' },
    { PolicyInputList: [deny], ActionNames: ['iam:CreateUser'], Bogus: 1 },
    { PolicyInputList: [deny], ActionNames: ['s3:GetObject'], CallerArn: 'arn:aws:iam::123456789012:user/a' },
  ];
  // No option on top: each item read when answered.
  const lazy = await run(['--cli-input-json', JSON.stringify(items)]);
  assert.equal(lazy.code, 1, lazy.err);
  assert.equal(lazy.json[0].EvaluationResults[0].EvalDecision, 'explicitDeny');
  assert.deepEqual(lazy.json[1], { Error: { Code: 'InvalidInput', Message: "--cli-input-json[1]: unknown parameter 'Bogus'" } });
  assert.equal(lazy.json[2].EvaluationResults[0].EvalDecision, 'implicitDeny');
  // The same caller as an option on top: every item read first; the same bytes out.
  const eager = await run(['--cli-input-json', JSON.stringify(items), '--caller-arn', 'arn:aws:iam::123456789012:user/a']);
  assert.equal(eager.code, 1, eager.err);
  assert.equal(eager.out, lazy.out);
  // An option on top that cannot be read stops the whole batch before any answer is printed.
  const bad = await run(['--cli-input-json', JSON.stringify(items), '--context-entries', 'NotAnEntry']);
  assert.equal(bad.code, 2);
  assert.equal(bad.out, '');
  assert.match(bad.err, /cannot read context entry 'NotAnEntry'/);
});

test('options on top of a --cli-input-json batch take the place of every item\'s own values', async () => {
  const allowS3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const allowIam = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{"StringEquals":{"aws:username":"bob"}}}}';
  const items = [
    { PolicyInputList: [allowS3], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::a/b'] },
    { PolicyInputList: [allowS3], ActionNames: ['s3:PutObject'] },
  ];
  const alone = await run(['--cli-input-json', JSON.stringify(items)]);
  assert.deepEqual(alone.json.map((r: any) => [r.EvaluationResults[0].EvalActionName, r.EvaluationResults[0].EvalDecision]), [['s3:GetObject', 'allowed'], ['s3:PutObject', 'allowed']]);
  const over = await run([
    '--cli-input-json', JSON.stringify(items),
    '--policy-input-list', allowIam, '--action-names', 'iam:ListUsers,s3:GetObject', '--resource-arns', 'arn:aws:iam::123456789012:user/x',
    '--context-entries', 'ContextKeyName=aws:username,ContextKeyValues=bob,ContextKeyType=string',
  ]);
  assert.equal(over.code, 0, over.err);
  assert.equal(over.json.length, 2);
  for (const r of over.json) {
    const rows = r.EvaluationResults.map((e: any) => [e.EvalActionName, e.EvalResourceName, e.EvalDecision, e.MatchedStatements[0]?.SourcePolicyId ?? null]);
    assert.deepEqual(rows, [
      ['iam:ListUsers', 'arn:aws:iam::123456789012:user/x', 'allowed', 'PolicyInputList.1'],
      ['s3:GetObject', 'arn:aws:iam::123456789012:user/x', 'implicitDeny', null],
    ]);
  }
});
