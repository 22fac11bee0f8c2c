/**
 * The fixtures' import and exports, byte for byte, against files kept in
 * test/fixtures/interop/expected/ (reviewable examples of the output). After an intended change,
 * regenerate them with `UPDATE_GOLDEN=1 node --import tsx --test test/interop/golden.test.ts` and
 * read the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFromAws } from '../../core/interop/import';
import { exportAccount } from '../../core/interop/export';
import { buildWorkspace } from '../../core/model';
import { FIXTURES, fixture, PAGES } from './helpers';

const EXPECTED = join(FIXTURES, 'expected');

function golden(name: string, actual: string): void {
  const path = join(EXPECTED, name);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(EXPECTED, { recursive: true });
    writeFileSync(path, actual);
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs; see the header of golden.test.ts`);
}

test('golden: import of the AWS CLI fixtures, and its CloudFormation and Terraform exports', () => {
  const r = importFromAws({
    authorizationDetails: [...PAGES(), fixture('list-roles.json')],
    credentialReport: fixture('credential-report.json'),
    passwordPolicy: fixture('password-policy.json'),
  });
  golden('acme.iam.json', r.text!);
  const file = buildWorkspace([{ uri: 'acme.iam.json', text: r.text! }]).files[0];
  golden('acme.cloudformation.yaml', exportAccount(file, 'cloudformation').text);
  golden('acme.tf', exportAccount(file, 'terraform').text);
});

test('golden: exports of the hand-written sample', () => {
  const text = readFileSync(join(FIXTURES, 'export-sample.iam.json'), 'utf8');
  const file = buildWorkspace([{ uri: 'export-sample.iam.json', text }]).files[0];
  golden('export-sample.cloudformation.json', exportAccount(file, 'cloudformation', { syntax: 'json' }).text);
  golden('export-sample.tf', exportAccount(file, 'terraform').text);
});
