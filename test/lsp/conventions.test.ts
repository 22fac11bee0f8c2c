import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { RULES } from '../../core/analysis/rules';
import { LspClient } from './harness';

// VS Code's conventions through the real server: every diagnostic links to its documentation, the rule
// actions (disable for the line / in iam-workbench.json / show documentation), iam-workbench.json read
// and watched, progress while the workspace is analysed at start.

const TEXT = `{
  "account": { "id": "111111111111" },
  "policies": { "Deploy": { "document": { "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": "cloudformation:CreateStack", "Resource": "*" } ] } } },
  "groups": { "Deployers": {} },
  "users": { "dana": { "groups": ["Deployers"], "policies": ["Deploy", "Missing"] } },
  "roles": { "ci": { "trustPolicy": { "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::222222222222:root" }, "Action": "sts:AssumeRole" } ] } } }
}
`;

test('diagnostics link to their docs; "Disable in iam-workbench.json" creates the file and the server follows it; progress at start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-conventions-'));
  const root = pathToFileURL(dir).href;
  const file = join(dir, 'a.iam.json');
  writeFileSync(file, TEXT);
  const uri = pathToFileURL(file).href;
  const configUri = `${root}/iam-workbench.json`;
  const c = await LspClient.start(root, {}, { window: { workDoneProgress: true }, workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } });
  try {
    const diags = (await c.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0)).diagnostics;
    // (The progress ends right after the diagnostics: a request answered after it waits for it.)
    await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    // Progress: created, begun, reported (the files counted, then the analysis's slices), ended, in that order, with one token.
    const token = c.progress[0]?.token;
    const kinds = c.progress.filter((p) => p.token === token).map((p) => p.kind);
    assert.deepEqual([kinds[0], kinds[1], kinds[2], kinds.at(-1)], ['create', 'begin', 'report', 'end']);
    assert.ok(kinds.slice(2, -1).every((k) => k === 'report'), kinds.join());
    assert.match(c.progress.find((p) => p.kind === 'report')!.message!, /^checking 1 file$/);

    // Every link opens the docs shipped beside the server (the checkout's docs/ here, the .vsix's docs/ when
    // installed) at the heading's line: a file: URI, no network.
    const docs = pathToFileURL(join(process.cwd(), 'docs')).href;
    const lineOf = (page: string, heading: string) => readFileSync(join('docs', page), 'utf8').split('\n').indexOf(`## ${heading}`) + 1;
    const ruleIds = new Set(RULES.map((r) => r.id));
    for (const d of diags) {
      const href = d.codeDescription?.href;
      assert.ok(href, `${d.code} has a documentation link`);
      assert.ok(href.startsWith(`${docs}/`), `${href} is in ${docs}`);
      if (ruleIds.has(String(d.code))) {
        assert.equal(href, `${docs}/rules.md#L${lineOf('rules.md', String(d.code))}`);
        assert.ok(lineOf('rules.md', String(d.code)) > 1);
      }
    }
    const ref = diags.find((d) => d.code === 'ref/unknown-policy')!;
    assert.equal(ref.codeDescription!.href, `${docs}/iam-json.md#L${lineOf('iam-json.md', 'References')}`);

    const d = diags.find((x) => x.code === 'trust/external-id') as Diagnostic;
    assert.ok(d, diags.map((x) => x.code).join(', '));
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable trust/external-id for this line'), titles.join('\n'));
    const doc = actions.find((a) => a.title === 'Show documentation for trust/external-id')!;
    assert.equal(doc.command?.command, 'iamWorkbench.showRuleDocumentation');
    const off = actions.find((a) => a.title === 'Disable trust/external-id in iam-workbench.json')!;
    const edit = off.edit as WorkspaceEdit;
    const [create, fill] = edit.documentChanges as any[];
    assert.deepEqual(create, { kind: 'create', uri: configUri, options: { ignoreIfExists: true } });
    assert.equal(fill.textDocument.uri, configUri);
    // The editor applies it (writes the file); the watcher tells the server; the finding goes.
    writeFileSync(join(dir, 'iam-workbench.json'), fill.edits[0].newText);
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 1 }] });
    const after = await c.waitForDiagnostics(uri, (p) => !p.diagnostics.some((x) => x.code === 'trust/external-id'));
    assert.ok(after.diagnostics.length > 0, 'the other findings stay');
    // Now the file exists: the next such action edits it in place.
    const other = after.diagnostics.find((x) => ruleIds.has(String(x.code)))!;
    const again = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: other.range, context: { diagnostics: [other] } });
    const inPlace = again.find((a) => a.title === `Disable ${other.code} in iam-workbench.json`)!;
    assert.ok(inPlace.edit?.changes?.[configUri]?.length, 'an edit of the existing file');
  } finally {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rename through the server: scenario files that name the user change under their own annotation (listed apart in the refactor preview)', async () => {
  const c = await LspClient.start();
  const A = 'file:///virtual/ws/a.iam.json';
  const S = 'file:///virtual/ws/a.iam-tests.json';
  const scenarios = `{ "scenarios": [ { "name": "dana deploys", "principal": "dana", "action": "cloudformation:CreateStack", "expect": "allowed" } ] }\n`;
  try {
    c.open(A, TEXT);
    c.open(S, scenarios);
    await c.diagnosticsAt(A, 1);
    const at = TEXT.indexOf('"dana"') + 2;
    const before = TEXT.slice(0, at);
    const position = { line: before.split('\n').length - 1, character: at - before.lastIndexOf('\n') - 1 };
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: A }, position, newName: 'dana2' });
    assert.deepEqual(edit.changeAnnotations?.scenarios, { label: 'Scenario files', needsConfirmation: false, description: '1 mention in 1 scenario file' });
    const docs = edit.documentChanges as { textDocument: { uri: string }; edits: { range: unknown; newText: string; annotationId?: string }[] }[];
    const scenarioDoc = docs.find((d) => d.textDocument.uri === S)!;
    const name = scenarios.indexOf('"dana"') + 1;
    assert.deepEqual(scenarioDoc.edits, [{ range: { start: { line: 0, character: name }, end: { line: 0, character: name + 4 } }, newText: 'dana2', annotationId: 'scenarios' }]);
    const accountDoc = docs.find((d) => d.textDocument.uri === A)!;
    assert.ok(accountDoc.edits.length >= 1 && accountDoc.edits.every((e) => !e.annotationId && e.newText === 'dana2'));
  } finally {
    await c.stop();
  }
});
