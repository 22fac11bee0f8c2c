import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

const ACCOUNT = {
  account: { id: '111111111111', partition: 'aws', organization: { serviceControlPolicies: [['FullAWSAccess'], ['DenyRegions']], resourceControlPolicies: [] } },
  policies: {
    Reader: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }] } },
    DenyRegions: {
      document: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
        ],
      },
    },
  },
  groups: { Readers: { policies: ['Reader'] } },
  users: {
    alice: {
      groups: ['Readers'],
      inlinePolicies: { ec2: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] } },
    },
  },
  roles: {
    app: {
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 'sts:AssumeRole' }] },
      policies: ['Reader'],
    },
  },
  resources: {
    'arn:aws:s3:::shared': {
      policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/secret/*' }],
      },
    },
  },
};

async function run(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ws-'));
  writeFileSync(join(dir, 'iam.json'), JSON.stringify(ACCOUNT, null, 2));
  let out = '';
  let err = '';
  const io: CliIO = { cwd: dir, out: (t) => (out += t), err: (t) => (err += t) };
  const code = await main(['simulate-principal-policy', ...args], io);
  return { code, out, err, json: code === 0 ? JSON.parse(out) : undefined };
}

test("a user's own, group and organization policies are gathered from the workspace", async () => {
  const r = await run([
    '--policy-source-arn', 'arn:aws:iam::111111111111:user/alice',
    '--action-names', 's3:GetObject', 'iam:CreateUser', 'ec2:RunInstances',
    '--context-entries', 'ContextKeyName=aws:RequestedRegion,ContextKeyValues=us-east-1',
  ]);
  assert.equal(r.code, 0, r.err);
  const [s3, iam, ec2] = r.json.EvaluationResults;
  assert.equal(s3.EvalDecision, 'allowed');
  assert.equal(s3.MatchedStatements[0].SourcePolicyType, 'user-managed');
  assert.ok(s3.MatchedStatements[0].StartPosition.Line > 1, 'positions point into iam.json');
  assert.equal(iam.EvalDecision, 'implicitDeny');
  assert.equal(ec2.EvalDecision, 'explicitDeny');
  assert.deepEqual(ec2.OrganizationsDecisionDetail, { AllowedByOrganizations: false });
});

test('resource policies and trust policies come from the workspace', async () => {
  const r = await run([
    '--policy-source-arn', 'arn:aws:iam::111111111111:user/alice',
    '--action-names', 's3:GetObject', '--resource-arns', 'arn:aws:s3:::shared/secret/k', 'arn:aws:s3:::shared/public/k',
  ]);
  assert.equal(r.code, 0, r.err);
  const res = r.json.EvaluationResults[0];
  assert.equal(res.EvalDecision, 'explicitDeny');
  assert.deepEqual(res.ResourceSpecificResults.map((x: { EvalResourceDecision: string }) => x.EvalResourceDecision), ['explicitDeny', 'allowed']);
  const role = await run(['--policy-source-arn', 'arn:aws:iam::111111111111:group/Readers', '--action-names', 's3:ListBucket']);
  assert.equal(role.json.EvaluationResults[0].EvalDecision, 'allowed');
});

test('roles simulate as a session of the role; unknown principals are a usage error', async () => {
  const r = await run(['--policy-source-arn', 'arn:aws:iam::111111111111:role/app', '--action-names', 's3:GetObject', 'ec2:RunInstances']);
  assert.equal(r.code, 0, r.err);
  // The role has no EC2 permission, and the SCP's region Deny applies anyway: aws:RequestedRegion is
  // absent, and a negated operator holds for an absent key.
  assert.deepEqual(r.json.EvaluationResults.map((e: { EvalDecision: string }) => e.EvalDecision), ['allowed', 'explicitDeny']);
  const bad = await run(['--policy-source-arn', 'arn:aws:iam::111111111111:user/zed', '--action-names', 's3:GetObject']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /no user, group or role/);
  const none = await run(['--action-names', 's3:GetObject']);
  assert.equal(none.code, 2);
  assert.match(none.err, /--policy-source-arn/);
});
