// Access Analyzer's "Invalid kms key value" for the KMS condition keys whose values are an API enumeration
// (kms:KeySpec, kms:SigningAlgorithm, kms:GrantOperations...): the values come from the AWS SDK's KMS client model,
// extracted at build time (scripts/extract-data.mjs), and grammar/kms-values checks each condition value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCatalog } from '../../core/data/catalog';
import { applyEdits } from '../../core/analysis/rules/support/edits';
import { runRules } from '../../core/analysis/rules';
import type { RulesConfig } from '../../core/analysis/config';
import { expectRule, inFile, run, stmt, workspaceOf } from './harness';

const RULE = 'grammar/kms-values';

/** A key policy statement as the KMS developer guide writes them (Principal, kms:* actions, Resource "*"). */
function keyPolicy(condition: string, actions = '["kms:CreateKey", "kms:Sign", "kms:Verify"]'): string {
  return inFile(stmt(`"Sid": "KeyUsers", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" }, "Action": ${actions}, "Resource": "*", "Condition": ${condition}`).replace('"arn:aws:s3:::bucket"', '"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"'), 'resource');
}

const cases: [string, string][] = [
  ['a key spec with the underscore left out, and one in lower case', inFile(stmt('"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*", "Condition": { "StringEquals": { "kms:KeySpec": [⟦"RSA2048"⟧, ⟦"rsa_3072"⟧, "RSA_4096", "SYMMETRIC_DEFAULT"] } }'))],
  ['a signing algorithm in a key policy', keyPolicy('{ "StringEquals": { "kms:SigningAlgorithm": [⟦"RSASSA_PSS_SHA256"⟧, "ECDSA_SHA_256"], "kms:MessageType": ⟦"DIGESTED"⟧ } }')],
  ['grant operations that are API names but not grant operations', inFile(stmt('"Effect": "Allow", "Action": "kms:CreateGrant", "Resource": "*", "Condition": { "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt", ⟦"ReEncrypt"⟧, "GenerateDataKey", ⟦"kms:Encrypt"⟧] } }'))],
  ['key origin, usage and wrapping values', inFile(stmt('"Effect": "Deny", "Action": ["kms:CreateKey", "kms:GetParametersForImport"], "Resource": "*", "Condition": { "StringNotEquals": { "kms:KeyOrigin": ⟦"KMS"⟧, "kms:KeyUsage": ⟦"ENCRYPT"⟧, "kms:WrappingAlgorithm": ⟦"RSA_OAEP_SHA_256"⟧, "kms:WrappingKeySpec": "RSA_4096" } }'))],
  ['a pattern that matches no value', inFile(stmt('"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*", "Condition": { "StringLike": { "kms:KeySpec": [⟦"ECC_*_P999"⟧, "ECC_NIST_*", "HMAC_???"] } }'))],
  ['silent: valid values, IgnoreCase, patterns that match, variables, a key with free values', inFile(`{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*", "Condition": { "StringEquals": { "kms:KeySpec": "SYMMETRIC_DEFAULT", "kms:KeyUsage": "ENCRYPT_DECRYPT", "kms:KeyOrigin": "AWS_KMS", "kms:MultiRegionKeyType": "PRIMARY" } } },
    { "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*", "Condition": { "StringEqualsIgnoreCase": { "kms:EncryptionAlgorithm": "symmetric_default" } } },
    { "Effect": "Allow", "Action": "kms:Sign", "Resource": "*", "Condition": { "StringLike": { "kms:SigningAlgorithm": ["RSASSA_PSS_*", "*"] } } },
    { "Effect": "Allow", "Action": "kms:GenerateMac", "Resource": "*", "Condition": { "StringEquals": { "kms:MacAlgorithm": ["\${aws:PrincipalTag/mac}", "HMAC_SHA_256"], "kms:EncryptionContext:project": "anything" } } },
    { "Effect": "Allow", "Action": "kms:ImportKeyMaterial", "Resource": "*", "Condition": { "StringEquals": { "kms:ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE" } } } ] }`)],
];

for (const [name, text] of cases) {
  test(`KMS enumerated values: ${name}`, () => {
    expectRule(RULE, text);
  });
}

test('the findings say what the values are and what was meant', () => {
  const [spec, lower] = run(RULE, inFile(stmt('"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*", "Condition": { "StringEquals": { "kms:KeySpec": ["RSA2048", "rsa_3072"] } }')));
  assert.match(spec.message, /"RSA2048" is not a KeySpec value/);
  assert.match(spec.message, /Did you mean "RSA_2048"/);
  assert.match(lower.message, /case-sensitively: "rsa_3072" never matches the KeySpec value "RSA_3072"/);
});

test('quick fix: the closest value replaces the wrong one, keeping the rest of the file', () => {
  const text = inFile(stmt('"Effect": "Allow", "Action": "kms:Sign", "Resource": "*", "Condition": {\n  // signing keys only\n  "StringEquals": { "kms:SigningAlgorithm": "ecdsa_sha_256" } }'));
  const [f] = run(RULE, text);
  assert.equal(f.fixes?.[0]?.title, 'Change to "ECDSA_SHA_256"');
  const fixed = applyEdits(text, f.fixes![0].edits);
  assert.equal(fixed, text.replace('"ecdsa_sha_256"', '"ECDSA_SHA_256"'));
  assert.equal(run(RULE, fixed).length, 0);
});

test('no quick fix when no value is close', () => {
  const [f] = run(RULE, inFile(stmt('"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*", "Condition": { "StringEquals": { "kms:KeyOrigin": "on-premises" } }')));
  assert.ok(f);
  assert.equal(f.fixes?.length ?? 0, 0);
});

test('the values come from the AWS SDK KMS model, for keys the catalogue has', () => {
  const c = getCatalog();
  assert.equal(c.conditionValuesSource.package, '@aws-sdk/client-kms');
  const spec = c.conditionKeyValues('KMS:KEYSPEC')!;
  assert.equal(spec.enumName, 'KeySpec');
  for (const v of ['SYMMETRIC_DEFAULT', 'RSA_2048', 'ECC_NIST_P256', 'HMAC_256']) assert.ok(spec.valueSet.has(v), v);
  assert.ok(c.conditionKeyValues('kms:GrantOperations')!.valueSet.has('CreateGrant'));
  assert.equal(c.conditionKeyValues('kms:ViaService'), undefined);
  assert.equal(c.conditionKeyValues('s3:x-amz-acl'), undefined);
  for (const k of ['kms:KeySpec', 'kms:KeyUsage', 'kms:KeyOrigin', 'kms:EncryptionAlgorithm', 'kms:SigningAlgorithm', 'kms:MacAlgorithm', 'kms:KeyAgreementAlgorithm', 'kms:DataKeyPairSpec', 'kms:WrappingAlgorithm', 'kms:WrappingKeySpec', 'kms:ExpirationModel', 'kms:GrantOperations', 'kms:MessageType', 'kms:MultiRegionKeyType']) {
    const info = c.conditionKey(k);
    assert.ok(info, `${k} is a catalogue key`);
    assert.match(info!.type, /String/, k);
    assert.ok(c.conditionKeyValues(k)!.values.length > 0, k);
  }
});

/** The build script (ESM). */
async function script(): Promise<{ buildKmsConditionValues(kms: unknown, dir: string): { keys: Record<string, [string, string[]]> } }> {
  return import('../../scripts/extract-data.mjs' as string);
}

test('extract-data fails, naming what is missing, when the KMS model is absent or lacks an enum', async () => {
  const { buildKmsConditionValues } = await script();
  const kms = { conditionKeys: Object.fromEntries(['KeySpec', 'KeyUsage'].map((k) => [`kms:${k}`, ['String', '']])) };
  const dir = mkdtempSync(join(tmpdir(), 'iwb-kms-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@aws-sdk/client-kms', version: '0.0.0-test' }));
    assert.throws(() => buildKmsConditionValues(kms, dir), /no KMS enums .* found in @aws-sdk\/client-kms 0\.0\.0-test/);
    mkdirSync(join(dir, 'dist-es', 'models'), { recursive: true });
    writeFileSync(join(dir, 'dist-es', 'models', 'enums.js'), 'export const KeySpec = {\n    RSA_2048: "RSA_2048",\n};\n');
    assert.throws(() => buildKmsConditionValues(kms, dir), /has no enum (CustomerMasterKeySpec|KeyUsageType)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('documents it found nothing in are skipped on later runs; the others still report on every run', () => {
  const text = inFile(`{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*", "Condition": { "StringEquals": { "kms:KeySpec": "RSA2048" } } },
    { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }`);
  const ws = workspaceOf(text);
  const codes = (config: object) => runRules(ws, config as RulesConfig, { only: [RULE] }).map((f) => text.slice(f.span.start, f.span.end));
  assert.deepEqual(codes({ kmsRun: 1 }), ['"RSA2048"']);
  assert.deepEqual(codes({ kmsRun: 2 }), ['"RSA2048"']);
  const clean = workspaceOf(inFile(stmt('"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"')));
  for (const run of [1, 2]) assert.equal(runRules(clean, { kmsRun: run } as RulesConfig, { only: [RULE] }).length, 0);
});
