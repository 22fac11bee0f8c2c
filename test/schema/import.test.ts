import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFromAws } from '../../core/interop/import';
import { ROOT, explain, parseJsoncStrict, schemaErrors } from './helpers';

/** Files the product writes must validate too: `iam-workbench import` output and the interop sample. */
const FIXTURES = join(ROOT, 'test', 'fixtures', 'interop');
const fixture = (name: string) => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') });

test('a file imported from AWS CLI output (authorization details, credential report, password policy) validates', () => {
  const result = importFromAws({
    authorizationDetails: [fixture('authorization-details-page1.json'), fixture('authorization-details-page2.json')],
    credentialReport: fixture('credential-report.json'),
    passwordPolicy: fixture('password-policy.json'),
  });
  assert.deepEqual(result.errors, []);
  assert.ok(result.text, 'the import wrote a file');
  const errors = schemaErrors(parseJsoncStrict(result.text, 'import'));
  assert.equal(errors.length, 0, explain(errors));
});

test('the interop sample account file validates, except its deliberate reserved aws: tag key', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const sample = parseJsoncStrict(fixture('export-sample.iam.json').text, 'export-sample') as any;
  const errors = schemaErrors(sample);
  assert.ok(errors.length > 0 && errors.every((e) => e.instancePath === '/users/deployer/tags'), explain(errors));
  delete sample.users.deployer.tags['aws:cloudformation:fake'];
  const rest = schemaErrors(sample);
  assert.equal(rest.length, 0, explain(rest));
});
