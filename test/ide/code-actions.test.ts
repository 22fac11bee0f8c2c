import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES, runRules } from '../../core/analysis/rules';
import { parseRulesConfig } from '../../core/analysis/config';
import { codeActions } from '../../core/ide/code-actions';
import { AnalysisHost } from '../../core/ide/host';
import { parseAccountFile } from '../../core/model';
import { apply, at, makeHost, PROD, PROD_URI } from './fixture';

const host = makeHost();
const analysis = host.snapshot();
const ws = analysis.workspace;
const actionsAt = (needle: string, delta = 2, text = PROD, uri = PROD_URI, w = ws) => {
  const o = at(text, needle, delta);
  return codeActions(w, runRules(w), uri, { start: o, end: o });
};
const applied = (a: { edits: { uri: string; span: { start: number; end: number }; newText: string }[] }, text = PROD) => apply(text, a.edits);

test('move a policy from a user to one of its groups: minimal edits, comments kept', () => {
  const actions = actionsAt('"Passer"]');
  const move = actions.find((a) => a.title === 'Move policy "Passer" from user "alice" to group "Devs"')!;
  assert.ok(move, actions.map((a) => a.title).join('\n'));
  const next = applied(move);
  assert.ok(next.includes('// the production account'));
  const m = parseAccountFile(PROD_URI, next);
  assert.deepEqual(m.findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(m.users.get('alice')!.policies.map((p) => p.ref), []);
  assert.deepEqual(m.groups.get('Devs')!.policies.map((p) => p.ref), ['S3Read', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'Passer']);
  // Everything outside the edited region is byte for byte the same.
  const edit = move.edits[0];
  assert.equal(next.slice(0, edit.span.start), PROD.slice(0, edit.span.start));
});

test('move a policy to a new group: the group is created and the user joins it', () => {
  const move = actionsAt('"Passer"]').find((a) => /to a new group "PasserUsers"/.test(a.title))!;
  const m = parseAccountFile(PROD_URI, applied(move));
  assert.deepEqual(m.groups.get('PasserUsers')!.policies.map((p) => p.ref), ['Passer']);
  assert.deepEqual(m.users.get('alice')!.groups.map((g) => g.name), ['Devs', 'PasserUsers']);
  assert.equal(m.users.get('alice')!.policies.length, 0);
});

test('add an sts:ExternalId condition to a cross-account trust statement', () => {
  const actions = actionsAt('arn:aws:iam::222222222222:root');
  const fix = actions.find((a) => a.title === 'Add an sts:ExternalId condition')!;
  assert.ok(fix);
  assert.ok(fix.fixes.some((f) => f.code === 'trust/external-id'), 'tied to the rule finding');
  const role = parseAccountFile(PROD_URI, applied(fix)).roles.get('partner-access')!;
  const c = role.trustPolicy!.statements[0].conditions[0];
  assert.equal(c.operator.value, 'StringEquals');
  assert.equal(c.key.value, 'sts:ExternalId');
  assert.equal(actionsAt('ec2.amazonaws.com').some((a) => /ExternalId/.test(a.title)), false, 'not for a service principal');
});

test('restrict iam:PassRole: to a role, or with iam:PassedToService', () => {
  const actions = actionsAt('"iam:PassRole"');
  const toRole = actions.find((a) => a.title === 'Restrict iam:PassRole to role "app"')!;
  const st = parseAccountFile(PROD_URI, applied(toRole)).policies.get('Passer')!.document.statements[0];
  assert.deepEqual(st.resource!.values.map((v) => v.value), ['arn:aws:iam::111111111111:role/app']);
  const svc = actions.find((a) => /iam:PassedToService/.test(a.title))!;
  const st2 = parseAccountFile(PROD_URI, applied(svc)).policies.get('Passer')!.document.statements[0];
  assert.equal(st2.conditions[0].key.value, 'iam:PassedToService');
});

test('add an MFA condition to an Allow statement', () => {
  const fix = actionsAt('"s3:GetObject"').find((a) => /MFA condition/.test(a.title))!;
  const st = parseAccountFile(PROD_URI, applied(fix)).policies.get('S3Read')!.document.statements[0];
  assert.deepEqual([st.conditions[0].operator.value, st.conditions[0].key.value, st.conditions[0].values[0].value], ['Bool', 'aws:MultiFactorAuthPresent', 'true']);
  assert.equal(actionsAt('"iam:*"').some((a) => /MFA/.test(a.title)), false, 'not for a Deny');
});

test('no refactoring in a file with syntax errors (jsonc-parser would re-read every error per edit), fixes stay', () => {
  // A stray token at the end of the file: the model still reads every entity, but the refactorings' edits are not
  // computed (a 2 MB text of garbage made each one take seconds, found by the fuzz tier).
  const broken = PROD.replace(/\}\s*$/, '} ]');
  const file = parseAccountFile(PROD_URI, broken);
  assert.ok(file.findings.some((f) => f.code === 'parse/syntax'));
  const brokenHost = new AnalysisHost();
  brokenHost.setFile(PROD_URI, broken, 1);
  const w = brokenHost.snapshot().workspace;
  assert.equal(actionsAt('"Passer"]', 2, broken, PROD_URI, w).some((a) => /^Move policy/.test(a.title)), false);
  assert.equal(actionsAt('"s3:GetObject"', 2, broken, PROD_URI, w).some((a) => /MFA condition/.test(a.title)), false);
  assert.equal(actionsAt('"s3:GetObject"').some((a) => /MFA condition/.test(a.title)), true, 'offered in the same file without the error');
});

test('quick fixes of rule findings are offered as they are', () => {
  const text = `{ "account": { "id": "444444444444" }, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [
    { "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" } ] } } } }`;
  const h = makeHost({ 'file:///ws/q.iam.json': text });
  const w = h.snapshot().workspace;
  const actions = actionsAt('"allow"', 2, text, 'file:///ws/q.iam.json', w);
  const fix = actions.find((a) => a.fixes.some((f) => f.code === 'grammar/effect'));
  assert.ok(fix, actions.map((a) => a.title).join('\n'));
  assert.match(applied(fix, text), /"Effect": "Allow"/);
});

test('each rule finding our quick fixes answer gets one at its own range', () => {
  const findings = runRules(ws);
  const answered = ['practice/policy-on-user', 'trust/external-id', 'practice/passrole-wildcard'];
  const relevant = findings.filter((f) => f.uri === PROD_URI && answered.includes(f.code));
  assert.ok(relevant.length >= 3, relevant.map((f) => f.code).join());
  for (const f of relevant) {
    const actions = codeActions(ws, findings, PROD_URI, f.span);
    assert.ok(actions.some((a) => a.fixes.some((x) => x.code === f.code)), `${f.code} at ${PROD.slice(f.span.start, f.span.end)}: ${actions.map((a) => a.title).join(' | ')}`);
  }
});

test('"Disable <rule> for this line" inserts the comment with the line\'s indentation, and the rule goes silent there', () => {
  const findings = runRules(ws);
  const external = findings.find((f) => f.code === 'trust/external-id' && f.uri === PROD_URI)!;
  assert.ok(external, 'the fixture has a cross-account trust without ExternalId');
  const actions = codeActions(ws, findings, PROD_URI, external.span);
  const disable = actions.find((a) => a.title === 'Disable trust/external-id for this line')!;
  assert.ok(disable, actions.map((a) => a.title).join('\n'));
  assert.deepEqual(disable.fixes.map((f) => f.code), ['trust/external-id']);
  const next = applied(disable);
  const line = PROD.slice(PROD.lastIndexOf('\n', external.span.start) + 1, PROD.indexOf('\n', external.span.start));
  const indent = /^\s*/.exec(line)![0];
  assert.ok(next.includes(`\n${indent}// iam-workbench-disable-next-line trust/external-id\n${line}\n`), 'the comment sits right above the line, indented alike');
  const after = makeHost({ [PROD_URI]: next }).snapshot().workspace;
  const left = runRules(after).filter((f) => f.uri === PROD_URI);
  assert.equal(left.filter((f) => f.code === 'trust/external-id').length, findings.filter((f) => f.code === 'trust/external-id' && f.uri === PROD_URI).length - 1);
  assert.equal(left.length, findings.filter((f) => f.uri === PROD_URI).length - 1, 'nothing else changes');
});

test('"Disable <rule> for this line" adds the rule to a disable comment already above the line, before its reason', () => {
  const text = PROD.replace(/\n(\s*)("bob": )/, '\n$1// iam-workbench-disable-next-line practice/naming -- legacy\n$1$2');
  const w = makeHost({ [PROD_URI]: text }).snapshot().workspace;
  const findings = runRules(w).filter((f) => f.uri === PROD_URI);
  const onBob = findings.find((f) => text.slice(f.span.start, f.span.end).includes('bob') || (f.span.start >= text.indexOf('"bob"') && f.span.start < text.indexOf('\n', text.indexOf('"bob"'))));
  assert.ok(onBob, `a finding on bob's line: ${findings.map((f) => f.code).join(', ')}`);
  const disable = codeActions(w, findings, PROD_URI, onBob.span).find((a) => a.title === `Disable ${onBob.code} for this line`)!;
  const next = apply(text, disable.edits);
  assert.ok(next.includes(`// iam-workbench-disable-next-line practice/naming, ${onBob.code} -- legacy\n`), next.slice(text.indexOf('"bob"') - 120, text.indexOf('"bob"')));
});

test('"Disable <rule> in iam-workbench.json" edits the configuration, or creates it; "Show documentation" runs the command', () => {
  const findings = runRules(ws);
  const external = findings.find((f) => f.code === 'trust/external-id' && f.uri === PROD_URI)!;
  const CONFIG = 'file:///ws/iam-workbench.json';
  const existing = '{\n  // team settings\n  "rules": { "quota/*": "warning" }\n}\n';
  const edit = codeActions(ws, findings, PROD_URI, external.span, { config: { uri: CONFIG, text: existing } }).find((a) => a.title === 'Disable trust/external-id in iam-workbench.json')!;
  assert.ok(edit && !edit.createFile);
  assert.ok(edit.edits.every((e) => e.uri === CONFIG));
  const config = apply(existing, edit.edits);
  assert.ok(config.includes('// team settings'), 'comments kept');
  const parsed = parseRulesConfig(config, CONFIG, RULES.map((r) => r.id));
  assert.deepEqual(parsed.findings, []);
  assert.deepEqual(parsed.config.rules, { 'quota/*': 'warning', 'trust/external-id': 'off' });

  const create = codeActions(ws, findings, PROD_URI, external.span, { config: { uri: CONFIG } }).find((a) => a.title === 'Disable trust/external-id in iam-workbench.json')!;
  assert.equal(create.createFile, CONFIG);
  assert.deepEqual(parseRulesConfig(apply('', create.edits), CONFIG, RULES.map((r) => r.id)).config.rules, { 'trust/external-id': 'off' });
  // The rule is off with that configuration.
  assert.equal(runRules(ws, parsed.config).some((f) => f.code === 'trust/external-id'), false);

  const doc = codeActions(ws, findings, PROD_URI, external.span).find((a) => a.title === 'Show documentation for trust/external-id')!;
  assert.deepEqual(doc.command, { title: 'Show documentation for trust/external-id', command: 'iamWorkbench.showRuleDocumentation', arguments: ['trust/external-id'] });
  assert.equal(codeActions(ws, findings, PROD_URI, external.span).filter((a) => /^Disable|^Show documentation/.test(a.title)).length, 2, 'without a configuration file location, no config action');
});

test('every diagnostic code links to a documentation page: rules to their own heading of docs/rules.md', async () => {
  const { docUrl, headingAnchor, ruleDocMarkdown } = await import('../../core/ide/rule-docs');
  const { readFileSync } = await import('node:fs');
  const rulesDoc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
  const anchors = new Set([...rulesDoc.matchAll(/^#+ (.+)$/gm)].map((m) => headingAnchor(m[1])));
  for (const r of RULES) {
    const url = docUrl(r.id)!;
    assert.ok(url.endsWith(`/rules.md#${headingAnchor(r.id)}`), url);
    assert.ok(anchors.has(url.split('#')[1]), `docs/rules.md has a heading for ${r.id}`);
    assert.ok(ruleDocMarkdown(r.id)!.includes(r.doc.slice(0, 40)));
  }
  assert.equal(headingAnchor('practice/full-admin'), 'practicefull-admin');
  const pages: Record<string, string> = { 'iam-json.md': readFileSync(new URL('../../docs/iam-json.md', import.meta.url), 'utf8'), 'scenarios.md': readFileSync(new URL('../../docs/scenarios.md', import.meta.url), 'utf8'), 'rules.md': rulesDoc };
  for (const code of ['parse/syntax', 'schema/unknown-key', 'ref/unknown-group', 'scenario/failed', 'config/invalid', 'rules/internal-error']) {
    const [page, anchor] = docUrl(code)!.split('/').pop()!.split('#');
    assert.ok([...pages[page].matchAll(/^#+ (.+)$/gm)].some((m) => headingAnchor(m[1]) === anchor), `${code} → ${page}#${anchor}`);
  }
  assert.equal(docUrl('nonsense'), undefined);
});

test('shipped docs: a file: URI to the page with the heading\'s line, for every rule and every other code; a missing page gives no link', async () => {
  const { docUrl, docTarget, setDocsSite, shippedDocs, relativeDocs } = await import('../../core/ide/rule-docs');
  const { readFileSync } = await import('node:fs');
  const read = (page: string) => readFileSync(new URL(`../../docs/${page}`, import.meta.url), 'utf8');
  const reads: string[] = [];
  setDocsSite(shippedDocs('file:///ext/docs', (page) => (reads.push(page), read(page))));
  try {
    const rules = read('rules.md').split('\n');
    for (const r of RULES) {
      const url = docUrl(r.id)!;
      const m = /^file:\/\/\/ext\/docs\/rules\.md#L(\d+)$/.exec(url);
      assert.ok(m, url);
      assert.equal(rules[Number(m[1]) - 1], `## ${r.id}`, `line ${m[1]} of docs/rules.md is ${r.id}'s heading`);
    }
    for (const code of ['parse/syntax', 'schema/unknown-key', 'ref/unknown-group', 'scenario/failed', 'config/invalid']) {
      const t = docTarget(code)!;
      const m = new RegExp(`^file:///ext/docs/${t.page.replace('.', '\\.')}#L(\\d+)$`).exec(docUrl(code)!);
      assert.ok(m, docUrl(code));
      assert.match(read(t.page).split('\n')[Number(m[1]) - 1], new RegExp(`^#+ ${t.heading}$`, 'i'));
    }
    // Each page is read once, however many links point into it.
    assert.deepEqual(reads.sort(), ['iam-json.md', 'rules.md', 'scenarios.md']);
    // A page that is not there: no link rather than a dead one; a heading not found: the page's top.
    setDocsSite(shippedDocs('file:///ext/docs/', (page) => (page === 'rules.md' ? '# Rules\n' : undefined)));
    assert.equal(docUrl('parse/syntax'), undefined);
    assert.equal(docUrl(RULES[0].id), 'file:///ext/docs/rules.md#L1');
  } finally {
    setDocsSite(relativeDocs);
  }
  assert.ok(docUrl(RULES[0].id)!.startsWith('docs/rules.md#'));
});
