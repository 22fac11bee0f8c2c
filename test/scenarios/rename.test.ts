import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioFile, runScenarioFile } from '../../core/analysis/scenarios';
import { AnalysisHost } from '../../core/ide/host';
import { rename } from '../../core/ide/navigation';
import type { TextEdit } from '../../core/findings';

// Renaming a user or role in the examples keeps the example scenarios passing: the rename edits the
// scenario file that names it (issue 19: five scenarios failed after renaming a user).

const DIR = join(import.meta.dirname, '..', '..', 'examples');
const ROOT = 'file:///ex/';
const texts = new Map<string, string>();
for (const f of readdirSync(DIR)) if (f.endsWith('.json')) texts.set(ROOT + f, readFileSync(join(DIR, f), 'utf8'));
const SCENARIOS = ROOT + 'acme.iam-tests.json';

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function workspace(files: Map<string, string>) {
  const host = new AnalysisHost();
  for (const [uri, text] of files) if (uri.endsWith('.iam.json')) host.setFile(uri, text);
  return host.snapshot().workspace;
}

function failing(files: Map<string, string>): string[] {
  const results = runScenarioFile(workspace(files), parseScenarioFile(SCENARIOS, files.get(SCENARIOS)!));
  return results.filter((r) => !r.passed).map((r) => r.scenario.name);
}

for (const [file, needle, newName] of [
  ['acme-prod.iam.json', '"carol"', 'carol.smith'],
  ['acme-prod.iam.json', '"bob"', 'robert'],
  ['acme-prod.iam.json', '"app-server"', 'web-server'],
] as const) {
  test(`renaming ${needle} in ${file} edits the scenario file too, and its scenarios still pass`, () => {
    assert.deepEqual(failing(texts), [], 'the examples pass before');
    const uri = ROOT + file;
    const text = texts.get(uri)!;
    const ws = workspace(texts);
    const scenarioTexts = [{ uri: SCENARIOS, text: texts.get(SCENARIOS)! }];
    const result = rename(ws, uri, text.indexOf(needle) + 2, newName, scenarioTexts);
    assert.ok(!('error' in result), JSON.stringify(result));
    assert.ok(result.scenarioEdits.length > 0, 'the scenario file names it');
    assert.ok(result.scenarioEdits.every((e) => e.uri === SCENARIOS && e.newText === newName));
    const old = needle.slice(1, -1);
    for (const e of result.scenarioEdits) assert.equal(texts.get(SCENARIOS)!.slice(e.span.start, e.span.end), old, 'only the name changes');
    const after = new Map(texts);
    for (const [u] of texts) after.set(u, apply(texts.get(u)!, [...result.edits, ...result.scenarioEdits].filter((e) => e.uri === u)));
    // Without the scenario edits some scenarios fail; with them, none.
    const accountOnly = new Map(after);
    accountOnly.set(SCENARIOS, texts.get(SCENARIOS)!);
    assert.ok(failing(accountOnly).length > 0, 'the account edits alone break scenarios');
    assert.deepEqual(failing(after), []);
    assert.ok(after.get(SCENARIOS)!.includes('// What ACME'), 'comments kept');
  });
}

test('scenario rename: a name that resolves to another entity, or a bare name in a scenario file that doesn\'t see the account, is left alone', () => {
  const account = `{ "account": { "id": "111111111111" }, "users": { "ann": {} }, "roles": { "deploy": { "trustPolicy": { "Version": "2012-10-17", "Statement": [] } } } }`;
  const other = `{ "account": { "id": "222222222222" }, "users": { "ann": {} } }`;
  const files = new Map([['file:///a/one.iam.json', account], ['file:///b/two.iam.json', other]]);
  const ws = workspace(files);
  const scenario = `{ "scenarios": [
    { "name": "x", "principal": "ann", "account": "111111111111", "action": "s3:GetObject", "expect": "denied" },
    { "name": "y", "principal": "ann", "account": "222222222222", "action": "s3:GetObject", "expect": "denied" },
    { "name": "z", "principal": "arn:aws:iam::111111111111:user/ann", "chain": ["deploy", { "role": "arn:aws:iam::111111111111:role/deploy" }], "action": "s3:GetObject", "resource": "arn:aws:iam::111111111111:user/ann", "expect": "denied" }
  ] }`;
  const result = rename(ws, 'file:///a/one.iam.json', account.indexOf('"ann"') + 2, 'anne', [{ uri: 'file:///s.iam-tests.json', text: scenario }, { uri: 'file:///b/t.iam-tests.json', text: scenario }]);
  assert.ok(!('error' in result));
  const edited = apply(scenario, result.scenarioEdits.filter((e) => e.uri === 'file:///s.iam-tests.json'));
  assert.match(edited, /"principal": "anne", "account": "111111111111"/);
  assert.match(edited, /"principal": "ann", "account": "222222222222"/, 'the other account\'s ann stays');
  assert.match(edited, /"principal": "arn:aws:iam::111111111111:user\/anne"/);
  assert.match(edited, /"resource": "arn:aws:iam::111111111111:user\/anne"/);
  // A scenario file under b/ sees only two.iam.json: its bare "ann" is that account's; ARNs name the entity anywhere.
  const underB = apply(scenario, result.scenarioEdits.filter((e) => e.uri === 'file:///b/t.iam-tests.json'));
  assert.match(underB, /"principal": "ann", "account": "111111111111"/);
  assert.match(underB, /"principal": "arn:aws:iam::111111111111:user\/anne"/);
  const role = rename(ws, 'file:///a/one.iam.json', account.indexOf('"deploy"') + 2, 'ship', [{ uri: 'file:///s.iam-tests.json', text: scenario }]);
  assert.ok(!('error' in role));
  assert.match(apply(scenario, role.scenarioEdits), /"chain": \["ship", \{ "role": "arn:aws:iam::111111111111:role\/ship" \}\]/);
});
