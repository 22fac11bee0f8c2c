import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../core/analysis/rules/support/edits';
import { expectRule, inFile, marked, run, stmt } from './harness';

const ALLOW = '"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"';

const cases: [string, string][] = [
  // rule, file text with ⟦expected spans⟧
  ['grammar/version-missing', inFile(`⟦{⟧ "Statement": [ { ${ALLOW} } ] }`)],
  ['grammar/version-missing', inFile(stmt(ALLOW))],
  ['grammar/version-value', inFile(`{ "Version": ⟦"2008-10-17"⟧, "Statement": [ { ${ALLOW} } ] }`)],
  ['grammar/version-value', inFile(`{ "Version": ⟦"2012-10-18"⟧, "Statement": [ { ${ALLOW} } ] }`)],
  ['grammar/version-value', inFile(stmt(ALLOW))],
  ['grammar/variables-old-version', inFile(`{ "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": ⟦"arn:aws:s3:::b/\${aws:username}/*"⟧ } ] }`)],
  ['grammar/variables-old-version', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"'))],
  ['grammar/effect', inFile(stmt('"Effect": ⟦"allow"⟧, "Action": "s3:GetObject", "Resource": "*"'))],
  ['grammar/effect', inFile(stmt('"Effect": ⟦"Permit"⟧, "Action": "s3:GetObject", "Resource": "*"'))],
  ['grammar/effect', inFile(`{ "Version": "2012-10-17", "Statement": [ ⟦{⟧ "Action": "s3:GetObject", "Resource": "*" } ] }`)],
  ['grammar/effect', inFile(stmt(ALLOW))],
  ['grammar/conflicting-elements', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "NotAction": ⟦"s3:PutObject"⟧, "Resource": "*"'))],
  ['grammar/conflicting-elements', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "NotResource": ⟦["arn:aws:s3:::x"]⟧'))],
  ['grammar/conflicting-elements', inFile(stmt(ALLOW))],
  ['grammar/missing-action', inFile(`{ "Version": "2012-10-17", "Statement": [ ⟦{⟧ "Effect": "Allow", "Resource": "*" } ] }`)],
  ['grammar/missing-action', inFile(stmt('"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"'))],
  ['grammar/missing-resource', inFile(`{ "Version": "2012-10-17", "Statement": [ ⟦{⟧ "Effect": "Allow", "Action": "s3:*" } ] }`)],
  ['grammar/missing-resource', inFile(stmt('"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"'), 'trust')],
  ['grammar/resource-in-trust-policy', inFile(stmt('"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": ⟦"*"⟧'), 'trust')],
  ['grammar/missing-principal', inFile(`{ "Version": "2012-10-17", "Statement": [ ⟦{⟧ "Effect": "Allow", "Action": "sts:AssumeRole" } ] }`, 'trust')],
  ['grammar/missing-principal', inFile(stmt('"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"'), 'resource')],
  ['grammar/principal-not-allowed', inFile(stmt('"Effect": "Allow", "Principal": ⟦{"AWS": "123456789012"}⟧, "Action": "s3:GetObject", "Resource": "*"'))],
  ['grammar/principal-not-allowed', inFile(stmt('"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"'), 'resource')],
  ['grammar/sid', inFile(`{ "Version": "2012-10-17", "Statement": [ { "Sid": "A", ${ALLOW} }, { "Sid": ⟦"A"⟧, ${ALLOW} } ] }`)],
  ['grammar/sid', inFile(`{ "Version": "2012-10-17", "Statement": [ { "Sid": ⟦"read logs"⟧, ${ALLOW} } ] }`)],
  ['grammar/sid', inFile(`{ "Version": "2012-10-17", "Statement": [ { "Sid": "ReadLogs1", ${ALLOW} } ] }`)],
  ['grammar/action-format', inFile(stmt('"Effect": "Allow", "Action": [⟦"s*:GetObject"⟧, ⟦"GetObject"⟧, ⟦"s3:"⟧, "s3:Get*", "*"], "Resource": "*"'))],
  ['grammar/action-format', inFile(stmt('"Effect": "Allow", "Action": [⟦"s3:${aws:username}"⟧], "Resource": "*"'))],
  ['grammar/arn-format', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": [⟦"arn:aws:s3:bucket"⟧, ⟦"bucket/*"⟧, ⟦"arn:aws:iam::12345:role/x"⟧, "arn:aws:s3:::b/*", "arn:aws:iam::123456789012:role/*"]'))],
  ['grammar/arn-format', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": [⟦"arn:aws:*:::b"⟧]'))],
  ['grammar/principal-format', inFile(stmt('"Effect": "Allow", "Principal": {"AWS": [⟦"arn:aws:iam::123456789012:role/app-*"⟧, ⟦"alice"⟧, "111122223333", "arn:aws:iam::111122223333:root"]}, "Action": "sts:AssumeRole"'), 'trust')],
  ['grammar/principal-format', inFile(stmt('"Effect": "Allow", "Principal": {"AWS": [⟦"AROAEXAMPLEID1234567"⟧, "arn:aws:iam::123456789012:group/G", "arn:aws:sts::123456789012:assumed-role/r/s"]}, "Action": "sts:AssumeRole"'), 'trust')],
  ['grammar/principal-format', inFile(stmt('"Effect": "Allow", "Principal": {⟦"Aws"⟧: "111122223333", "Service": [⟦"ec2"⟧, "lambda.amazonaws.com"], "Federated": ⟦"github"⟧}, "Action": "sts:AssumeRole"'), 'trust')],
  ['grammar/policy-variable', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": [⟦"arn:aws:s3:::b/${aws:usrname}/*"⟧, ⟦"arn:aws:s3:::b/${aws:username"⟧, "arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/${aws:PrincipalTag/team, \'none\'}/*", "arn:aws:s3:::b/${*}"]'))],
  ['grammar/condition-operator', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { ⟦"stringequals"⟧: {"aws:SourceVpc": "vpc-1"}, ⟦"StringEqual"⟧: {"aws:SourceVpc": "vpc-1"}, "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "a*"}, ⟦"ForSomeValues:StringLike"⟧: {"aws:TagKeys": "a"} }'))],
  ['grammar/condition-operator', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { ⟦"toString"⟧: {"aws:SourceVpc": "vpc-1"}, ⟦"constructorIfExists"⟧: {"aws:SourceVpc": "vpc-1"}, "StringEquals": {"aws:SourceVpc": "vpc-1"} }'))],
  ['grammar/null-ifexists', inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { ⟦"NullIfExists"⟧: {"aws:SourceVpc": "true"}, "Null": {"aws:SourceVpce": "true"} }'))],
  ['grammar/condition-value', inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "NumericLessThan": {"s3:max-keys": [⟦"ten"⟧, "10", 5]}, "DateGreaterThan": {"aws:CurrentTime": [⟦"tomorrow"⟧, "2026-01-01T00:00:00Z", "2026-01-01"]}, "Bool": {"aws:SecureTransport": [⟦"no"⟧, false, "true"]}, "IpAddress": {"aws:SourceIp": [⟦"10.0.0.300/8"⟧, "10.0.0.0/8", "2001:db8::/32"]}, "ArnLike": {"aws:SourceArn": [⟦"my-role"⟧, "arn:aws:iam::*:role/x"]} }'))],
  ['grammar/operator-key-type', inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringEquals": {⟦"aws:SourceIp"⟧: "10.0.0.1", "aws:SourceVpc": "vpc-1"}, "StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}, "NumericLessThan": {⟦"aws:CurrentTime"⟧: "5"} }'))],
  ['grammar/set-operator', inFile(stmt('"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": { ⟦"ForAllValues:StringEquals"⟧: {"aws:SourceVpc": "vpc-1"}, "ForAnyValue:StringEquals": {"aws:TagKeys": "a"}, "StringEquals": {⟦"aws:TagKeys"⟧: "b"}, "Null": {"aws:TagKeys": "false"} }'))],
  ['grammar/not-principal', inFile(stmt('"Effect": "Allow", "NotPrincipal": ⟦{"AWS": "111122223333"}⟧, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"'), 'resource')],
  ['grammar/not-principal', inFile(stmt('"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"'), 'resource')],
  ['grammar/not-principal', inFile(stmt('"Effect": "Deny", "NotPrincipal": ⟦{"AWS": "111122223333"}⟧, "Action": "sts:AssumeRole"'), 'trust')],
  ['grammar/rcp', `{ "account": { "id": "123456789012", "organization": { "resourceControlPolicies": [["RCPFullAWSAccess", "R"]] } }, "policies": { "R": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": ⟦"Allow"⟧, "Principal": ⟦{ "AWS": "111122223333" }⟧, "Action": "s3:*", "Resource": "*" }, { "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:PrincipalOrgID": "o-1" } } } ] } } } }`],
];

for (const [rule, text] of cases) {
  test(`${rule}: ${marked(text).spans.length ? 'fires' : 'stays silent'} on ${marked(text).text.replace(/\s+/g, ' ').slice(90, 170)}`, () => {
    expectRule(rule, text);
  });
}

test('quick fixes: minimal edits that keep the formatting', () => {
  const text = inFile('{\n      "Statement": [ { "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" } ]\n    }');
  const version = run('grammar/version-missing', text)[0];
  const fixed = applyEdits(text, version.fixes![0].edits);
  assert.match(fixed, /"document": \{\n\s+"Version": "2012-10-17",\n\s+"Statement"/);
  assert.equal(fixed.replace(/"Version": "2012-10-17",\s*/, ''), text.replace(/\{\n(\s+)"Statement"/, '{\n$1"Statement"'));
  const effect = run('grammar/effect', text)[0];
  assert.equal(applyEdits(text, effect.fixes![0].edits), text.replace('"allow"', '"Allow"'));
});

test('quick fix removes a Principal from an identity policy', () => {
  const text = inFile(stmt('"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "*"'));
  const f = run('grammar/principal-not-allowed', text)[0];
  const fixed = applyEdits(text, f.fixes![0].edits);
  assert.ok(!fixed.includes('Principal'));
  assert.doesNotThrow(() => JSON.parse(fixed));
});

test('documents written as JSON strings get findings but no fixes', () => {
  const text = inFile(JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }] })));
  const f = run('grammar/effect', text);
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].fixes, undefined);
});

test('grammar/condition-value: an empty list is judged as the evaluator decides it (key present, key missing)', async () => {
  const { evaluate } = await import('../../core/engine');
  const { parsePolicyText } = await import('../../core/policy/parse');
  const cases: [string, 'error' | 'warning', boolean, boolean][] = [
    // operator, severity of the finding, allowed when the key is present, allowed when it is missing
    ['StringEquals', 'error', false, false],
    ['ForAnyValue:StringEquals', 'error', false, false],
    ['ForAllValues:StringEquals', 'warning', false, true],
    ['StringEqualsIfExists', 'warning', false, true],
    ['StringNotEquals', 'warning', true, true],
  ];
  for (const [op, severity, present, missing] of cases) {
    const doc = stmt(`"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "${op}": { "aws:SourceVpc": ⟦[]⟧ } }`);
    const [f] = expectRule('grammar/condition-value', inFile(doc));
    assert.equal(f.severity, severity, op);
    const policy = parsePolicyText(marked(doc).text, 'p.json', 'identity');
    const ask = (context: Record<string, string>) =>
      evaluate({ principal: 'arn:aws:iam::123456789012:user/u', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context }, { identity: [{ doc: policy, id: 'p', sourceType: 'identity' }] } as never).decision === 'allowed';
    assert.equal(ask({ 'aws:SourceVpc': 'vpc-1a2b3c4d' }), present, `${op} with the key present`);
    assert.equal(ask({}), missing, `${op} with the key missing`);
    assert.match(f.message, missing && !present ? /only when aws:SourceVpc is missing/ : present ? /matches every request/ : /never matches/, op);
  }
});
