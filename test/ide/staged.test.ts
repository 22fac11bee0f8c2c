/**
 * Staged analysis (core/ide/staged.ts, AnalysisHost.firstLook / analyseInSteps): the index agrees with the
 * parser or says it can't tell; the first look's findings are the full analysis's for the open file minus the
 * workspace rules' ones; the analysis run step by step ends with exactly the findings of a full analysis, on a
 * generated organization (scripts/gen-org.mjs) and on examples/.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, runRules, runRulesInSteps } from '../../core/analysis/rules';
import type { Finding } from '../../core/findings';
import { AnalysisHost, type Analysis, type AnalysisStep, type RuleRunner } from '../../core/ide/host';
import { hover } from '../../core/ide/hover';
import { scanAccountHeader } from '../../core/ide/staged';
import { parseAccountFile, Workspace } from '../../core/model';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKSPACE_RULES = new Set(RULES.filter((r) => r.workspace).map((r) => r.id));

function runner(): RuleRunner {
  const run: RuleRunner = (ws, options) => runRules(ws, {}, options);
  run.steps = (ws) => runRulesInSteps(ws, {});
  return run;
}

function load(dir: string): { uri: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.iam.json'))
    .sort()
    .map((f) => ({ uri: pathToFileURL(join(dir, f)).toString(), text: readFileSync(join(dir, f), 'utf8') }));
}

function hostOf(files: { uri: string; text: string }[]): AnalysisHost {
  const host = new AnalysisHost({ rules: runner() });
  for (const f of files) host.setFile(f.uri, f.text, 1);
  return host;
}

/** A finding as the editor sees it (spans, related locations and fixes included). */
const shown = (f: Finding) => JSON.stringify({ code: f.code, severity: f.severity, message: f.message, uri: f.uri, span: f.span, related: f.related, fixes: f.fixes });

function drain(steps: Generator<AnalysisStep, Analysis | undefined>): { analysis: Analysis | undefined; steps: AnalysisStep[] } {
  const seen: AnalysisStep[] = [];
  for (;;) {
    const r = steps.next();
    if (r.done) return { analysis: r.value, steps: seen };
    seen.push(r.value);
  }
}

/** Opens `open`: first look, then the steps; checks both against a fresh full analysis of the same files. */
function checkStaged(files: { uri: string; text: string }[], open: string): { look: Finding[]; final: Finding[] } {
  const full = hostOf(files).snapshot();
  const host = hostOf(files);
  const look = host.firstLook([open]);
  assert.equal(look.partial, true);
  assert.deepEqual([...look.findings.keys()], [open], 'the first look has the open file only');
  const { analysis, steps } = drain(host.analyseInSteps([open]));
  assert.ok(analysis, 'nothing changed: the steps end with an analysis');
  assert.ok(steps.length >= files.length, `one step per file at least (${steps.length})`);
  assert.equal(steps[0].phase, 'parse');
  assert.notEqual(steps[0].uri, open, 'the open file was parsed by the first look');
  assert.equal(host.snapshot(), analysis, 'the steps built the host\'s snapshot');
  // The staged analysis's final findings are a full analysis's, file by file, in order.
  assert.deepEqual([...analysis.findings.keys()].sort(), [...full.findings.keys()].sort());
  for (const [uri, list] of full.findings) assert.deepEqual(analysis.findings.get(uri)!.map(shown), list.map(shown), uri);
  // The first look's findings: the full ones of the open file that no workspace rule made.
  const expected = full.findings.get(open)!.filter((f) => !WORKSPACE_RULES.has(f.code)).map(shown);
  assert.deepEqual(look.findings.get(open)!.map(shown), expected);
  return { look: look.findings.get(open)!, final: analysis.findings.get(open)! };
}

let orgDir: string;
let org: { uri: string; text: string }[];

before(() => {
  orgDir = mkdtempSync(join(tmpdir(), 'iam-staged-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-org.mjs'), orgDir, '--accounts', '8'], { stdio: 'ignore' });
  org = load(orgDir);
});

test.after(() => rmSync(orgDir, { recursive: true, force: true }));

test('a generated organization: first look, then the steps end with the full analysis, for any open file', () => {
  assert.equal(org.length, 8);
  let workspaceFindings = 0;
  for (const open of [org[0].uri, org[4].uri, org[7].uri]) {
    const { look, final } = checkStaged(org, open);
    assert.ok(look.length > 0, 'the generated accounts have findings of their own');
    workspaceFindings += final.length - look.length;
  }
  // The security account's auditor reaches every member: the full analysis adds findings the first look can't have.
  assert.ok(workspaceFindings > 0, 'the workspace rules add findings once every file is analysed');
});

test('examples/: an organization file, cross-account trust and scenario-free accounts, staged = full', () => {
  const files = load(join(ROOT, 'examples'));
  assert.ok(files.some((f) => f.text.includes('"organization"')), 'examples/ has an organization file');
  for (const f of files) checkStaged(files, f.uri);
});

test('the first look indexes the other files: trusted accounts are known, without their entities', () => {
  const host = hostOf(org);
  const open = org[3].uri;
  const look = host.firstLook([open]);
  const ws = look.workspace;
  assert.equal(ws.files.length, org.length);
  const security = ws.fileForAccount('100000000000')!;
  assert.ok(security, 'the security account is indexed by its id');
  assert.equal(security.roles.size, 0, 'a stub: no entities');
  assert.ok(ws.file(open)!.roles.has('OrganizationAuditor'), 'the open file is parsed whole');
  // No trust/unknown-account for the auditor's account: the index knows it.
  assert.ok(!look.findings.get(open)!.some((f) => f.code === 'trust/unknown-account' && f.message.includes('100000000000')));
  // latest() answers quick requests from the first look until the full analysis is built.
  assert.equal(host.latest(), look);
  const at = org[3].text.indexOf('"OrganizationAuditor"') + 2;
  assert.ok(hover(host.latest().workspace, open, at), 'hover on the open file during the background analysis');
  // The model built but its findings not yet (the rules' steps): still the first look, whose findings are ready.
  const built = host.snapshot();
  assert.equal(host.latest(), look);
  assert.equal(host.analysed(), false);
  drain(host.analyseInSteps([open]));
  assert.equal(host.analysed(), true);
  assert.equal(host.latest(), built, 'the full analysis replaces the first look');
  assert.equal(host.latest().workspace.fileForAccount('100000000000')!.roles.has('auditor'), true);
});

test('a change during the steps stops them; the next run ends with the full analysis of the new texts', () => {
  const host = hostOf(org);
  const open = org[2].uri;
  host.firstLook([open]);
  const steps = host.analyseInSteps([open]);
  for (let i = 0; i < 3; i++) assert.equal(steps.next().done, false);
  const edited = org[5].text.replace('"description": "Read-only access for the security account."', '"description": "changed"');
  assert.notEqual(edited, org[5].text);
  host.setFile(org[5].uri, edited, 2);
  let r = steps.next();
  while (!r.done) r = steps.next();
  assert.equal(r.value, undefined, 'the host changed: no analysis');
  const { analysis } = drain(host.analyseInSteps([open]));
  const files = org.map((f, i) => (i === 5 ? { ...f, text: edited } : f));
  const full = hostOf(files).snapshot();
  for (const [uri, list] of full.findings) assert.deepEqual(analysis!.findings.get(uri)!.map(shown), list.map(shown), uri);
  // A keystroke in the open file after the first look (its model not yet in a snapshot) is parsed whole, and right.
  host.setFile(open, org[2].text, 3);
  host.firstLook([open]);
  host.setFile(open, org[2].text.replace('"Read-only access', '"Read-only  access'), 4);
  const again = drain(host.analyseInSteps([open])).analysis!;
  const fresh = hostOf(org.map((f, i) => (i === 5 ? { ...f, text: edited } : i === 2 ? { ...f, text: org[2].text.replace('"Read-only access', '"Read-only  access') } : f))).snapshot();
  for (const [uri, list] of fresh.findings) assert.deepEqual(again.findings.get(uri)!.map(shown), list.map(shown), uri);
});

test('runRulesInSteps drained is runRules: one step per file, then one per workspace rule', () => {
  const ws = new Workspace(org.map((f) => parseAccountFile(f.uri, f.text)));
  const whole = runRules(ws).map(shown);
  // The same files parsed again (the escalation analysis is kept per workspace and per document objects).
  const again = new Workspace(org.map((f) => parseAccountFile(f.uri, f.text)));
  const steps = runRulesInSteps(again);
  let r = steps.next();
  const seen = [];
  while (!r.done) {
    seen.push(r.value);
    r = steps.next();
  }
  assert.deepEqual(r.value.map(shown), whole);
  assert.equal(seen.filter((s) => s.file).length, org.length);
  assert.deepEqual(new Set(seen.filter((s) => s.rule).map((s) => s.rule)), WORKSPACE_RULES);
  // The escalation analysis (shared by its rules) runs in slices: 64 principals or nodes that need no evaluator call,
  // one node that asks the evaluator, or one search step at a time; more steps than its rules (one each when unsliced).
  const escalation = seen.filter((s) => s.rule?.startsWith('escalation/'));
  const rules = new Set(escalation.map((s) => s.rule)).size;
  const principals = ws.users().length + ws.roles().length;
  assert.ok(escalation.length > rules + Math.ceil(principals / 64), `${escalation.length} escalation steps for ${rules} rules and ${principals} users and roles`);
  assert.equal(seen.at(-1)!.done, seen.at(-1)!.total);
});

test('the index reads account.id as the parser does, or declines', () => {
  const cases = [
    '{"account": {"id": "123456789012"}}',
    '// a comment\n{ /* here */ "$schema": "x", "account": { "alias": "a", "id": "123456789012", "quotas": {"x": 1} }, "users": {"a": {"path": "/}{["}} }',
    '{"users": {"a": {"tags": {"k": "v\\"}"}}}, "account": {"id": "210987654321"}}',
    '{"account": {"id": null}}',
    '{"account": {}}',
    '{}',
    '{"users": {}}',
    '{"account": {"id": "12345"}}',
    '{"account": {"id": "123456789012"}, "users": {"u": {"path": "/"}}}',
  ];
  const declined = [
    '{"account": {"id": 123456789012}}', // not a string: the parser reports it
    '{"account": {"id": "123456789012", "id": "210987654321"}}', // duplicate key
    '{"account": {"id": "1\\u0032"}}', // an escape
    '{"account": {"id": "123456789012"}, "account": {"id": "210987654321"}}',
    '{"account": {"id": "123456789012"}, "\\u0061ccount": {"id": "210987654321"}}',
    '{"organization": {"root": {}}}',
    '{"account": {"id": "123456789012"}, "organization": {}}',
    '[1, 2]',
    '{"account": {"id": "123456789012"',
    '{"account": {"id": "12345678\n9012"}}',
    '{"users": {"a": /* unterminated',
    '',
  ];
  for (const text of cases) {
    const h = scanAccountHeader(text);
    assert.ok(h, `indexed: ${text}`);
    const file = parseAccountFile('file:///x.iam.json', text);
    assert.equal(file.organization, undefined);
    assert.deepEqual(h.id, file.account.id, text);
  }
  for (const text of declined) assert.equal(scanAccountHeader(text), undefined, `declined: ${text}`);
  // Every example file the index accepts, it reads as the parser does.
  for (const f of [...load(join(ROOT, 'examples')), ...org]) {
    const h = scanAccountHeader(f.text);
    const file = parseAccountFile(f.uri, f.text);
    if (file.organization) assert.equal(h, undefined, f.uri);
    else assert.deepEqual(h?.id, file.account.id, f.uri);
  }
});

test('a first look once the background analysis has built the model, or before, with the index made in idle time: the same findings', () => {
  const open = org[6].uri;
  const full = hostOf(org).snapshot();
  const expected = full.findings.get(open)!.filter((f) => !WORKSPACE_RULES.has(f.code)).map(shown);
  // The account ids indexed ahead (the server's start-up warm-up), then some files parsed by the steps, then a look.
  const host = hostOf(org);
  assert.equal(host.indexForFirstLook(), true);
  const steps = host.analyseInSteps();
  for (let i = 0; i < 4; i++) assert.equal((steps.next().value as AnalysisStep).phase, 'parse');
  const early = host.firstLook([open]);
  assert.deepEqual(early.findings.get(open)!.map(shown), expected);
  assert.equal(early.workspace.fileForAccount('100000000000')!.roles.size, 0, 'a file the steps parsed stands in by its index');
  // A rehearsal (keep = false) is not what quick requests use.
  const other = org[1].uri;
  const rehearsal = host.firstLook([other], false);
  assert.deepEqual([...rehearsal.findings.keys()], [other]);
  assert.equal(host.latest(), early);
  // The steps carry on to the model (the host did not change): a look now checks the open file on that model.
  let r = steps.next();
  while (!r.done && r.value.phase !== 'rules') r = steps.next();
  const built = host.snapshot();
  assert.equal(host.firstLook([open]), early, 'the look at the same file is kept for the revision');
  const next = org[5].uri;
  const late = host.firstLook([next]);
  assert.equal(late.workspace, built.workspace, 'the model of the revision, not stubs');
  assert.deepEqual(late.findings.get(next)!.map(shown), full.findings.get(next)!.filter((f) => !WORKSPACE_RULES.has(f.code)).map(shown));
  while (!r.done) r = steps.next();
  assert.ok(r.value, 'the steps end with the analysis');
  for (const [uri, list] of full.findings) assert.deepEqual(r.value.findings.get(uri)!.map(shown), list.map(shown), uri);
});

/** `text` scanned from its first `k` characters, the rest searched as the server searches a file's bytes. */
const scanPrefix = (text: string, k: number) =>
  scanAccountHeader(text.slice(0, k), { length: text.length, has: (needle, from) => text.indexOf(needle, from) >= 0 });

test('the index from a file\'s beginning, the rest only searched (the server at its start): the whole text\'s answer, or it declines', () => {
  const texts = [
    '{"account": {"id": "123456789012"}}',
    '{"account": {"id": "123456789012"}, "users": {"u": {"path": "/"}}}',
    '{"account": {"id": "123456789012"}, "users": {"u": {"path": "/"}}, "organization": {}}',
    '{"account": {"id": "123456789012"}, "users": {"u": {"path": "/\\u0041"}}}',
    '{"account": {"id": "123456789012"}, "users": {}, "account": {"id": "210987654321"}}',
    '{}',
    '{"users": {}}  // the end',
    '{"account": {"id": "1234"}} garbage',
    '{"account": {"id": 1234}}',
    ...load(join(ROOT, 'examples')).map((f) => f.text),
    ...org.map((f) => f.text),
  ];
  for (const text of texts) {
    const whole = scanAccountHeader(text);
    for (const k of [0, 1, 5, 17, 30, 40, 100, 1000, 8192, text.length]) {
      const got = scanPrefix(text, Math.min(k, text.length));
      if (got !== undefined || k >= text.length) assert.deepEqual(got, whole, `${k} characters of ${text.slice(0, 60)}`);
    }
  }
  // A member account of the organization: its header comes first, 8 KB of it are enough.
  for (const f of org) {
    const whole = scanAccountHeader(f.text);
    if (whole) assert.deepEqual(scanPrefix(f.text, 8192), whole, f.uri);
  }
  // Text after the scanned beginning that makes it an organization file, a duplicate or an escape: declined.
  const member = org.find((f) => scanAccountHeader(f.text))!.text;
  for (const tail of [', "organization": {}}', ', "account": {}}', ', "\\u0061ccount": {}}']) {
    const text = member.replace(/}\s*$/, tail);
    assert.equal(scanAccountHeader(text), undefined);
    assert.equal(scanPrefix(text, 8192), undefined, tail);
  }
});

test('a first look on the index alone (the other files not read into the host yet): the findings of a look with their texts; then the full analysis', () => {
  // The opened file claims the account id of another file too (ref/duplicate-account, related to that file's id):
  // the stub's span comes from the index.
  const open = org[3];
  const other = org[1]; // sorted before the opened file: the finding is the opened file's
  const otherId = scanAccountHeader(other.text)!.id!.value;
  const dup = { uri: open.uri, text: open.text.replace(/"id": "\d{12}"/, `"id": "${otherId}"`) };
  for (const files of [org, org.map((f) => (f.uri === open.uri ? dup : f))]) {
    const opened = files.find((f) => f.uri === open.uri)!;
    const full = hostOf(files).snapshot();
    const expected = full.findings.get(open.uri)!.filter((f) => !WORKSPACE_RULES.has(f.code)).map(shown);
    // The host holds the opened file and the files the index can't tell (the management account's organization);
    // the others are in `elsewhere` by their index.
    const host = new AnalysisHost({ rules: runner() });
    host.setFile(opened.uri, opened.text, 1);
    const elsewhere = new Map<string, NonNullable<ReturnType<typeof scanAccountHeader>>>();
    for (const f of files) {
      if (f.uri === open.uri) continue;
      const h = scanAccountHeader(f.text);
      if (h) elsewhere.set(f.uri, h);
      else host.setFile(f.uri, f.text, 1);
    }
    assert.ok(elsewhere.size >= files.length - 2, 'most files only indexed');
    const look = host.firstLook([open.uri], true, elsewhere);
    assert.deepEqual(look.findings.get(open.uri)!.map(shown), expected);
    if (files !== org) assert.ok(expected.some((f) => f.includes('duplicate-account') && f.includes(other.uri)), expected.join('\n'));
    assert.equal(host.latest(), look, 'quick requests answer from it until the texts arrive');
    // The texts arrive (the server reads them a moment later): the look is kept for the new revision when each
    // text's index is the one it stood in by (else it is made again), then the background analysis: the full
    // findings, cross-account ones included.
    const at = host.currentRevision();
    assert.equal(host.renewLook(elsewhere, at - 1), false, 'not the revision the look was made at');
    for (const f of files) if (f.uri !== open.uri) host.setFile(f.uri, f.text, 1);
    assert.equal(host.renewLook(elsewhere, at), true);
    assert.equal(host.latest(), look);
    assert.equal(host.firstLook([open.uri]), look, 'not made again');
    const { analysis } = drain(host.analyseInSteps([open.uri]));
    assert.ok(analysis);
    for (const [uri, list] of full.findings) assert.deepEqual(analysis.findings.get(uri)!.map(shown), list.map(shown), uri);
    assert.ok(analysis.workspace.fileForAccount(otherId)!.roles.size > 0 || files !== org, 'the other files whole');
  }
});

test('a look on the index is not kept when a text read afterwards is not the one indexed', () => {
  const open = org[3];
  for (const change of ['account id', 'missing'] as const) {
    const host = new AnalysisHost({ rules: runner() });
    host.setFile(open.uri, open.text, 1);
    const elsewhere = new Map<string, NonNullable<ReturnType<typeof scanAccountHeader>>>();
    for (const f of org) if (f.uri !== open.uri) elsewhere.set(f.uri, scanAccountHeader(f.text)!);
    const look = host.firstLook([open.uri], true, elsewhere);
    const at = host.currentRevision();
    const changed = org[6];
    for (const f of org) {
      if (f.uri === open.uri) continue;
      if (f === changed) {
        // Changed on disk between the index and the read: another account id, or the file gone.
        if (change === 'account id') host.setFile(f.uri, f.text.replace(/"id": "\d{12}"/, '"id": "999999999999"'), 1);
        continue;
      }
      host.setFile(f.uri, f.text, 1);
    }
    assert.equal(host.renewLook(elsewhere, at), false, change);
    assert.notEqual(host.latest(), look, 'not this revision\'s');
    const again = host.firstLook([open.uri]);
    assert.notEqual(again, look, 'made again on the texts');
  }
});
