import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  appendScenario,
  checkScenarioFile,
  parseScenarioFile,
  runScenarioFile,
  scenarioFindings,
  scenarioLenses,
  ScenarioHost,
} from '../../core/analysis/scenarios';
import { scopedWorkspace } from '../../core/analysis/scenarios/host';
import { buildWorkspace } from '../../core/model';
import { slice, SMALL, smallWorkspace } from './helpers';

const file = (scenarios: unknown[]) => {
  const text = JSON.stringify({ scenarios }, null, 2);
  return parseScenarioFile('small.iam-tests.json', text);
};

test('passing and failing scenarios; the failure says why and names the missing context', () => {
  const ws = smallWorkspace();
  const f = file([
    { name: 'pat reads objects', principal: 'pat', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
    { name: 'pat cannot delete', principal: 'pat', action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k', expect: 'implicitDeny', expectDecidedBy: 'identity' },
    { name: 'pat assumes ops', principal: 'pat', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/ops', expect: 'allowed' },
  ]);
  const results = runScenarioFile(ws, f);
  assert.deepEqual(results.map((r) => r.passed), [true, true, false]);
  assert.match(results[2].failures[0], /expected allowed, but sts:AssumeRole on arn:aws:iam::111122223333:role\/ops is implicitly denied by resource/);
  assert.match(results[2].failures[0], /context keys not given: aws:MultiFactorAuthPresent/);
  const findings = scenarioFindings(f, results);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].code, 'scenario/failed');
  assert.equal(findings[0].severity, 'error');
  assert.equal(slice(f.text, findings[0].span), '"pat assumes ops"', 'reported on the scenario name');
  assert.match(findings[0].message, /^Scenario "pat assumes ops" fails: expected allowed/);
});

test('role chains: each hop is decided by the trust policy; a denied hop denies the scenario', () => {
  const ws = smallWorkspace();
  const f = file([
    { name: 'with MFA', principal: 'pat', chain: ['ops'], context: { 'aws:MultiFactorAuthPresent': true }, action: 'ec2:RunInstances', expect: 'allowed' },
    { name: 'without MFA', principal: 'pat', chain: ['ops'], action: 'ec2:RunInstances', expect: 'denied', expectDecidedBy: 'resource' },
    { name: 'without MFA, expected allowed', principal: 'pat', chain: ['ops'], action: 'ec2:RunInstances', expect: 'allowed' },
    { name: 'session of ops has no S3', principal: 'pat', chain: [{ role: 'ops', context: { 'aws:MultiFactorAuthPresent': 'true' } }], action: 's3:GetObject', expect: 'implicitDeny' },
    {
      name: 'session policy narrows',
      principal: 'pat',
      chain: [{ role: 'ops', context: { 'aws:MultiFactorAuthPresent': true } }],
      sessionPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] },
      actions: ['ec2:RunInstances'],
      expect: 'implicitDeny',
      expectDecidedBy: 'session',
    },
  ]);
  const results = runScenarioFile(ws, f);
  assert.deepEqual(results.map((r) => [r.scenario.name, r.passed]), [
    ['with MFA', true],
    ['without MFA', true],
    ['without MFA, expected allowed', false],
    ['session of ops has no S3', true],
    ['session policy narrows', true],
  ]);
  assert.match(results[2].failures[0], /pat cannot assume ops: .*\(context keys not given: aws:MultiFactorAuthPresent\)$/);
  assert.equal(results[0].answer.hops[0].decision, 'allowed');
  assert.equal(results[0].answer.principal.arn, 'arn:aws:sts::111122223333:assumed-role/ops/simulator');
});

test("a user's session policy needs sts:GetFederationToken: without it the scenario fails and says so", () => {
  const without = SMALL.replace(/,\n\s*\{ "Effect": "Allow", "Action": "sts:GetFederationToken"[^\n]*\}/, '');
  assert.notEqual(without, SMALL);
  const ws = buildWorkspace([{ uri: 'small.iam.json', text: without }]);
  const sessionPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const [allowed, refused] = runScenarioFile(
    ws,
    file([
      { name: 'reads in a federated session', principal: 'pat', sessionPolicy, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
      { name: 'no session, no reads', principal: 'pat', sessionPolicy, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'implicitDeny', expectDecidedBy: 'identity' },
    ]),
  );
  assert.equal(allowed.passed, false);
  assert.match(allowed.failures[0], /expected allowed, but pat cannot get the federated-user session arn:aws:sts::111122223333:federated-user\/pat \(sts:GetFederationToken\): No identity-based policy allows/);
  assert.equal(allowed.actual, 'implicitly denied at GetFederationToken for arn:aws:sts::111122223333:federated-user/pat');
  assert.equal(refused.passed, true, refused.failures.join('; '));
});

test('expectDecidedBy must match the deciding layer', () => {
  const ws = smallWorkspace();
  const results = runScenarioFile(ws, file([{ name: 'x', principal: 'pat', action: 's3:PutObject', expect: 'denied', expectDecidedBy: 'boundary' }]));
  assert.equal(results[0].passed, false);
  assert.match(results[0].failures[0], /expected the boundary layer to decide s3:PutObject on \*, but identity did/);
});

test('unknown principals and roles fail with a clear reason, never a crash', () => {
  const ws = smallWorkspace();
  const results = runScenarioFile(ws, file([
    { name: 'nobody', principal: 'nobody', action: 's3:GetObject', expect: 'denied' },
    { name: 'no role', principal: 'pat', chain: ['missing'], action: 's3:GetObject', expect: 'denied' },
    { name: 'a group', principal: 'arn:aws:iam::111122223333:group/none', action: 's3:GetObject', expect: 'denied' },
  ]));
  assert.deepEqual(results.map((r) => r.passed), [false, false, false]);
  assert.match(results[0].failures[0], /No user, role or identity provider "nobody"/);
  assert.match(results[1].failures[0], /no role "missing"/);
});

test('checkScenarioFile: format findings and failing scenarios together, for the editor', () => {
  const ws = smallWorkspace();
  const text = '{ "scenarios": [ { "name": "bad", "principal": "pat" }, { "name": "fails", "principal": "pat", "action": "iam:CreateUser", "expect": "allowed" } ] }';
  const f = parseScenarioFile('x.iam-tests.json', text);
  const findings = checkScenarioFile(ws, f);
  assert.deepEqual(findings.map((x) => x.code).sort(), ['scenario/failed', 'scenario/format', 'scenario/format']);
  assert.ok(findings.every((x) => x.uri === 'x.iam-tests.json'));
});

test('CodeLens data: one per scenario with its result', () => {
  const ws = smallWorkspace();
  const f = file([
    { name: 'a', principal: 'pat', action: 's3:GetObject', expect: 'allowed' },
    { name: 'b', principal: 'pat', action: 's3:GetObject', expect: 'denied' },
  ]);
  const lenses = scenarioLenses(runScenarioFile(ws, f));
  assert.equal(lenses.length, 2);
  assert.match(lenses[0].title, /^✓ passes: allowed \(identity\)$/);
  assert.match(lenses[1].title, /^✗ fails: expected denied/);
  assert.equal(lenses[1].scenarioIndex, 1);
});

test('save as scenario: creates a file, appends keeping comments, and reads back as the same question', () => {
  const question = {
    principal: 'pat',
    chain: [{ role: 'ops', context: { 'aws:MultiFactorAuthPresent': true } }],
    actions: ['ec2:RunInstances'],
    resources: ['*'],
    context: { 'aws:SourceIp': '10.0.0.1' },
  };
  const created = appendScenario(undefined, { name: 'first', question, expect: 'allowed' })!;
  const edited = appendScenario(created.replace('{', '{\n  // keep me'), { name: 'second', question: { principal: 'pat', actions: ['s3:GetObject', 's3:PutObject'] }, expect: 'denied' })!;
  assert.match(edited, /\/\/ keep me/);
  const f = parseScenarioFile('saved.iam-tests.json', edited);
  assert.deepEqual(f.findings, []);
  assert.deepEqual(f.scenarios.map((s) => s.name), ['first', 'second']);
  assert.deepEqual(f.scenarios[0].question.chain, [{ role: 'ops', context: { 'aws:MultiFactorAuthPresent': true }, sessionName: undefined }]);
  assert.deepEqual(f.scenarios[0].question.context, { 'aws:SourceIp': '10.0.0.1' });
  assert.deepEqual(f.scenarios[1].question.actions, ['s3:GetObject', 's3:PutObject']);
  assert.equal(f.scenarios[1].expect, 'denied');
  const results = runScenarioFile(smallWorkspace(), f);
  assert.deepEqual(results.map((r) => r.passed), [true, false]);
  assert.equal(appendScenario('not json {', { name: 'x', question, expect: 'allowed' }), undefined, 'a broken file is left alone');
  const added = appendScenario('{ "description": "d" }', { name: 'x', question, expect: 'allowed' })!;
  assert.equal(parseScenarioFile('a.iam-tests.json', added).scenarios.length, 1);
});

test('ScenarioHost: parses once per text, reruns per workspace snapshot, lenses run the scenario in the panel', () => {
  const host = new ScenarioHost();
  const text = JSON.stringify({ scenarios: [
    { name: 'reads', principal: 'pat', action: 's3:GetObject', expect: 'allowed', sessionPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
    { name: 'writes', principal: 'pat', action: 's3:PutObject', expect: 'allowed' },
  ] }, null, 2);
  host.setFile('file:///w/a.iam-tests.json', text);
  const ws1 = smallWorkspace();
  const findings = host.findings(ws1, 'file:///w/a.iam-tests.json');
  assert.deepEqual(findings.map((f) => f.code), ['scenario/failed']);
  assert.equal(slice(text, findings[0].span), '"writes"');
  assert.strictEqual(host.findings(ws1, 'file:///w/a.iam-tests.json')[0].message, findings[0].message);
  const lenses = host.lenses(ws1, 'file:///w/a.iam-tests.json');
  assert.equal(lenses.length, 2);
  assert.equal(lenses[0].command, 'iamWorkbench.simulate');
  const arg = lenses[0].arguments[0] as { question: { principal: string; sessionPolicy?: unknown }; run: boolean };
  assert.equal(arg.run, true);
  assert.equal(arg.question.principal, 'pat');
  assert.deepEqual(arg.question.sessionPolicy, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, 'the lens carries the whole question');
  assert.match(lenses[1].title, /^✗ fails/);
  host.setFile('file:///w/a.iam-tests.json', '{ broken');
  const broken = host.findings(ws1, 'file:///w/a.iam-tests.json').map((f) => f.code);
  assert.ok(broken.includes('scenario/syntax') && broken.every((c) => c === 'scenario/syntax' || c === 'scenario/format'), broken.join());
  assert.ok(host.removeFile('file:///w/a.iam-tests.json'));
  assert.deepEqual(host.findings(ws1, 'file:///w/a.iam-tests.json'), []);
});

test('ScenarioHost: a scenario file sees the account files of its folder, like iam-workbench test', () => {
  const ws = buildWorkspace([
    { uri: 'file:///w/a/small.iam.json', text: SMALL },
    { uri: 'file:///w/b/other.iam.json', text: '{ "account": { "id": "444455556666" }, "users": { "pat": {} } }' },
  ]);
  const host = new ScenarioHost();
  const text = JSON.stringify({ scenarios: [{ name: 'pat reads', principal: 'pat', action: 's3:GetObject', expect: 'allowed' }] });
  host.setFile('file:///w/a/a.iam-tests.json', text);
  host.setFile('file:///w/b/b.iam-tests.json', text);
  host.setFile('file:///w/top.iam-tests.json', text);
  assert.deepEqual(host.findings(ws, 'file:///w/a/a.iam-tests.json'), []);
  assert.match(host.findings(ws, 'file:///w/b/b.iam-tests.json')[0].message, /expected allowed, but s3:GetObject on \* is implicitly denied/);
  assert.match(host.findings(ws, 'file:///w/top.iam-tests.json')[0].message, /"pat" names a user in 111122223333 and a user in 444455556666/);
  assert.equal(scopedWorkspace(ws, 'file:///w/top.iam-tests.json'), ws, 'the whole workspace is reused, not rebuilt');
  assert.equal(scopedWorkspace(ws, 'file:///elsewhere/x.iam-tests.json'), ws);
  assert.deepEqual(scopedWorkspace(ws, 'file:///w/a/a.iam-tests.json').files.map((f) => f.uri), ['file:///w/a/small.iam.json']);
  // The full workspace still resolves as before.
  assert.equal(ws.entityByArn('arn:aws:iam::444455556666:user/pat')?.name, 'pat');
  assert.equal(ws.file('file:///w/a/small.iam.json')!.users.get('pat')!.policies[0].target?.kind, 'customer');
});
