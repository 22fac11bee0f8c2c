import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOrganizations } from '../../core/interop/import/organizations';
import { buildWorkspace } from '../../core/model';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

const DIR = join(__dirname, '..', 'fixtures', 'interop', 'organizations');
const sources = () => readdirSync(DIR).sort().map((n) => ({ name: `organizations/${n}`, text: readFileSync(join(DIR, n), 'utf8') }));

test('the AWS CLI Organizations outputs become an organization file: root, OUs, accounts, SCPs and RCPs with their attachments', () => {
  const r = importOrganizations(sources());
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.summary, { accounts: 3, organizationalUnits: 3, policies: 3 });
  const org = JSON.parse(r.text!).organization;
  assert.equal(org.id, 'o-exampleorgid');
  assert.equal(org.managementAccount, '111111111111');
  assert.deepEqual(org.policyTypes, ['RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY']);
  assert.deepEqual(Object.keys(org.policies), ['AllowAllS3Actions', 'DenyLeaveOrganization', 'EnforceSecureTransport']);
  assert.equal(org.policies.EnforceSecureTransport.type, 'RESOURCE_CONTROL_POLICY');
  // describe-policy's Content (a JSON string) becomes the document.
  assert.equal(org.policies.DenyLeaveOrganization.document.Statement[0].Sid, 'NoLeaving');
  assert.deepEqual(org.root.policies, ['FullAWSAccess', 'EnforceSecureTransport']);
  assert.deepEqual(org.root.organizationalUnits.Workloads.policies, ['FullAWSAccess', 'DenyLeaveOrganization']);
  assert.deepEqual(Object.keys(org.root.organizationalUnits.Workloads.organizationalUnits.Prod.accounts), ['333333333333']);
  assert.equal(org.root.organizationalUnits.Security.accounts['222222222222'].name, 'Security Account');
  // The AWS managed FullAWSAccess is the built-in, not a copied document; other policy types are listed.
  assert.equal(org.policies.FullAWSAccess, undefined);
  const notes = r.notes.map((n) => `${n.subject}: ${n.message}`);
  assert.ok(notes.some((n) => /TAG_POLICY is enabled; only SCPs and RCPs are modelled/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => /AllowAllS3Actions.*no list-targets-for-policy output/.test(n)));
});

test('the imported organization gives each account its levels, with no document copied into an account file', () => {
  const text = importOrganizations(sources()).text!;
  const prod = JSON.stringify({ account: { id: '333333333333' }, users: { ops: { policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] } } });
  const ws = buildWorkspace([{ uri: 'organization.iam.json', text }, { uri: 'prod.iam.json', text: prod }]);
  assert.deepEqual(ws.allFindings().filter((f) => f.severity === 'error'), []);
  const levels = ws.organizationOf(ws.fileForAccount('333333333333'))!;
  assert.deepEqual(levels.scp.map((l) => l.map((r) => r.ref)), [['FullAWSAccess'], ['FullAWSAccess', 'DenyLeaveOrganization'], ['FullAWSAccess'], ['FullAWSAccess']]);
  assert.deepEqual(levels.rcp.map((l) => l.map((r) => r.ref)), [['EnforceSecureTransport'], [], [], []]);
  assert.equal(ws.fileForAccount('333333333333')!.policies.size, 0);
});

test('without FullAWSAccess targets every node keeps AWS\'s default; without list-roots nothing is written', () => {
  const some = sources().filter((s) => !s.name.includes('p-FullAWSAccess'));
  const r = importOrganizations(some);
  assert.deepEqual(JSON.parse(r.text!).organization.root.organizationalUnits.Security.policies, ['FullAWSAccess']);
  assert.ok(r.notes.some((n) => /FullAWSAccess, AWS's default/.test(n.message)));
  const none = importOrganizations(sources().filter((s) => !s.name.includes('list-roots')));
  assert.equal(none.text, undefined);
  assert.match(none.errors[0].message, /no list-roots output/);
});

test('an output whose parent or policy is not in its file name, or that is not Organizations output, is an error with a position', () => {
  const ous = sources().find((s) => s.name.includes('list-organizational-units-for-parent.r-'))!;
  const r = importOrganizations([...sources().filter((s) => s !== ous), { name: 'ous.json', text: ous.text }]);
  assert.match(r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'), /^ous\.json:1:1: list-organizational-units-for-parent output does not say its parent/);
  const other = importOrganizations([...sources(), { name: 'x.json', text: '{\n  "Users": []\n}' }]);
  assert.match(other.errors[0].message, /not output of aws organizations/);
  const text = '{ "Targets": [ { "TargetId": "r-examplerootid111", "Type": "FOLDER" } ] }';
  const bad = importOrganizations([...sources(), { name: 'list-targets-for-policy.p-examplepolicyid111.json', text }]);
  assert.match(bad.errors[0].message, /Type should be ROOT, ORGANIZATIONAL_UNIT or ACCOUNT, not "FOLDER"/);
  assert.equal(bad.errors[0].column, text.indexOf('"FOLDER"') + 1);
});

test('iam-workbench import --organizations DIR --out organization.iam.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgs-'));
  cpSync(DIR, join(dir, 'org-output'), { recursive: true });
  let out = '';
  let err = '';
  const io: CliIO = { cwd: dir, out: (t) => (out += t), err: (t) => (err += t) };
  assert.equal(await main(['import', '--organizations', 'org-output', '--out', 'organization.iam.json'], io), 0, err);
  assert.match(out, /wrote organization\.iam\.json: 3 accounts, 3 OUs, 3 SCPs and RCPs/);
  assert.match(err, /TAG_POLICY/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'organization.iam.json'), 'utf8')).organization.id, 'o-exampleorgid');
  assert.equal(await main(['import', '--organizations', 'org-output', '--out', 'organization.iam.json'], io), 2, 'no overwrite without --force');
  writeFileSync(join(dir, 'prod.iam.json'), JSON.stringify({ account: { id: '333333333333' } }));
  let checked = '';
  await main(['check', '.', '--format', 'json'], { cwd: dir, out: (t) => (checked += t), err: () => {} });
  assert.doesNotMatch(checked, /"severity":\s*"error"/);
});
