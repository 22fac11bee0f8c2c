import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arnFormatCheck, arnFormatFine } from '../../core/analysis/rules/support/arns';

// The fast path of docFacts: arnFormatFine may say "fine" only where arnFormatCheck finds nothing.
const VALUES = [
  'arn:aws:s3:::my-bucket/*',
  'arn:aws:iam::123456789012:role/x',
  'arn:aws:dynamodb:us-east-1:123456789012:table/t',
  'arn:aws:lambda:eu-west-1:123456789012:function:f:1',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:iam::12345678901:role/x',
  'arn:aws:iam::1234567890123:role/x',
  'arn:aws:iam::12345678901a:role/x',
  'arn:aws:iam::*:role/x',
  'arn:aws:iam::${aws:PrincipalAccount}:role/x',
  'arn:aws:s3:::',
  'arn:aws::::x',
  'arn:aws:s*:::x',
  'arn:aws:s?:::x',
  'arn:aws:s3::x',
  'arn:aws:s3',
  'arn:aws-cn:s3:::b',
  'arn:awz:s3:::b',
  'arn:aws:iam::123456789012:',
  'ARN:aws:s3:::b',
  'execute-api:/prod/GET/x',
  'arn:aws:ec2:us-east-1:123456789012:instance/*',
];

test('arnFormatFine says fine only for values arnFormatCheck passes, and for the common well-formed ones', () => {
  const fine = VALUES.filter(arnFormatFine);
  for (const v of fine) assert.equal(arnFormatCheck(v), undefined, v);
  assert.deepEqual(fine, [
    'arn:aws:s3:::my-bucket/*',
    'arn:aws:iam::123456789012:role/x',
    'arn:aws:dynamodb:us-east-1:123456789012:table/t',
    'arn:aws:lambda:eu-west-1:123456789012:function:f:1',
    'arn:aws:ec2:us-east-1:123456789012:instance/*',
  ]);
  // And the ones it leaves to arnFormatCheck include the malformed ones.
  for (const v of ['arn:aws:iam::12345678901:role/x', 'arn:aws:s3:::', 'arn:aws::::x', 'arn:aws:s*:::x', 'arn:aws:s3::x', 'arn:awz:s3:::b', 'ARN:aws:s3:::b']) {
    assert.notEqual(arnFormatCheck(v), undefined, v);
  }
});
