import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectRule, marked, run } from './harness';

const acct = (extra = '') => `"account": { "id": "123456789012"${extra} }`;
const doc = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }';
const trust = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }';
const big = (n: number) => `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": [${Array.from({ length: n }, (_, i) => `"arn:aws:s3:::bucket-${i}/*"`).join(', ')}] } ] }`;

const cases: [string, string][] = [
  // SCPs and RCPs: the Organizations limit (5,120, whitespace counted), not IAM's 6,144 without whitespace.
  ['quota/control-policy-size', `{ ${acct(', "organization": { "serviceControlPolicies": [["FullAWSAccess", "Guard"]] }')}, "policies": { "Guard": { "document": ⟦{⟧ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": [${Array.from({ length: 200 }, (_, i) => `"arn:aws:s3:::bucket-${i}"`).join(',')}] } ] } } } }`],
  ['quota/control-policy-size', `{ ${acct(', "organization": { "resourceControlPolicies": [["RCPFullAWSAccess", "Guard"]] }')}, "policies": { "Guard": { "document": ⟦{⟧ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": [\n${Array.from({ length: 160 }, (_, i) => `            "arn:aws:s3:::bucket-${i}"`).join(',\n')}\n] } ] } } } }`],
  ['quota/control-policy-size', `{ ${acct(', "organization": { "serviceControlPolicies": [["FullAWSAccess", "Guard"]] }')}, "policies": { "Guard": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": [${Array.from({ length: 150 }, (_, i) => `"arn:aws:s3:::bucket-${i}"`).join(',')}] } ] } } } }`],
  ['quota/control-policy-size', `{ ${acct()}, "policies": { "Guard": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": [${Array.from({ length: 200 }, (_, i) => `"arn:aws:s3:::bucket-${i}"`).join(',')}] } ] } } } }`],
  ['quota/managed-policy-size', `{ ${acct(', "organization": { "serviceControlPolicies": [["FullAWSAccess", "Guard"]] }')}, "policies": { "Guard": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": [${Array.from({ length: 300 }, (_, i) => `"arn:aws:s3:::bucket-${i}"`).join(',')}] } ] } } } }`],
  ['quota/names', `{ ${acct()}, "users": { ⟦"${'a'.repeat(65)}"⟧: {}, ⟦"bob smith"⟧: {}, "carol.o'": {}, "dave+ci@x.com": {} } }`.replace(`"carol.o'": {}, `, '')],
  ['quota/names', `{ ${acct()}, "groups": { "${'g'.repeat(128)}": {} }, "roles": { "r": { "trustPolicy": ${trust}, "instanceProfile": ⟦"my profile"⟧ } } }`],
  ['quota/paths', `{ ${acct()}, "users": { "a": { "path": ⟦"engineering"⟧ }, "b": { "path": ⟦"/team a/"⟧ }, "c": { "path": "/team/a/" }, "d": { "path": "/" } } }`],
  ['quota/role-switch-name', `{ ${acct()}, "roles": { ⟦"${'r'.repeat(50)}"⟧: { "path": "/department/sub/", "trustPolicy": ${trust} }, "short": { "path": "/x/", "trustPolicy": ${trust} } } }`],
  ['quota/unique-names', `{ ${acct()}, "groups": { "Admins": {}, ⟦"ADMINS"⟧: {} }, "users": { "alice": {}, "bob": {} } }`],
  ['quota/entities-per-account', `{ ${acct(', "quotas": { "usersPerAccount": 2 }')}, "users": { "a": {}, "b": {}, ⟦"c"⟧: {}, "d": {} } }`],
  ['quota/entities-per-account', `{ ${acct(', "quotas": { "rolesPerAccount": 2000 }')}, "users": { "a": {} } }`],
  ['quota/groups-per-user', `{ ${acct()}, "groups": { ${Array.from({ length: 11 }, (_, i) => `"g${i}": {}`).join(', ')} }, "users": { "a": { "groups": ⟦[${Array.from({ length: 11 }, (_, i) => `"g${i}"`).join(', ')}]⟧ }, "b": { "groups": ["g1"] } } }`],
  ['quota/managed-policies-per-entity', `{ ${acct()}, "policies": { ${Array.from({ length: 11 }, (_, i) => `"p${i}": { "document": ${doc} }`).join(', ')} }, "groups": { "g": { "policies": ⟦[${Array.from({ length: 11 }, (_, i) => `"p${i}"`).join(', ')}]⟧ } }, "roles": { "r": { "trustPolicy": ${trust}, "policies": [${Array.from({ length: 11 }, (_, i) => `"p${i}"`).join(', ')}] } }, "users": { "u": {} } }`.replace('"users": { "u": {} }', '"users": { "u": {} }').replace(`${acct()}`, acct(', "quotas": { "managedPoliciesPerRole": 20 }'))],
  ['quota/inline-policy-size', `{ ${acct()}, "users": { "a": { "inlinePolicies": ⟦{ "big": ${big(100)} }⟧ } }, "roles": { "r": { "trustPolicy": ${trust}, "inlinePolicies": { "big": ${big(100)} } } } }`],
  ['quota/managed-policy-size', `{ ${acct()}, "policies": { "Big": { "document": ⟦{⟧ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": [${Array.from({ length: 300 }, (_, i) => `"arn:aws:s3:::bucket-${i}/*"`).join(', ')}] } ] } }, "Small": { "document": ${doc} } } }`],
  ['quota/trust-policy-size', `{ ${acct()}, "roles": { "r": { ⟦"trustPolicy"⟧: { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": [${Array.from({ length: 60 }, (_, i) => `"arn:aws:iam::111122223333:role/role-${i}"`).join(', ')}] }, "Action": "sts:AssumeRole" } ] } } } }`],
  ['quota/access-keys-per-user', `{ ${acct(', "root": { "mfa": true, "accessKeys": [] }')}, "users": { "a": { "accessKeys": [ { "id": "AKIA1", "status": "Active" }, { "id": "AKIA2", "status": "Inactive" }, ⟦{ "id": "AKIA3", "status": "Active" }⟧ ] } } }`],
  ['quota/mfa-devices-per-user', `{ ${acct()}, "users": { "a": { "mfa": [ ${Array.from({ length: 8 }, (_, i) => `{ "serial": "arn:aws:iam::123456789012:mfa/a${i}" }`).join(', ')}, ⟦{ "serial": "arn:aws:iam::123456789012:mfa/a9" }⟧ ] } } }`],
  ['quota/policy-versions', `{ ${acct()}, "policies": { "P": { "versions": ⟦6⟧, "document": ${doc} }, "Q": { "versions": 5, "document": ${doc} } } }`],
  ['quota/tags', `{ ${acct()}, "users": { "a": { "tags": { ⟦"aws:team"⟧: "x", "team": ⟦"${'v'.repeat(257)}"⟧, "ok key": "fine value" } } } }`],
  ['quota/instance-profile-roles', `{ ${acct()}, "roles": { "a": { "trustPolicy": ${trust}, "instanceProfile": "web" }, "b": { "trustPolicy": ${trust}, "instanceProfile": ⟦"web"⟧ }, "c": { "trustPolicy": ${trust}, "instanceProfile": "c" } } }`],
  ['quota/document-characters', `{ ${acct()}, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [ { "Sid": "A⟦–⟧B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } } } }`],
  ['quota/document-characters', `{ ${acct()}, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [ { "Sid": "Café", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } } } }`],
  ['quota/password-policy', `{ ${acct(', "passwordPolicy": { "minimumLength": ⟦4⟧, "maxAgeDays": ⟦2000⟧, "reusePrevention": 24 }')} }`],
  ['quota/session-duration', `{ ${acct()}, "roles": { "a": { "trustPolicy": ${trust}, "maxSessionDuration": ⟦60⟧ }, "b": { "trustPolicy": ${trust}, "maxSessionDuration": 43200 } } }`],
  ['quota/account-alias', `{ "account": { "id": "123456789012", "alias": ⟦"Acme_Prod"⟧ } }`],
  ['quota/account-alias', `{ "account": { "id": "123456789012", "alias": "acme-prod" } }`],
  ['quota/overrides', `{ ${acct(', "quotas": { "roles": ⟦2000⟧, "groupsPerUser": ⟦20⟧, "rolesPerAccount": 5000 }')} }`],
];

for (const [rule, text] of cases) {
  test(`${rule}: ${marked(text).spans.length ? 'fires' : 'stays silent'} (${marked(text).text.length} chars)`, () => {
    expectRule(rule, text);
  });
}

test('quota overrides raise the limit', () => {
  const users = Array.from({ length: 4 }, (_, i) => `"u${i}": {}`).join(', ');
  assert.equal(run('quota/entities-per-account', `{ ${acct(', "quotas": { "usersPerAccount": 3 }')}, "users": { ${users} } }`).length, 1);
  assert.equal(run('quota/entities-per-account', `{ ${acct(', "quotas": { "usersPerAccount": 4 }')}, "users": { ${users} } }`).length, 0);
});

test('quota/overrides suggests the right name', () => {
  const [f] = run('quota/overrides', `{ ${acct(', "quotas": { "rolesPerAcount": 2000 }')} }`);
  assert.match(f.message, /did you mean "rolesPerAccount"/);
});
