import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importFromAws, type ImportResult } from '../../core/interop/import';
import { parseAccountFile } from '../../core/model';
import { fixture, PAGES } from './helpers';

function full(report = 'credential-report.json'): ImportResult {
  return importFromAws({
    authorizationDetails: PAGES(),
    credentialReport: fixture(report),
    passwordPolicy: fixture('password-policy.json'),
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: ImportResult): any => JSON.parse(r.text!);
const noted = (r: ImportResult, subject: string, part: string) =>
  r.notes.some((n) => n.subject === subject && n.message.includes(part));

test('import: two pages, every entity kind, the account from the ARNs', () => {
  const r = full();
  assert.deepEqual(r.errors, []);
  const f = json(r);
  assert.deepEqual(Object.keys(f), ['account', 'policies', 'groups', 'users', 'roles']);
  assert.equal(f.account.id, '123456789012');
  assert.equal(f.account.partition, 'aws');
  assert.deepEqual(Object.keys(f.users), ['alice', 'bob', 'ci-bot']);
  assert.deepEqual(Object.keys(f.groups), ['Admins', 'Developers']);
  assert.deepEqual(Object.keys(f.roles), ['AWSServiceRoleForSupport', 'app-server', 'github-deploy']);
  assert.deepEqual(Object.keys(f.policies), ['DevBoundary', 'S3ReadOnly']);
  assert.deepEqual(r.summary, { users: 3, groups: 2, roles: 3, policies: 2 });
});

test('import: users keep path, groups, managed and inline policies, boundary and tags', () => {
  const alice = json(full()).users.alice;
  assert.equal(alice.path, '/');
  assert.deepEqual(alice.groups, ['Admins', 'Developers']);
  assert.deepEqual(alice.policies, ['S3ReadOnly']);
  assert.equal(alice.permissionsBoundary, 'DevBoundary', 'a customer policy ARN with a path becomes the policy name');
  assert.deepEqual(alice.tags, { 'cost-center': '42', team: 'platform' });
  assert.equal(alice.inlinePolicies['own-keys'].Statement[0].Resource, 'arn:aws:iam::123456789012:user/${aws:username}');
  const bob = json(full()).users.bob;
  assert.equal(bob.path, '/engineering/');
  assert.deepEqual(bob.inlinePolicies['own-keys'], alice.inlinePolicies['own-keys'], 'a URL-encoded document decodes to the same object');
  assert.equal(bob.tags, undefined);
  assert.deepEqual(json(full()).users['ci-bot'].policies, ['arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess']);
});

test('import: groups and URL-encoded group policies', () => {
  const dev = json(full()).groups.Developers;
  assert.deepEqual(dev.policies, ['S3ReadOnly', 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess']);
  assert.deepEqual(dev.inlinePolicies.describe.Statement, [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }]);
});

test('import: roles keep trust policy, instance profile, boundary, last use, service-linked flag', () => {
  const roles = json(full()).roles;
  const app = roles['app-server'];
  assert.deepEqual(app.trustPolicy.Statement[0].Principal, { Service: 'ec2.amazonaws.com' }, 'URL-encoded trust policy decoded');
  assert.equal(app.instanceProfile, 'app-server');
  assert.equal(app.lastUsed, '2026-11-19');
  assert.deepEqual(app.tags, { app: 'web' });
  assert.deepEqual(app.policies, ['S3ReadOnly', 'arn:aws:iam::aws:policy/AmazonRDSFullAccess']);
  assert.deepEqual(Object.keys(app.inlinePolicies), ['write-logs']);
  assert.equal(app.serviceLinked, undefined);
  const gh = roles['github-deploy'];
  assert.equal(gh.path, '/deploy/');
  assert.equal(gh.permissionsBoundary, 'DevBoundary');
  assert.equal(gh.lastUsed, undefined, 'an empty RoleLastUsed means never used');
  assert.equal(gh.trustPolicy.Statement[0].Condition.StringLike['token.actions.githubusercontent.com:sub'], 'repo:acme/web:*');
  assert.equal(roles.AWSServiceRoleForSupport.serviceLinked, true);
});

test('import: customer policies keep the default version only, and older versions are listed', () => {
  const r = full();
  const s3 = json(r).policies.S3ReadOnly;
  assert.equal(s3.description, 'Read the log bucket');
  assert.equal(s3.versions, 3);
  assert.equal(s3.document.Statement[0].Sid, 'ReadLogs', 'the default version (v3), not the first listed');
  assert.ok(noted(r, 'policy "S3ReadOnly"', 'v1, v2 not imported'));
  assert.equal(json(r).policies.DevBoundary.path, '/boundaries/');
  assert.equal(json(r).policies.AmazonEC2ReadOnlyAccess, undefined, 'AWS managed policies stay ARNs');
  assert.ok(noted(r, 'AWS managed policies', '1 AWS managed policy'));
});

test('import: the credential report fills console, MFA, access keys, the root user and asOf', () => {
  const r = full();
  const f = json(r);
  assert.equal(f.account.asOf, '2026-11-20', 'GeneratedTime of the CLI JSON');
  assert.deepEqual(f.account.root, { mfa: true, accessKeys: [], lastUsed: '2026-10-30' });
  const alice = f.users.alice;
  assert.deepEqual(alice.console, { enabled: true, passwordLastChanged: '2026-01-05', lastSignIn: '2026-11-18' });
  assert.deepEqual(alice.mfa, [{}]);
  assert.deepEqual(alice.accessKeys, [
    { status: 'Active', created: '2026-01-05', lastUsed: '2026-11-20' },
    { status: 'Inactive', created: '2025-01-05', lastUsed: '2025-06-01' },
  ]);
  assert.deepEqual(f.users.bob.console, { enabled: true, passwordLastChanged: '2025-03-01' }, 'no_information: never signed in');
  assert.deepEqual(f.users.bob.mfa, []);
  assert.deepEqual(f.users['ci-bot'].console, { enabled: false });
  assert.deepEqual(f.users['ci-bot'].accessKeys, [{ status: 'Active', created: '2023-06-01' }]);
  assert.ok(noted(r, 'user "ci-bot"', 'signing certificate'));
  assert.ok(noted(r, 'user "old-user"', 'not in the authorization details'));
  assert.ok(noted(r, 'access keys', 'key ids are not in the credential report'));
});

test('import: the report as CSV or base64 gives the same users; the CSV alone dates asOf by its latest time', () => {
  const fromJson = json(full('credential-report.json'));
  const fromCsv = full('credential-report.csv');
  const fromB64 = full('credential-report.b64');
  assert.deepEqual(json(fromCsv).users, fromJson.users);
  assert.deepEqual(json(fromB64).users, fromJson.users);
  assert.deepEqual(json(fromCsv).account.root, fromJson.account.root);
  assert.equal(json(fromCsv).account.asOf, '2026-11-20');
  assert.ok(noted(fromCsv, 'credential report', 'does not say when it was generated'));
});

test('import: the password policy', () => {
  assert.deepEqual(json(full()).account.passwordPolicy, {
    minimumLength: 14, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true,
    maxAgeDays: 90, reusePrevention: 24, allowUsersToChange: true, hardExpiry: false,
  });
});

test('import: the file parses with no findings of error severity', () => {
  const r = full();
  const file = parseAccountFile('imported.iam.json', r.text!);
  assert.deepEqual(file.findings.filter((f) => f.severity === 'error'), []);
  assert.equal(file.users.get('alice')?.accessKeys.length, 2);
  assert.equal(file.users.get('alice')?.mfa.length, 1);
  assert.equal(file.account.asOf?.value, '2026-11-20');
  assert.equal(file.roles.get('app-server')?.instanceProfile?.name, 'app-server');
  assert.equal(file.policies.get('DevBoundary')?.arn, 'arn:aws:iam::123456789012:policy/boundaries/DevBoundary');
});

test('import: idempotent, whatever the order of pages', () => {
  const a = full().text;
  const b = full().text;
  assert.equal(a, b);
  const reversed = importFromAws({
    authorizationDetails: PAGES().reverse(),
    credentialReport: fixture('credential-report.json'),
    passwordPolicy: fixture('password-policy.json'),
  });
  assert.equal(reversed.text, a);
});

test('import: overlapping pages (the same entity twice) merge silently; a conflicting repeat is listed', () => {
  const [p1, p2] = PAGES();
  const again = importFromAws({ authorizationDetails: [p1, p2, p1] });
  assert.equal(again.text, importFromAws({ authorizationDetails: [p1, p2] }).text);
  const changed = { name: 'changed.json', text: p1.text.replace('"Path": "/engineering/"', '"Path": "/other/"') };
  const r = importFromAws({ authorizationDetails: [p1, p2, changed] });
  assert.equal(json(r).users.bob.path, '/engineering/');
  assert.ok(noted(r, 'user "bob"', 'appears twice with different content'));
});

test('import: every page truncated means a page is missing, and that is said', () => {
  const r = importFromAws({ authorizationDetails: [fixture('authorization-details-page1.json')] });
  assert.deepEqual(r.errors, []);
  assert.ok(noted(r, 'authorization details', 'at least one page is missing'));
  assert.ok(noted(r, 'user "alice"', 'arn:aws:iam::123456789012:policy/S3ReadOnly is attached but not among'));
  assert.ok(noted(r, 'credential report', 'not given'));
});

test('import: an array of pages in one file is read like several files', () => {
  const [p1, p2] = PAGES();
  const one = { name: 'all.json', text: `[${p1.text}, ${p2.text}]` };
  assert.equal(importFromAws({ authorizationDetails: [one] }).text, importFromAws({ authorizationDetails: [p1, p2] }).text);
});

test('import: unknown fields are listed, not dropped silently', () => {
  const [p1, p2] = PAGES();
  const extra = { name: 'extra.json', text: p1.text.replace('"UserName": "alice",', '"UserName": "alice", "LoginProfile": {"x": 1},') };
  const r = importFromAws({ authorizationDetails: [extra, p2] });
  assert.deepEqual(r.errors, []);
  assert.ok(r.notes.some((n) => n.subject === 'users' && n.message.includes('"LoginProfile"') && n.message.includes('extra.json:')));
});

test('import: list-roles output among the inputs adds descriptions and session durations', () => {
  const without = importFromAws({ authorizationDetails: PAGES() });
  assert.ok(noted(without, 'roles', 'aws iam list-roles'));
  const r = importFromAws({ authorizationDetails: [...PAGES(), fixture('list-roles.json')] });
  assert.deepEqual(r.errors, []);
  const roles = json(r).roles;
  assert.equal(roles['app-server'].description, 'Web servers: read logs, use RDS');
  assert.equal(roles['app-server'].maxSessionDuration, 7200);
  assert.equal(roles['github-deploy'].maxSessionDuration, 3600);
  assert.equal(roles['github-deploy'].description, undefined);
  assert.deepEqual(Object.keys(json(r).roles), Object.keys(json(without).roles), 'list-roles alone adds no role');
  assert.ok(noted(r, 'role "created-later"', 'not in the authorization details'));
  assert.ok(!noted(r, 'roles', 'aws iam list-roles'));
  const single = { name: 'get-role.json', text: JSON.stringify({ Role: { RoleName: 'app-server', Description: 'from get-role', MaxSessionDuration: 43200 } }) };
  assert.equal(json(importFromAws({ authorizationDetails: [...PAGES(), single] })).roles['app-server'].maxSessionDuration, 43200);
});

test('import: instance profiles beyond the first, their paths and tags, policy tags, another partition', () => {
  const role = (name: string, profiles: unknown[]) => ({
    RoleName: name, Path: '/', Arn: `arn:aws-cn:iam::123456789012:role/${name}`, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
    InstanceProfileList: profiles,
  });
  const text = JSON.stringify({
    RoleDetailList: [
      role('multi', [
        { InstanceProfileName: 'first', Path: '/web/', Roles: [{ RoleName: 'multi' }], Tags: [{ Key: 'k', Value: 'v' }] },
        { InstanceProfileName: 'second', Path: '/', Roles: [] },
      ]),
    ],
    Policies: [{
      PolicyName: 'Tagged', Arn: 'arn:aws-cn:iam::123456789012:policy/Tagged', Path: '/', DefaultVersionId: 'v1',
      Tags: [{ Key: 'owner', Value: 'sec' }],
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [] } }],
    }],
  });
  const r = importFromAws({ authorizationDetails: [{ name: 'cn.json', text }] });
  assert.deepEqual(r.errors, []);
  const f = json(r);
  assert.equal(f.account.partition, 'aws-cn');
  assert.equal(f.roles.multi.instanceProfile, 'first');
  assert.ok(noted(r, 'role "multi"', 'only "first" is kept'));
  assert.ok(noted(r, 'role "multi"', 'has path /web/'));
  assert.ok(noted(r, 'role "multi"', 'tags of instance profile "first"'));
  assert.deepEqual(f.policies.Tagged.tags, { owner: 'sec' });
  assert.deepEqual(parseAccountFile('cn.iam.json', r.text!).findings.filter((x) => x.severity === 'error'), []);
});

test('import: credential report with quoted fields, CRLF line ends, an unknown column; a user without a report row', () => {
  const csv = [
    'user,arn,password_enabled,mfa_active,access_key_1_active,access_key_1_last_rotated,future_column',
    '"alice",arn:aws:iam::123456789012:user/alice,true,"true",false,N/A,x',
    '"bob, the builder",arn:aws:iam::123456789012:user/bob,false,false,true,2026-02-02T00:00:00+00:00,y',
  ].join('\r\n') + '\r\n';
  const r = importFromAws({ authorizationDetails: PAGES(), credentialReport: { name: 'r.csv', text: csv } });
  assert.deepEqual(r.errors, []);
  const f = json(r);
  assert.deepEqual(f.users.alice.console, { enabled: true });
  assert.deepEqual(f.users.alice.mfa, [{}]);
  // Only slot 1's columns: alice's empty slot 1 does not say she has no keys (slot 2 is unknown).
  assert.equal(f.users.alice.accessKeys, undefined);
  assert.ok(noted(r, 'credential report', 'no access_key_2_* columns'));
  assert.ok(noted(r, 'credential report', 'column "future_column"'));
  assert.ok(noted(r, 'user "bob, the builder"', 'not in the authorization details'));
  assert.ok(noted(r, 'user "bob"', 'has no row in the credential report'));
  assert.equal(f.users.bob.console, undefined);
  assert.equal(f.account.root, undefined, 'no root row, no root');
});

test('import: an account without any ARN says the id is unknown', () => {
  const r = importFromAws({ authorizationDetails: [{ name: 'e.json', text: '{"UserDetailList": [{"UserName": "x"}]}' }] });
  assert.deepEqual(r.errors, []);
  assert.equal(json(r).account.id, undefined);
  assert.ok(noted(r, 'account', 'no ARN in the inputs'));
});

test('import: documents as URL-encoded text, plain JSON text or objects decode alike; a literal %41 in JSON text stays', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/100%41 done+fast ü' }] };
  const forms = [doc, encodeURIComponent(JSON.stringify(doc)), JSON.stringify(doc)];
  for (const form of forms) {
    const text = JSON.stringify({ GroupDetailList: [{ GroupName: 'g', GroupPolicyList: [{ PolicyName: 'p', PolicyDocument: form }] }] });
    assert.deepEqual(json(importFromAws({ authorizationDetails: [{ name: 'g.json', text }] })).groups.g.inlinePolicies.p, doc);
  }
});
