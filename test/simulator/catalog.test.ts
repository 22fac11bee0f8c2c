import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionCompletions, contextKeyCompletions, contextKeyInfo, expandActions, inputKind, resourceSkeletons } from '../../core/analysis/simulate/catalog';
import { simulatorComplete } from '../../core/analysis/simulate/service';
import { exampleWorkspace } from '../scenarios/helpers';

test('action completion: prefix, service and access-level filters, name-only text', () => {
  const s3 = actionCompletions({ text: 's3:GetObj' });
  assert.ok(s3.length > 3 && s3.every((a) => a.id.startsWith('s3:GetObj')));
  assert.equal(s3[0].id, 's3:GetObject');
  assert.equal(s3[0].accessLevel, 'Read');
  const pm = actionCompletions({ service: 'iam', accessLevel: 'Permissions management', limit: 500 });
  assert.ok(pm.length > 20 && pm.every((a) => a.id.startsWith('iam:') && a.accessLevel.includes('Permissions management')));
  assert.ok(pm.some((a) => a.id === 'iam:AttachUserPolicy'));
  assert.ok(!pm.some((a) => a.id === 'iam:ListUsers'));
  const byName = actionCompletions({ text: 'AssumeRoleWithSAML' });
  assert.deepEqual(byName.map((a) => a.id), ['sts:AssumeRoleWithSAML']);
  assert.equal(actionCompletions({ text: '', limit: 7 }).length, 7);
});

test('wildcard expansion follows IAM matching and reports what matches nothing', () => {
  const e = expandActions(['s3:Get*Tagging', 'S3:GETOBJECTTAGGING', 'nope:*', 'iam:CreateUser']);
  assert.ok(e.actions.includes('s3:GetObjectTagging') && e.actions.includes('s3:GetBucketTagging'));
  assert.equal(e.actions.filter((a) => a === 's3:GetObjectTagging').length, 1, 'case-insensitive duplicates collapse');
  assert.equal(e.actions[e.actions.length - 1], 'iam:CreateUser');
  assert.match(e.problems.join('\n'), /"nope:\*" matches no action/);
  const cut = expandActions(['ec2:*'], 10);
  assert.equal(cut.actions.length, 10);
  assert.equal(cut.truncated, true);
});

test('ARN skeletons for the chosen actions, with partition and account filled in', () => {
  const sk = resourceSkeletons(['s3:GetObject', 'iam:CreateUser', 's3:ListAllMyBuckets'], { account: '123456789012' });
  assert.ok(sk.some((r) => r.action === 's3:GetObject' && r.arn === 'arn:aws:s3:::${BucketName}/${ObjectName}'));
  assert.ok(sk.some((r) => r.action === 'iam:CreateUser' && r.arn === 'arn:aws:iam::123456789012:user/${UserNameWithPath}'));
  assert.ok(sk.some((r) => r.action === 's3:ListAllMyBuckets' && r.arn === '*'));
  assert.deepEqual(resourceSkeletons(['no:such']), []);
});

test('context keys: types drive the inputs; the actions\' keys come first, then the global ones', () => {
  assert.deepEqual(inputKind('IPAddress'), { input: 'ip', multi: false });
  assert.deepEqual(inputKind('ArrayOfString'), { input: 'string', multi: true });
  assert.deepEqual(inputKind('Date'), { input: 'date', multi: false });
  assert.equal(contextKeyInfo('aws:SourceIp').input, 'ip');
  assert.equal(contextKeyInfo('aws:MultiFactorAuthPresent').input, 'bool');
  assert.equal(contextKeyInfo('aws:TagKeys').multi, true);
  assert.equal(contextKeyInfo('aws:PrincipalTag/team').type, 'String');
  assert.equal(contextKeyInfo('made:up').input, 'string');
  const keys = contextKeyCompletions(['s3:PutObject']);
  assert.ok(keys[0].key.startsWith('s3:'), keys[0].key);
  assert.ok(keys.some((k) => k.key === 'aws:SecureTransport' && k.global && k.input === 'bool'));
  const filtered = contextKeyCompletions(['iam:PassRole'], 'passed');
  assert.deepEqual(filtered.map((k) => k.key), ['iam:PassedToService']);
});

test('simulatorComplete answers each kind and ignores junk', () => {
  assert.ok(simulatorComplete({ kind: 'actions', text: 'sts:Assume' }).actions!.length >= 3);
  assert.ok(simulatorComplete({ kind: 'resources', actions: ['sqs:SendMessage'] }).resources!.length >= 1);
  assert.ok(simulatorComplete({ kind: 'contextKeys', actions: 'x' }).contextKeys!.length > 10);
  assert.deepEqual(simulatorComplete({ kind: 'what' }), {});
  const ws = exampleWorkspace();
  const filled = simulatorComplete({ kind: 'filledContext', question: { principal: 'frank', chain: [{ role: 'security-audit', context: { 'sts:ExternalId': 'acme-audit-7f3c2a' } }] } }, ws).filledContext!;
  assert.deepEqual(filled.find((k) => k.key === 'aws:PrincipalArn')?.values, ['arn:aws:iam::123456789012:role/security-audit']);
  assert.ok(filled.every((k) => k.source === 'aws'));
  assert.deepEqual(simulatorComplete({ kind: 'filledContext', question: { principal: 'frank' } }), {}, 'no workspace, no caller');
  assert.deepEqual(simulatorComplete(null), {});
});
