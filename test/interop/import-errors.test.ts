import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatImportError, importFromAws, type ImportSource } from '../../core/interop/import';
import { fixture, PAGES } from './helpers';

function errorsOf(auth: ImportSource[], extra: { credentialReport?: ImportSource; passwordPolicy?: ImportSource } = {}): string[] {
  const r = importFromAws({ authorizationDetails: auth, ...extra });
  assert.equal(r.text, undefined, 'no text when there are errors');
  assert.ok(r.errors.length > 0);
  return r.errors.map(formatImportError);
}

test('broken: JSON syntax errors name the file, line and column', () => {
  const errs = errorsOf([fixture('broken-syntax.json')]);
  assert.ok(errs.some((e) => /^broken-syntax\.json:4:9: JSON syntax error: comma expected/.test(e)), errs.join('\n'));
});

test('broken: wrong shapes and missing names are reported where they are', () => {
  const errs = errorsOf([fixture('broken-shape.json')]);
  assert.ok(errs.includes('broken-shape.json:2:23: "UserDetailList" should be an array, not an object'), errs.join('\n'));
  assert.ok(errs.includes('broken-shape.json:6:9: a group has no "GroupName"'), errs.join('\n'));
});

test('broken: a malformed URL-encoded document', () => {
  const errs = errorsOf([fixture('broken-document.json')]);
  assert.deepEqual(errs, ['broken-document.json:7:41: the trust policy of role "r": the URL-encoded document has a malformed %-escape']);
});

test('broken: a document that decodes to something other than an object', () => {
  const text = JSON.stringify({ GroupDetailList: [{ GroupName: 'g', GroupPolicyList: [{ PolicyName: 'p', PolicyDocument: '%5B1%5D' }] }] });
  const errs = errorsOf([{ name: 'g.json', text }]);
  assert.match(errs[0], /^g\.json:1:\d+: inline policy "p" of group "g": the document is not a JSON object$/);
});

test('broken: a file that is not authorization details, an empty file, binary data', () => {
  assert.match(errorsOf([fixture('not-authorization-details.json')])[0], /^not-authorization-details\.json:1:1: this is not the output of "aws iam get-account-authorization-details"/);
  assert.deepEqual(errorsOf([{ name: 'empty.json', text: '  \n' }]), ['empty.json:1:1: the file is empty']);
  assert.match(errorsOf([{ name: 'bin.json', text: '{"a":\u0000}' }])[0], /^bin\.json:1:6: this file holds binary data/);
  assert.match(errorsOf([{ name: 'list.json', text: '[]' }])[0], /empty list of pages/);
  assert.match(errorsOf([{ name: 's.json', text: '"x"' }])[0], /^s\.json:1:1: expected the output of/);
});

test('broken: two accounts in one import', () => {
  const errs = errorsOf([...PAGES(), fixture('other-account.json')]);
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^other-account\.json:3:9: the inputs describe more than one account: 123456789012 .* and 210987654321 \(user "mallory"/);
});

test('broken: credential report rows with a bad value or the wrong number of fields', () => {
  const errs = errorsOf(PAGES(), { credentialReport: fixture('broken-report.csv') });
  assert.deepEqual(errs, ['broken-report.csv:3:1: this row has 4 fields; the header has 22']);
  const bad = fixture('credential-report.csv');
  bad.text = bad.text.replace('alice,arn:aws:iam::123456789012:user/alice,2024-01-05T09:00:00+00:00,true', 'alice,arn:aws:iam::123456789012:user/alice,2024-01-05T09:00:00+00:00,yes');
  const e2 = errorsOf(PAGES(), { credentialReport: bad });
  assert.deepEqual(e2, ['credential-report.csv:3:70: "password_enabled" of alice should be true or false, not "yes"']);
});

test('broken: credential report that is neither JSON, CSV nor base64; bad base64 Content; unclosed quote', () => {
  assert.match(errorsOf(PAGES(), { credentialReport: { name: 'r.txt', text: 'hello, world!' } })[0], /^r\.txt:1:1: this is not a credential report/);
  assert.match(errorsOf(PAGES(), { credentialReport: { name: 'r.json', text: '{"Content": "***", "GeneratedTime": "2026-01-01T00:00:00Z"}' } })[0], /^r\.json:1:13: "Content" is not base64-encoded CSV/);
  assert.match(errorsOf(PAGES(), { credentialReport: { name: 'r.json', text: '{"ReportFormat": "text/csv"}' } })[0], /it has no "Content"/);
  assert.deepEqual(errorsOf(PAGES(), { credentialReport: { name: 'q.csv', text: 'user,arn\n"alice,arn:x\n' } }), ['q.csv:2:1: a quoted field is never closed']);
  assert.match(errorsOf(PAGES(), { credentialReport: { name: 'b.b64', text: 'aGVsbG8gd29ybGQ=' } })[0], /does not decode to the credential report CSV/);
});

test('broken: password policy output of the wrong shape or types', () => {
  assert.match(errorsOf(PAGES(), { passwordPolicy: { name: 'pp.json', text: '{"Policy": {}}' } })[0], /^pp\.json:1:1: this is not the output of "aws iam get-account-password-policy"/);
  assert.deepEqual(
    errorsOf(PAGES(), { passwordPolicy: { name: 'pp.json', text: '{"PasswordPolicy": {"MinimumPasswordLength": "14"}}' } }),
    ['pp.json:1:46: "MinimumPasswordLength" should be a number, not a string'],
  );
});

test('broken: a customer policy without its default version document', () => {
  const text = JSON.stringify({ Policies: [{ PolicyName: 'P', Arn: 'arn:aws:iam::123456789012:policy/P', DefaultVersionId: 'v2', PolicyVersionList: [] }] }, null, 2);
  const errs = errorsOf([{ name: 'p.json', text }]);
  assert.match(errs[0], /^p\.json:3:5: managed policy "P" has no default version/);
});

test('broken: a date AWS would never print', () => {
  const text = JSON.stringify({ RoleDetailList: [{ RoleName: 'r', AssumeRolePolicyDocument: {}, RoleLastUsed: { LastUsedDate: 'yesterday' } }] });
  assert.match(errorsOf([{ name: 'd.json', text }])[0], /"RoleLastUsed.LastUsedDate" of role "r" should be a date-time/);
});
