import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, pol, stmt } from './helpers';

test('Action: case-insensitive, * and ? wildcards, NotAction', () => {
  const p = stmt({ Effect: 'Allow', Action: ['S3:get*', 'ec2:Describe?nstances'], Resource: '*' });
  assert.equal(decide({ identity: [p] }, 's3:GetObject'), 'allowed');
  assert.equal(decide({ identity: [p] }, 'S3:GETOBJECT'), 'allowed');
  assert.equal(decide({ identity: [p] }, 'ec2:DescribeInstances'), 'allowed');
  assert.equal(decide({ identity: [p] }, 'ec2:DescribeXXnstances'), 'implicitDeny');
  assert.equal(decide({ identity: [p] }, 's3:PutObject'), 'implicitDeny');
  const na = stmt({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
  assert.equal(decide({ identity: [na] }, 's3:PutObject'), 'allowed');
  assert.equal(decide({ identity: [na] }, 'iam:CreateUser'), 'implicitDeny');
});

test('Resource: ARN matched segment by segment; wildcards do not cross colons before the resource part', () => {
  const p = stmt({ Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::bucket/*', 'arn:aws:ec2:*:111111111111:instance/*'] });
  const set = { identity: [p] };
  assert.equal(decide(set, 's3:GetObject', 'arn:aws:s3:::bucket/a/b:c.txt'), 'allowed');
  assert.equal(decide(set, 's3:GetObject', 'arn:aws:s3:::bucket'), 'implicitDeny');
  assert.equal(decide(set, 's3:GetObject', 'arn:aws:s3:::other/x'), 'implicitDeny');
  assert.equal(decide(set, 'ec2:StartInstances', 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1'), 'allowed');
  assert.equal(decide(set, 'ec2:StartInstances', 'arn:aws:ec2:eu-west-1:222222222222:instance/i-1'), 'implicitDeny');
  // "*" in the region segment must not swallow the account segment.
  const q = stmt({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:ec2:*:instance/*' });
  assert.equal(decide({ identity: [q] }, 'ec2:StartInstances', 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1'), 'implicitDeny');
  // Resources are case-sensitive.
  assert.equal(decide(set, 's3:GetObject', 'arn:aws:s3:::BUCKET/x'), 'implicitDeny');
});

test('NotResource and the default resource "*"', () => {
  const p = stmt({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' });
  assert.equal(decide({ identity: [p] }, 's3:GetObject', 'arn:aws:s3:::public/x'), 'allowed');
  assert.equal(decide({ identity: [p] }, 's3:GetObject', 'arn:aws:s3:::secret/x'), 'implicitDeny');
  const specific = stmt({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' });
  assert.equal(decide({ identity: [specific] }, 's3:GetObject', '*'), 'implicitDeny');
});

test('explicit Deny beats any Allow', () => {
  const allow = stmt({ Effect: 'Allow', Action: '*', Resource: '*' });
  const deny = stmt({ Effect: 'Deny', Action: 's3:Delete*', Resource: '*' });
  assert.equal(decide({ identity: [allow, deny] }, 's3:DeleteObject'), 'explicitDeny');
  assert.equal(decide({ identity: [allow, deny] }, 's3:GetObject'), 'allowed');
  assert.equal(decide({ identity: [] }, 's3:GetObject'), 'implicitDeny');
});

test('policy variables in Resource, defaults, ${*}, and no substitution under Version 2008-10-17', () => {
  const p = pol({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' }],
  });
  assert.equal(decide({ identity: [p] }, 's3:GetObject', 'arn:aws:s3:::home/alice/f'), 'allowed');
  assert.equal(decide({ identity: [p] }, 's3:GetObject', 'arn:aws:s3:::home/bob/f'), 'implicitDeny');
  const def = pol({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: "arn:aws:s3:::t/${aws:PrincipalTag/team, 'none'}/*" }],
  });
  assert.equal(decide({ identity: [def] }, 's3:GetObject', 'arn:aws:s3:::t/none/x'), 'allowed');
  const star = pol({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${*}' }] });
  assert.equal(decide({ identity: [star] }, 's3:GetObject', 'arn:aws:s3:::b/*'), 'allowed');
  assert.equal(decide({ identity: [star] }, 's3:GetObject', 'arn:aws:s3:::b/x'), 'implicitDeny');
  const old = pol({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' }] });
  assert.equal(decide({ identity: [old] }, 's3:GetObject', 'arn:aws:s3:::home/alice/f'), 'implicitDeny');
  assert.equal(decide({ identity: [old] }, 's3:GetObject', 'arn:aws:s3:::home/${aws:username}/f'), 'allowed');
  // A variable with no value and no default never matches.
  const missing = pol({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::t/${aws:PrincipalTag/x}/*' }] });
  assert.equal(decide({ identity: [missing] }, 's3:GetObject', 'arn:aws:s3:::t//x'), 'implicitDeny');
});

test('partitions and S3 object keys', () => {
  const cn = stmt({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws-cn:s3:::b/*' });
  assert.equal(decide({ identity: [cn] }, 's3:GetObject', 'arn:aws:s3:::b/x'), 'implicitDeny');
  assert.equal(decide({ identity: [cn] }, 's3:GetObject', 'arn:aws-cn:s3:::b/x'), 'allowed');
  const anyPartition = stmt({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:*:s3:::b/logs/??/*.gz' });
  assert.equal(decide({ identity: [anyPartition] }, 's3:GetObject', 'arn:aws-us-gov:s3:::b/logs/07/a:b c.gz'), 'allowed');
  assert.equal(decide({ identity: [anyPartition] }, 's3:GetObject', 'arn:aws:s3:::b/logs/7/a.gz'), 'implicitDeny');
  // A bucket pattern does not cover its objects, nor an object pattern the bucket.
  const bucket = stmt({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b' });
  assert.equal(decide({ identity: [bucket] }, 's3:GetObject', 'arn:aws:s3:::b/x'), 'implicitDeny');
  const objects = stmt({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' });
  assert.equal(decide({ identity: [objects] }, 's3:ListBucket', 'arn:aws:s3:::b'), 'implicitDeny');
});

test('Principal forms: account id, :root, user, role, session, service, federated, canonical user', () => {
  const BUCKET = 'arn:aws:s3:::b/k';
  const rp = (principal: object | string) => stmt({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: '*' }, 'resource');
  const same = { resourceAccount: '111111111111' };
  const session = 'arn:aws:sts::111111111111:assumed-role/app/s1';
  const cases: [object | string, string, string][] = [
    ['*', 'anonymous', 'allowed'],
    [{ AWS: '*' }, 'anonymous', 'allowed'],
    [{ AWS: '111111111111' }, 'arn:aws:iam::111111111111:root', 'allowed'],
    [{ AWS: 'arn:aws:iam::111111111111:user/alice' }, 'arn:aws:iam::111111111111:user/alice', 'allowed'],
    [{ AWS: 'arn:aws:iam::111111111111:user/alice' }, 'arn:aws:iam::111111111111:user/bob', 'implicitDeny'],
    [{ AWS: 'arn:aws:iam::111111111111:role/app' }, session, 'allowed'],
    [{ AWS: 'arn:aws:iam::111111111111:role/other' }, session, 'implicitDeny'],
    [{ AWS: session }, session, 'allowed'],
    [{ AWS: 'arn:aws:sts::111111111111:assumed-role/app/s2' }, session, 'implicitDeny'],
    [{ AWS: 'arn:aws:sts::111111111111:federated-user/carol' }, 'arn:aws:sts::111111111111:federated-user/carol', 'allowed'],
    [{ Service: 'cloudtrail.amazonaws.com' }, 'cloudtrail.amazonaws.com', 'allowed'],
    [{ Service: ['cloudtrail.amazonaws.com'] }, 'config.amazonaws.com', 'implicitDeny'],
    [{ Federated: 'cognito-identity.amazonaws.com' }, 'cognito-identity.amazonaws.com', 'allowed'],
    [{ CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', 'allowed'],
    // Anonymous callers are not in an account: naming an account does not name them.
    [{ AWS: '111111111111' }, 'anonymous', 'implicitDeny'],
  ];
  for (const [principal, caller, expected] of cases) {
    assert.equal(decide({ resource: rp(principal) }, 's3:GetObject', BUCKET, { ...same, principal: caller }), expected, `${JSON.stringify(principal)} / ${caller}`);
  }
});
