import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectivePermissions, effectivePermissionsOf, principalDocuments, type SourcedDocument } from '../../core/analysis/effective';
import { AnalysisHost } from '../../core/ide/host';
import { parsePolicyText } from '../../core/policy/parse';

const doc = (origin: string, statements: object[]): SourcedDocument => ({
  origin,
  doc: parsePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: statements }), `test:${origin}`, 'identity'),
});
const level = (p: ReturnType<typeof effectivePermissionsOf>, service: string, l: string) =>
  p.services.find((s) => s.service === service)?.levels.find((x) => x.level === l);

test('actions expand per service and access level, with resources and origins', () => {
  const p = effectivePermissionsOf('arn:x', 'user', {
    identity: [doc('A', [{ Effect: 'Allow', Action: ['s3:Get*', 'sqs:SendMessage'], Resource: 'arn:aws:s3:::b/*' }])],
    scpLevels: [],
  });
  const read = level(p, 's3', 'Read')!;
  assert.ok(read.actions.includes('GetObject'));
  assert.deepEqual(read.resources, ['arn:aws:s3:::b/*']);
  assert.deepEqual(read.origins, ['A']);
  assert.deepEqual(level(p, 'sqs', 'Write')!.actions, ['SendMessage']);
  assert.equal(p.fullAccess, false);
});

test('an unconditional Deny on * removes; a conditional or narrower one only limits', () => {
  const p = effectivePermissionsOf('arn:x', 'user', {
    identity: [
      doc('Admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
      doc('NoIam', [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]),
      doc('MfaS3', [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }]),
      doc('NoBucket', [{ Effect: 'Deny', Action: 'sqs:*', Resource: 'arn:aws:sqs:*:*:secret' }]),
    ],
    scpLevels: [],
  });
  assert.equal(p.services.find((s) => s.service === 'iam'), undefined, 'iam removed');
  const removed = p.removed.find((r) => r.service === 'iam')!;
  assert.ok(removed.count > 100);
  assert.deepEqual(removed.reasons, ['denied by NoIam']);
  assert.match(level(p, 's3', 'Read')!.limits.join(), /MfaS3 denies under conditions/);
  assert.match(level(p, 'sqs', 'Write')!.limits.join(), /NoBucket denies on arn:aws:sqs/);
  assert.equal(p.fullAccess, false);
});

test('the boundary and each SCP level must allow too', () => {
  const p = effectivePermissionsOf('arn:x', 'role', {
    identity: [doc('Wide', [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'sqs:*'], Resource: '*' }])],
    boundary: doc('permissions boundary B', [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' }]),
    scpLevels: [[doc('FullAWSAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }])], [doc('S3AndSqs', [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: '*' }])]],
  });
  assert.deepEqual(p.services.map((s) => s.service), ['s3']);
  // sqs: only the boundary refuses it; ec2: only the second SCP level does.
  assert.match(p.removed.find((r) => r.service === 'sqs')!.reasons[0], /outside the permissions boundary B/);
  assert.match(p.removed.find((r) => r.service === 'ec2')!.reasons[0], /SCPs at level 2/);
});

test('an action the evaluator allows whatever the policies say (sts:GetCallerIdentity) gets its own answer', () => {
  for (const order of [['sts:GetCallerIdentity', 'sts:GetSessionToken'], ['sts:GetSessionToken', 'sts:GetCallerIdentity']]) {
    const p = effectivePermissionsOf('arn:x', 'user', {
      identity: [doc('Sts', [{ Effect: 'Allow', Action: order, Resource: '*' }])],
      boundary: doc('permissions boundary S3Only', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]),
      scpLevels: [],
    });
    const kept = p.services.flatMap((s) => s.levels.flatMap((l) => l.actions.map((a) => `${s.service}:${a}`)));
    assert.deepEqual(kept, ['sts:GetCallerIdentity'], `order ${order.join(', ')}`);
    assert.deepEqual(p.removed.find((r) => r.service === 'sts')!.examples, ['GetSessionToken']);
  }
});

test('the evaluator decides: an answer that hangs on request context stays, marked with its keys', () => {
  const p = effectivePermissionsOf('arn:aws:iam::123456789012:user/alice', 'user', {
    identity: [
      doc('Admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
      doc('RequireMFA', [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }]),
    ],
    scpLevels: [],
  });
  const iam = level(p, 'iam', 'Write')!;
  assert.ok(iam.actions.includes('CreateUser'), 'kept: with MFA the request is allowed');
  assert.ok(iam.limits.includes('depends on aws:MultiFactorAuthPresent'), iam.limits.join());
  assert.equal(p.fullAccess, false);
  // A condition read only by an Allow the boundary overrides decides nothing: the action goes.
  const q = effectivePermissionsOf('arn:aws:iam::123456789012:user/bob', 'user', {
    identity: [doc('Tagged', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } }])],
    boundary: doc('permissions boundary NoS3', [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }]),
    scpLevels: [],
  });
  assert.equal(q.services.length, 0);
  assert.deepEqual(q.removed.map((r) => r.service), ['s3']);
});

test('NotAction allows everything else; conditions mark grants conditional; admin is full access', () => {
  const p = effectivePermissionsOf('arn:x', 'user', {
    identity: [doc('NA', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }])],
    scpLevels: [],
  });
  assert.equal(p.services.find((s) => s.service === 'iam'), undefined);
  assert.ok(level(p, 's3', 'Read')!.conditional);
  const admin = effectivePermissionsOf('arn:x', 'user', { identity: [doc('Admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }])], scpLevels: [] });
  assert.equal(admin.fullAccess, true);
  assert.ok(level(admin, 'iam', 'Permissions management')!.actions.includes('AttachUserPolicy'));
  const typo = effectivePermissionsOf('arn:x', 'user', { identity: [doc('Admin', [{ Effect: 'Allow', Action: ['*', 'iam:Nope'], Resource: '*' }])], scpLevels: [] });
  assert.deepEqual(typo.unknownActions, ['iam:Nope']);
  const limited = effectivePermissionsOf('arn:x', 'user', {
    identity: [doc('Admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }])],
    scpLevels: [[doc('OnlyS3', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])]],
  });
  assert.equal(limited.fullAccess, false, 'an SCP level that allows less is no fast path');
  // sts:GetCallerIdentity needs no permission, so no SCP takes it away (STS API Reference, "GetCallerIdentity").
  assert.deepEqual(limited.services.map((s) => s.service), ['s3', 'sts']);
  assert.deepEqual(limited.services[1].levels.flatMap((l) => l.actions), ['GetCallerIdentity']);
});

test('unknown actions in the user\'s own policies are listed', () => {
  const p = effectivePermissionsOf('arn:x', 'user', { identity: [doc('T', [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }])], scpLevels: [] });
  assert.deepEqual(p.unknownActions, ['s3:GetObjekt']);
  assert.equal(p.services.length, 0);
});

test('cached results follow the caller: a role with the same policy as a group gets its own answer', () => {
  // Asked as the role, the queue of its own account is not cross-account and the condition on the
  // principal's account holds; the group's stand-in caller gets other answers. Hovering the group
  // first must not hand its result to the role.
  const text = JSON.stringify({
    account: { id: '111111111111' },
    policies: {
      Send: {
        document: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } },
            { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:111111111111:q' },
          ],
        },
      },
    },
    groups: { G: { policies: ['Send'] } },
    roles: {
      R: {
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        policies: ['Send'],
      },
    },
  });
  const host = new AnalysisHost();
  host.setFile('file:///cache.iam.json', text, 1);
  const ws = host.snapshot().workspace;
  const file = ws.file('file:///cache.iam.json')!;
  const group = file.groups.get('G')!;
  const role = file.roles.get('R')!;
  effectivePermissions(ws, group);
  const fresh = effectivePermissionsOf(role.arn, 'role', principalDocuments(ws, role));
  assert.deepEqual(effectivePermissions(ws, role), fresh);
  assert.deepEqual(fresh.removed, []);
});
