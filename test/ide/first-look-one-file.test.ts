/**
 * A first look at a big account file that is the whole workspace (what the language server publishes first when
 * such a file is opened: server.ts, AnalysisHost.unmodelledText): its findings are the full analysis's minus the
 * workspace rules' (spans, related locations and fixes included), and the steps that follow end with the full
 * analysis. `unmodelledText` counts a file just added, never an edit of a file analysed before.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES, runRules, runRulesInSteps } from '../../core/analysis/rules';
import type { Finding } from '../../core/findings';
import { AnalysisHost, type RuleRunner } from '../../core/ide/host';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKSPACE_RULES = new Set(RULES.filter((r) => r.workspace).map((r) => r.id));
const URI = 'file:///ws/iam.json';
let dir: string;
let text: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-first-look-one-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-large.mjs'), dir, '--scale', '0.06'], { stdio: 'ignore' });
  // A user that can attach any policy to itself: a finding of the escalation rules (workspace rules).
  text = readFileSync(join(dir, 'iam.json'), 'utf8').replace(
    '  "users": {\n',
    '  "users": {\n    "escalator": { "inlinePolicies": { "self": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::123456789012:user/escalator" }] } } },\n',
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

function runner(): RuleRunner {
  const run: RuleRunner = (ws, options) => runRules(ws, {}, options);
  run.steps = (ws) => runRulesInSteps(ws, {});
  return run;
}

const shown = (f: Finding) => JSON.stringify({ code: f.code, severity: f.severity, message: f.message, uri: f.uri, span: f.span, related: f.related, fixes: f.fixes });

test('one big file: first look = full minus the workspace rules; the steps end with the full analysis', () => {
  const full = new AnalysisHost({ rules: runner() });
  full.setFile(URI, text, 1);
  const want = full.snapshot().findings.get(URI)!;
  assert.ok(want.some((f) => WORKSPACE_RULES.has(f.code)), 'the workspace rules find the escalator');

  const host = new AnalysisHost({ rules: runner() });
  host.setFile(URI, text, 1);
  assert.equal(host.unmodelledText([URI]), text.length, 'a file just added has no model');
  const look = host.firstLook([URI]);
  assert.equal(look.partial, true);
  assert.deepEqual(look.findings.get(URI)!.map(shown), want.filter((f) => !WORKSPACE_RULES.has(f.code)).map(shown));
  assert.equal(host.unmodelledText([URI]), 0, 'the first look parsed it');
  const steps = host.analyseInSteps([URI]);
  let r = steps.next();
  while (!r.done) r = steps.next();
  assert.ok(r.value);
  assert.deepEqual(r.value.findings.get(URI)!.map(shown), want.map(shown));

  // An edit of the analysed file is not "unmodelled": it takes the edit path, with no first look.
  const at = text.indexOf('"description": "') + '"description": "'.length;
  host.setFile(URI, text.slice(0, at) + 'x' + text.slice(at), 2);
  assert.equal(host.unmodelledText([URI]), 0);
  assert.equal(host.unmodelledText(['file:///ws/other.json']), 0, 'a file the host doesn\'t hold counts nothing');
});
