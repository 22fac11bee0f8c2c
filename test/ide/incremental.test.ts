import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleById, runRules, type PolicyTarget } from '../../core/analysis/rules';
import { policyTargets, policyTargetsOf } from '../../core/analysis/rules/support/targets';
import type { Finding } from '../../core/findings';
import { AnalysisHost } from '../../core/ide/host';
import { changedRange, reparseIncrementally } from '../../core/ide/incremental';
import { parseAccountFile } from '../../core/model';
import type { AccountFile } from '../../core/model/types';

/** The model as comparable JSON: maps as objects, findings sorted, resolution links and caches left out. */
function canonical(f: AccountFile): string {
  const findings = [...f.findings].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
  return JSON.stringify({ ...f, findings }, (k, v) => {
    if (k === 'target' || k === 'members' || k === 'memberOf' || k === 'lines' || k === 'text') return undefined;
    if (v instanceof Map) return Object.fromEntries(v);
    if (k === 'findings' && Array.isArray(v)) return [...v].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
    return v;
  });
}

const EXAMPLE = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'acme-prod.iam.json'), 'utf8');

/**
 * A 200-character tag value for the users that pad the example past the incremental threshold (256 KB): few users
 * make the bytes (a few hundred instead of thousands), since the analysis's cost grows with the users and the
 * threshold asks only for the bytes.
 */
const NOTE = 'padding '.repeat(25).trim();

/** A deterministic pseudo-random sequence. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/**
 * Policy targets as comparable rows: where the document is, its kind and words, its owner, and that the target's file
 * and owner are the file's current objects (a list reused across edits must say what a fresh one says).
 */
function targetsOf(file: AccountFile, list: PolicyTarget[]): unknown[] {
  const sectionOf = (where: string) => (where.startsWith('policy ') ? 'policies' : / of user /.test(where) ? 'users' : / of group /.test(where) ? 'groups' : 'roles') as 'policies' | 'users' | 'groups' | 'roles';
  return list.map((t) => [t.doc.span.start, t.kind, t.where, t.owner?.name ?? '', t.pinned, t.file === file, t.owner ? t.owner === file[sectionOf(t.where)].get(t.owner.name) : true]);
}

test('changedRange finds the edit', () => {
  assert.deepEqual(changedRange('abcdef', 'abXdef'), { start: 2, oldEnd: 3, newEnd: 3 });
  assert.deepEqual(changedRange('abcdef', 'abcXdef'), { start: 3, oldEnd: 3, newEnd: 4 });
  assert.deepEqual(changedRange('aaaa', 'aaa'), { start: 3, oldEnd: 4, newEnd: 3 });
  // Long texts (compared in chunks): the range is the smallest one, wherever the edit sits.
  const next = rng(3);
  for (let round = 0; round < 40; round++) {
    // The same characters as `Array.from({ length }, () => 'ab'[Math.floor(next() * 2)]).join('')`, built as bytes
    // (a tenth of the CPU: no array of 250,000 one-character strings to join).
    const bytes = Buffer.allocUnsafe(150000 + Math.floor(next() * 100000));
    for (let i = 0; i < bytes.length; i++) bytes[i] = 97 + Math.floor(next() * 2);
    const base = bytes.toString('latin1');
    const at = Math.floor(next() * base.length);
    const removed = Math.floor(next() * 3 ** Math.floor(next() * 10));
    const inserted = 'abc'.repeat(Math.floor(next() * 3));
    const edited = base.slice(0, at) + inserted + base.slice(at + removed);
    const r = changedRange(base, edited);
    assert.equal(base.slice(0, r.start), edited.slice(0, r.start));
    assert.equal(base.slice(r.oldEnd), edited.slice(r.newEnd));
    assert.ok(r.start === Math.min(base.length, edited.length) || base[r.start] !== edited[r.start] || r.oldEnd === r.start || r.newEnd === r.start, 'smallest start');
    assert.ok(r.oldEnd === r.start || r.newEnd === r.start || base[r.oldEnd - 1] !== edited[r.newEnd - 1], 'smallest end');
  }
});

test('incremental re-parse equals a full parse after random edits inside entities', () => {
  const next = rng(7);
  let text = EXAMPLE;
  let model = parseAccountFile('file:///x.iam.json', text);
  let incremental = 0;
  // canonical(model), kept from the round that made the model (the model is not touched in between).
  let modelCanonical: string | undefined;
  const alphabet = ['x', '1', ' ', '"', ',', '*', ':', '/', '\n', ''];
  for (let round = 0; round < 200; round++) {
    // Edit inside a string value most of the time, anywhere otherwise.
    const strings = [...text.matchAll(/"[^"\n]{2,}"/g)];
    const m = strings[Math.floor(next() * strings.length)];
    const at = next() < 0.85 ? m.index! + 1 + Math.floor(next() * (m[0].length - 2)) : Math.floor(next() * text.length);
    const removeLen = next() < 0.3 ? 1 : 0;
    const insert = alphabet[Math.floor(next() * alphabet.length)];
    const edited = text.slice(0, at) + insert + text.slice(at + removeLen);
    if (edited === text) continue;
    const before = modelCanonical ?? canonical(model);
    modelCanonical = before;
    const inc = reparseIncrementally(model, edited, 0)?.file;
    // A fallback leaves the previous model as it was (an incremental re-parse consumes it).
    if (!inc) assert.equal(canonical(model), before, 'the previous model is left as it was');
    const full = parseAccountFile('file:///x.iam.json', edited);
    let incCanonical: string | undefined;
    if (inc) {
      incremental++;
      incCanonical = canonical(inc);
      assert.equal(incCanonical, canonical(full), `round ${round}: edit at ${at} (${JSON.stringify(insert)}, -${removeLen})`);
    }
    // Edits that break the JSON are checked (they must fall back) but not kept, so the walk stays on valid files.
    if (full.findings.some((f) => f.code.startsWith('parse/'))) {
      assert.equal(inc, undefined);
      continue;
    }
    model = inc ?? full;
    modelCanonical = incCanonical;
    text = edited;
  }
  assert.ok(incremental > 60, `most edits were incremental (${incremental})`);
});

test('an edit that closes its entity and opens other sections falls back (or equals a full parse)', () => {
  // Found by the fuzz tier (seed 1, #5689): a splice inside a policy's value that closed the policy and the
  // "policies" section and opened "groups", "users" and "roles" still parsed in the tiny one-entity file, as
  // one policy plus other sections, and the incremental model kept the roles and groups it had before.
  const model0 = parseAccountFile('file:///x.iam.json', EXAMPLE);
  const entities = (['users', 'groups', 'roles', 'policies'] as const).flatMap((k) => [...model0[k].values()].map((e) => ({ section: k, e })));
  const inserts = [
    '}}, "groups": { "Intruders": {',
    '}}, "roles": { "intruder": { "trustPolicy": { "Version": "2012-10-17", "Statement": [] } }, "more": {',
    '}, "intruder": {',
    '} }, "users": { "eve": {} }, "policies": { "p2": {',
  ];
  let checked = 0;
  for (const { e } of entities) {
    for (const insert of inserts) {
      const model = parseAccountFile('file:///x.iam.json', EXAMPLE);
      const at = e.span.start + 1;
      const edited = EXAMPLE.slice(0, at) + insert + EXAMPLE.slice(at);
      const full = parseAccountFile('file:///x.iam.json', edited);
      const inc = reparseIncrementally(model, edited, 0)?.file;
      if (inc) assert.equal(canonical(inc), canonical(full), `${e.name}: ${insert}`);
      checked++;
    }
  }
  assert.ok(checked > 20);
});

test('the host uses it for big files and the snapshot is right', () => {
  // Pad the example past the threshold with extra users.
  const users = Array.from({ length: 1100 }, (_, i) => `"pad-user-${i}": { "groups": ["Developers"], "tags": { "note": "${NOTE}", "team": "padding team number ${i}" } }`).join(',\n    ');
  const big = EXAMPLE.replace('"users": {', `"users": {\n    ${users},`);
  assert.ok(big.length > 256 * 1024);
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile('file:///big.iam.json', big, 1);
  host.snapshot().findings;
  const at = big.indexOf('padding team number 1034') + 3;
  assert.ok(at > 3, 'the tag value is in the text');
  const edited = big.slice(0, at) + 'Z' + big.slice(at);
  host.setFile('file:///big.iam.json', edited, 2);
  const ws = host.snapshot().workspace;
  assert.equal(canonical(ws.file('file:///big.iam.json')!), canonical(parseAccountFile('file:///big.iam.json', edited)));
  assert.equal(host.lastParse('file:///big.iam.json'), 'incremental');
  // Rule findings (cached per document by the rules) match a fresh analysis, fixes included.
  const plain = (list: Finding[]) => JSON.stringify(list.map((f) => [f.code, f.span, f.message, f.fixes ?? []]).sort());
  const fresh = new AnalysisHost({ rules: (w) => runRules(w) });
  fresh.setFile('file:///big.iam.json', edited, 1);
  assert.equal(plain(host.snapshot().findings.get('file:///big.iam.json')!), plain(fresh.snapshot().findings.get('file:///big.iam.json')!));
  assert.equal(ws.file('file:///big.iam.json')!.groups.get('Developers')!.members.length > 1100, true, 'resolution sees every user');
});

test('edits through the host: model, resolution and rule findings equal a fresh analysis after each', () => {
  // A big file (past the threshold) whose entities reference each other: users in groups, policies
  // attached by name, boundaries; edits land in all of them, breaking and mending references.
  const users = Array.from({ length: 900 }, (_, i) => `"pad-user-${i}": { "groups": ["${i % 3 ? 'Developers' : 'Auditors'}"], "tags": { "note": "${NOTE}", "team": "padding team number ${i}" } }`).join(',\n    ');
  let text = EXAMPLE.replace('"users": {', `"users": {\n    ${users},`);
  assert.ok(text.length > 256 * 1024);
  const uri = 'file:///big.iam.json';
  // A second account in the workspace: cross-account trust and workspace-wide checks see both.
  const otherUri = 'file:///security.iam.json';
  const other = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'acme-security.iam.json'), 'utf8');
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(uri, text, 1);
  host.setFile(otherUri, other, 1);
  host.snapshot().findings;
  assert.equal(host.prepareEdits(), true, 'the big file is readied for edits once');
  assert.equal(host.prepareEdits(), false);
  const plain = (list: Finding[]) => list.map((f) => JSON.stringify([f.code, f.span, f.message, f.related ?? [], f.fixes ?? []])).sort();
  const links = (ws: ReturnType<AnalysisHost['snapshot']>['workspace']) => {
    const f = ws.file(uri)!;
    const target = (r: { target?: { kind: string } }) => (r.target ? JSON.stringify([r.target.kind, (r.target as { policy?: { name: string; span: object } }).policy?.span ?? (r.target as { name?: string }).name]) : '-');
    return JSON.stringify({
      groups: [...f.groups.values()].map((g) => [g.name, g.members.map((u) => u.name), g.policies.map(target)]),
      users: [...f.users.values()].map((u) => [u.name, u.memberOf.map((g) => g.name), u.policies.map(target), u.permissionsBoundary ? target(u.permissionsBoundary) : '']),
      roles: [...f.roles.values()].map((r) => [r.name, r.policies.map(target)]),
      arns: [...f.users.values(), ...f.roles.values()].map((e) => ws.entityByArn(e.arn) === e),
    });
  };
  // Stale targets would point at replaced objects: every customer target must be the file's current policy.
  const currentTargets = (ws: ReturnType<AnalysisHost['snapshot']>['workspace']) => {
    const f = ws.file(uri)!;
    for (const p of [...f.users.values(), ...f.groups.values(), ...f.roles.values()]) {
      for (const r of p.policies) if (r.target?.kind === 'customer') assert.equal(r.target.policy, f.policies.get(r.target.policy.name), `${p.name} → ${r.ref}`);
    }
    for (const g of f.groups.values()) for (const u of g.members) assert.equal(u, f.users.get(u.name), `member ${u.name} of ${g.name}`);
    for (const u of f.users.values()) for (const g of u.memberOf) assert.equal(g, f.groups.get(g.name), `group ${g.name} of ${u.name}`);
  };
  const next = rng(11);
  const alphabet = ['x', 'D', ' ', '*', ':', ''];
  let incremental = 0;
  for (let round = 0; round < 60; round++) {
    // Strings inside entities, one kind at a time: group and policy names, actions in documents, paths, tags.
    const kinds = [/"(Developers|Auditors|Admins)"/g, /"(DeveloperAccess|DevBoundary)"/g, /"[a-z0-9]+:[A-Za-z*]+"/g, /"\/[a-z]+\/"/g, /"padding team number \d+"/g];
    const strings = [...text.matchAll(kinds[Math.floor(next() * kinds.length)])];
    if (!strings.length) continue;
    const m = strings[Math.floor(next() * strings.length)];
    const at = m.index! + 1 + Math.floor(next() * (m[0].length - 1));
    const removeLen = next() < 0.4 ? 1 : 0;
    const edited = text.slice(0, at) + alphabet[Math.floor(next() * alphabet.length)] + text.slice(at + removeLen);
    if (edited === text) continue;
    text = edited;
    host.setFile(uri, text, round + 2);
    const analysis = host.snapshot();
    if (host.lastParse(uri) === 'incremental') incremental++;
    const fresh = new AnalysisHost({ rules: (w) => runRules(w) });
    fresh.setFile(uri, text, 1);
    fresh.setFile(otherUri, other, 1);
    const expected = fresh.snapshot();
    assert.equal(canonical(analysis.workspace.file(uri)!), canonical(expected.workspace.file(uri)!), `round ${round}: model`);
    assert.deepEqual(plain(analysis.workspace.findings), plain(expected.workspace.findings), `round ${round}: resolution findings`);
    assert.equal(links(analysis.workspace), links(expected.workspace), `round ${round}: links`);
    currentTargets(analysis.workspace);
    const file = analysis.workspace.file(uri)!;
    void analysis.findings;
    assert.deepEqual(targetsOf(file, policyTargetsOf(file)), targetsOf(file, policyTargets(file)), `round ${round}: policy targets`);
    assert.deepEqual(plain(analysis.findings.get(uri)!), plain(expected.findings.get(uri)!), `round ${round}: all findings`);
    assert.deepEqual(plain(analysis.findings.get(otherUri)!), plain(expected.findings.get(otherUri)!), `round ${round}: the other file's findings`);
  }
  assert.ok(incremental > 35, `most edits were incremental (${incremental})`);
});

test('rehearseEdit: a keystroke and its undo through the edit path leave the analysis as a fresh one of the same text', () => {
  const users = Array.from({ length: 1100 }, (_, i) => `"pad-user-${i}": { "groups": ["Developers"], "tags": { "note": "${NOTE}", "team": "padding team number ${i}" } }`).join(',\n    ');
  const big = EXAMPLE.replace('"users": {', `"users": {\n    ${users},`);
  assert.ok(big.length > 256 * 1024);
  const uri = 'file:///big.iam.json';
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  assert.equal(host.rehearseEdit(uri), false, 'no such file');
  host.setFile(uri, big, 7);
  assert.equal(host.rehearseEdit(uri), false, 'not analysed yet');
  host.snapshot().findings;
  for (let i = 0; i < 3; i++) assert.equal(host.rehearseEdit(uri), true);
  assert.equal(host.text(uri), big);
  assert.equal(host.version(uri), 7);
  assert.equal(host.lastParse(uri), 'incremental', 'it went through the edit path');
  const plain = (list: Finding[]) => list.map((f) => JSON.stringify([f.code, f.span, f.message, f.related ?? [], f.fixes ?? []])).sort();
  const fresh = new AnalysisHost({ rules: (w) => runRules(w) });
  fresh.setFile(uri, big, 1);
  const [now, expected] = [host.snapshot(), fresh.snapshot()];
  assert.equal(canonical(now.workspace.file(uri)!), canonical(expected.workspace.file(uri)!));
  assert.deepEqual(plain(now.findings.get(uri)!), plain(expected.findings.get(uri)!));
  assert.equal(host.lines(uri)?.lineCount, big.split('\n').length);
  // A small file is parsed whole on every edit: nothing to rehearse.
  host.setFile('file:///small.iam.json', EXAMPLE, 1);
  host.snapshot().findings;
  assert.equal(host.rehearseEdit('file:///small.iam.json'), false);
});

test('a suppression comment typed inside an entity of a big file takes effect at once', () => {
  const users = Array.from({ length: 1000 }, (_, i) => `"pad-user-${i}": { "groups": ["Developers"], "tags": { "note": "${NOTE}", "team": "padding team number ${i}" } }`).join(',\n    ');
  const big = EXAMPLE.replace('"users": {', `"users": {\n    "direct-user": {\n      "policies": ["DeveloperAccess"]\n    },\n    ${users},`);
  assert.ok(big.length > 256 * 1024);
  const uri = 'file:///big.iam.json';
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(uri, big, 1);
  const onUser = (list: Finding[]) => list.filter((f) => f.code === 'practice/policy-on-user' && big.slice(0, f.span.start).includes('"direct-user"') && f.message.includes('direct-user'));
  assert.equal(onUser(host.snapshot().findings.get(uri)!).length, 1);
  const at = big.indexOf('"policies": ["DeveloperAccess"]');
  const edited = `${big.slice(0, at)}// iam-workbench-disable-next-line practice/policy-on-user\n      ${big.slice(at)}`;
  host.setFile(uri, edited, 2);
  const after = host.snapshot();
  assert.equal(host.lastParse(uri), 'incremental');
  assert.equal(onUser(after.findings.get(uri)!).length, 0, 'suppressed');
  const fresh = new AnalysisHost({ rules: (w) => runRules(w) });
  fresh.setFile(uri, edited, 1);
  assert.equal(after.findings.get(uri)!.length, fresh.snapshot().findings.get(uri)!.length);
});

test('editing a small file beside a big one, and changing quota settings: findings equal a fresh analysis', () => {
  const users = Array.from({ length: 900 }, (_, i) => `"pad-user-${i}": { "groups": ["Developers"], "tags": { "note": "${NOTE}", "team": "padding", "n": "${i}" } }`).join(',\n    ');
  const big = EXAMPLE.replace('"users": {', `"users": {\n    ${users},`);
  assert.ok(big.length > 256 * 1024);
  const small = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'acme-security.iam.json'), 'utf8');
  const edited = small.replace('"account": {', '"users": { "newcomer": { "groups": ["NoSuchGroup"], "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } },\n  "account": {');
  assert.notEqual(edited, small);
  const uris = ['file:///big.iam.json', 'file:///small.iam.json'];
  const plain = (list: Finding[]) => list.map((f) => JSON.stringify([f.code, f.span, f.message, f.related ?? [], f.fixes ?? []])).sort();
  const expected = (smallText: string, quotas?: Record<string, number>) => {
    const fresh = new AnalysisHost({ rules: (w) => runRules(w), quotas });
    fresh.setFile(uris[0], big, 1);
    fresh.setFile(uris[1], smallText, 1);
    const a = fresh.snapshot();
    return [...uris.map((u) => plain(a.findings.get(u)!)), plain(a.workspace.findings)];
  };
  // Expectations first: the host below must build on its own previous runs only, as in the server.
  const afterEdit = expected(edited);
  const lowered = expected(edited, { tagsPerEntity: 1 });
  assert.ok(lowered[0].some((f) => f.includes('quota/tags')), 'the lowered quota is reported');
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(uris[0], big, 1);
  host.setFile(uris[1], small, 1);
  void host.snapshot().findings;
  const got = () => {
    const a = host.snapshot();
    return [...uris.map((u) => plain(a.findings.get(u)!)), plain(a.workspace.findings)];
  };
  // The small file is parsed whole (under the incremental threshold); the big one keeps its parse.
  host.setFile(uris[1], edited, 2);
  assert.deepEqual(got(), afterEdit, 'small file edited');
  assert.equal(host.lastParse(uris[0]), 'full', 'the big file was not parsed again');
  // Settings lower a quota: the same file objects, new findings.
  host.setQuotas({ tagsPerEntity: 1 });
  assert.deepEqual(got(), lowered, 'quota lowered');
  host.setQuotas(undefined);
  assert.deepEqual(got(), afterEdit, 'quota back');
});

test('random edits inside entity keys: the incremental model equals a full parse whenever it is made (names in order, spans, parse findings)', () => {
  const base = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'acme-prod.iam.json'), 'utf8');
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pieces = ['a', 'Z', '-', '\\"', '\\\\', '\\u0041', '\\q', '"', 'Admins', 'Developers', 'app-server', '', ' ', '}', '": {'];
  const model = (f: AccountFile) =>
    JSON.stringify([
      (['policies', 'groups', 'users', 'roles', 'identityProviders'] as const).map((k) => [...(f[k] as Map<string, { name: string; arn: string; nameSpan: object; span: object }>)].map(([n, e]) => [n, e.name, e.arn, e.nameSpan, e.span])),
      f.findings.map((x) => [x.code, x.span, x.message]).sort(),
    ]);
  let made = 0;
  let renamed = 0;
  let text = base;
  let previous = parseAccountFile('file:///k.json', text);
  for (let round = 0; round < 400; round++) {
    const keys = [...text.matchAll(/\n {4}"((?:[^"\\\n]|\\.)*)": \{/g)];
    const k = keys[Math.floor(next() * keys.length)];
    const inner = k.index! + '\n    "'.length;
    const from = inner + Math.floor(next() * (k[1].length + 1));
    const remove = Math.min(inner + k[1].length - from, Math.floor(next() * 3));
    const step = text.slice(0, from) + pieces[Math.floor(next() * pieces.length)] + text.slice(from + remove);
    if (step === text) continue;
    const inc = reparseIncrementally(previous, step, 0);
    const full = parseAccountFile('file:///k.json', step);
    if (inc) {
      made++;
      if (inc.renamed) renamed++;
      assert.equal(model(inc.file), model(full), `round ${round}: ${JSON.stringify(step.slice(from - 10, from + 12))}`);
    }
    // Keep the edit (or undo it: a round in three, and every edit that breaks the JSON or makes a duplicate, so that
    // most rounds start from a file the edit path can take), building on the full parse as the host would.
    if (next() < 0.67 && !full.findings.some((x) => x.code.startsWith('parse/'))) {
      text = step;
      previous = full;
    } else previous = parseAccountFile('file:///k.json', text);
  }
  assert.ok(made > 100 && renamed > 50, `enough incremental renames: ${made} incremental, ${renamed} renames`);
});

test('keystrokes before and after documents with findings, in boundaries and in inline policies: findings equal a fresh analysis, the reused policy targets equal fresh ones, findings handed out never change', () => {
  const users = Array.from({ length: 900 }, (_, i) => `"pad-user-${i}": { "groups": ["Developers"], "tags": { "note": "${NOTE}", "team": "padding team number ${i}" } }`).join(',\n    ');
  let text = EXAMPLE.replace('"users": {', `"users": {\n    ${users},`);
  assert.ok(text.length > 256 * 1024);
  const uri = 'file:///big.iam.json';
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(uri, text, 1);
  let analysis = host.snapshot();
  void analysis.findings;
  const plain = (list: Finding[]) => list.map((f) => JSON.stringify([f.code, f.span, f.message, f.related ?? [], f.fixes ?? []])).sort();
  // The policy rules' findings of every analysis handed out, with what they said then: they come from the per-document
  // cache, whose copies later edits must not move. (Other rules' findings may share span objects with the model they
  // were made from, which an edit moves in place: that analysis is stale by then.)
  const ofPolicies = (list: Finding[]) => {
    const docs = policyTargets(analysis.workspace.file(uri)!).map((t) => ({ start: t.doc.span.start, end: t.doc.span.end }));
    const kept = list.filter((f) => ruleById(f.code)?.policy && docs.some((d) => d.start <= f.span.start && f.span.end <= d.end));
    assert.ok(kept.length > 0);
    return kept;
  };
  const handedOut: { list: Finding[]; json: string }[] = [{ list: ofPolicies(analysis.findings.get(uri)!), json: JSON.stringify(ofPolicies(analysis.findings.get(uri)!)) }];
  let version = 2;
  let incremental = 0;
  let reused = 0;
  const step = (label: string, at: number, remove: number, insert: string) => {
    const before = policyTargetsOf(analysis.workspace.file(uri)!);
    text = text.slice(0, at) + insert + text.slice(at + remove);
    host.setFile(uri, text, version++, { start: at, oldEnd: at + remove, newEnd: at + insert.length });
    analysis = host.snapshot();
    const got = analysis.findings.get(uri)!;
    if (host.lastParse(uri) === 'incremental') incremental++;
    const fresh = new AnalysisHost({ rules: (w) => runRules(w) });
    fresh.setFile(uri, text, 1);
    assert.deepEqual(plain(got), plain(fresh.snapshot().findings.get(uri)!), `${label}: findings`);
    const file = analysis.workspace.file(uri)!;
    const list = policyTargetsOf(file);
    if (list === before) reused++;
    assert.deepEqual(targetsOf(file, list), targetsOf(file, policyTargets(file)), `${label}: policy targets`);
    for (const h of handedOut) assert.equal(JSON.stringify(h.list), h.json, `${label}: a list handed out before changed`);
    handedOut.push({ list: ofPolicies(got), json: JSON.stringify(ofPolicies(got)) });
  };
  const inside = (marker: string, offset = marker.length) => {
    const at = text.indexOf(marker);
    assert.ok(at >= 0, marker);
    return at + offset;
  };
  // A character typed and deleted before every document (the first policy's description) and after most (a role's).
  for (let i = 0; i < 3; i++) {
    step('type before', inside('"description": "Day-to-day', '"description": "'.length), 0, 'x');
    step('delete before', inside('"description": "xDay-to-day', '"description": "'.length), 1, '');
    step('type after', inside('"description": "EC2 instances', '"description": "'.length), 0, 'y');
    step('delete after', inside('"description": "yEC2 instances', '"description": "'.length), 1, '');
  }
  // A boundary changed: carol's, then dan's, so DevBoundary is used as an identity policy and DeveloperAccess as a boundary.
  step('carol boundary', inside('"permissionsBoundary": "DevBoundary"', '"permissionsBoundary": "'.length), 'DevBoundary'.length, 'DeveloperAccess');
  step('dan boundary', inside('"permissionsBoundary": "DevBoundary"', '"permissionsBoundary": "'.length), 'DevBoundary'.length, 'DeveloperAccess');
  step('type inside DeveloperAccess', inside('"Sid": "AppData"', '"Sid": "'.length), 0, 'z');
  step('alice gets a boundary', inside('"alice": {', '"alice": {'.length), 0, ' "permissionsBoundary": "DevBoundary",');
  // A second inline policy for Admins (one more target), typed in, then removed.
  const extra = ', "Extra": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "iam:*", "Resource": "*" }] }';
  step('inline policy added', inside('"aws:MultiFactorAuthPresent": "false" } }\n            }\n          ]\n        }'), 0, extra);
  step('inline policy edited', inside('"Action": "iam:*"', '"Action": "iam'.length), 0, 'x');
  step('inline policy removed', inside(', "Extra": {', 0), extra.length + 1, '');
  step('trust policy edited', inside('"trustPolicy": {', '"trustPolicy": {'.length), 0, ' ');
  assert.ok(incremental >= 18, `the edits took the edit path (${incremental})`);
  assert.ok(reused >= 12, `the targets were reused (${reused})`);
});
