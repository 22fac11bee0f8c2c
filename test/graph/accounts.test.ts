/**
 * The graph's accounts and badges (issue 19): every node says its account, AWS managed policies are one node
 * per account that attaches them, the accounts are listed with their labels, and each entity's findings (the
 * rules' and the model's, as the editor and `check` report them) are put on its node.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildGraph } from '../../core/analysis/graph';
import { runRules } from '../../core/analysis/rules';
import { MAX_NODE_FINDINGS, worstSeverity } from '../../core/analysis/graph/findings';
import { buildWorkspace } from '../../core/model';
import type { Finding } from '../../core/findings';
import { indexGraph, neighbourhood } from '../../core/analysis/graph/query';

function exampleWorkspace() {
  const files = readdirSync('examples').filter((f) => f.endsWith('.iam.json'));
  return buildWorkspace(files.map((f) => ({ uri: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') })));
}

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const A = '111111111111';
const B = '222222222222';

test('an AWS managed policy is one node per account that attaches it; no edge ties the accounts together', () => {
  const ws = buildWorkspace([
    { uri: 'a.iam.json', text: JSON.stringify({ account: { id: A, alias: 'alpha' }, users: { ann: { policies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } } }) },
    { uri: 'b.iam.json', text: JSON.stringify({ account: { id: B }, roles: { bot: { trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), policies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } } }) },
  ]);
  const g = buildGraph(ws);
  const readOnly = g.nodes.filter((n) => n.kind === 'awsPolicy');
  assert.deepEqual(readOnly.map((n) => [n.id, n.account]).sort(), [
    [`awsPolicy:${A}:arn:aws:iam::aws:policy/ReadOnlyAccess`, A],
    [`awsPolicy:${B}:arn:aws:iam::aws:policy/ReadOnlyAccess`, B],
  ]);
  // The label says which account where the name repeats; the detail keeps the ARN.
  assert.deepEqual(readOnly.map((n) => n.label).sort(), ['ReadOnlyAccess (222222222222)', 'ReadOnlyAccess (alpha)']);
  for (const n of readOnly) assert.equal(n.detail, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  // ann's neighbourhood, however deep, stays in account A: the shared policy no longer links to bot.
  const around = neighbourhood(indexGraph(g), `user:${A}:ann`, 6);
  assert.ok(![...around].some((id) => id.includes(B)), [...around].join(', '));
  assert.deepEqual(g.accounts, [{ id: A, label: `alpha (${A})` }, { id: B, label: B }]);
  // The service is outside every account.
  assert.equal(g.nodes.find((n) => n.kind === 'service')!.account, undefined);
});

test('the examples: every node of an account file says its account; outside principals do not', () => {
  const g = buildGraph(exampleWorkspace());
  const accounts = new Set(g.accounts!.map((a) => a.id));
  for (const n of g.nodes) {
    if (['user', 'group', 'role', 'policy', 'awsPolicy', 'instanceProfile'].includes(n.kind)) {
      assert.ok(n.account && accounts.has(n.account), `${n.id} in a listed account (${n.account})`);
      if (n.kind !== 'awsPolicy') assert.ok(n.id.includes(`:${n.account}:`), `${n.id} ~ ${n.account}`);
      else assert.ok(n.id.startsWith(`awsPolicy:${n.account}:`), n.id);
    }
    if (n.kind === 'service' || n.kind === 'externalAccount') assert.equal(n.account, undefined, n.id);
  }
  assert.ok(g.accounts!.some((a) => a.label === 'acme-prod (123456789012)'), JSON.stringify(g.accounts));
  assert.ok(g.accounts!.some((a) => a.label === 'acme-security (444455556666)'), JSON.stringify(g.accounts));
  // Every edge from a principal to an AWS managed policy stays in the principal's account.
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  for (const e of g.edges) {
    const t = byId.get(e.target)!;
    if (t.kind === 'awsPolicy') assert.equal(byId.get(e.source)!.account, t.account, e.id);
  }
});

test('badges: the rules\' findings land on the entity whose text holds them, worst first', () => {
  const ws = exampleWorkspace();
  const findings: Finding[] = [...ws.allFindings(), ...runRules(ws, {})];
  const g = buildGraph(ws, { findings });
  const node = (id: string) => g.nodes.find((n) => n.id === id)!;
  const mistakes = ws.files.find((f) => f.uri.endsWith('mistakes.iam.json'))!.accountId;
  // mallory: administrator without MFA (an error), keys, a policy attached directly.
  const mallory = node(`user:${mistakes}:mallory`);
  const codes = mallory.findings!.map((f) => f.code);
  assert.ok(codes.includes('practice/admin-without-mfa'), codes.join(', '));
  assert.ok(codes.includes('practice/two-active-keys'), codes.join(', '));
  assert.equal(worstSeverity(mallory), 'error');
  assert.equal(mallory.findings![0].severity, 'error');
  assert.equal(mallory.findingCount, mallory.findings!.length);
  // The findings are the same ones `check` reports for the lines of mallory's object.
  const file = ws.files.find((f) => f.uri.endsWith('mistakes.iam.json'))!;
  const user = file.users.get('mallory')!;
  const expected = findings.filter((f) => f.uri === file.uri && f.severity !== 'hint' && f.span.start >= user.nameSpan.start && f.span.start < user.span.end);
  assert.deepEqual(mallory.findings!.map((f) => f.code).sort(), expected.map((f) => f.code).sort());
  // The role open to everyone is flagged.
  const open = g.nodes.find((n) => n.kind === 'role' && n.label.startsWith('open-to-everyone'))!;
  assert.ok((open.findings?.length ?? 0) > 0, 'open-to-everyone has a badge');
  assert.ok(open.findings!.some((f) => f.code.startsWith('trust/')), open.findings!.map((f) => f.code).join(', '));
  // A clean group has none; file-level findings (password policy, root) are on no node.
  for (const n of g.nodes) for (const f of n.findings ?? []) assert.notEqual(f.code, 'practice/password-policy');
  // Without findings, no badges.
  assert.ok(buildGraph(ws).nodes.every((n) => n.findings === undefined));
});

test('badges: hints are left out, the list is capped but the count is whole, unknown places ignored', () => {
  const ws = buildWorkspace([{ uri: 'a.iam.json', text: JSON.stringify({ account: { id: A }, users: { ann: {} } }, null, 2) }]);
  const user = ws.files[0].users.get('ann')!;
  const at = (severity: Finding['severity'], i: number): Finding => ({ code: `x/${i}`, severity, message: `m${i}`, uri: 'a.iam.json', span: { start: user.span.start + 1, end: user.span.start + 2 } });
  const many = Array.from({ length: 40 }, (_, i) => at(i % 2 ? 'warning' : 'info', i));
  const g = buildGraph(ws, { findings: [...many, at('hint', 99), at('error', 100), { ...at('error', 101), uri: 'elsewhere.iam.json' }, { ...at('error', 102), span: { start: 0, end: 1 } }] });
  const ann = g.nodes.find((n) => n.id === `user:${A}:ann`)!;
  assert.equal(ann.findingCount, 41);
  assert.equal(ann.findings!.length, MAX_NODE_FINDINGS);
  assert.equal(ann.findings![0].code, 'x/100');
  assert.ok(!ann.findings!.some((f) => f.code === 'x/99'), 'the hint is left out');
});

test('exports: DOT puts each account\'s nodes in its cluster; SVG draws one outline per account and one badge per flagged node', async () => {
  const { graphToDot, graphToSvg } = await import('../../core/analysis/graph/export');
  const ws = exampleWorkspace();
  const g = buildGraph(ws, { findings: [...ws.allFindings(), ...runRules(ws, {})] });
  const dot = graphToDot(g);
  const clusters = [...dot.matchAll(/ {2}subgraph "cluster_(\d+)" \{\n([\s\S]*?)\n {2}\}/g)];
  assert.equal(clusters.length, g.accounts!.length);
  for (const [, i, body] of clusters) {
    const account = g.accounts![Number(i)];
    assert.ok(body.includes(`label="${account.label}"`), account.label);
    const inside = [...body.matchAll(/^ {4}"([^"]+)" \[/gm)].map((m) => m[1]).sort();
    assert.deepEqual(inside, g.nodes.filter((n) => n.account === account.id).map((n) => n.id).sort());
  }
  // Outside principals are outside every cluster; every node is declared once.
  assert.equal([...dot.matchAll(/^ {2,4}"[^"]+" \[label=/gm)].length, g.nodes.length);
  const flagged = g.nodes.filter((n) => n.findings?.length);
  assert.equal((dot.match(/peripheries=2/g) ?? []).length, flagged.length);
  for (const layout of ['layered', 'force'] as const) {
    const svg = graphToSvg(g, { layout });
    assert.equal((svg.match(/<g class="account">/g) ?? []).length, g.accounts!.length, layout);
    assert.equal((svg.match(/<g class="badge">/g) ?? []).length, flagged.length, layout);
    for (const a of g.accounts!) assert.ok(svg.includes(`>${a.label}</text>`), a.label);
    assert.doesNotMatch(svg, /NaN/);
  }
});
