import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAwsConfig } from '../../core/interop/import/aws-config';
import { buildWorkspace } from '../../core/model';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

const DIR = join(__dirname, '..', 'fixtures', 'interop', 'aws-config');
const sources = () => readdirSync(DIR).sort().map((n) => ({ name: `aws-config/${n}`, text: readFileSync(join(DIR, n), 'utf8') }));

function imported() {
  const r = importAwsConfig(sources());
  assert.deepEqual(r.errors, []);
  return { r, files: Object.fromEntries(r.accounts.map((a) => [a.accountId, JSON.parse(a.text!)])) };
}

test('a snapshot, select-resource-config Results and JSON lines become one account file per account', () => {
  const { r, files } = imported();
  assert.deepEqual(r.accounts.map((a) => a.accountId), ['111111111111', '222222222222', '333333333333']);
  assert.deepEqual(r.accounts.map((a) => a.summary), [
    { users: 1, groups: 1, roles: 2, policies: 2, resources: 3 },
    { users: 0, groups: 0, roles: 1, policies: 0, resources: 2 },
    { users: 1, groups: 0, roles: 0, policies: 0, resources: 1 },
  ]);
  const a = files['111111111111'];
  assert.deepEqual(a.account, { id: '111111111111', partition: 'aws', asOf: '2026-11-20' });
  // Config's permissionsBoundaryType "Policy" is read as the boundary it is; the boundary's path is kept.
  assert.equal(a.users.alice.permissionsBoundary, 'DevBoundary');
  assert.equal(a.policies.DevBoundary.path, '/boundaries/');
  assert.equal(a.roles.app.permissionsBoundary, 'DevBoundary');
  // URL-encoded documents decoded; the default version of a managed policy, not the first.
  assert.equal(a.roles.app.trustPolicy.Statement[0].Principal.Service, 'ec2.amazonaws.com');
  assert.deepEqual(a.policies.ReadData.document.Statement[0].Action, ['s3:GetObject', 's3:ListBucket']);
  assert.equal(a.policies.ReadData.versions, 2);
  assert.equal(a.roles.app.instanceProfile, 'app');
  assert.deepEqual(a.roles.app.tags, { team: 'platform' });
  assert.deepEqual(a.users.alice.groups, ['Developers']);
  assert.equal(a.users.alice.path, '/dev/');
  assert.deepEqual(a.groups.Developers.policies, ['ReadData']);
  assert.ok(a.groups.Developers.inlinePolicies.logs);
  // Resource policies from the supplementary configuration (S3, KMS) and the configuration (SNS).
  assert.deepEqual(Object.keys(a.resources), [
    'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:s3:::acme-data-111111111111',
    'arn:aws:sns:eu-west-1:111111111111:alerts',
  ]);
  assert.equal(a.resources['arn:aws:s3:::acme-data-111111111111'].policy.Statement[1].Sid, 'PartnerRead');
  assert.equal(a.resources['arn:aws:sns:eu-west-1:111111111111:alerts'].policy.Version, '2008-10-17');
  const b = files['222222222222'];
  assert.deepEqual(Object.keys(b.resources), ['arn:aws:lambda:eu-west-1:222222222222:function:resize', 'arn:aws:sqs:eu-west-1:222222222222:jobs']);
  assert.deepEqual(b.roles.ci.tags, { team: 'platform' });
  // Another type with a policy (an ECR repository), from JSON lines whose configuration is JSON text.
  const c = files['333333333333'];
  assert.deepEqual(Object.keys(c.resources), ['arn:aws:ecr:eu-west-1:333333333333:repository/app']);
  assert.deepEqual(c.users.bob.policies, ['arn:aws:iam::aws:policy/AdministratorAccess']);
});

test('what the items hold that the format cannot is listed, not dropped silently', () => {
  const { r } = imported();
  const all = [...r.notes, ...r.accounts.flatMap((a) => a.notes)].map((n) => `${n.subject}: ${n.message}`).join('\n');
  assert.match(all, /ResourceDeleted/);
  assert.match(all, /1 AWS::EC2::Instance item without a resource policy: not imported/);
  assert.match(all, /version v1 not imported; only the default version v2/);
  assert.match(all, /console access, MFA devices and access keys are not in Config items/);
  assert.match(all, /tags of resources other than IAM entities are not imported/);
});

test('the imported accounts model without errors, and simulating on them gives the answers AWS gives', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  cpSync(DIR, join(dir, 'config'), { recursive: true });
  let out = '';
  let err = '';
  const io: CliIO = { cwd: dir, out: (t) => (out += t), err: (t) => (err += t) };
  assert.equal(await main(['import', '--aws-config', 'config', '--out', 'accounts'], io), 0, err);
  assert.match(out, /wrote accounts\/111111111111\.iam\.json: 1 users, 1 groups, 2 roles, 2 customer managed policies, 3 resource policies/);
  assert.match(err, /111111111111: other resources: 1 AWS::EC2::Instance item/);
  assert.equal(await main(['import', '--aws-config', 'config', '--out', 'accounts'], io), 2, 'no overwrite without --force');
  const texts = readdirSync(join(dir, 'accounts')).map((n) => ({ uri: n, text: readFileSync(join(dir, 'accounts', n), 'utf8') }));
  const ws = buildWorkspace(texts);
  assert.deepEqual(ws.allFindings().filter((f) => f.severity === 'error').map((f) => `${f.uri} ${f.code} ${f.message}`), []);

  const ask = async (arn: string, action: string, resource: string, ...context: string[]) => {
    let json = '';
    const code = await main(['simulate-principal-policy', '--workspace', 'accounts', '--policy-source-arn', arn, '--action-names', action, '--resource-arns', resource, ...(context.length ? ['--context-entries', ...context] : [])], { cwd: dir, out: (t) => (json += t), err: (t) => (err += t) });
    assert.equal(code, 0, err);
    return JSON.parse(json).EvaluationResults[0].EvalDecision as string;
  };
  const tls = 'ContextKeyName=aws:SecureTransport,ContextKeyValues=true,ContextKeyType=boolean';
  const object = 'arn:aws:s3:::acme-data-111111111111/report.csv';
  // alice: ReadData via her group, inside her boundary; the bucket policy denies plain HTTP.
  assert.equal(await ask('arn:aws:iam::111111111111:user/dev/alice', 's3:GetObject', object, tls), 'allowed');
  assert.equal(await ask('arn:aws:iam::111111111111:user/dev/alice', 's3:GetObject', object, 'ContextKeyName=aws:SecureTransport,ContextKeyValues=false,ContextKeyType=boolean'), 'explicitDeny');
  // The boundary doesn't allow DeleteObject, whatever the identity policies say.
  assert.equal(await ask('arn:aws:iam::111111111111:user/dev/alice', 's3:DeleteObject', object, tls), 'implicitDeny');
  // Cross account: the partner account's role reads through the bucket policy's PartnerRead.
  assert.equal(await ask('arn:aws:iam::222222222222:role/ci', 's3:GetObject', object, tls), 'allowed');
  assert.equal(await ask('arn:aws:iam::222222222222:role/ci', 's3:PutObject', object, tls), 'implicitDeny');
  // The queue in 222222222222 lets the app role of 111111111111 send, but the role's own policies don't.
  assert.equal(await ask('arn:aws:iam::111111111111:role/app', 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:222222222222:jobs'), 'implicitDeny');
  assert.equal(await ask('arn:aws:iam::222222222222:role/ci', 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:222222222222:jobs'), 'allowed');
});

test('bad input is an error with a position, and nothing is written', async () => {
  const boundary = JSON.stringify({ configurationItems: [{ resourceType: 'AWS::IAM::User', awsAccountId: '111111111111', ARN: 'arn:aws:iam::111111111111:user/x', configuration: { userName: 'x', permissionsBoundary: { permissionsBoundaryType: 'Role', permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/B' } } }] }, null, 2);
  const r1 = importAwsConfig([{ name: 'b.json', text: boundary }]);
  assert.match(r1.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'), /^b\.json:3:5: the permissions boundary of user "x" has permissionsBoundaryType "Role"; Config writes "Policy"/);
  assert.deepEqual(r1.accounts, []);
  const r2 = importAwsConfig([{ name: 'x.json', text: '{ "UserDetailList": [] }' }]);
  assert.match(r2.errors[0].message, /not AWS Config output/);
  const q = '{ "Results": [ "{not json" ] }';
  const r3 = importAwsConfig([{ name: 'q.json', text: q }]);
  assert.match(r3.errors[0].message, /this result is not JSON/);
  assert.equal(r3.errors[0].column, q.indexOf('"{not') + 1);
  const lines = `{"resourceType":"AWS::IAM::User","awsAccountId":"111111111111","configuration":{"userName":"a"}}\n{"resourceType":"AWS::IAM::User","awsAccountId":"1111"}\n`;
  const r4 = importAwsConfig([{ name: 'l.jsonl', text: lines }]);
  assert.equal(r4.errors[0].line, 2);
  assert.match(r4.errors[0].message, /no 12-digit "awsAccountId"/);
  const r5 = importAwsConfig([{ name: 'k.json', text: JSON.stringify({ configurationItems: [{ resourceType: 'AWS::KMS::Key', awsAccountId: '111111111111', ARN: 'arn:aws:kms:eu-west-1:111111111111:key/k', configuration: {}, supplementaryConfiguration: { Policy: '{"not":"a policy"}' } }] }) }]);
  assert.match(r5.errors[0].message, /supplementaryConfiguration\.Policy of this AWS::KMS::Key item is not a policy document/);
});

test('the latest capture of a resource wins over older items of it', () => {
  const item = (time: string, action: string) => ({
    resourceType: 'AWS::IAM::Role', awsAccountId: '111111111111', ARN: 'arn:aws:iam::111111111111:role/r', configurationItemCaptureTime: time,
    configuration: { roleName: 'r', path: '/', assumeRolePolicyDocument: encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'), rolePolicyList: [{ policyName: 'p', policyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] })) }] },
  });
  const r = importAwsConfig([{ name: 'h.json', text: JSON.stringify({ configurationItems: [item('2026-11-02T00:00:00Z', 's3:PutObject'), item('2026-11-01T00:00:00Z', 's3:GetObject')] }) }]);
  const file = JSON.parse(r.accounts[0].text!);
  assert.equal(file.roles.r.inlinePolicies.p.Statement[0].Action, 's3:PutObject');
  assert.equal(file.account.asOf, '2026-11-02');
});

test('a large snapshot (read without positions first) gives the same files, and errors still point at their item', () => {
  const snap = JSON.parse(readFileSync(join(DIR, 'snapshot-111111111111.json'), 'utf8'));
  const ec2 = (n: number) => ({ resourceType: 'AWS::EC2::Instance', awsAccountId: '111111111111', ARN: `arn:aws:ec2:eu-west-1:111111111111:instance/i-${n}`, configurationItemCaptureTime: '2026-11-01T00:00:00Z', configuration: { instanceId: `i-${n}`, padding: 'x'.repeat(200) } });
  const big = { ...snap, configurationItems: [...snap.configurationItems, ...Array.from({ length: 400 }, (_, n) => ec2(n))] };
  const text = JSON.stringify(big, null, 2);
  assert.ok(text.length > 65536);
  const small = importAwsConfig([{ name: 's.json', text: JSON.stringify(snap, null, 2) }]);
  const large = importAwsConfig([{ name: 'b.json', text }]);
  assert.deepEqual(large.errors, []);
  assert.equal(large.accounts[0].text, small.accounts[0].text);
  assert.ok(large.accounts[0].notes.some((n) => /401 AWS::EC2::Instance items without a resource policy/.test(n.message)));
  big.configurationItems.push({ resourceType: 'AWS::IAM::Role', awsAccountId: 'nope' });
  const bad = JSON.stringify(big, null, 2);
  const r = importAwsConfig([{ name: 'b.json', text: bad }]);
  const line = bad.slice(0, bad.lastIndexOf('"resourceType": "AWS::IAM::Role"')).split('\n').length - 1;
  assert.deepEqual(r.errors.map((e) => [e.file, e.line, e.column]), [['b.json', line, 5]]);
  assert.match(r.errors[0].message, /this AWS::IAM::Role item has no 12-digit "awsAccountId"/);
});
