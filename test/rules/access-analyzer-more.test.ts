// The Access Analyzer checks added after access-analyzer.test.ts (regions, KMS values, service principals,
// irrelevant keys, service-linked roles, resource policy sizes): one small account file per check, written as
// a new user would (docs/access-analyzer-checks.md maps every check to its rule).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../../core/data/catalog';
import { applyEdits } from '../../core/analysis/rules/support/edits';
import { REGION_KEYS } from '../../core/analysis/rules/catalog/unknown-region';
import { expectRule, inFile, marked, run, stmt } from './harness';

const cases: [string, string, string][] = [
  // [Access Analyzer check, rule, file text with ⟦expected spans⟧]
  ['Invalid ARN Region', 'catalog/unknown-region', inFile(stmt('"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": [⟦"arn:aws:ec2:us-east1:123456789012:instance/*"⟧, ⟦"arn:aws:ec2:cn-north-1:123456789012:instance/*"⟧, "arn:aws:ec2:eu-west-3:123456789012:instance/*", "arn:aws-cn:ec2:cn-north-1:123456789012:instance/*", "arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:${aws:RequestedRegion}:123456789012:instance/*", "arn:aws:s3:::bucket/*"]'))],
  ['Invalid ARN Region (NotResource)', 'catalog/unknown-region', inFile(stmt('"Effect": "Deny", "Action": "sqs:*", "NotResource": ⟦"arn:aws:sqs:eu-west-7:123456789012:orders"⟧'))],
  ['Invalid Region', 'catalog/unknown-region', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-central-1", ⟦"eu-centrl-1"⟧, ⟦"Frankfurt"⟧] } }'))],
  ['Invalid Region (silent: Like with wildcards, variables, real regions)', 'catalog/unknown-region', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotLike": { "aws:RequestedRegion": ["eu-*", "us-gov-*"] }, "StringEquals": { "ec2:Region": ["${aws:PrincipalTag/region}", "ap-southeast-4", "us-gov-west-1"] } }'))],
  ['Invalid Region (KMS keys)', 'catalog/unknown-region', inFile(stmt('"Effect": "Allow", "Action": "kms:ReplicateKey", "Resource": "*", "Condition": { "StringEquals": { "kms:ReplicaRegion": [⟦"us-west-3"⟧, "us-west-2"] } }'))],
];

for (const [check, rule, text] of cases) {
  test(`${check} → ${rule}: ${marked(text).spans.length ? 'fires' : 'stays silent'}`, () => {
    expectRule(rule, text);
  });
}

test('regions come from the AWS SDK partition data, per partition', () => {
  const c = getCatalog();
  assert.ok(c.regionsOf('aws')!.has('us-east-1'));
  assert.ok(c.regionsOf('aws-cn')!.has('cn-north-1'));
  assert.ok(!c.regionsOf('aws')!.has('cn-north-1'));
  assert.ok(!c.regionsOf('aws')!.has('aws-global'), 'the pseudo-region of global endpoints is not a region');
  assert.equal(c.partitionOfRegion('us-gov-west-1'), 'aws-us-gov');
  assert.match(c.regionSource.package, /@aws-sdk\//);
});

test('every condition key the region rule reads is a key of the catalogue', () => {
  for (const k of REGION_KEYS) assert.ok(getCatalog().conditionKey(k), k);
});

test('quick fix: a misspelt region is replaced by the one closest region; none when two are as close', () => {
  const text = inFile(stmt('"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "arn:aws:ec2:us-east1:123456789012:instance/*"'));
  const [f] = run('catalog/unknown-region', text);
  assert.equal(applyEdits(text, f.fixes![0].edits), text.replace('us-east1', 'us-east-1'));
  const other = inFile(stmt('"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "arn:aws:ec2:eu-west-7:123456789012:instance/*"'));
  const [g] = run('catalog/unknown-region', other);
  assert.equal(g.fixes?.length ?? 0, 0);
  assert.match(g.message, /eu-west-1/);
});
