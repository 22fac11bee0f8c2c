import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseScenarioFile, runScenarioFile, scenarioFindings } from '../../core/analysis/scenarios';
import { lab } from './support';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'iam-tests.schema.json'), 'utf8'));

function file(scenarios: object[]) {
  const text = JSON.stringify({ scenarios }, null, 2);
  return { text, parsed: parseScenarioFile('file:///t/lab.iam-tests.json', text) };
}

test('a whoCan scenario passes when only the listed principals (or group members) can, by any path', () => {
  const { parsed } = file([
    {
      name: 'Only the member account\'s admins and the role dev-dan assumes create users there',
      whoCan: { action: 'iam:CreateUser', resource: 'arn:aws:iam::222222222222:user/x', only: ['arn:aws:iam::222222222222:group/Admins', 'cross-admin', 'dev-dan', 'admin-alice', 'admin-role', 'admin-lambda', 'admin-ec2', 'admin-cfn', 'admin-glue', 'locked-admin', 'mfa-admin', 'pv-paul', 'lambda-lee', 'key-kim', 'put-pat', 'group-gus', 'trust-tom', 'boundary-bea', 'ec2-eve', 'cfn-carl', 'glue-gil', 'chain-chris', 'hop-role'] },
    },
  ]);
  assert.deepEqual(parsed.findings, []);
  const [r] = runScenarioFile(lab(), parsed);
  assert.equal(r.passed, true, r.failures.join('\n'));
  assert.match(r.actual, /^23 principals can: /);
});

test('a whoCan scenario fails naming each principal that can and how', () => {
  const { parsed } = file([
    { name: 'Only the Admins group can create roles', whoCan: { action: 'iam:CreateRole', resource: 'arn:aws:iam::111111111111:role/x', only: ['Admins'] } },
  ]);
  const ws = lab();
  const [r] = runScenarioFile(ws, parsed);
  assert.equal(r.passed, false);
  assert.ok(r.failures.includes('user pv-paul can iam:CreateRole on arn:aws:iam::111111111111:role/x: iam:CreatePolicyVersion → itself (its permissions rewritten to allow everything)'), r.failures.join('\n'));
  assert.ok(r.failures.includes('role admin-role can iam:CreateRole on arn:aws:iam::111111111111:role/x directly'));
  // admin-alice is in Admins: not a failure. The decoys can't: not named.
  assert.ok(!r.failures.some((f) => /^user (admin-alice|pv-bounded|scp-sam|reader-rita) /.test(f)), r.failures.join('\n'));
  const [finding] = scenarioFindings(parsed, [r]);
  assert.equal(finding.code, 'scenario/failed');
  assert.match(finding.message, /^Scenario "Only the Admins group can create roles" fails: .* \(and \d+ more\)$/);
});

test('includePossible counts the possible paths too', () => {
  const only = ['Admins', 'admin-role', 'admin-lambda', 'admin-ec2', 'admin-cfn', 'admin-glue', 'locked-admin', 'mfa-admin', 'pv-paul', 'lambda-lee', 'key-kim', 'put-pat', 'group-gus', 'trust-tom', 'boundary-bea', 'ec2-eve', 'cfn-carl', 'glue-gil', 'chain-chris', 'hop-role', 'dev-dan'];
  const { parsed } = file([
    { name: 'certain only', whoCan: { action: 'iam:CreateRole', resource: 'arn:aws:iam::111111111111:role/x', only } },
    { name: 'possible too', whoCan: { action: 'iam:CreateRole', resource: 'arn:aws:iam::111111111111:role/x', only, includePossible: true } },
  ]);
  const [certain, possible] = runScenarioFile(lab(), parsed);
  assert.equal(certain.passed, true, certain.failures.join('\n'));
  assert.equal(possible.passed, false);
  assert.deepEqual(possible.failures.map((f) => f.split(' can ')[0]).sort(), ['user fn-fred', 'user mfa-mia']);
  assert.match(possible.failures.join('\n'), /user mfa-mia can possibly iam:CreateRole .*sts:AssumeRole → role mfa-admin \(if the request carries aws:MultiFactorAuthPresent\)/);
});

test('the context of a whoCan scenario applies to every step', () => {
  const { parsed } = file([
    { name: 'with MFA', whoCan: { action: 'iam:CreateRole', resource: 'arn:aws:iam::111111111111:role/x', context: { 'aws:MultiFactorAuthPresent': true }, only: [] } },
  ]);
  const [r] = runScenarioFile(lab(), parsed);
  assert.ok(r.failures.some((f) => f.startsWith('user mfa-mia can iam:CreateRole') && f.includes('role mfa-admin')), r.failures.join('\n'));
});

test('format errors: simulation fields beside whoCan, a missing only, a wildcard action, an unknown name', () => {
  const { parsed } = file([
    { name: 'mixed', principal: 'alice', expect: 'allowed', whoCan: { action: 's3:DeleteBucket', only: [] } },
    { name: 'no only', whoCan: { action: 's3:DeleteBucket' } },
    { name: 'wildcard', whoCan: { action: 's3:Delete*', only: [] } },
    { name: 'unknown key', whoCan: { action: 's3:DeleteBucket', only: [], principal: 'x' } },
  ]);
  // Only the unknown key inside whoCan is a warning: that scenario is kept; the others are not run.
  assert.deepEqual(parsed.scenarios.map((s) => s.name), ['unknown key']);
  const messages = parsed.findings.map((f) => f.message);
  assert.ok(messages.includes('A "whoCan" scenario has no "principal": write actions, resources and context inside "whoCan".'), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('The "whoCan" of scenario "no only" needs "only"')), messages.join('\n'));
  assert.ok(messages.includes('"s3:Delete*" is not an action name (service:Action, no wildcards).'), messages.join('\n'));
  assert.ok(parsed.findings.some((f) => f.code === 'scenario/unknown-key'), messages.join('\n'));
  const named = file([{ name: 'typo', whoCan: { action: 's3:DeleteBucket', only: ['Admns'] } }]).parsed;
  const [r] = runScenarioFile(lab(), named);
  assert.equal(r.failures[0], '"only" names "Admns", which is no user, role or group of the workspace');
});

test('the schema agrees: whoCan scenarios validate, mixed ones do not', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const ok = { scenarios: [{ name: 'a', whoCan: { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::b', only: ['Admins'], includePossible: true } }] };
  assert.equal(validate(ok), true, JSON.stringify(validate.errors));
  for (const bad of [
    { name: 'b', principal: 'alice', whoCan: { action: 's3:DeleteBucket', only: [] } },
    { name: 'c', whoCan: { action: 's3:Delete*', only: [] } },
    { name: 'd', whoCan: { action: 's3:DeleteBucket' } },
    { name: 'e', whoCan: { action: 's3:DeleteBucket', actions: ['s3:PutObject'], only: [] } },
  ]) {
    assert.equal(validate({ scenarios: [bad] }), false, bad.name);
  }
  // A simulation scenario still needs its fields.
  assert.equal(validate({ scenarios: [{ name: 'f', principal: 'alice', action: 's3:GetObject', expect: 'allowed' }] }), true, JSON.stringify(validate.errors));
  assert.equal(validate({ scenarios: [{ name: 'g', principal: 'alice', action: 's3:GetObject' }] }), false);
});
