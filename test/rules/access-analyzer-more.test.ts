// The Access Analyzer checks added after access-analyzer.test.ts (regions, KMS values, service principals,
// irrelevant keys, service-linked roles, resource policy sizes): one small account file per check, written as
// a new user would (docs/access-analyzer-checks.md maps every check to its rule).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../../core/data/catalog';
import { applyEdits } from '../../core/analysis/rules/support/edits';
import { KMS_VALUE_KEYS } from '../../core/analysis/rules/grammar/kms-values';
import { REGION_KEYS } from '../../core/analysis/rules/catalog/unknown-region';
import { RECOMMENDED, UNSUPPORTED } from '../../core/analysis/rules/practice/service-principal-keys';
import { OWN_RESOURCE_KEYS } from '../../core/analysis/rules/practice/irrelevant-condition-key';
import { expectRule, inFile, marked, run, stmt } from './harness';

const cases: [string, string, string][] = [
  // [Access Analyzer check, rule, file text with ⟦expected spans⟧]
  ['Duplicate keys with different case', 'grammar/duplicate-key', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "aws:PrincipalTag/team": "a", ⟦"aws:principaltag/Team"⟧: "b" } }'))],
  ['Invalid ARN Region', 'catalog/unknown-region', inFile(stmt('"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": [⟦"arn:aws:ec2:us-east1:123456789012:instance/*"⟧, ⟦"arn:aws:ec2:cn-north-1:123456789012:instance/*"⟧, "arn:aws:ec2:eu-west-3:123456789012:instance/*", "arn:aws-cn:ec2:cn-north-1:123456789012:instance/*", "arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:${aws:RequestedRegion}:123456789012:instance/*", "arn:aws:s3:::bucket/*"]'))],
  ['Invalid ARN Region (NotResource)', 'catalog/unknown-region', inFile(stmt('"Effect": "Deny", "Action": "sqs:*", "NotResource": ⟦"arn:aws:sqs:eu-west-7:123456789012:orders"⟧'))],
  ['Invalid Region', 'catalog/unknown-region', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-central-1", ⟦"eu-centrl-1"⟧, ⟦"Frankfurt"⟧] } }'))],
  ['Invalid Region (silent: Like with wildcards, variables, real regions)', 'catalog/unknown-region', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotLike": { "aws:RequestedRegion": ["eu-*", "us-gov-*"] }, "StringEquals": { "ec2:Region": ["${aws:PrincipalTag/region}", "ap-southeast-4", "us-gov-west-1"] } }'))],
  ['Invalid Region (KMS keys)', 'catalog/unknown-region', inFile(stmt('"Effect": "Allow", "Action": "kms:ReplicateKey", "Resource": "*", "Condition": { "StringEquals": { "kms:ReplicaRegion": [⟦"us-west-3"⟧, "us-west-2"] } }'))],
  ['Create SLR with star in resource', 'practice/create-slr-wildcard', inFile(stmt('"Effect": "Allow", "Action": [⟦"iam:CreateServiceLinkedRole"⟧, "iam:GetRole"], "Resource": "*"'))],
  ['Create SLR with star in action and resource', 'practice/create-slr-wildcard', inFile(stmt('"Effect": "Allow", "Action": [⟦"iam:Create*"⟧, "s3:GetObject"], "Resource": "arn:aws:iam::123456789012:role/*"'))],
  ['Create SLR with star in resource and NotAction', 'practice/create-slr-wildcard', inFile(stmt('"Effect": "Allow", "NotAction": ⟦["iam:CreateUser", "iam:DeleteUser"]⟧, "Resource": "*"'))],
  ['Create SLR with NotResource', 'practice/create-slr-wildcard', inFile(stmt('"Effect": "Allow", "Action": ⟦"iam:CreateServiceLinkedRole"⟧, "NotResource": "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/*"'))],
  ['Create SLR with star in action and NotResource', 'practice/create-slr-wildcard', inFile(stmt('"Effect": "Allow", "Action": ⟦"*"⟧, "NotResource": "arn:aws:s3:::secrets/*"'))],
  ['Create SLR with NotAction and NotResource', 'practice/create-slr-wildcard', inFile(stmt('"Effect": "Allow", "NotAction": ⟦"s3:*"⟧, "NotResource": "arn:aws:s3:::secrets/*"'))],
  ['Create SLR (silent: named service, named roles, Deny, NotAction that lists it, NotResource of every role)', 'practice/create-slr-wildcard', inFile(`{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": { "StringEquals": { "iam:AWSServiceName": "elasticbeanstalk.amazonaws.com" } } },
    { "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/*" },
    { "Effect": "Deny", "Action": "iam:CreateServiceLinkedRole", "Resource": "*" },
    { "Effect": "Allow", "NotAction": ["iam:CreateServiceLinkedRole", "iam:PassRole"], "Resource": "*" },
    { "Effect": "Allow", "Action": "iam:*", "NotResource": "arn:aws:iam::*:role/*" } ] }`)],
  ['Unsupported condition key for service principal', 'practice/service-principal-keys', inFile(stmt('"Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/AWSLogs/*", "Condition": { "StringEquals": { ⟦"aws:PrincipalOrgID"⟧: "o-a1b2c3d4e5", ⟦"aws:PrincipalTag/team"⟧: "audit" }, "ArnLike": { ⟦"aws:PrincipalArn"⟧: "arn:aws:iam::123456789012:role/*" } }'), 'resource')],
  ['Unsupported condition key for service principal (a Deny on the negation)', 'practice/service-principal-keys', inFile(stmt('"Effect": "Deny", "Principal": { "Service": ["sns.amazonaws.com", "events.amazonaws.com"] }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "StringNotEquals": { ⟦"aws:PrincipalOrgPaths"⟧: "o-a1b2c3d4e5/r-ab12/" } }'), 'resource')],
  ['Recommended condition key for service principal', 'practice/service-principal-keys', inFile(stmt('"Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { ⟦"aws:PrincipalAccount"⟧: "123456789012" } }'), 'trust')],
  ['Service principal keys (silent: other principals too, IfExists, Null, source keys, identity policy)', 'practice/service-principal-keys', inFile(`{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com", "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
    { "Effect": "Deny", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, "Null": { "aws:PrincipalTag/team": "true" } } },
    { "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "StringEquals": { "aws:SourceOrgID": "o-a1b2c3d4e5", "aws:SourceAccount": "123456789012" } } } ] }`, 'resource')],
  ['Service principal keys (silent in an identity policy)', 'practice/service-principal-keys', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }'))],
  ['Irrelevant condition key in policy', 'practice/irrelevant-condition-key', inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "StringEquals": { ⟦"s3:ResourceAccount"⟧: "123456789012", "aws:PrincipalAccount": "111122223333" } }'), 'resource')],
  ['Irrelevant condition key in policy (trust policy)', 'practice/irrelevant-condition-key', inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { ⟦"aws:ResourceOrgID"⟧: "o-a1b2c3d4e5" } }'), 'trust')],
  ['Irrelevant condition key (silent in an identity policy)', 'practice/irrelevant-condition-key', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "aws:ResourceAccount": "123456789012", "s3:ResourceAccount": "123456789012" } }'))],
  ['Invalid KMS key value (kms:ViaService, kms:CallerAccount)', 'grammar/kms-values', inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "*" }, "Action": ["kms:Decrypt", "kms:CreateGrant"], "Resource": "*", "Condition": { "StringEquals": { "kms:ViaService": ["ec2.us-west-2.amazonaws.com", ⟦"ec2.amazonaws.com"⟧, ⟦"rds.eu-west-9.amazonaws.com"⟧, "s3.cn-north-1.amazonaws.com.cn"], "kms:CallerAccount": [⟦"1234-5678-9012"⟧, "111122223333"] } }').replace('"arn:aws:s3:::bucket"', '"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"'), 'resource')],
  ['Invalid KMS key value (aliases)', 'grammar/kms-values', inFile(stmt('"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "StringEquals": { "kms:RequestAlias": [⟦"app-key"⟧, "alias/app-key"] }, "ForAnyValue:StringEquals": { "kms:ResourceAliases": ⟦"prod"⟧ } }'))],
  ['Invalid KMS key value (key ARNs)', 'grammar/kms-values', inFile(stmt('"Effect": "Allow", "Action": "kms:Decrypt", "Resource": [⟦"arn:aws:kms:us-east-1:123456789012:key/alias/app-key"⟧, ⟦"arn:aws:kms:us-east-1:123456789012:key/app-key"⟧, "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:*:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", "arn:aws:kms:us-east-1:123456789012:alias/app-key", "arn:aws:kms:us-east-1:123456789012:key/*"]'))],
  ['Invalid KMS key value (silent: Like with wildcards, variables)', 'grammar/kms-values', inFile(stmt('"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "StringLike": { "kms:ViaService": "*.us-east-1.amazonaws.com", "kms:RequestAlias": "alias/app-*" }, "StringEquals": { "kms:CallerAccount": "${aws:PrincipalAccount}" } }'))],
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

test('every condition key the service-principal and irrelevant-key rules name is a key of the catalogue', () => {
  const names = [...UNSUPPORTED.keys(), ...[...UNSUPPORTED.values()].flatMap((u) => (u.instead ? [u.instead] : [])), ...RECOMMENDED.keys(), ...RECOMMENDED.values(), ...OWN_RESOURCE_KEYS.keys()];
  for (const k of names) assert.ok(getCatalog().conditionKey(k === 'aws:principaltag' ? 'aws:PrincipalTag/team' : k), k);
});

test('quick fix: aws:PrincipalOrgID becomes aws:SourceOrgID for a service principal; aws:PrincipalArn gets no fix', () => {
  const text = inFile(stmt('"Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, "ArnLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/x" } }'), 'resource');
  const [org, arn] = run('practice/service-principal-keys', text).sort((a, b) => a.span.start - b.span.start);
  const fixed = applyEdits(text, org.fixes![0].edits);
  assert.equal(fixed, text.replace('"aws:PrincipalOrgID"', '"aws:SourceOrgID"'));
  assert.equal(arn.fixes?.length ?? 0, 0);
  assert.match(arn.message, /aws:SourceArn/);
  assert.equal(run('practice/service-principal-keys', fixed).length, 1);
});

test('quick fix: alias/ is added to an alias name', () => {
  const text = inFile(stmt('"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "StringEquals": { "kms:RequestAlias": "app-key" } }'));
  const [f] = run('grammar/kms-values', text);
  const fixed = applyEdits(text, f.fixes![0].edits);
  assert.equal(fixed, text.replace('"app-key"', '"alias/app-key"'));
  assert.equal(run('grammar/kms-values', fixed).length, 0);
});

test('every KMS key the value rule reads is a key of the catalogue', () => {
  for (const k of KMS_VALUE_KEYS) assert.ok(getCatalog().conditionKey(k), k);
});

/** A resource policy of `n` statements, each granting one principal of its own account a read. */
function bigPolicy(n: number, action = 's3:GetObject', resource = 'arn:aws:s3:::bucket/*'): string {
  const sts = Array.from({ length: n }, (_, i) => `{ "Sid": "Reader${i}", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::${String(100000000000 + i)}:role/reader-${i}" }, "Action": "${action}", "Resource": "${resource}" }`);
  return `{ "Version": "2012-10-17", "Statement": [\n      ${sts.join(',\n      ')}\n    ] }`;
}
const resourceFile = (arn: string, doc: string) => `{\n  "account": { "id": "123456789012" },\n  "resources": { ⟦"${arn}"⟧: { "policy": ${doc} } }\n}\n`;
const unmarked = (t: string) => t.replace(/[⟦⟧]/g, '');

test('Policy size exceeds resource policy quota: an S3 bucket policy over 20 KB', () => {
  // Each statement is ~148 bytes compact: 150 of them pass 20 KB, 125 do not.
  expectRule('quota/resource-policy-size', resourceFile('arn:aws:s3:::bucket', bigPolicy(150)));
  expectRule('quota/resource-policy-size', unmarked(resourceFile('arn:aws:s3:::bucket', bigPolicy(125))));
  const [f] = run('quota/resource-policy-size', unmarked(resourceFile('arn:aws:s3:::bucket', bigPolicy(150))));
  assert.match(f.message, /20,480 bytes/);
});

test('Policy size exceeds resource policy quota: the same size fits a KMS key policy (32 KB), not an SQS queue policy (8,192 bytes, 20 statements)', () => {
  expectRule('quota/resource-policy-size', unmarked(resourceFile('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', bigPolicy(150, 'kms:Decrypt', '*'))));
  const sqs = resourceFile('arn:aws:sqs:us-east-1:123456789012:orders', bigPolicy(150, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:orders'));
  const findings = run('quota/resource-policy-size', unmarked(sqs));
  assert.equal(findings.length, 2, findings.map((f) => f.message).join('\n'));
  assert.match(findings.map((f) => f.message).join('\n'), /8,192 bytes[\s\S]*150 statements \(at most 20\), 150 principals \(at most 50\)/);
  const small = resourceFile('arn:aws:sqs:us-east-1:123456789012:orders', stmt('"Effect": "Allow", "Principal": { "Service": "sns.amazonaws.com" }, "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue", "sqs:SetQueueAttributes"], "Resource": "arn:aws:sqs:us-east-1:123456789012:orders"'));
  const [f] = expectRule('quota/resource-policy-size', small);
  assert.match(f.message, /a statement with 8 actions \(at most 7\)/);
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
