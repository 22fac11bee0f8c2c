/**
 * A scenario about an action that does not exist would always be denied, so "expect: denied" would
 * pass on a typo: such a scenario fails, with an error at the action and a did-you-mean.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenarioFile, runScenarioFile, scenarioFindings } from '../../core/analysis/scenarios';
import { actionProblem } from '../../core/data/action-problem';
import { slice, smallWorkspace } from './helpers';

const file = (scenarios: unknown[]) => parseScenarioFile('small.iam-tests.json', JSON.stringify({ scenarios }, null, 2));

test('actionProblem: typos, unknown services, patterns that match nothing, malformed names; real ones pass', () => {
  assert.equal(actionProblem('s3:DeleteBucket'), undefined);
  assert.equal(actionProblem('S3:deletebucket'), undefined, 'case-insensitive, as IAM');
  assert.equal(actionProblem('s3:Get*'), undefined);
  assert.equal(actionProblem('*'), undefined);
  const typo = actionProblem('s3:DeleteBuckets')!;
  assert.equal(typo.kind, 'unknown-action');
  assert.equal(typo.hints[0], 's3:DeleteBucket');
  assert.match(typo.message, /has no action "DeleteBuckets"; did you mean "s3:DeleteBucket"/);
  const service = actionProblem('s4:GetObject')!;
  assert.equal(service.kind, 'unknown-service');
  assert.ok(service.hints.includes('s3:GetObject'), service.hints.join());
  assert.match(service.message, /^"s4" is not an AWS service prefix; did you mean .*"s3:GetObject"/);
  assert.equal(actionProblem('s3:Gett*')!.kind, 'matches-nothing');
  assert.equal(actionProblem('GetObject')!.kind, 'syntax');
  assert.equal(actionProblem('s3:Get Object')!.kind, 'syntax');
});

for (const [action, hint] of [['s3:DeleteBuckets', 's3:DeleteBucket'], ['s4:GetObject', 's3:GetObject']] as const) {
  test(`a scenario on ${action} expecting "denied" fails, with an error at the action and a did-you-mean`, () => {
    const f = file([
      { name: 'typo', principal: 'pat', action, resource: '*', expect: 'denied' },
      { name: 'fine', principal: 'pat', action: 's3:DeleteBucket', resource: '*', expect: 'denied' },
    ]);
    assert.deepEqual(f.findings, []);
    const results = runScenarioFile(smallWorkspace(), f);
    assert.deepEqual(results.map((r) => r.passed), [false, true]);
    assert.match(results[0].failures[0], new RegExp(`^${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*did you mean .*"${hint}"`));
    const findings = scenarioFindings(f, results);
    assert.deepEqual(findings.map((x) => [x.code, x.severity]), [['scenario/unknown-action', 'error']], 'one error, at the action (not a second one on the name)');
    assert.equal(slice(f.text, findings[0].span), JSON.stringify(action));
    const fix = findings[0].fixes!.find((x) => x.title === `Change to "${hint}"`);
    assert.ok(fix, findings[0].fixes!.map((x) => x.title).join());
    assert.equal(fix.edits[0].newText, JSON.stringify(hint));
  });
}

test('an unknown action among known ones fails the scenario; the others are still decided', () => {
  const f = file([{ name: 'list', principal: 'pat', actions: ['s3:GetObject', 's3:GetObjekt'], resource: 'arn:aws:s3:::b/k', expect: 'allowed' }]);
  const [r] = runScenarioFile(smallWorkspace(), f);
  assert.equal(r.passed, false);
  assert.deepEqual(r.unknownActions.map((u) => u.action), ['s3:GetObjekt']);
  assert.ok(r.answer.rows.some((row) => row.action === 's3:GetObject' && row.decision === 'allowed'));
  const findings = scenarioFindings(f, [r]);
  // The unknown action is an error where it is written; the row it produced (denied) also fails "allowed", on the name.
  assert.deepEqual(findings.map((x) => x.code), ['scenario/unknown-action', 'scenario/failed']);
  assert.equal(slice(f.text, findings[0].span), '"s3:GetObjekt"');
});

test('a wildcard that matches nothing fails the scenario too', () => {
  const [r] = runScenarioFile(smallWorkspace(), file([{ name: 'w', principal: 'pat', action: 's3:Gett*', expect: 'denied' }]));
  assert.equal(r.passed, false);
  assert.match(r.failures[0], /^s3:Gett\*: matches no action of Amazon S3/);
});

test('iam-workbench test: a scenario on a typo FAILs with the did-you-mean; exit 1', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { main } = await import('../../cli/main');
  const { SMALL } = await import('./helpers');
  const dir = mkdtempSync(join(tmpdir(), 'iam-tests-typo-'));
  writeFileSync(join(dir, 'small.iam.json'), SMALL);
  writeFileSync(join(dir, 'typo.iam-tests.json'), JSON.stringify({ scenarios: [
    { name: 'no bucket deletion', principal: 'pat', action: 's3:DeleteBuckets', expect: 'denied' },
    { name: 'no s4', principal: 'pat', action: 's4:GetObject', expect: 'denied' },
  ] }, null, 2));
  let out = '';
  const code = await main(['test', '.'], { cwd: dir, out: (t) => void (out += t), err: () => undefined });
  assert.equal(code, 1);
  assert.match(out, /^FAIL typo\.iam-tests\.json:4 no bucket deletion\n {5}s3:DeleteBuckets: Amazon S3 has no action "DeleteBuckets"; did you mean "s3:DeleteBucket"/m);
  assert.match(out, /^FAIL typo\.iam-tests\.json:10 no s4\n {5}s4:GetObject: "s4" is not an AWS service prefix; did you mean .*"s3:GetObject"/m);
  assert.match(out, /\n0 passed, 2 failed\n$/);
});
