/**
 * The server on a generated organization (scripts/gen-org.mjs, 8 accounts): the opened file's diagnostics come
 * from a first look, the rest of the workspace is analysed in slices with $/progress while requests are answered,
 * and the final diagnostics are those of a full analysis in process (the opened file's published again when the
 * workspace rules add to them).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { RULES, runRules } from '../../core/analysis/rules';
import { AnalysisHost } from '../../core/ide/host';
import { LspClient, positionOf } from './harness';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKSPACE_RULES = new Set(RULES.filter((r) => r.workspace).map((r) => r.id));
let dir: string;
let files: { uri: string; text: string }[];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-staged-lsp-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-org.mjs'), dir, '--accounts', '8'], { stdio: 'ignore' });
  files = readdirSync(dir)
    .filter((f) => f.endsWith('.iam.json'))
    .sort()
    .map((f) => ({ uri: pathToFileURL(join(dir, f)).toString(), text: readFileSync(join(dir, f), 'utf8') }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('open one account of an organization: first look, background analysis with progress, final = full analysis', async () => {
  // The full analysis in process: which file gets findings from the workspace rules (escalation paths, external access).
  const host = new AnalysisHost({ rules: (ws) => runRules(ws) });
  for (const f of files) host.setFile(f.uri, f.text);
  const full = host.snapshot().findings;
  const open = files.find((f) => full.get(f.uri)!.some((x) => WORKSPACE_RULES.has(x.code)));
  assert.ok(open, 'some file has findings of the workspace rules');

  const c = await LspClient.start(pathToFileURL(dir).toString(), {}, { window: { workDoneProgress: true } });
  try {
    const sent: PublishDiagnosticsParams[] = [];
    // Every publication of the opened file's diagnostics (a waiter that records and never resolves).
    void c.waitForDiagnostics(open.uri, (p) => (sent.push(p), false));
    c.open(open.uri, open.text);
    const first = await c.waitForDiagnostics(open.uri);
    // A request while the rest is analysed: answered (from the first look's model).
    const hover = c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: open.uri }, position: positionOf(open.text, '"roles"', 3) });
    await c.waitForLog(/^first look at 1 open file/);
    assert.ok(!first.diagnostics.some((d) => WORKSPACE_RULES.has(String(d.code))), 'the first look has no workspace-rule findings');
    // Every file's diagnostics once the background analysis ends.
    await c.diagnosticsAt(open.uri, 1);
    await Promise.all(files.map((f) => c.waitForDiagnostics(f.uri)));
    assert.notEqual(await hover, undefined);
    for (const f of files) {
      const got = c.diagnostics.get(f.uri)!.diagnostics.map((d) => `${d.code} ${d.message}`).sort();
      const want = full.get(f.uri)!.map((x) => `${x.code} ${x.message}`).sort();
      assert.deepEqual(got, want, f.uri);
    }
    // The opened file's diagnostics went out twice: the first look's, then with the workspace rules' findings.
    assert.equal(sent.length, 2, `published ${sent.length} times`);
    assert.ok(sent[1].diagnostics.some((d) => WORKSPACE_RULES.has(String(d.code))));
    assert.deepEqual(
      sent[1].diagnostics.filter((d) => !WORKSPACE_RULES.has(String(d.code))),
      sent[0].diagnostics,
      'the final diagnostics add to the first look\'s, nothing else changes',
    );
    // Progress from the start to the end of the background analysis, with reports in between (the end follows
    // the diagnostics: a request answered after it waits for it). Which reports come depends on how long each phase
    // takes (one at most every 150 ms): reading the files the first look did not read is one of them.
    await c.request('textDocument/documentSymbol', { textDocument: { uri: open.uri } });
    const token = c.progress[0]?.token;
    const kinds = c.progress.filter((p) => p.token === token).map((p) => p.kind);
    assert.equal(kinds[1], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(c.progress.some((p) => /^(reading \d+ of \d+ files|resolving references|checking: \d+ of \d+ steps)$/.test(p.message ?? '')), c.progress.map((p) => p.message).join('; '));
  } finally {
    await c.stop();
  }
});

test('a file opened after the start-up warm-up, while the rest is analysed: a first look of its own, then the full analysis', async () => {
  const big = mkdtempSync(join(tmpdir(), 'iam-staged-lsp-'));
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-org.mjs'), big, '--accounts', '24'], { stdio: 'ignore' });
    const org = readdirSync(big)
      .filter((f) => f.endsWith('.iam.json'))
      .sort()
      .map((f) => ({ uri: pathToFileURL(join(big, f)).toString(), text: readFileSync(join(big, f), 'utf8') }));
    const host = new AnalysisHost({ rules: (ws) => runRules(ws) });
    for (const f of org) host.setFile(f.uri, f.text);
    const full = host.snapshot().findings;
    const open = org[17];
    const c = await LspClient.start(pathToFileURL(big).toString());
    try {
      // The server indexes the account ids, loads the catalogue and rehearses a first look before the rest.
      await c.waitForLog(/^ready for a first look/);
      c.open(open.uri, open.text);
      const first = await c.waitForDiagnostics(open.uri);
      await c.waitForLog(/^first look at 1 open file/);
      assert.ok(!first.diagnostics.some((d) => WORKSPACE_RULES.has(String(d.code))), 'from the first look: no workspace-rule findings yet');
      assert.ok(first.diagnostics.length > 0);
      assert.equal(org.filter((f) => c.diagnostics.has(f.uri)).length < org.length, true, 'before the background analysis ended');
      // A second file opened meanwhile: its diagnostics, and hover on the first one still answered (the look covers
      // every open file, so quick requests need not build the whole model at once).
      const second = org[5];
      c.open(second.uri, second.text);
      await c.waitForDiagnostics(second.uri);
      const hover = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: open.uri }, position: positionOf(open.text, '"OrganizationAuditor"', 3) });
      assert.match(hover?.contents.value ?? '', /OrganizationAuditor/);
      await Promise.all(org.map((f) => c.waitForDiagnostics(f.uri)));
      await c.diagnosticsAt(open.uri, 1);
      for (const f of org) {
        const got = c.diagnostics.get(f.uri)!.diagnostics.map((d) => `${d.code} ${d.message}`).sort();
        const want = full.get(f.uri)!.map((x) => `${x.code} ${x.message}`).sort();
        assert.deepEqual(got, want, f.uri);
      }
    } finally {
      await c.stop();
    }
  } finally {
    rmSync(big, { recursive: true, force: true });
  }
});

test('a file opened as the server starts: its first look on the index of files not read yet, then the full analysis; a related location in one of them placed right', async () => {
  // The opened file claims the account id of a file sorted before it (ref/duplicate-account on the opened file,
  // related to that file's id: a file only indexed when the first look runs).
  const other = files[1];
  const open = files[4];
  const otherId = /"id": "(\d{12})"/.exec(other.text)![1];
  const text = open.text.replace(/"id": "\d{12}"/, `"id": "${otherId}"`);
  const host = new AnalysisHost({ rules: (ws) => runRules(ws) });
  for (const f of files) host.setFile(f.uri, f.uri === open.uri ? text : f.text);
  const full = host.snapshot().findings;
  // Opened once initialize is answered, before initialized: the server indexes the folder and looks at it first.
  const c = await LspClient.start(pathToFileURL(dir).toString(), {}, {}, (client) => client.open(open.uri, text));
  try {
    const first = await c.waitForDiagnostics(open.uri);
    await c.waitForLog(/^first look at 1 open file on the index of 7 files not read yet/);
    const lines = (t: string) => t.split('\n');
    const at = (t: string, offset: number) => {
      const before = lines(t.slice(0, offset));
      return { line: before.length - 1, character: before.at(-1)!.length };
    };
    const want = full.get(open.uri)!.filter((x) => !WORKSPACE_RULES.has(x.code));
    assert.deepEqual(first.diagnostics.map((d) => `${d.code} ${d.message}`).sort(), want.map((x) => `${x.code} ${x.message}`).sort());
    const dup = first.diagnostics.find((d) => d.code === 'ref/duplicate-account');
    const expected = want.find((x) => x.code === 'ref/duplicate-account')!;
    assert.ok(dup && expected.related?.length, 'the duplicate is reported with the other file');
    assert.deepEqual(dup.range.start, at(text, expected.span.start));
    assert.equal(dup.relatedInformation?.[0].location.uri, other.uri);
    assert.deepEqual(dup.relatedInformation?.[0].location.range.start, at(other.text, expected.related![0].span.start));
    // The rest follows: every file's diagnostics are the full analysis's (cross-account findings included).
    await Promise.all(files.map((f) => c.waitForDiagnostics(f.uri)));
    await c.diagnosticsAt(open.uri, 1);
    for (const f of files) {
      const got = c.diagnostics.get(f.uri)!.diagnostics.map((d) => `${d.code} ${d.message}`).sort();
      assert.deepEqual(got, full.get(f.uri)!.map((x) => `${x.code} ${x.message}`).sort(), f.uri);
    }
    // The texts read were the ones indexed: the look was kept for them, not made again (one look logged).
    assert.equal(c.logs.filter((l) => /^first look at/.test(l)).length, 1, c.logs.join('\n'));
    // Cross-file answers once the background analysis ended: the trusted auditor role is found in its own file.
    const arn = 'arn:aws:iam::100000000000:role/auditor';
    assert.ok(text.includes(arn) && files[0].text.includes('"auditor"'));
    const found = await c.request<{ uri: string } | { uri: string }[] | null>('textDocument/definition', { textDocument: { uri: open.uri }, position: positionOf(text, arn, arn.length - 3) });
    assert.deepEqual([found].flat().map((l) => l?.uri), [files[0].uri]);
  } finally {
    await c.stop();
  }
});
