// Access Analyzer's "Unsupported action in policy": an action of a resource policy that cannot act on the resource
// the policy is attached to (catalog/unsupported-action), from the catalogue's resource types and ARN formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../core/analysis/rules/support/edits';
import { expectRule, inFile, run, stmt } from './harness';

const RULE = 'catalog/unsupported-action';

/** A policy attached to `arn` (the harness's resource file names arn:aws:s3:::bucket). */
function attachedTo(arn: string, doc: string): string {
  return inFile(doc, 'resource').replace('"arn:aws:s3:::bucket"', JSON.stringify(arn));
}

const cases: [string, string][] = [
  ['a KMS action in a bucket policy, a bucket-less S3 action, and an access point action', inFile(stmt('"Sid": "Readers", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": ["s3:GetObject", "s3:ListBucket", ⟦"kms:Decrypt"⟧, ⟦"s3:ListAllMyBuckets"⟧, ⟦"s3:CreateAccessPoint"⟧], "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"]'), 'resource')],
  ['a pattern of another service in a key policy', attachedTo('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": ["kms:*", ⟦"s3:Get*"⟧], "Resource": "*"'))],
  ['an SQS action that creates queues, in a queue policy', attachedTo('arn:aws:sqs:us-east-1:123456789012:orders', stmt('"Effect": "Allow", "Principal": { "Service": "sns.amazonaws.com" }, "Action": ["sqs:SendMessage", ⟦"sqs:ListQueues"⟧], "Resource": "arn:aws:sqs:us-east-1:123456789012:orders", "Condition": { "ArnEquals": { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:events" } }'))],
  // AWS's default SNS topic policy (the console's), with its capitalised prefix.
  ['silent: the SNS default topic policy', attachedTo('arn:aws:sns:us-east-1:123456789012:events', stmt('"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"], "Resource": "arn:aws:sns:us-east-1:123456789012:events", "Condition": { "StringEquals": { "AWS:SourceOwner": "123456789012" } }'))],
  ['silent: "*", service wildcards, NotAction, unknown actions, a foreign Resource', inFile(`{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "Bool": { "aws:SecureTransport": "false" } } },
    { "Effect": "Deny", "Principal": "*", "Action": ["s3:*", "*:Get*"], "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"] },
    { "Effect": "Deny", "Principal": "*", "NotAction": "kms:Decrypt", "Resource": "arn:aws:s3:::bucket/*" },
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObjectt", "Resource": "arn:aws:s3:::bucket/*" },
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }`, 'resource')],
  ['silent in identity policies', inFile(stmt('"Effect": "Allow", "Action": ["kms:Decrypt", "s3:ListAllMyBuckets"], "Resource": "*"'))],
];

for (const [name, text] of cases) {
  test(`unsupported action: ${name}`, () => {
    expectRule(RULE, text);
  });
}

test('the findings name the service, or what the action acts on', () => {
  const fs = run(RULE, inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": ["s3:GetObject", "kms:Decrypt", "s3:ListAllMyBuckets", "s3:CreateAccessPoint"], "Resource": "*"'), 'resource'));
  assert.deepEqual(fs.map((f) => f.message), [
    'kms:Decrypt is an action of kms, not of s3: a policy attached to arn:aws:s3:::bucket can\'t grant it.',
    's3:ListAllMyBuckets acts on no resource: a policy attached to arn:aws:s3:::bucket can\'t grant it.',
    's3:CreateAccessPoint does not act on arn:aws:s3:::bucket nor on anything inside it: a policy attached to arn:aws:s3:::bucket can\'t grant it.',
  ]);
  assert.ok(fs.every((f) => f.severity === 'error'));
});

test('quick fix: the action is removed from the list, comments and layout kept', () => {
  const text = inFile(`{
    "Version": "2012-10-17",
    "Statement": [
      {
        "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
        // readers
        "Action": [
          "s3:GetObject",
          "kms:Decrypt"
        ],
        "Resource": "arn:aws:s3:::bucket/*"
      }
    ]
  }`, 'resource');
  const [f] = run(RULE, text);
  assert.equal(f.fixes?.[0]?.title, 'Remove "kms:Decrypt"');
  const fixed = applyEdits(text, f.fixes![0].edits);
  assert.equal(fixed, text.replace(',\n          "kms:Decrypt"', ''));
  assert.equal(run(RULE, fixed).length, 0);
});

test('no quick fix for the only action', () => {
  const [f] = run(RULE, inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:Decrypt", "Resource": "*"'), 'resource'));
  assert.equal(f.fixes?.length ?? 0, 0);
});
