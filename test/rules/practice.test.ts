import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectRule, inFile, marked, run, stmt } from './harness';

const ADMIN = '"arn:aws:iam::aws:policy/AdministratorAccess"';
const READ = '"arn:aws:iam::aws:policy/ReadOnlyAccess"';
const acct = (extra = '') => `"account": { "id": "123456789012", "asOf": "2026-11-23"${extra} }`;
const mfa = '"mfa": [{ "serial": "arn:aws:iam::123456789012:mfa/x" }]';
const doc = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }';
const GOOD_PP = '"passwordPolicy": { "minimumLength": 14, "requireUppercase": true, "requireLowercase": true, "requireNumbers": true, "requireSymbols": true, "maxAgeDays": 90, "reusePrevention": 24 }';

const cases: [string, string][] = [
  ['practice/policy-on-user', `{ ${acct()}, "users": { "a": { "policies": ⟦[${READ}]⟧, "inlinePolicies": ⟦{ "x": ${doc} }⟧ }, "b": { "groups": [] } } }`],
  ['practice/console-without-mfa', `{ ${acct()}, "groups": { "R": { "policies": [${READ}] } }, "users": { "a": { "groups": ["R"], "console": ⟦{ "enabled": true }⟧ }, "b": { "groups": ["R"], "console": { "enabled": true }, ${mfa} }, "c": { "groups": ["R"], "console": { "enabled": false } } } }`],
  ['practice/admin-without-mfa', `{ ${acct()}, "groups": { "Admins": { "policies": [${ADMIN}] } }, "users": { "a": { "groups": ["Admins"], "console": ⟦{ "enabled": true }⟧ }, "b": { "groups": ["Admins"], "console": true, ${mfa} } } }`],
  ['practice/too-many-admins', `{ ${acct()}, "groups": { "Admins": { "policies": [${ADMIN}] } }, "users": { "a": { "groups": ["Admins"] }, "b": { "groups": ["Admins"] }, "c": { "groups": ["Admins"] }, ⟦"d"⟧: { "groups": ["Admins"] } } }`],
  ['practice/admins-spread', `{ ${acct()}, "groups": { "Admins": { "policies": [${ADMIN}] }, ⟦"Ops"⟧: { "inlinePolicies": { "all": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "*", "Resource": "*" } ] } } } }, "users": { "a": { "groups": ["Admins"], "policies": ⟦[${ADMIN}]⟧ } } }`],
  ['practice/root-credentials', `{ "account": { "id": "123456789012", "root": { "mfa": ⟦false⟧, "accessKeys": [⟦{ "id": "AKIA1", "status": "Active" }⟧] } } }`],
  ['practice/root-credentials', `{ "account": { "id": "123456789012", "root": { "mfa": true, "accessKeys": [] } } }`],
  ['practice/access-key-age', `{ ${acct()}, "users": { "a": { "accessKeys": [ { "id": "AKIA1", "status": "Active", "created": ⟦"2026-01-05"⟧ }, { "id": "AKIA2", "status": "Inactive", "created": "2020-01-01" }, { "id": "AKIA3", "status": "Active", "created": "2026-10-01" } ] } } }`],
  ['practice/two-active-keys', `{ ${acct()}, "users": { "a": { "accessKeys": [ { "id": "AKIA1", "status": "Active" }, { "id": "AKIA2", "status": ⟦"Active"⟧ } ] }, "b": { "accessKeys": [ { "id": "AKIA3", "status": "Active" }, { "id": "AKIA4", "status": "Inactive" } ] } } }`],
  ['practice/unused-credentials', `{ ${acct()}, "users": { "a": { "accessKeys": [ { "id": "AKIA1", "status": "Active", "created": "2025-01-01", "lastUsed": ⟦"2026-01-01"⟧ }, { "id": "AKIA2", "status": "Active", "created": ⟦"2025-01-01"⟧ } ], "console": { "enabled": true, "lastSignIn": ⟦"2026-02-01"⟧ } }, "b": { "accessKeys": [ { "id": "AKIA3", "status": "Active", "created": "2025-01-01", "lastUsed": "2026-11-20" } ], "console": { "enabled": true, "lastSignIn": "2026-11-01" } } } }`],
  ['practice/password-policy', `{ ${acct(', "passwordPolicy": { "minimumLength": ⟦8⟧, "requireUppercase": true, "requireLowercase": true, "requireNumbers": ⟦false⟧, "requireSymbols": true, "maxAgeDays": ⟦365⟧, "reusePrevention": 24 }')} }`],
  ['practice/password-policy', `{ ${acct(', ' + GOOD_PP)} }`],
  ['practice/password-policy', `{ "account": { "id": ⟦"123456789012"⟧ }, "users": { "a": { "console": true } } }`],
  ['practice/empty-group', `{ ${acct()}, "groups": { ⟦"Empty"⟧: {}, "Full": {} }, "users": { "a": { "groups": ["Full"] } } }`],
  ['practice/user-without-permissions', `{ ${acct()}, "groups": { "Empty": {}, "R": { "policies": [${READ}] } }, "users": { ⟦"a"⟧: { "groups": ["Empty"] }, "b": { "groups": ["R"] }, "c": { "policies": [${READ}] } } }`],
  ['practice/unattached-policy', `{ ${acct()}, "policies": { ⟦"Unused"⟧: { "document": ${doc} }, "Used": { "document": ${doc} }, "Boundary": { "document": ${doc} } }, "groups": { "G": { "policies": ["Used"] } }, "users": { "a": { "groups": ["G"], "permissionsBoundary": "Boundary" } } }`],
  ['practice/full-admin', inFile(stmt('"Effect": "Allow", "Action": ⟦"*"⟧, "Resource": "*"'))],
  ['practice/full-admin', inFile(stmt('"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }'))],
  ['practice/service-wildcard', inFile(stmt('"Effect": "Allow", "Action": [⟦"s3:*"⟧, ⟦"iam:*"⟧, "ec2:Describe*"], "Resource": "*"'))],
  ['practice/service-wildcard', inFile(stmt('"Effect": "Deny", "Action": ["s3:*"], "Resource": "*"'))],
  ['practice/write-on-any-resource', inFile(stmt('"Effect": "Allow", "Action": [⟦"s3:PutObject"⟧, ⟦"iam:AttachRolePolicy"⟧, "s3:GetObject", "ec2:DescribeInstances", "s3:ListAllMyBuckets"], "Resource": "*"'))],
  ['practice/write-on-any-resource', inFile(stmt('"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::b/*"'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "Action": [⟦"iam:PassRole"⟧, "iam:GetRole"], "Resource": "*"'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "Action": [⟦"iam:Pass*"⟧], "Resource": "arn:aws:iam::123456789012:role/*"'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-*"'))],
  // Access Analyzer's NotAction / NotResource shapes: PassRole granted without being named.
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "NotAction": ⟦["s3:*", "ec2:*"]⟧, "Resource": "*"'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "NotAction": ["iam:PassRole"], "Resource": "*"'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "Action": [⟦"iam:PassRole"⟧], "NotResource": "arn:aws:iam::123456789012:role/admin"'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "Action": [⟦"iam:*"⟧, "s3:GetObject"], "NotResource": "arn:aws:s3:::secret/*", "Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "NotAction": ⟦"s3:*"⟧, "NotResource": "arn:aws:s3:::secret/*"'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "Action": ⟦"*"⟧, "Resource": "*"'))],
  ['practice/passrole-wildcard', inFile(stmt('"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::*:role/*"'))],
  ['practice/allow-with-not', inFile(stmt('"Effect": "Allow", "NotAction": ⟦"iam:*"⟧, "NotResource": ⟦"arn:aws:s3:::secret/*"⟧'))],
  ['practice/allow-with-not', inFile(stmt('"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"'))],
  ['practice/mfa-condition', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { ⟦"Bool"⟧: { "aws:MultiFactorAuthPresent": "false" } }'))],
  ['practice/mfa-condition', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } }'))],
  ['practice/mfa-condition', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { ⟦"BoolIfExists"⟧: { "aws:MultiFactorAuthPresent": "true" } }'))],
  ['practice/mfa-condition', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }'))],
  ['practice/deny-overrides', inFile('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ⟦["s3:GetObject", "s3:PutObject"]⟧, "Resource": "arn:aws:s3:::b/*" }, { "Effect": "Deny", "Action": "s3:*", "Resource": "*" } ] }')],
  ['practice/deny-overrides', inFile('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*" }, { "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "false" } } } ] }')],
  ['practice/duplicate-statement', inFile('{ "Version": "2012-10-17", "Statement": [ { "Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*" }, ⟦{⟧ "Sid": "B", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*" }, ⟦{⟧ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }, { "Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*" } ] }')],
  ['practice/unused-role', `{ ${acct()}, "roles": { "old": { "trustPolicy": ${doc.replace('"Statement": [', '"Statement": [').replace('"Action": "s3:GetObject", "Resource": "*"', '"Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole"')}, "lastUsed": ⟦"2026-01-01"⟧ }, "fresh": { "trustPolicy": ${doc.replace('"Action": "s3:GetObject", "Resource": "*"', '"Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole"')}, "lastUsed": "2026-11-01" } } }`],
  ['practice/empty-policy', `{ ${acct()}, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": ⟦[⟧] } }, "Q": { "document": ${doc} } } }`],
  ['practice/public-resource', inFile('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": ⟦"*"⟧, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*" }, { "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-1" } } }, { "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*" } ] }', 'resource')],
];

for (const [rule, text] of cases) {
  test(`${rule}: ${marked(text).spans.length ? 'fires' : 'stays silent'} on ${marked(text).text.replace(/\s+/g, ' ').slice(60, 150)}`, () => {
    expectRule(rule, text);
  });
}

test('practice/naming: only with a configured pattern', () => {
  const text = `{ ${acct()}, "users": { ⟦"Alice"⟧: {}, "bob": {} }, "roles": { "app-server": { "trustPolicy": { "Version": "2012-10-17", "Statement": [] } } } }`;
  expectRule('practice/naming', text, { naming: { user: '^[a-z]+$', role: '^[a-z-]+$' } });
  assert.equal(run('practice/naming', marked(text).text).length, 0);
});

test('practice/naming: a catastrophic pattern (^(a+)+$) against long names answers at once', () => {
  // JavaScript's own RegExp takes ~2^n steps on n a's and a b (minutes at 30): the naming patterns run on a
  // linear-time engine (core/text/regex.ts), so a hostile iam-workbench.json can't hang check.
  const long = 'a'.repeat(30);
  const text = `{ ${acct()}, "users": { ⟦"${long}b"⟧: {}, "${long}": {}, ⟦"${'a'.repeat(50_000)}!"⟧: {} } }`;
  expectRule('practice/naming', text, { naming: { user: '^(a+)+$' } });
});

test('practice/too-many-admins: the limit is configurable', () => {
  const text = `{ ${acct()}, "groups": { "Admins": { "policies": [${ADMIN}] } }, "users": { "a": { "groups": ["Admins"] }, "b": { "groups": ["Admins"] } } }`;
  assert.equal(run('practice/too-many-admins', text, { adminLimit: 1 }).length, 1);
  assert.equal(run('practice/too-many-admins', text).length, 0);
});

test('duplicate vs redundant severities', () => {
  const text = marked(cases.find((c) => c[0] === 'practice/duplicate-statement')![1]).text;
  const fs = run('practice/duplicate-statement', text);
  assert.deepEqual(fs.map((f) => f.severity).sort(), ['info', 'warning']);
});

test('quick fixes: MFA condition operator, set operator, typographic characters', async () => {
  const { applyEdits } = await import('../../core/analysis/rules/support/edits');
  const deny = inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } }'));
  const [mfaFinding] = run('practice/mfa-condition', deny);
  assert.equal(applyEdits(deny, mfaFinding.fixes![0].edits), deny.replace('"Bool"', '"BoolIfExists"'));
  const set = inFile(stmt('"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": { "ForAllValues:StringEquals": { "aws:SourceVpc": "vpc-1" } }'));
  const [setFinding] = run('grammar/set-operator', set);
  assert.equal(applyEdits(set, setFinding.fixes![0].edits), set.replace('"ForAllValues:StringEquals"', '"StringEquals"'));
  const shared = inFile(stmt('"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": { "ForAllValues:StringEquals": { "aws:SourceVpc": "vpc-1", "aws:TagKeys": "a" } }'));
  assert.deepEqual(run('grammar/set-operator', shared)[0].fixes, undefined, 'no fix when the operator holds other keys');
  const dash = inFile(stmt('"Sid": "A\u2013B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"'));
  const [charFinding] = run('quota/document-characters', dash);
  assert.equal(applyEdits(dash, charFinding.fixes![0].edits), dash.replace('\u2013', '-'));
});

test('practice/password-policy: one finding for the missing settings, and a fix that adds them', async () => {
  const { applyEdits } = await import('../../core/analysis/rules/support/edits');
  const text = `{\n  "account": {\n    "id": "123456789012",\n    "passwordPolicy": {\n      "minimumLength": 16\n    }\n  }\n}\n`;
  const found = run('practice/password-policy', text);
  assert.equal(found.length, 1);
  assert.equal(text.slice(found[0].span.start, found[0].span.end), '{');
  const fixed = applyEdits(text, found[0].fixes![0].edits);
  assert.match(fixed, /\n {6}"requireUppercase": true,\n {6}"requireLowercase": true,/);
  assert.equal(run('practice/password-policy', fixed).length, 0);
});
