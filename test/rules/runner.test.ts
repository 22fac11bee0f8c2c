import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, runRules } from '../../core/analysis/rules';
import { configuredSeverity, parseRulesConfig } from '../../core/analysis/config';
import { buildWorkspace } from '../../core/model';
import { formatSarif } from '../../cli/format/sarif';
import { inFile, run, stmt, workspaceOf, URI } from './harness';

const ADMIN_DOC = inFile(stmt('"Effect": "Allow", "Action": "*", "Resource": "*"'));

test('every rule has an area/name id, a severity, a one-line message and a doc; ids are unique', () => {
  const ids = new Set<string>();
  for (const r of RULES) {
    assert.match(r.id, /^(grammar|catalog|quota|iam|practice|trust|escalation|access)\/[a-z0-9-]+$/, r.id);
    assert.ok(!ids.has(r.id), `duplicate ${r.id}`);
    ids.add(r.id);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity));
    assert.ok(r.message.length > 10 && !r.message.includes('\n'), r.id);
    assert.match(r.doc, /\*\*Fix:\*\*/, `${r.id} doc says how to fix`);
    assert.ok(r.policy || r.file || r.workspace, r.id);
  }
  assert.ok(RULES.length >= 60, `${RULES.length} rules`);
});

test('config: severity per rule, per area, and off', () => {
  assert.equal(configuredSeverity({ rules: { 'practice/full-admin': 'error' } }, 'practice/full-admin', 'warning'), 'error');
  assert.equal(configuredSeverity({ rules: { 'practice/*': 'off' } }, 'practice/full-admin', 'warning'), 'off');
  assert.equal(configuredSeverity(undefined, 'x/y', 'info'), 'info');
  assert.equal(run('practice/full-admin', ADMIN_DOC, { rules: { 'practice/full-admin': 'error' } })[0].severity, 'error');
  assert.equal(run('practice/full-admin', ADMIN_DOC, { rules: { 'practice/full-admin': 'off' } }).length, 0);
  assert.equal(run('practice/full-admin', ADMIN_DOC, { rules: { 'practice/*': 'off' } }).length, 0);
});

test('config file: rules, naming, bad values become findings with spans', () => {
  const text = '{ "rules": { "practice/full-admin": "error", "practice/nope": "off", "quota/*": "warning", "trust/action": "loud" },\n  "naming": { "user": "^[a-z]+$", "role": "([" , "thing": "x" }, "adminLimit": 2, "other": 1 }';
  const { config, findings } = parseRulesConfig(text, 'iam-workbench.json', RULES.map((r) => r.id));
  assert.equal(config.rules?.['practice/full-admin'], 'error');
  assert.equal(config.rules?.['quota/*'], 'warning');
  assert.equal(config.naming?.user, '^[a-z]+$');
  assert.equal(config.naming?.role, undefined);
  assert.equal(config.adminLimit, 2);
  const at = (f: { span: { start: number; end: number } }) => text.slice(f.span.start, f.span.end);
  assert.deepEqual(findings.map(at).sort(), ['"(["', '"loud"', '"other"', '"practice/nope"', '"thing"'].sort());
  assert.deepEqual(parseRulesConfig('[1]', 'c.json').findings.map((f) => f.code), ['config/invalid']);
  assert.ok(parseRulesConfig('{ nope', 'c.json').findings.length > 0);
});

test('inline suppression: next line, same line, by id or all', () => {
  const base = (comment: string, trailing = '') =>
    `{\n  "account": { "id": "123456789012" },\n  "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [\n    ${comment}\n    { "Effect": "Allow", "Action": "*", "Resource": "*" }${trailing}\n  ] } } }\n}\n`;
  const count = (text: string) => run(['practice/full-admin', 'practice/unattached-policy'], text).filter((f) => f.code === 'practice/full-admin').length;
  assert.equal(count(base('')), 1);
  assert.equal(count(base('// iam-workbench-disable-next-line practice/full-admin -- break-glass policy')), 0);
  assert.equal(count(base('// iam-workbench-disable-next-line')), 0);
  assert.equal(count(base('/* iam-workbench-disable-next-line practice/full-admin */')), 0);
  assert.equal(count(base('// iam-workbench-disable-next-line quota/names')), 1);
  assert.equal(count(base('', ' // iam-workbench-disable-line practice/full-admin')), 0);
  assert.equal(run('practice/unattached-policy', base('// iam-workbench-disable-next-line practice/full-admin')).length, 1);
});

test('no rule throws on broken or hostile input', () => {
  const inputs = [
    '', '{', '[]', 'null', '{"account": 5}', '{"policies": {"P": {"document": "not json"}}}',
    '{"policies": {"P": {"document": {"Statement": [1, null, {"Effect": 3, "Action": {}, "Condition": {"StringLike": 4}}]}}}}',
    '{"roles": {"r": {"trustPolicy": {"Statement": {"Principal": {"AWS": [1, {}]}, "Action": "sts:AssumeRole"}}}}}',
    '{"users": {"u": {"groups": "x", "accessKeys": [{"status": "Active", "created": "garbage"}], "tags": {"a": 1}}}}',
    '{"account": {"id": "123456789012", "quotas": {"usersPerAccount": -1, "x": "y"}, "passwordPolicy": {"minimumLength": "x"}}}',
    `{"policies": {"P": {"document": ${JSON.stringify(JSON.stringify({ Statement: [{ Effect: 'allow', Action: 's3:GetObjekt', Resource: 'arn', Condition: { StringEqual: { 'aws:SorceIp': 'x' } } }] }))}}}}`,
    '{"groups": {"g": {"groups": [1, "x"]}}, "identityProviders": {"x": {"type": "oidc"}}, "resources": {"nope": {"policy": []}}}',
    '\u0000\u0001binary',
  ];
  for (const text of inputs) {
    const findings = runRules(workspaceOf(text));
    assert.ok(!findings.some((f) => f.code === 'rules/internal-error'), `${text}: ${findings.filter((f) => f.code === 'rules/internal-error').map((f) => f.message).join('; ')}`);
  }
});

test('the examples: mistakes are reported at their values, the clean accounts say nothing above information', () => {
  const dir = join(__dirname, '..', '..', 'examples');
  const names = readdirSync(dir).filter((n) => n.endsWith('.iam.json'));
  const ws = buildWorkspace(names.map((n) => ({ uri: n, text: readFileSync(join(dir, n), 'utf8') })));
  const findings = runRules(ws);
  const clean = findings.filter((f) => f.uri !== 'mistakes.iam.json');
  assert.deepEqual(clean.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.code} ${f.message}`), []);
  const mistakes = findings.filter((f) => f.uri === 'mistakes.iam.json');
  if (names.includes('mistakes.iam.json')) {
    const text = readFileSync(join(dir, 'mistakes.iam.json'), 'utf8');
    const at = (code: string) => mistakes.filter((f) => f.code === code).map((f) => text.slice(f.span.start, f.span.end));
    assert.ok(at('catalog/unknown-action').includes('"s3:GetObjekt"'));
    assert.ok(at('practice/full-admin').includes('"*"'));
    assert.ok(at('practice/root-credentials').length >= 2);
    assert.ok(at('trust/principal-wildcard').includes('"*"'));
    assert.ok(at('iam/group-in-group').includes('"Admins"'));
    for (const f of mistakes) assert.ok(f.span.end > f.span.start, `${f.code} has a non-empty span`);
  }
});

test('SARIF 2.1.0: rules, results with regions, fixes', () => {
  const text = inFile(stmt('"Effect": "allow", "Action": "s3:GetObjekt", "Resource": "*"'));
  const ws = workspaceOf(text);
  const findings = [...ws.allFindings(), ...runRules(ws)];
  const sarif = JSON.parse(formatSarif(findings, { lines: (u) => ws.file(u)?.lines, files: [URI], rules: RULES, version: '0.1.0' }));
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'iam-workbench');
  const ruleIds = run0.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length);
  assert.equal(run0.artifacts[0].location.uri, URI);
  for (const r of run0.results) {
    assert.equal(run0.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    assert.ok(['error', 'warning', 'note', 'none'].includes(r.level));
    const region = r.locations[0].physicalLocation.region;
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
  }
  const effect = run0.results.find((r: { ruleId: string }) => r.ruleId === 'grammar/effect');
  const line = text.split('\n').findIndex((l) => l.includes('"allow"')) + 1;
  assert.equal(effect.locations[0].physicalLocation.region.startLine, line);
  assert.equal(effect.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '"Allow"');
  const action = run0.results.find((r: { ruleId: string }) => r.ruleId === 'catalog/unknown-action');
  const col = text.split('\n')[line - 1].indexOf('"s3:GetObjekt"') + 1;
  assert.equal(action.locations[0].physicalLocation.region.startColumn, col);
  assert.equal(action.locations[0].physicalLocation.region.endColumn, col + '"s3:GetObjekt"'.length);
});

test('findings of unchanged documents are reused across workspaces, and recomputed when their context changes', async () => {
  const { parseAccountFile, Workspace } = await import('../../core/model');
  const text = inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole"'), 'trust');
  const file = parseAccountFile(URI, text);
  const first = runRules(new Workspace([file]));
  const again = runRules(new Workspace([file]));
  assert.deepEqual(again, first);
  assert.ok(again.some((f) => f.code === 'trust/unknown-account'));
  assert.ok(again.filter((f) => f.code === 'trust/unknown-account').every((f) => first.includes(f)), 'the same finding objects');
  // Another file now describes the trusted account: the unchanged file's trust findings change.
  const other = parseAccountFile('other.iam.json', '{ "account": { "id": "111122223333" } }');
  const withOther = runRules(new Workspace([file, other]));
  assert.ok(!withOther.some((f) => f.code === 'trust/unknown-account'));
  assert.equal(withOther.find((f) => f.code === 'trust/external-id')?.severity, 'info');
  // A configuration change is seen too.
  const off = runRules(new Workspace([file]), { rules: { 'trust/*': 'off' } });
  assert.ok(!off.some((f) => f.code.startsWith('trust/')));
});

test('every rule stays silent on an account that follows them all (test/rules/fixtures/clean.iam.json)', () => {
  const dir = join(__dirname, 'fixtures');
  const ws = buildWorkspace(['clean.iam.json', 'partner.iam.json'].map((n) => ({ uri: n, text: readFileSync(join(dir, n), 'utf8') })));
  assert.deepEqual(ws.allFindings().map((f) => `${f.code} ${f.message}`), []);
  const config = { naming: { user: '^[a-z][a-z-]*$', group: '^[A-Z][A-Za-z]+$', role: '^[a-z][a-z-]*$', policy: '^[A-Z][A-Za-z]+$' } };
  const findings = runRules(ws, config);
  assert.deepEqual(findings.map((f) => `${f.code} ${f.message}`), []);
});

test('a rule scope (entity, names) is declared only by file rules', () => {
  const scoped = RULES.filter((r) => r.scope);
  assert.ok(scoped.length >= 20, `${scoped.length} scoped rules`);
  for (const r of scoped) {
    assert.ok(r.file && !r.policy && !r.workspace, `${r.id} is a file rule`);
    if (r.scope === 'entity') assert.equal(r.namesAlsoIn, undefined, r.id);
  }
});

test('config file: naming patterns that need backtracking are refused at their position; nested quantifiers are fine', () => {
  const text = '{ "naming": { "user": "^(a+)+$", "role": "^([a-z])\\\\1$", "group": "^(?=[A-Z])\\\\w+$", "policy": "^(x{100}){100}$" } }';
  const { config, findings } = parseRulesConfig(text, 'iam-workbench.json', RULES.map((r) => r.id));
  assert.equal(config.naming?.user, '^(a+)+$', 'matched in linear time, so accepted');
  assert.equal(config.naming?.role, undefined);
  assert.equal(config.naming?.group, undefined);
  assert.equal(config.naming?.policy, undefined);
  const at = (f: { span: { start: number; end: number } }) => text.slice(f.span.start, f.span.end);
  assert.deepEqual(findings.map(at), ['"^([a-z])\\\\1$"', '"^(?=[A-Z])\\\\w+$"', '"^(x{100}){100}$"']);
  assert.match(findings[0].message, /role naming pattern uses a backreference \(\\1\) at character 9, which is not supported/);
  assert.match(findings[1].message, /group naming pattern uses a lookahead/);
  assert.match(findings[2].message, /over 2000 steps/);
  assert.ok(findings.every((f) => f.severity === 'error' || f.severity === 'warning'));
});
