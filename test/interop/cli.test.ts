import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';
import { FIXTURES } from './helpers';

async function run(args: string[], cwd: string, stdin?: string) {
  let out = '';
  let err = '';
  const io: CliIO = { cwd, out: (t) => void (out += t), err: (t) => void (err += t), stdin: stdin === undefined ? undefined : async () => stdin };
  return { code: await main(args, io), out, err };
}

/** A scratch folder holding copies of the fixtures, removed after the test. */
function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-interop-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of readdirSync(FIXTURES)) if (statSync(join(FIXTURES, f)).isFile()) copyFileSync(join(FIXTURES, f), join(dir, f));
  return dir;
}

const IMPORT = [
  'import', '--authorization-details', 'authorization-details-page1.json', 'authorization-details-page2.json', 'list-roles.json',
  '--credential-report', 'credential-report.json', '--password-policy', 'password-policy.json',
];

test('cli import: writes the file, lists what was not imported, refuses to overwrite without --force', async (t) => {
  const dir = scratch(t);
  const first = await run([...IMPORT, '--out', 'acme.iam.json'], dir);
  assert.equal(first.code, 0, first.err);
  assert.equal(first.out, 'wrote acme.iam.json: 3 users, 2 groups, 3 roles, 2 customer managed policies\n');
  assert.match(first.err, /not imported or not known \(\d+\):\n {2}- /);
  assert.match(first.err, /policy "S3ReadOnly": 2 versions v1, v2 not imported/);
  const bytes = readFileSync(join(dir, 'acme.iam.json'), 'utf8');
  const again = await run([...IMPORT, '--out', 'acme.iam.json'], dir);
  assert.equal(again.code, 2);
  assert.match(again.err, /'acme\.iam\.json' exists; pass --force to overwrite it/);
  const forced = await run([...IMPORT, '--out', 'acme.iam.json', '--force'], dir);
  assert.equal(forced.code, 0);
  assert.equal(readFileSync(join(dir, 'acme.iam.json'), 'utf8'), bytes, 'importing twice gives the same bytes');
  const check = await run(['check', 'acme.iam.json', '--format', 'json'], dir);
  assert.ok(!/"severity": ?"error"/.test(check.out), check.out);
});

test('cli import: input errors print positions and write nothing', async (t) => {
  const dir = scratch(t);
  const r = await run(['import', '--authorization-details', 'authorization-details-page1.json', 'broken-syntax.json', '--out', 'x.iam.json'], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /^broken-syntax\.json:4:9: JSON syntax error/m);
  assert.match(r.err, /nothing written/);
  assert.equal(existsSync(join(dir, 'x.iam.json')), false);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), []);
  // An existing file stays as it was when the import fails, even with --force.
  writeFileSync(join(dir, 'keep.iam.json'), '{}\n');
  const forced = await run(['import', '--authorization-details', 'broken-shape.json', '--out', 'keep.iam.json', '--force'], dir);
  assert.equal(forced.code, 1);
  assert.equal(readFileSync(join(dir, 'keep.iam.json'), 'utf8'), '{}\n');
});

test('cli import: usage errors', async (t) => {
  const dir = scratch(t);
  assert.match((await run(['import', '--out', 'a.iam.json'], dir)).err, /--authorization-details FILE is required/);
  assert.match((await run(['import', '--authorization-details', 'authorization-details-page1.json'], dir)).err, /--out FILE\.iam\.json is required/);
  assert.match((await run(['import', '--authorization-details', 'authorization-details-page1.json', '--out', 'a.json'], dir)).err, /must be named iam\.json or NAME\.iam\.json/);
  const missing = await run(['import', '--authorization-details', 'nope.json', '--out', 'a.iam.json'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read 'nope\.json': no such file/);
  assert.equal((await run(['import', '--help'], dir)).code, 0);
});

test('cli export: CloudFormation YAML and JSON, Terraform, standard output; never overwrites without --force', async (t) => {
  const dir = scratch(t);
  await run([...IMPORT, '--out', 'acme.iam.json'], dir);
  rmSync(join(dir, 'export-sample.iam.json'));
  const yaml = await run(['export', '--format', 'cloudformation', '--out', 'iam.yaml'], dir);
  assert.equal(yaml.code, 0, yaml.err);
  assert.match(yaml.out, /wrote iam\.yaml \(CloudFormation, YAML\) from acme\.iam\.json/);
  assert.match(yaml.err, /left out \(\d+\):\n {2}- /);
  assert.match(readFileSync(join(dir, 'iam.yaml'), 'utf8'), /Type: AWS::IAM::UserToGroupAddition/);
  const json = await run(['export', '--format', 'cloudformation', 'acme.iam.json', '--out', 'iam.json.template.json'], dir);
  assert.equal(json.code, 0);
  assert.equal(JSON.parse(readFileSync(join(dir, 'iam.json.template.json'), 'utf8')).AWSTemplateFormatVersion, '2010-09-09');
  const tf = await run(['export', '--format', 'terraform', 'acme.iam.json', '--out', '-'], dir);
  assert.equal(tf.code, 0);
  assert.match(tf.out, /resource "aws_iam_user_group_membership" "alice"/);
  const adopt = await run(['export', '--format', 'terraform', 'acme.iam.json', '--out', '-', '--adopt'], dir);
  assert.match(adopt.out, /import \{\n {2}to = aws_iam_user\.alice\n {2}id = "alice"\n\}/);
  assert.match((await run(['export', '--format', 'cloudformation', 'acme.iam.json', '--out', '-', '--adopt'], dir)).err, /--adopt is for Terraform/);
  const again = await run(['export', '--format', 'terraform', 'acme.iam.json', '--out', 'iam.yaml'], dir);
  assert.equal(again.code, 2);
  assert.match(again.err, /exists; pass --force/);
});

test('cli export: usage errors, several accounts, a file with errors', async (t) => {
  const dir = scratch(t);
  assert.match((await run(['export', '--out', 'x.tf'], dir)).err, /--format is required/);
  assert.match((await run(['export', '--format', 'pulumi', '--out', 'x.tf'], dir)).err, /--format must be one of cloudformation, terraform/);
  assert.match((await run(['export', '--format', 'terraform', 'export-sample.iam.json'], dir)).err, /--out FILE is required/);
  await run([...IMPORT, '--out', 'acme.iam.json'], dir);
  const two = await run(['export', '--format', 'terraform', '--out', 'x.tf'], dir);
  assert.equal(two.code, 2);
  assert.match(two.err, /a template deploys one account; 2 account files found/);
  writeFileSync(join(dir, 'bad.iam.json'), '{ "account": { "id": "111122223333" }, "users": { "a": { "groups": ["Nope"] } } }\n');
  const bad = await run(['export', '--format', 'terraform', 'bad.iam.json', '--out', 'x.tf'], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /bad\.iam\.json:1:\d+ error ref\/unknown-group/);
  assert.equal(existsSync(join(dir, 'x.tf')), false);
});

test('cli import: one input from standard input', async (t) => {
  const dir = scratch(t);
  const page2 = readFileSync(join(dir, 'authorization-details-page2.json'), 'utf8');
  const r = await run(['import', '--authorization-details', 'authorization-details-page1.json', '-', '--out', 'piped.iam.json'], dir, page2);
  assert.equal(r.code, 0, r.err);
  const direct = await run(['import', '--authorization-details', 'authorization-details-page1.json', 'authorization-details-page2.json', '--out', 'direct.iam.json'], dir);
  assert.equal(direct.code, 0);
  assert.equal(readFileSync(join(dir, 'piped.iam.json'), 'utf8'), readFileSync(join(dir, 'direct.iam.json'), 'utf8'));
  const broken = await run(['import', '--authorization-details', '-', '--out', 'b.iam.json'], dir, '{"UserDetailList": [}');
  assert.match(broken.err, /^\(stdin\):1:21: JSON syntax error/m);
  assert.match((await run(['import', '--authorization-details', '-', '--credential-report', '-', '--out', 'c.iam.json'], dir, '{}')).err, /only one of the inputs/);
});
