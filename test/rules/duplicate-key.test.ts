import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../core/engine/simulate';
import { parseAccountFile } from '../../core/model';
import { expectRule, inFile, marked, run, stmt, URI } from './harness';

const RULE = 'grammar/duplicate-key';
const ALLOW = '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"';

const cases: [string, string][] = [
  ['a second Effect (the issue\'s Deny that reads as an Allow)', inFile(stmt(`"Effect": "Deny", ${ALLOW}, ⟦"Effect"⟧: "Allow"`))],
  ['a second Condition element', inFile(stmt(`"Effect": "Allow", ${ALLOW}, "Condition": {"Bool": {"aws:SecureTransport": "true"}}, ⟦"Condition"⟧: {}`))],
  ['an operator twice in one Condition', inFile(stmt(`"Effect": "Allow", ${ALLOW}, "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}, ⟦"StringEquals"⟧: {"aws:SourceVpc": "vpc-2"}}`))],
  ['a condition key twice, differing in case (keys are case-insensitive)', inFile(stmt(`"Effect": "Allow", ${ALLOW}, "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", ⟦"AWS:sourcevpc"⟧: "vpc-2"}}`))],
  ['a principal type twice', inFile(stmt('"Effect": "Allow", "Principal": {"AWS": "111122223333", ⟦"AWS"⟧: "444455556666"}, "Action": "sts:AssumeRole"'), 'trust')],
  ['Version and Statement twice in the document', inFile(`{ "Version": "2012-10-17", ⟦"Version"⟧: "2008-10-17", "Statement": [ { "Effect": "Allow", ${ALLOW} } ], ⟦"Statement"⟧: [] }`)],
  ['nothing: the same keys in two statements', inFile(`{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", ${ALLOW} }, { "Effect": "Deny", ${ALLOW} } ] }`)],
  ['nothing: the same condition key under two operators', inFile(stmt(`"Effect": "Allow", ${ALLOW}, "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}, "StringLike": {"aws:SourceVpc": "vpc-*"}}`))],
  ['nothing: "effect" is another (unknown) element, not a duplicate', inFile(stmt(`"Effect": "Allow", ${ALLOW}, "effect": "Deny"`))],
];

for (const [name, text] of cases) {
  test(`${RULE}: ${name}`, () => {
    const findings = expectRule(RULE, text);
    for (const f of findings) {
      assert.equal(f.severity, 'error');
      const key = marked(text).text.slice(f.span.start, f.span.end);
      // The related location is the first key of that name, earlier in the text.
      assert.equal(f.related?.length, 1);
      const first = f.related![0];
      assert.equal(first.uri, URI);
      assert.ok(first.span.start < f.span.start);
      assert.equal(marked(text).text.slice(first.span.start, first.span.end).toLowerCase(), key.toLowerCase());
      assert.match(f.message, /Duplicate key/);
    }
  });
}

test(`${RULE}: the message says which value the evaluator uses`, () => {
  const [effect] = run(RULE, inFile(stmt(`"Sid": "S", "Effect": "Deny", ${ALLOW}, "Effect": "Allow"`)));
  assert.match(effect.message, /Duplicate key "Effect" in statement "S" of .*the evaluator reads the last one/);
  const [cond] = run(RULE, inFile(stmt(`"Effect": "Allow", ${ALLOW}, "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", "aws:SourceVpc": "vpc-2"}}`)));
  assert.match(cond.message, /the StringEquals block of statement 1 .*both must hold/);
});

test(`${RULE}: a document written as a JSON string is checked too (positions on the string)`, () => {
  const doc = JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }).replace('"Effect":"Deny"', '"Effect":"Deny","Effect":"Allow"'));
  const text = inFile(doc);
  const findings = run(RULE, text).filter((f) => f.code === RULE);
  assert.equal(findings.length, 1);
  assert.equal(text.slice(findings[0].span.start, findings[0].span.end), doc);
});

test('simulate-custom-policy refuses a policy with a key written twice (MalformedPolicyDocument, both positions)', () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Deny",\n    "Action": "s3:GetObject",\n    "Resource": "*",\n    "Effect": "Allow"\n  }]\n}';
  const base = { actions: ['s3:GetObject'], resources: ['*'], boundaries: [], sessionPolicies: [], scpLevels: [], rcpLevels: [], endpointPolicies: [], contextEntries: [] };
  const out = simulate({ ...base, policies: [{ id: 'PolicyInputList.1', text }] } as never);
  assert.ok('error' in out, 'refused');
  assert.equal(
    (out as { error: string }).error,
    'MalformedPolicyDocument: PolicyInputList.1 (line 7, column 5): duplicate key "Effect" in statement 1 (the first is at line 4, column 5); keep one',
  );
  const fine = simulate({ ...base, policies: [{ id: 'PolicyInputList.1', text: text.replace(',\n    "Effect": "Allow"', '') }] } as never);
  assert.ok(!('error' in fine), 'the same policy without the second key is simulated');
});

test('account files: a duplicate entity key names the first one as related information', () => {
  const text = '{ "account": { "id": "123456789012" }, "users": { "alice": {}, "alice": { "path": "/x/" } } }';
  const file = parseAccountFile('a.iam.json', text);
  const dup = file.findings.find((f) => f.code === 'parse/duplicate-key');
  assert.ok(dup);
  assert.equal(text.slice(dup.span.start, dup.span.end), '"alice"');
  assert.equal(dup.span.start, text.lastIndexOf('"alice"'));
  assert.equal(dup.related?.[0].span.start, text.indexOf('"alice"'));
});

test('simulate-principal-policy refuses when a policy of the workspace has a key written twice (exit 2, both positions)', async () => {
  const { main } = await import('../../cli/main');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'dup-'));
  const text = '{\n  "account": { "id": "111111111111" },\n  "users": {\n    "alice": {\n      "inlinePolicies": {\n        "p": { "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "*", "Resource": "*", "Effect": "Allow" }] }\n      }\n    }\n  }\n}\n';
  writeFileSync(join(dir, 'iam.json'), text);
  let out = '';
  let err = '';
  const code = await main(['simulate-principal-policy', '--policy-source-arn', 'arn:aws:iam::111111111111:user/alice', '--action-names', 's3:GetObject'], {
    cwd: dir,
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  assert.equal(code, 2, out);
  assert.match(err, /MalformedPolicyDocument: .*iam\.json.* \(line 6, column \d+\): duplicate key "Effect" in statement 1 \(the first is at line 6, column \d+\)/);
});

test('duplicate keys: the same findings for a few keys (compared pairwise) and many (indexed), each against the first', async () => {
  const { parsePolicyText } = await import('../../core/policy/parse');
  for (const n of [3, 12, 13, 40]) {
    const keys = Array.from({ length: n }, (_, i) => `"k${i}": "v"`);
    // The key k1 written three times, the third in another case: each later one is reported against the first.
    keys.push('"k1": "again"', '"K1": "and again"');
    const text = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{${keys.join(',')}}}}}`;
    const doc = parsePolicyText(text, 'p', 'identity');
    const found = (doc.duplicateKeys ?? []).map((d) => [d.key, text.slice(d.firstSpan.start, d.firstSpan.end), d.where]);
    assert.deepEqual(found, [
      ['k1', '"k1"', 'the StringEquals block of statement 1'],
      ['K1', '"k1"', 'the StringEquals block of statement 1'],
    ], `${n} keys`);
  }
});
