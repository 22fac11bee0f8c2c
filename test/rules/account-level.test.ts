// Past IAM Access Analyzer: checks that need the account (attached AWS managed policies, users' credentials,
// the root user), each on a small account file written as a new user would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRulesConfig } from '../../core/analysis/config';
import { expectRule, inFile, run, stmt } from './harness';

const acct = (extra = '') => `"account": { "id": "123456789012", "asOf": "2026-11-23"${extra} }`;

test('a user with IAMFullAccess, an active key and no MFA is an administrator without MFA (AWS managed policy, admin-equivalent)', () => {
  const text = `{ ${acct()},
  "users": {
    ⟦"deploy-bot"⟧: {
      "policies": ["arn:aws:iam::aws:policy/IAMFullAccess"],
      "accessKeys": [{ "id": "AKIAIOSFODNN7EXAMPLE", "status": "Active", "created": "2026-10-01" }]
    },
    "reader": {
      "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      "accessKeys": [{ "id": "AKIAIOSFODNN7EXAMPLF", "status": "Active", "created": "2026-10-01" }]
    }
  }
}`;
  expectRule('practice/admin-without-mfa', text);
});

test('a customer policy allowing iam:Put* on * counts as administrator too; one scoped to the user itself does not', () => {
  const self = stmt('"Effect": "Allow", "Action": "iam:Put*", "Resource": "*"');
  const scoped = stmt('"Effect": "Allow", "Action": "iam:PutUserPolicy", "Resource": "arn:aws:iam::123456789012:user/${aws:username}"');
  const text = `{ ${acct()}, "policies": { "Self": { "document": ${self} }, "Scoped": { "document": ${scoped} } },
  "users": { ⟦"a"⟧: { "policies": ["Self"], "console": { "enabled": true } }, "b": { "policies": ["Scoped"], "console": { "enabled": true } } } }`;
  const findings = run('practice/admin-without-mfa', text.replace(/[⟦⟧]/g, ''));
  assert.deepEqual(findings.map((f) => f.message.match(/User "(\w+)"/)?.[1]), ['a']);
});

test('practice/root-used-recently: a root sign-in three days before asOf, not one eight months before', () => {
  expectRule('practice/root-used-recently', `{ ${acct(', "root": { "mfa": true, "accessKeys": [], "lastUsed": ⟦"2026-11-20"⟧ }')} }`);
  expectRule('practice/root-used-recently', `{ ${acct(', "root": { "mfa": true, "accessKeys": [], "lastUsed": "2026-03-02" }')} }`);
});

test('practice/delegation-without-boundary: CreateRole + AttachRolePolicy without iam:PermissionsBoundary', () => {
  expectRule('practice/delegation-without-boundary', inFile(stmt('"Effect": "Allow", "Action": ⟦["iam:CreateRole", "iam:AttachRolePolicy", "iam:PassRole"]⟧, "Resource": "arn:aws:iam::123456789012:role/app-*"')));
  expectRule('practice/delegation-without-boundary', inFile(stmt('"Effect": "Allow", "Action": ["iam:CreateRole", "iam:AttachRolePolicy"], "Resource": "arn:aws:iam::123456789012:role/app-*", "Condition": { "StringEquals": { "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/DeveloperBoundary" } }')));
  expectRule('practice/delegation-without-boundary', inFile(stmt('"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"')));
});

test('practice/credential-exposure: keys for every user, through Action or NotAction; a user\'s own keys are fine', () => {
  expectRule('practice/credential-exposure', inFile(stmt('"Effect": "Allow", "Action": ⟦["iam:CreateAccessKey", "iam:ListUsers"]⟧, "Resource": "*"')));
  expectRule('practice/credential-exposure', inFile(stmt('"Effect": "Allow", "NotAction": ⟦["iam:*", "sts:*"]⟧, "Resource": "*"')));
  expectRule('practice/credential-exposure', inFile(stmt('"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey"], "Resource": "arn:aws:iam::123456789012:user/${aws:username}"')));
  expectRule('practice/credential-exposure', inFile(stmt('"Effect": "Allow", "Action": ["sts:GetSessionToken", "iam:GetAccessKeyLastUsed"], "Resource": "*"')));
});

test('practice/credential-exposure and data-exfiltration read attached AWS managed policies', () => {
  const text = `{ ${acct()}, "groups": { "Ops": { "policies": [⟦"arn:aws:iam::aws:policy/IAMFullAccess"⟧] } }, "users": { "u": { "groups": ["Ops"] } } }`;
  const [f] = expectRule('practice/credential-exposure', text);
  assert.equal(f.severity, 'info');
  assert.match(f.message, /IAMFullAccess, attached to group "Ops", allows .*iam:CreateAccessKey/);
  const ro = `{ ${acct()}, "roles": { "Support": { "trustPolicy": ${stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": "sts:AssumeRole"')}, "policies": [⟦"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"⟧] } } }`;
  const [d] = expectRule('practice/data-exfiltration', ro);
  assert.match(d.message, /s3:GetObject/);
});

test('practice/delegation-without-boundary reads attached AWS managed policies: IAMFullAccess, not ReadOnlyAccess or PowerUserAccess', () => {
  const text = `{ ${acct()},
  "groups": { "Ops": { "policies": [⟦"arn:aws:iam::aws:policy/IAMFullAccess"⟧, "arn:aws:iam::aws:policy/ReadOnlyAccess"] } },
  "roles": { "Dev": { "trustPolicy": ${stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": "sts:AssumeRole"')}, "policies": ["arn:aws:iam::aws:policy/PowerUserAccess"] } },
  "users": { "u": { "groups": ["Ops"] } } }`;
  const [f] = expectRule('practice/delegation-without-boundary', text);
  assert.equal(f.severity, 'info');
  assert.match(f.message, /^AWS managed policy IAMFullAccess, attached to group "Ops", allows .*iam:CreateRole.* without an iam:PermissionsBoundary condition/);
});

test('practice/data-exfiltration: reads on every resource, and on a resource iam-workbench.json marks sensitive', () => {
  expectRule('practice/data-exfiltration', inFile(stmt('"Effect": "Allow", "Action": ⟦["s3:Get*", "s3:List*"]⟧, "Resource": "*"')));
  expectRule('practice/data-exfiltration', inFile(stmt('"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::payroll-2026/*"')));
  const sensitive = { sensitiveResources: ['arn:aws:s3:::payroll-*'] };
  expectRule('practice/data-exfiltration', inFile(stmt('"Effect": "Allow", "Action": ⟦["s3:GetObject"]⟧, "Resource": "arn:aws:s3:::payroll-2026/*"')), sensitive);
  expectRule('practice/data-exfiltration', inFile(stmt('"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::website/*"')), sensitive);
});

test('iam-workbench.json: sensitiveResources is read, and a value that is not an ARN pattern is reported with its position', () => {
  const text = '{ "sensitiveResources": ["arn:aws:s3:::payroll-*", "payroll"] }';
  const { config, findings } = parseRulesConfig(text, 'iam-workbench.json');
  assert.deepEqual(config.sensitiveResources, ['arn:aws:s3:::payroll-*']);
  assert.equal(findings.length, 1);
  assert.equal(text.slice(findings[0].span.start, findings[0].span.end), '"payroll"');
});
