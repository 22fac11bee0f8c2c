/**
 * A big account file opened alone (no workspace folder): its diagnostics come from a first look (its own parse,
 * policy and file rules: core/ide/host.ts `firstLook`), the workspace rules (escalation paths, external access) follow
 * in the background and publish again when they add findings; the final diagnostics are those of a full analysis in
 * process. An edit afterwards takes the edit path, with no first look.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
let text: string;
let uri: string;

/** A user that can attach any policy to itself: an escalation path only the workspace rules find. */
const ESCALATOR = `  "users": {
    "escalator": {
      "inlinePolicies": {
        "self-service": {
          "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::123456789012:user/escalator" }]
        }
      }
    },
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-first-look-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-large.mjs'), dir, '--scale', '0.06'], { stdio: 'ignore' });
  const generated = readFileSync(join(dir, 'iam.json'), 'utf8');
  assert.ok(generated.includes('  "users": {\n'));
  text = generated.replace('  "users": {\n', ESCALATOR);
  assert.ok(text.length > 256 * 1024, `the file is big enough for a first look (${text.length} characters)`);
  uri = pathToFileURL(join(dir, 'iam.json')).toString();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const shown = (d: { code?: unknown; message: unknown; range: unknown }) => JSON.stringify([d.code, d.message, d.range]);

test('a big file opened alone: first look without the workspace rules, then the full analysis; an edit takes the edit path', async () => {
  const host = new AnalysisHost({ rules: (ws, o) => runRules(ws, {}, o) });
  host.setFile(uri, text);
  const full = host.snapshot().findings.get(uri)!;
  assert.ok(full.some((f) => WORKSPACE_RULES.has(f.code)), 'the escalator draws a workspace rule finding');

  const c = await LspClient.start(null);
  try {
    const sent: PublishDiagnosticsParams[] = [];
    void c.waitForDiagnostics(uri, (p) => (sent.push(p), false));
    c.open(uri, text);
    const first = await c.waitForDiagnostics(uri);
    assert.ok(first.diagnostics.length > 0);
    assert.ok(!first.diagnostics.some((d) => WORKSPACE_RULES.has(String(d.code))), 'the first look has no workspace-rule findings' + c.logs.join('\n'));
    const final = await c.diagnosticsAt(uri, 1);
    assert.ok(c.logs.some((l) => /^first look at 1 open file/.test(l)), 'the server logged its first look');
    assert.deepEqual(final.map((d) => `${d.code} ${d.message}`).sort(), full.map((f) => `${f.code} ${f.message}`).sort(), 'final = a full analysis');
    assert.equal(sent.length, 2, `published ${sent.length} times`);
    assert.deepEqual(
      sent[1].diagnostics.filter((d) => !WORKSPACE_RULES.has(String(d.code))).map(shown),
      sent[0].diagnostics.map(shown),
      'the final diagnostics add the workspace rules\' findings to the first look\'s, nothing else changes',
    );
    // A keystroke in a description: the edit path (no first look), the same diagnostics.
    const at = positionOf(text, '"description": "', '"description": "'.length);
    const v = c.edit(uri, { start: at, end: at }, 'x');
    const after = await c.diagnosticsAt(uri, v);
    assert.equal(c.logs.filter((l) => /^first look at/.test(l)).length, 1, 'one first look, at the opening');
    assert.equal(after.length, final.length);
  } finally {
    await c.stop();
  }
});
