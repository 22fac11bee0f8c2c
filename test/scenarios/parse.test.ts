import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isScenarioFileName, parseScenarioFile } from '../../core/analysis/scenarios';
import { slice } from './helpers';

const codes = (text: string) => parseScenarioFile('t.iam-tests.json', text).findings.map((f) => f.code);

test('reads a scenario with every field, keeping spans', () => {
  const text = `// comment
{
  "scenarios": [
    {
      "name": "ops can run instances",
      "principal": "pat",
      "account": "111122223333",
      "chain": ["ops", { "role": "arn:aws:iam::111122223333:role/ops", "sessionName": "s", "context": { "sts:ExternalId": "x" },
                 "sessionPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "ec2:*", "Resource": "*" }] } }],
      "sessionPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] },
      "context": { "aws:MultiFactorAuthPresent": true, "aws:TagKeys": ["a", "b"], "aws:MultiFactorAuthAge": 30 },
      "actions": ["ec2:RunInstances", "ec2:Describe*"],
      "resources": ["*"],
      "expect": "allowed",
      "expectDecidedBy": "identity",
    },
  ],
}`;
  const file = parseScenarioFile('t.iam-tests.json', text);
  assert.deepEqual(file.findings, []);
  assert.equal(file.scenarios.length, 1);
  const s = file.scenarios[0];
  assert.equal(s.name, 'ops can run instances');
  assert.equal(slice(text, s.nameSpan), '"ops can run instances"');
  assert.equal(slice(text, s.expectSpan), '"allowed"');
  assert.ok(slice(text, s.span).startsWith('{') && slice(text, s.span).includes('"expectDecidedBy"'));
  assert.deepEqual(s.question.actions, ['ec2:RunInstances', 'ec2:Describe*']);
  assert.deepEqual(s.question.context, { 'aws:MultiFactorAuthPresent': true, 'aws:TagKeys': ['a', 'b'], 'aws:MultiFactorAuthAge': 30 });
  assert.deepEqual(s.question.chain?.map((h) => h.role), ['ops', 'arn:aws:iam::111122223333:role/ops']);
  assert.deepEqual(s.question.chain?.[1].context, { 'sts:ExternalId': 'x' });
  assert.equal(s.hopSessionPolicies[0], undefined);
  assert.equal(s.hopSessionPolicies[1]?.statements.length, 1);
  assert.equal(s.sessionPolicy?.uri, 't.iam-tests.json', 'session policy spans point into the scenario file');
  assert.ok(slice(text, s.sessionPolicy!.statements[0].span).includes('"Action": "*"'));
  assert.equal(s.expectDecidedBy, 'identity');
});

test('single action and resource are accepted as strings', () => {
  const file = parseScenarioFile('t.iam-tests.json', '{"scenarios":[{"name":"n","principal":"p","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","expect":"denied"}]}');
  assert.deepEqual(file.findings, []);
  assert.deepEqual(file.scenarios[0].question.actions, ['s3:GetObject']);
  assert.deepEqual(file.scenarios[0].question.resources, ['arn:aws:s3:::b/k']);
});

test('broken files give clear findings with positions and never throw', () => {
  const cases: [string, string, RegExp][] = [
    ['', 'scenario/format', /empty/],
    ['{ "scenarios": [ { "name": "x", ', 'scenario/syntax', /JSON syntax error/],
    ['[1, 2]', 'scenario/type', /must be an object/],
    ['{ "tests": [] }', 'scenario/format', /needs a "scenarios" array/],
    ['{ "scenarios": {} }', 'scenario/format', /"scenarios" must be an array, not an object/],
    ['{ "scenarios": [ 42 ] }', 'scenario/type', /Scenario 1 must be an object, not a number/],
    ['{ "scenarios": [ { "principal": "p", "action": "s3:GetObject", "expect": "allowed" } ] }', 'scenario/format', /needs a "name"/],
    ['{ "scenarios": [ { "name": "n", "action": "s3:GetObject", "expect": "allowed" } ] }', 'scenario/format', /needs a "principal"/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "expect": "allowed" } ] }', 'scenario/format', /needs an "action"/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b" } ] }', 'scenario/format', /needs "expect"/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b", "expect": "allow" } ] }', 'scenario/format', /"expect" must be one of allowed, denied, explicitDeny, implicitDeny, not "allow"/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b", "expect": "denied", "expectDecidedBy": "group" } ] }', 'scenario/format', /"expectDecidedBy" must be one of/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b", "expect": "denied", "context": { "k": { "x": 1 } } } ] }', 'scenario/format', /Context key "k" needs a string/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b", "actions": ["c:d"], "expect": "denied" } ] }', 'scenario/format', /either "action" or "actions"/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b", "expect": "denied", "account": "12" } ] }', 'scenario/format', /12-digit/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b", "expect": "denied", "chain": [ {} ] } ] }', 'scenario/format', /chain needs a "role"/],
    ['{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b", "expect": "denied", "sessionPolicy": { "Statement": 3 } } ] }', 'scenario/session-policy', /Session policy/],
  ];
  for (const [text, code, message] of cases) {
    const file = parseScenarioFile('bad.iam-tests.json', text);
    const f = file.findings.find((x) => x.code === code);
    assert.ok(f, `${JSON.stringify(text)} → ${code} (got ${file.findings.map((x) => `${x.code}: ${x.message}`).join('; ')})`);
    assert.match(f.message, message);
    assert.ok(f.span.start >= 0 && f.span.end <= text.length, 'span within the text');
    assert.equal(f.uri, 'bad.iam-tests.json');
    assert.equal(file.scenarios.length, 0, `a broken scenario is not run: ${text}`);
  }
});

test('an unknown key is a warning and the scenario still runs; duplicate names are flagged', () => {
  const text = '{ "scenarios": [ { "name": "n", "principal": "p", "action": "a:b", "expects": 1, "expect": "denied" }, { "name": "N", "principal": "p", "action": "a:b", "expect": "denied" } ] }';
  const file = parseScenarioFile('t.iam-tests.json', text);
  assert.equal(file.scenarios.length, 2);
  const unknown = file.findings.find((f) => f.code === 'scenario/unknown-key');
  assert.equal(unknown?.severity, 'warning');
  assert.match(unknown!.message, /did you mean "expect"/);
  assert.equal(slice(text, unknown!.span), '"expects"');
  assert.ok(file.findings.some((f) => f.code === 'scenario/duplicate-name' && slice(text, f.span) === '"N"'));
});

test('one broken scenario does not hide the others', () => {
  const text = '{ "scenarios": [ { "name": "bad" }, { "name": "good", "principal": "p", "action": "a:b", "expect": "denied" } ] }';
  const file = parseScenarioFile('t.iam-tests.json', text);
  assert.deepEqual(file.scenarios.map((s) => s.name), ['good']);
  assert.ok(file.findings.length >= 2);
});

test('hostile input: binary garbage, deep nesting and huge files do not throw', () => {
  const garbage = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
  assert.ok(codes(garbage).length > 0);
  assert.ok(codes('['.repeat(5000)).length > 0);
  assert.ok(codes(`{"scenarios":[${'{"name":"x"},'.repeat(2000)}{}]}`).length > 0);
  const huge = parseScenarioFile('big.iam-tests.json', `{"description":"${'x'.repeat(9 * 1024 * 1024)}"}`);
  assert.deepEqual(huge.findings.map((f) => f.code), ['scenario/too-large']);
});

test('past 1,000 problems the rest of the scenarios are not read, and one finding says from where', () => {
  // Found by the fuzz tier (seed 1, #11825): a million garbage elements, two findings each, took 17 s to read.
  const good = '{ "name": "ok", "principal": "alice", "action": "s3:GetObject", "expect": "allowed" }';
  const text = `{ "scenarios": [ ${good}, ${Array.from({ length: 100_000 }, () => '1').join(', ')}, ${good.replace('"ok"', '"late"')} ] }`;
  const file = parseScenarioFile('file:///x.iam-tests.json', text);
  assert.deepEqual(file.scenarios.map((s) => s.name), ['ok']);
  assert.ok(file.findings.length <= 1001, `${file.findings.length}`);
  const last = file.findings.at(-1)!;
  assert.match(last.message, /^Over 1000 problems in this file: scenario \d+ and the \d+ after it are not read\.$/);
  assert.equal(text.slice(last.span.start, last.span.end), '1');
  // Below the limit every scenario is read.
  const few = parseScenarioFile('file:///x.iam-tests.json', `{ "scenarios": [ ${good}, 1, 2, ${good.replace('"ok"', '"late"')} ] }`);
  assert.deepEqual(few.scenarios.map((s) => s.name), ['ok', 'late']);
});

test('scenario file names', () => {
  assert.ok(isScenarioFileName('acme.iam-tests.json'));
  assert.ok(isScenarioFileName('/a/b/prod.iam-tests.json'));
  assert.ok(!isScenarioFileName('.iam-tests.json'));
  assert.ok(!isScenarioFileName('acme.iam.json'));
});
