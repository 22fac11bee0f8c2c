import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../core/analysis/rules';
import { codeLenses } from '../../core/ide/codelens';
import { diagnosticsFor } from '../../core/ide/diagnostics';
import { AnalysisHost } from '../../core/ide/host';
import { documentSymbols } from '../../core/ide/symbols';
import { makeHost, PARTNER, PARTNER_URI, PROD, PROD_URI } from './fixture';

test('the host caches parses per version and builds one snapshot per change', () => {
  const host = makeHost();
  const a = host.snapshot();
  assert.equal(host.snapshot(), a, 'no change: the same snapshot');
  const prodBefore = a.workspace.file(PROD_URI);
  host.setFile(PARTNER_URI, PARTNER.replace('"dave"', '"erin"'), 2);
  const b = host.snapshot();
  assert.notEqual(b, a);
  assert.equal(b.workspace.file(PROD_URI), prodBefore, 'the unchanged file is not re-parsed');
  assert.ok(b.workspace.file(PARTNER_URI)!.users.has('erin'));
  host.setFile(PARTNER_URI, PARTNER.replace('"dave"', '"erin"'), 3);
  assert.equal(host.snapshot(), b, 'same text again: nothing to redo');
});

test('a change in one file re-checks the files that depend on it', () => {
  const host = new AnalysisHost({ rules: (ws) => runRules(ws) });
  host.setFile(PROD_URI, PROD, 1);
  host.setFile(PARTNER_URI, PARTNER, 1);
  const codes = () => (host.snapshot().findings.get(PROD_URI) ?? []).map((f) => f.code);
  const before = codes();
  // The partner account disappears: the trust policy now names an account no file describes.
  host.removeFile(PARTNER_URI);
  const after = codes();
  assert.ok(!before.includes('trust/unknown-account'));
  assert.ok(after.includes('trust/unknown-account'), `${before} → ${after}`);
  assert.equal(host.snapshot().findings.has(PARTNER_URI), false);
});

test('rules run on every snapshot; a rule runner that throws is reported, not fatal', () => {
  const host = new AnalysisHost({
    rules: () => {
      throw new Error('boom');
    },
  });
  host.setFile(PROD_URI, PROD, 1);
  const s = host.snapshot();
  assert.ok(s.findings.get(PROD_URI), 'findings still come');
  assert.match(s.errors.join(), /rules: Error: boom/);
  assert.ok(s.workspace.file(PROD_URI));
});

test('diagnostics apply severity overrides per code and per area', () => {
  const host = makeHost({ 'file:///ws/bad.iam.json': '{ "account": { "id": "555555555555" }, "users": { "u": { "groups": ["Nope"] } } }' });
  const a = host.snapshot();
  const plain = diagnosticsFor(a, 'file:///ws/bad.iam.json');
  assert.ok(plain.some((d) => d.code === 'ref/unknown-group' && d.severity === 'error'));
  const lowered = diagnosticsFor(a, 'file:///ws/bad.iam.json', { severities: { 'ref/unknown-group': 'hint' } });
  assert.equal(lowered.find((d) => d.code === 'ref/unknown-group')!.severity, 'hint');
  const off = diagnosticsFor(a, 'file:///ws/bad.iam.json', { severities: { 'ref/*': 'off' } });
  assert.equal(off.some((d) => d.code.startsWith('ref/')), false);
});

test('document symbols: sections, entities, statements', () => {
  const file = makeHost().snapshot().workspace.file(PROD_URI)!;
  const symbols = documentSymbols(file);
  assert.deepEqual(symbols.map((s) => s.name), ['acme-prod (111111111111)', 'policies', 'groups', 'users', 'roles']);
  const policies = symbols.find((s) => s.name === 'policies')!;
  assert.deepEqual(policies.children.map((c) => c.name), ['S3Read', 'Passer', 'NoIam']);
  assert.equal(policies.children[0].children[0].name, 'Read');
  const roles = symbols.find((s) => s.name === 'roles')!;
  assert.equal(roles.children[0].children[0].name, 'trustPolicy');
  const check = (s: (typeof symbols)[number]): void => {
    assert.ok(s.selectionSpan.start >= s.span.start && s.selectionSpan.end <= s.span.end, `${s.name}: selection inside range`);
    s.children.forEach(check);
  };
  symbols.forEach(check);
});

test('document symbols: a section covers its key and closing brace (sticky scroll shows `"users": {`); comments between are fine', () => {
  const file = makeHost().snapshot().workspace.file(PROD_URI)!;
  for (const s of documentSymbols(file).filter((x) => x.kind === 'section')) {
    const text = file.text.slice(s.span.start, s.span.end);
    assert.ok(text.startsWith(`"${s.name}": {`), `${s.name} starts at its key: ${text.slice(0, 30)}`);
    assert.ok(text.endsWith('}'), `${s.name} ends at its brace`);
    assert.equal(file.text.slice(s.selectionSpan.start, s.selectionSpan.end), `"${s.name}"`);
    s.children.forEach((c) => assert.ok(c.span.start > s.span.start && c.span.end < s.span.end));
  }
  const commented = '{ "account": { "id": "111111111111" },\n  "users" /* people */ : // all of them\n  {\n    "a": {}, // first\n    "b": {} /* last */\n  } }';
  const host = new AnalysisHost();
  host.setFile('file:///ws/c.iam.json', commented);
  const users = documentSymbols(host.snapshot().workspace.file('file:///ws/c.iam.json')!).find((s) => s.name === 'users')!;
  assert.equal(commented.slice(users.span.start, users.span.end), commented.slice(commented.indexOf('"users"'), commented.lastIndexOf('}', commented.length - 2) + 1));
});

test('CodeLens: Simulate on users and roles, Show in graph on every principal', () => {
  const file = makeHost().snapshot().workspace.file(PROD_URI)!;
  const lenses = codeLenses(file);
  assert.equal(lenses.filter((l) => l.title === 'Show in graph').length, 6);
  assert.equal(lenses.filter((l) => l.title === 'Simulate…').length, 4);
  const alice = lenses.find((l) => l.title === 'Show in graph' && l.arguments[0] === 'user:111111111111:alice');
  assert.ok(alice);
  const sim = lenses.find((l) => l.title === 'Simulate…')!;
  assert.equal(sim.command, 'iamWorkbench.simulate');
  assert.match(String((sim.arguments[0] as { arn: string }).arn), /^arn:aws:iam::111111111111:user\//);
});

test('findings are computed on first use; quota settings apply where the file sets none', () => {
  let runs = 0;
  const host = new AnalysisHost({ rules: () => (runs++, []), quotas: { rolesPerAccount: 2000, usersPerAccount: 5000 } });
  host.setFile(PROD_URI, PROD.replace('"alias": "acme-prod"', '"alias": "acme-prod", "quotas": { "rolesPerAccount": 3000 }'), 1);
  const a = host.snapshot();
  assert.equal(runs, 0, 'the model is ready before the rules ran');
  assert.ok(a.workspace.file(PROD_URI)!.users.has('alice'));
  a.findings;
  a.findings;
  assert.equal(runs, 1);
  const quotas = a.workspace.file(PROD_URI)!.account.quotas;
  assert.equal(quotas.get('rolesPerAccount')!.value, 3000, 'the file wins');
  assert.equal(quotas.get('usersPerAccount')!.value, 5000, 'the setting fills in');
  host.setQuotas({});
  assert.equal(host.snapshot().workspace.file(PROD_URI)!.account.quotas.has('usersPerAccount'), false);
  assert.equal(host.snapshot().workspace.file(PROD_URI)!.account.quotas.get('rolesPerAccount')!.value, 3000);
});
