import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleById, runRules } from '../../core/analysis/rules';
import { neutralEdit, tagsReachEvaluation } from '../../core/analysis/rules/support/neutral';
import type { Finding } from '../../core/findings';
import { AnalysisHost } from '../../core/ide/host';
import { changedRange, composeChanges, narrowedRange } from '../../core/ide/incremental';

/**
 * The rules that look past one entity (workspace rules, unscoped file rules) keep their findings after an edit that
 * changed only a description or a tag (core/analysis/rules/support/neutral.ts). Whatever the edit, the host's
 * findings must equal a fresh analysis of the same texts: a series of edits of several kinds, each compared.
 */

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const EXAMPLE = readFileSync(join(EXAMPLES, 'acme-prod.iam.json'), 'utf8');
const OTHER = readFileSync(join(EXAMPLES, 'acme-security.iam.json'), 'utf8');
const URI = 'file:///big.iam.json';
const OTHER_URI = 'file:///security.iam.json';

/**
 * The example account made big (past the incremental threshold: 900 more users, all in "Developers", each with a
 * 200-character "note" tag so that few users make the bytes: the analysis's cost grows with the users, the
 * threshold only asks for the bytes), with principals that can become administrators: "eve" can create access keys
 * for anyone, "mallory" may assume the administrator role "break-glass" (whose trust policy, with `tagCondition`,
 * lets in only principals tagged team=ops).
 */
const PADDING_USERS = 900;
const NOTE = 'padding '.repeat(25).trim();
const padUser = (i: number) => `"pad-user-${i}": { "groups": ["Developers"], "tags": { "note": "${NOTE}", "team": "padding team number ${i}" } }`;
function account(tagCondition: boolean): string {
  const users = Array.from({ length: PADDING_USERS }, (_, i) => padUser(i)).join(',\n    ');
  const special = [
    `"mallory": { "tags": { "team": "ops" }, "inlinePolicies": { "assume": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::123456789012:role/break-glass" }] } } }`,
    `"eve": { "tags": { "team": "it" }, "inlinePolicies": { "keys": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*" }] } } }`,
  ].join(',\n    ');
  const condition = tagCondition ? `, "Condition": { "StringEquals": { "aws:PrincipalTag/team": "ops" } }` : '';
  const role =
    `"break-glass": { "description": "Emergency administrator access.", "policies": ["arn:aws:iam::aws:policy/AdministratorAccess"], ` +
    `"trustPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": "sts:AssumeRole"${condition} }] } },`;
  return EXAMPLE.replace('"users": {', `"users": {\n    ${special},\n    ${users},`).replace('"roles": {', `"roles": {\n    ${role}`);
}

/** Findings as comparable strings: code, place, message, related places, fixes. */
const plain = (list: readonly Finding[]) => list.map((f) => JSON.stringify([f.code, f.uri, f.span, f.severity, f.message, f.related ?? [], f.fixes ?? []])).sort();

/**
 * A fresh analysis of `text` beside the other example (a new host each time). The series come back to texts they
 * had before (a rename and its undo): those are analysed once per file, the findings kept by text.
 */
const freshByText = new Map<string, Map<string, Finding[]>>();
function freshFindings(text: string): Map<string, Finding[]> {
  const kept = freshByText.get(text);
  if (kept) return kept;
  const fresh = new AnalysisHost({ rules: (w) => runRules(w) });
  fresh.setFile(URI, text, 1);
  fresh.setFile(OTHER_URI, OTHER, 1);
  const findings = fresh.snapshot().findings;
  freshByText.set(text, findings);
  return findings;
}

/** An edit found by what it is: insert `insert` at `offset(text)`, removing `remove` characters. */
interface Edit {
  name: string;
  at(text: string): number;
  remove?: number;
  insert: string;
  /** What support/neutral.ts should call it (undefined: neither a description nor a tag), when it is incremental. */
  neutral?: 'description' | 'tag';
  /** The parse the host should make. */
  parse: 'incremental' | 'full';
}

const after = (needle: string, skip = 0) => (text: string) => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" is in the text`);
  return i + needle.length + skip;
};

/** The series: every kind, in an order where each edit applies to the text the previous ones left. */
const EDITS: Edit[] = [
  { name: 'a character in a policy description', at: after('"description": "Day-to-day'), insert: 'x', neutral: 'description', parse: 'incremental' },
  { name: "a character in a user's tag value", at: after('"tags": { "team": "platform'), insert: 'Q', neutral: 'tag', parse: 'incremental' },
  { name: "a character removed from eve's tag value", at: after('"tags": { "team": "i'), remove: 1, insert: '', neutral: 'tag', parse: 'incremental' },
  { name: "a character in mallory's tag value (ops → opsx)", at: after('"tags": { "team": "ops'), insert: 'x', neutral: 'tag', parse: 'incremental' },
  { name: 'a tag key', at: after('"tags": { "te'), insert: 'z', neutral: 'tag', parse: 'incremental' },
  { name: "a role's description", at: after('"description": "Emergency'), insert: ' break', neutral: 'description', parse: 'incremental' },
  { name: 'a description closed early (a new key in the role)', at: after('"description": "Emergency'), insert: '", "path": "/x/', parse: 'incremental' },
  { name: 'a character in an action (a new finding)', at: after('"s3:GetObject'), insert: 'x', parse: 'incremental' },
  { name: 'the action mended', at: after('"s3:GetObject'), remove: 1, insert: '', parse: 'incremental' },
  { name: "eve's policy allows less (an escalation path goes)", at: after('"Action": "iam:CreateAccess'), remove: 3, insert: 'Lst', parse: 'incremental' },
  { name: 'another description after that', at: after('"description": "Day-to-day'), insert: 'y', neutral: 'description', parse: 'incremental' },
  { name: `a group renamed (${PADDING_USERS} references break)`, at: after('"Developers": {', -4), insert: 'x', parse: 'incremental' },
  { name: 'a description while the references are broken', at: after('"description": "Day-to-day'), insert: 'z', neutral: 'description', parse: 'incremental' },
  { name: 'the group renamed back', at: after('"Developersx": {', -5), remove: 1, insert: '', parse: 'incremental' },
  { name: 'a user deleted', at: (t) => t.indexOf('"pad-user-7": {'), remove: `${padUser(7)},`.length, insert: '', parse: 'full' },
  { name: 'a syntax error (a comma deleted between two users)', at: after('"padding team number 8" } }'), remove: 1, insert: '', parse: 'full' },
  { name: 'the syntax error mended', at: after('"padding team number 8" } }'), insert: ',', parse: 'full' },
  { name: 'a tag value after the recovery', at: after('"padding team number 9'), insert: '9', neutral: 'tag', parse: 'incremental' },
];

function runSeries(tagCondition: boolean): { reused: number; calls: number } {
  let text = account(tagCondition);
  assert.ok(text.length > 256 * 1024, 'past the incremental threshold');
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(URI, text, 1);
  host.setFile(OTHER_URI, OTHER, 1);
  const first = host.snapshot().findings;
  assert.deepEqual(plain(first.get(URI)!), plain(freshFindings(text).get(URI)!));
  assert.ok(first.get(URI)!.some((f) => f.code.startsWith('escalation/')), 'the account has escalation findings');
  host.prepareEdits();
  // Counts the calls of one workspace rule that opts in: a neutral edit must not run it (unless tags are read).
  const rule = ruleById('escalation/credentials')!;
  const original = rule.workspace!;
  let calls = 0;
  rule.workspace = (ctx) => {
    calls++;
    original(ctx);
  };
  let reused = 0;
  try {
    for (const [i, e] of EDITS.entries()) {
      const at = e.at(text);
      const edited = text.slice(0, at) + e.insert + text.slice(at + (e.remove ?? 0));
      assert.notEqual(edited, text, e.name);
      text = edited;
      const before = calls;
      // As the language server does: with where the editor says the text changed (odd edits: without).
      const change = i % 2 ? undefined : { start: at, oldEnd: at + (e.remove ?? 0), newEnd: at + e.insert.length };
      host.setFile(URI, text, i + 2, change);
      const analysis = host.snapshot();
      assert.equal(host.lastParse(URI), e.parse, `${e.name}: parsed ${e.parse}`);
      const edit = analysis.workspace.derived?.edit;
      if (e.parse === 'incremental') {
        assert.ok(edit, `${e.name}: an edit inside one entity`);
        assert.equal(neutralEdit(edit), e.neutral, `${e.name}: what the edit changed`);
      }
      const findings = analysis.findings;
      const skipped = calls === before;
      const expected = freshFindings(text);
      for (const uri of [URI, OTHER_URI]) assert.deepEqual(plain(findings.get(uri)!), plain(expected.get(uri)!), `${e.name}: the findings of ${uri}`);
      if (skipped) reused++;
      // Reuse happens exactly for neutral edits whose kind can't reach the evaluation.
      const canReuse = !!e.neutral && (e.neutral === 'description' || !tagsReachEvaluation(analysis.workspace, {}));
      assert.equal(skipped, canReuse, `${e.name}: the escalation rule ${canReuse ? 'keeps its findings' : 'runs again'}`);
    }
  } finally {
    rule.workspace = original;
  }
  return { reused, calls };
}

test('a series of edits of every kind: findings equal a fresh analysis after each (no policy reads tags)', () => {
  const { reused } = runSeries(false);
  assert.equal(reused, EDITS.filter((e) => e.neutral).length, 'every description and tag edit kept the workspace rules');
});

test('the same series where a trust policy reads aws:PrincipalTag: tag edits run the rules again (and mallory stops being able to escalate)', () => {
  const text = account(true);
  const mallory = (findings: Map<string, Finding[]>) => findings.get(URI)!.filter((f) => f.code.startsWith('escalation/') && f.message.includes('"mallory"'));
  assert.equal(mallory(freshFindings(text)).length, 1, 'mallory, tagged team=ops, can assume break-glass');
  const opsx = text.replace('"tags": { "team": "ops" }', '"tags": { "team": "opsx" }');
  assert.equal(mallory(freshFindings(opsx)).length, 0, 'with another tag value she cannot');
  const { reused } = runSeries(true);
  assert.equal(reused, EDITS.filter((e) => e.neutral === 'description').length, 'only description edits kept the workspace rules');
});

test('neutralEdit: an edit strictly inside one description or tag string, in both texts', () => {
  const text = account(false);
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(URI, text, 1);
  host.snapshot().findings;
  host.prepareEdits();
  const kind = (at: number, remove: number, insert: string) => {
    const edited = text.slice(0, at) + insert + text.slice(at + remove);
    host.setFile(URI, edited, 2);
    const edit = host.snapshot().workspace.derived?.edit;
    const k = edit ? neutralEdit(edit) ?? 'other' : 'not incremental';
    host.setFile(URI, text, 3);
    host.snapshot();
    return k;
  };
  const desc = text.indexOf('"description": "Emergency') + '"description": '.length;
  assert.equal(kind(desc + 1, 0, 'x'), 'description', 'just inside the opening quote');
  assert.equal(kind(desc + 5, 3, ''), 'description', 'characters removed');
  assert.equal(kind(desc, 1, ''), 'not incremental', 'the opening quote removed (the JSON breaks)');
  assert.equal(kind(desc + 3, 0, '\\"'), 'description', 'an escaped quote stays inside the string');
  assert.equal(kind(desc + 3, 0, '", "path": "/y/'), 'other', 'the string closed early');
  const tag = text.indexOf('"team": "it"') + '"team": '.length;
  assert.equal(kind(tag + 1, 0, 'x'), 'tag');
  assert.equal(kind(tag - 4, 0, 'x'), 'tag', 'inside the tag key');
  assert.equal(kind(tag - 1, 0, ' '), 'other', 'between the key and the value');
  assert.equal(kind(tag + 1, 0, '", "more": "'), 'other', 'a tag added');
  const path = text.indexOf('"path": "/"');
  assert.ok(path > 0);
  assert.equal(kind(path + '"path": "/'.length, 0, 'team/'), 'other', 'a path is read by everything (ARNs)');
});

/** A deterministic pseudo-random sequence. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test('composeChanges and narrowedRange: the editor\'s ranges, composed and narrowed, cover exactly what changed', () => {
  const next = rng(5);
  const edit = (t: string) => {
    const start = Math.floor(next() * (t.length + 1));
    const oldEnd = Math.min(t.length, start + Math.floor(next() * 4));
    const insert = ['', 'a', 'xy', 'ab'][Math.floor(next() * 4)];
    return { text: t.slice(0, start) + insert + t.slice(oldEnd), change: { start, oldEnd, newEnd: start + insert.length } };
  };
  for (let round = 0; round < 500; round++) {
    const t0 = Array.from({ length: 5 + Math.floor(next() * 40) }, () => 'ab'[Math.floor(next() * 2)]).join('');
    const e1 = edit(t0);
    const e2 = edit(e1.text);
    const c = composeChanges(e1.change, e2.change);
    const t2 = e2.text;
    assert.equal(t0.slice(0, c.start), t2.slice(0, c.start), `round ${round}: same before`);
    assert.equal(t0.slice(c.oldEnd), t2.slice(c.newEnd), `round ${round}: same after`);
    // Narrowed: inside the composed range, still covering every difference, as small as the smallest one.
    const n = narrowedRange(t0, t2, c)!;
    assert.ok(n.start >= c.start && n.oldEnd <= c.oldEnd && n.newEnd <= c.newEnd, `round ${round}: inside`);
    assert.equal(t0.slice(0, n.start) + t2.slice(n.start, n.newEnd) + t0.slice(n.oldEnd), t2, `round ${round}: covers the change`);
    const smallest = changedRange(t0, t2);
    assert.equal(n.oldEnd - n.start + (n.newEnd - n.start), smallest.oldEnd - smallest.start + (smallest.newEnd - smallest.start), `round ${round}: as small`);
  }
  assert.equal(narrowedRange('abc', 'abcd', { start: 0, oldEnd: 1, newEnd: 1 }), undefined, 'lengths that do not add up');
});

test('keystrokes that arrive before one analysis build on the same previous model (and equal a fresh analysis)', () => {
  let text = account(false);
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(URI, text, 1);
  host.setFile(OTHER_URI, OTHER, 1);
  host.snapshot().findings;
  host.prepareEdits();
  const at = text.indexOf('"description": "Day-to-day') + '"description": "Day-to-day'.length;
  // Three keystrokes, one snapshot: "abc" typed, then the "b" deleted.
  const steps = [
    { start: at, oldEnd: at, newEnd: at + 1, insert: 'a' },
    { start: at + 1, oldEnd: at + 1, newEnd: at + 3, insert: 'bc' },
    { start: at + 1, oldEnd: at + 2, newEnd: at + 1, insert: '' },
  ];
  for (const [i, s] of steps.entries()) {
    text = text.slice(0, s.start) + s.insert + text.slice(s.oldEnd);
    host.setFile(URI, text, i + 2, { start: s.start, oldEnd: s.oldEnd, newEnd: s.newEnd });
  }
  const analysis = host.snapshot();
  assert.ok(text.includes('"Day-to-dayac'));
  assert.equal(host.lastParse(URI), 'incremental', 'the edits were composed, not parsed whole');
  assert.equal(neutralEdit(analysis.workspace.derived!.edit!), 'description');
  const expected = freshFindings(text);
  for (const uri of [URI, OTHER_URI]) assert.deepEqual(plain(analysis.findings.get(uri)!), plain(expected.get(uri)!));
});

/**
 * Renames: an edit strictly inside an entity's key string re-parses that entity alone under its new name
 * (core/ide/incremental.ts) and resolves the file again; every state must equal a fresh analysis. Steps that make
 * or touch a duplicate name, or break the JSON, are parsed whole.
 */
interface Rename {
  name: string;
  /** The entity key the edit is in, as written in the text (or with more of its text after it, to tell two apart). */
  key: string;
  /** Where in the key (0: just inside the opening quote), the characters removed from there, and what is typed. */
  from?: number;
  remove?: number;
  insert: string;
  parse: 'incremental' | 'full';
  /** The name the model has is the same before and after (an incremental edit that is no rename). */
  sameName?: boolean;
}

const RENAMES: Rename[] = [
  // A group all the padding users (and carol, dan) are in, one character at a time, then back.
  { name: 'Developers → Developer', key: 'Developers', from: 9, remove: 1, insert: '', parse: 'incremental' },
  { name: 'Developer → Develope', key: 'Developer', from: 8, remove: 1, insert: '', parse: 'incremental' },
  { name: 'Develope → Developes', key: 'Develope', from: 8, insert: 's', parse: 'incremental' },
  { name: 'Developes → Develope', key: 'Developes', from: 8, remove: 1, insert: '', parse: 'incremental' },
  { name: 'Develope → Developer', key: 'Develope', from: 8, insert: 'r', parse: 'incremental' },
  { name: 'Developer → Developers (every reference resolves again)', key: 'Developer', from: 9, insert: 's', parse: 'incremental' },
  { name: 'Developers → DEVELOPERS (members still resolve: group names match ignoring case)', key: 'Developers', from: 0, remove: 10, insert: 'DEVELOPERS', parse: 'incremental' },
  { name: 'DEVELOPERS → Developers', key: 'DEVELOPERS', from: 0, remove: 10, insert: 'Developers', parse: 'incremental' },
  // A policy attached to that group, so to every padding user through it.
  { name: 'the policy DeveloperAccess renamed', key: 'DeveloperAccess', from: 15, insert: '2', parse: 'incremental' },
  { name: 'the policy renamed back', key: 'DeveloperAccess2', from: 15, remove: 1, insert: '', parse: 'incremental' },
  // A role mallory's policy names by ARN (her escalation path goes), and back.
  { name: 'the role break-glass renamed', key: 'break-glass', from: 11, insert: '-2', parse: 'incremental' },
  { name: 'the role break-glass renamed back', key: 'break-glass-2', from: 11, remove: 2, insert: '', parse: 'incremental' },
  // A role with an instance profile, named by a bucket policy's Principal; and one another account's policy names.
  { name: 'the role app-server renamed', key: 'app-server', from: 3, insert: 'x', parse: 'incremental' },
  { name: 'the role security-audit renamed (named by the other file)', key: 'security-audit', from: 0, insert: 'old-', parse: 'incremental' },
  // Duplicates: a group renamed to a name in use is parsed whole (the first key wins, the second is reported); the
  // way back from there too; then renames are incremental again.
  { name: 'Deployers renamed to Developers (a duplicate key)', key: 'Deployers', from: 0, remove: 9, insert: 'Developers', parse: 'full' },
  { name: 'the duplicate renamed away', key: 'Developers": {\n      "path": "/",\n      "policies": ["DeployWebApp"]', from: 0, remove: 10, insert: 'Deployers', parse: 'full' },
  { name: 'a rename after that', key: 'Auditors', from: 8, insert: 's', parse: 'incremental' },
  // A name that differs from another group's only in case: no duplicate key, but quota/unique-names (a rule that
  // keeps its findings after edits inside values) must run again.
  { name: 'Auditorss → admins (Admins exists)', key: 'Auditorss', from: 0, remove: 9, insert: 'admins', parse: 'incremental' },
  { name: 'admins → Auditorss', key: 'admins', from: 0, remove: 6, insert: 'Auditorss', parse: 'incremental' },
  // Hostile names: empty, quotes and escapes, a bad escape, an unescaped quote.
  { name: 'Auditorss renamed to the empty string', key: 'Auditorss', from: 0, remove: 9, insert: '', parse: 'incremental' },
  { name: 'the empty name typed into', key: '', from: 0, insert: 'Audi\\"tors', parse: 'incremental' },
  { name: 'an escaped unicode character', key: 'Audi\\"tors', from: 4, insert: '\\u0041', parse: 'incremental' },
  { name: 'a bad escape (a syntax error)', key: 'Audi\\u0041\\"tors', from: 4, insert: '\\q', parse: 'full' },
  // The broken key still modelled the entity, under the name it has mended (the parse reports a bad escape and goes
  // on without it): mending it re-parses the entity, same name.
  { name: 'the bad escape mended', key: 'Audi\\q\\u0041\\"tors', from: 4, remove: 2, insert: '', parse: 'incremental', sameName: true },
  { name: 'an unescaped quote (the JSON breaks)', key: 'Audi\\u0041\\"tors', from: 4, insert: '"', parse: 'full' },
  { name: 'the quote removed', key: 'Audi"\\u0041\\"tors', from: 4, remove: 1, insert: '', parse: 'full' },
  { name: 'back to Auditors', key: 'Audi\\u0041\\"tors', from: 0, remove: 16, insert: 'Auditors', parse: 'incremental' },
];

test('renames (a group all users are in, a widely attached policy, roles named by ARN, duplicates, hostile names): findings equal a fresh analysis after each', () => {
  let text = account(false);
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(URI, text, 1);
  host.setFile(OTHER_URI, OTHER, 1);
  void host.snapshot().findings;
  host.prepareEdits();
  const escalates = (findings: Map<string, Finding[]>, who: string) => findings.get(URI)!.some((f) => f.code.startsWith('escalation/') && f.message.includes(`"${who}"`));
  for (const [i, r] of RENAMES.entries()) {
    const key = text.indexOf(r.key.includes('": {') ? `\n    "${r.key}` : `\n    "${r.key}": {`);
    assert.ok(key >= 0, `${r.name}: the key "${r.key}" is in the text`);
    const at = key + '\n    "'.length + (r.from ?? 0);
    const edited = text.slice(0, at) + r.insert + text.slice(at + (r.remove ?? 0));
    assert.notEqual(edited, text, r.name);
    text = edited;
    const change = i % 2 ? undefined : { start: at, oldEnd: at + (r.remove ?? 0), newEnd: at + r.insert.length };
    host.setFile(URI, text, i + 2, change);
    const analysis = host.snapshot();
    assert.equal(host.lastParse(URI), r.parse, `${r.name}: parsed ${r.parse}`);
    if (r.parse === 'incremental') assert.equal(analysis.workspace.derived?.edit?.renamed, r.sameName ? undefined : true, `${r.name}: a rename`);
    const expected = freshFindings(text);
    for (const uri of [URI, OTHER_URI]) assert.deepEqual(plain(analysis.findings.get(uri)!), plain(expected.get(uri)!), `${r.name}: the findings of ${uri}`);
    // What the renames do, seen in the findings (so the series tests something that changes).
    const codes = analysis.findings.get(URI)!.map((f) => f.code);
    if (r.name === 'Developers → Developer') assert.ok(codes.filter((c) => c === 'ref/unknown-group').length >= PADDING_USERS, 'every member\'s reference breaks');
    if (r.name.startsWith('Developer → Developers')) assert.equal(codes.filter((c) => c === 'ref/unknown-group').length, 0, 'every reference resolves again');
    if (r.name === 'the role break-glass renamed') assert.equal(escalates(analysis.findings, 'mallory'), false, 'mallory can no longer assume it');
    if (r.name === 'the role break-glass renamed back') assert.equal(escalates(analysis.findings, 'mallory'), true, 'mallory escalates again');
    if (r.name.startsWith('Deployers renamed')) assert.ok(codes.includes('parse/duplicate-key'), 'the duplicate is reported');
    if (r.name.startsWith('Developers → DEVELOPERS')) assert.ok(!codes.includes('ref/unknown-group'), 'no reference breaks');
    if (r.name.startsWith('Auditorss → admins')) assert.ok(codes.includes('quota/unique-names'), 'the case clash is reported');
    if (r.name.startsWith('admins → Auditorss')) assert.ok(!codes.includes('quota/unique-names'), 'the case clash is gone');
  }
});
