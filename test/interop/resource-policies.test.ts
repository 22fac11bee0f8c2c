import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResourcePolicies } from '../../core/interop/import/resource-policies';
import { buildWorkspace } from '../../core/model';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';
import { FIXTURES } from './helpers';

const DIR = join(FIXTURES, 'resource-policies');
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const read = (n: string, as = n) => ({ name: as, text: readFileSync(join(DIR, n), 'utf8') });

test('each AWS CLI output gives its resource policy under the resource ARN the output or the policy names', () => {
  const r = readResourcePolicies([
    read('get-bucket-policy.acme-reports.json'),
    read('get-key-policy.json', `${KEY}=get-key-policy.json`),
    read('get-queue-attributes.jobs.json'),
    read('get-topic-attributes.my-topic.json'),
    read('get-policy.my-function.json'),
  ]);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(Object.keys(r.resources).sort(), [
    'arn:aws:lambda:us-east-1:123456789012:function:my-function',
    'arn:aws:s3:::acme-reports',
    KEY,
    'arn:aws:sns:us-east-1:123456789012:my-topic',
    'arn:aws:sqs:us-east-1:123456789012:jobs',
  ].sort());
  assert.equal((r.resources[KEY].policy as { Id: string }).Id, 'key-default-1');
  assert.ok(r.notes.some((n) => /attributes other than the policy/.test(n.message)));
});

test('a key policy without its ARN, or output that is no resource policy, is an error with a position', () => {
  const r = readResourcePolicies([read('get-key-policy.json')]);
  assert.match(r.errors[0].message, /does not say which resource it belongs to \(a key policy names "Resource": "\*"\): give the input as ARN=FILE/);
  const bad = readResourcePolicies([{ name: 'x.json', text: '{\n  "Policy": "{not json"\n}' }]);
  assert.equal(`${bad.errors[0].line}:${bad.errors[0].column}`, '2:13');
  assert.match(bad.errors[0].message, /is not JSON/);
  assert.match(readResourcePolicies([{ name: 'y.json', text: '{ "Users": [] }' }]).errors[0].message, /not the output of s3api get-bucket-policy/);
});

test('iam-workbench import --authorization-details ... --resource-policies adds them to the account file, and the simulator uses them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-'));
  for (const f of ['authorization-details-page1.json', 'authorization-details-page2.json']) cpSync(join(FIXTURES, f), join(dir, f));
  cpSync(DIR, join(dir, 'policies'), { recursive: true });
  let out = '';
  let err = '';
  const io: CliIO = { cwd: dir, out: (t) => (out += t), err: (t) => (err += t) };
  const files = readdirSync(DIR).filter((f) => f !== 'get-key-policy.json').map((f) => join('policies', f));
  const code = await main(['import', '--authorization-details', 'authorization-details-page1.json', 'authorization-details-page2.json',
    '--resource-policies', ...files, `${KEY}=policies/get-key-policy.json`, '--out', 'acme.iam.json'], io);
  assert.equal(code, 0, err);
  assert.match(out, /5 resource policies/);
  assert.doesNotMatch(err, /resource policies and organization policies are not in these outputs/);
  const text = readFileSync(join(dir, 'acme.iam.json'), 'utf8');
  const ws = buildWorkspace([{ uri: 'acme.iam.json', text }]);
  assert.deepEqual(ws.allFindings().filter((f) => f.severity === 'error').map((f) => f.message), []);
  assert.equal(ws.files[0].resources.length, 5);
  // The bucket policy decides: plain HTTP is denied for everyone, whatever identity policies say.
  let json = '';
  await main(['simulate-custom-policy', '--policy-input-list', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    '--action-names', 's3:GetObject', '--resource-arns', 'arn:aws:s3:::acme-reports/x',
    '--resource-policy', JSON.parse(readFileSync(join(DIR, 'get-bucket-policy.acme-reports.json'), 'utf8')).Policy,
    '--caller-arn', 'arn:aws:iam::123456789012:user/someone',
    '--context-entries', 'ContextKeyName=aws:SecureTransport,ContextKeyValues=false,ContextKeyType=boolean'], { cwd: dir, out: (t) => (json += t), err: (t) => (err += t) });
  assert.equal(JSON.parse(json).EvaluationResults[0].EvalDecision, 'explicitDeny', err);
});
