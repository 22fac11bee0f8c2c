import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CompletionList, Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from './harness';

const URI = 'file:///virtual/features.iam.json';
const TEXT = `{
  // edited in the tests
  "account": { "id": "111111111111" },
  "policies": {
    "ReadLogs": { "document": { "Version": "2012-10-17", "Statement": [
      { "Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": "*" } ] } }
  },
  "groups": { "Devs": { "policies": ["ReadLogs"] } },
  "users": { "alice": { "groups": ["Devs"], "policies": ["ReadLogs"] } }
}
`;

let c: LspClient;
before(async () => {
  c = await LspClient.start();
  c.open(URI, TEXT);
  await c.diagnosticsAt(URI, 1);
});
after(async () => {
  await c.stop();
});

const doc = { uri: URI };

test('hover on a user shows its effective permissions', async () => {
  const h = await c.request<Hover>('textDocument/hover', { textDocument: doc, position: positionOf(TEXT, '"alice"', 2) });
  const value = (h.contents as { value: string }).value;
  assert.match(value, /user alice/);
  assert.match(value, /- \*\*logs\*\* Read: GetLogEvents/);
  assert.deepEqual(h.range!.start, positionOf(TEXT, '"alice"'));
});

test('hover on an action shows the catalogue entry', async () => {
  const h = await c.request<Hover>('textDocument/hover', { textDocument: doc, position: positionOf(TEXT, 'logs:GetLogEvents', 3) });
  assert.match((h.contents as { value: string }).value, /\*\*logs:GetLogEvents\*\* — Read/);
});

test('completion of a group name replaces the string', async () => {
  const list = await c.request<CompletionList>('textDocument/completion', { textDocument: doc, position: positionOf(TEXT, '"Devs"]', 2) });
  const item = list.items.find((i) => i.label === 'Devs')!;
  assert.ok(item);
  assert.deepEqual((item.textEdit as { range: unknown }).range, { start: positionOf(TEXT, '"Devs"]'), end: positionOf(TEXT, '"Devs"]', 6) });
});

test('completion of actions after a service prefix', async () => {
  const list = await c.request<CompletionList>('textDocument/completion', { textDocument: doc, position: positionOf(TEXT, 'logs:GetLogEvents', 9) });
  const item = list.items.find((i) => i.label === 'logs:GetLogEvents')!;
  assert.equal(item.detail, 'Read');
  assert.equal(item.documentation, undefined, 'documentation comes on resolve');
  const resolved = await c.request<{ documentation?: { value: string } }>('completionItem/resolve', item);
  assert.match(resolved.documentation!.value, /log events/i);
});

test('definition of a policy reference', async () => {
  const defs = await c.request<Location[]>('textDocument/definition', { textDocument: doc, position: positionOf(TEXT, '"ReadLogs"]', 2) });
  assert.equal(defs.length, 1);
  assert.deepEqual(defs[0].range.start, positionOf(TEXT, '"ReadLogs": {'));
});

test('references and rename of a group', async () => {
  const refs = await c.request<Location[]>('textDocument/references', { textDocument: doc, position: positionOf(TEXT, '"Devs": {', 2), context: { includeDeclaration: true } });
  assert.equal(refs.length, 2);
  const prep = await c.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: doc, position: positionOf(TEXT, '"Devs"]', 2) });
  assert.equal(prep.placeholder, 'Devs');
  const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: doc, position: positionOf(TEXT, '"Devs"]', 2), newName: 'Developers' });
  const edits = edit.changes![URI];
  assert.equal(edits.length, 2);
  assert.ok(edits.every((e) => e.newText === 'Developers' && e.range.end.character - e.range.start.character === 4));
  await assert.rejects(c.request('textDocument/rename', { textDocument: doc, position: positionOf(TEXT, '"Devs"]', 2), newName: 'bad name' }), /not a valid IAM name/);
});

test('code actions at a user\'s policy: move it to the group', async () => {
  const at = positionOf(TEXT, '"ReadLogs"] } }\n', 2);
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: doc, range: { start: at, end: at }, context: { diagnostics: [] } });
  const move = actions.find((a) => /Move policy "ReadLogs" from user "alice" to a new group/.test(a.title));
  assert.ok(move, actions.map((a) => a.title).join('\n'));
  assert.ok(move.edit!.changes![URI].length >= 1);
});

test('document symbols and CodeLens', async () => {
  const symbols = await c.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: doc });
  assert.deepEqual(symbols.map((s) => s.name), ['account 111111111111', 'policies', 'groups', 'users']);
  const lenses = await c.request<{ command: { command: string } }[]>('textDocument/codeLens', { textDocument: doc });
  assert.ok(lenses.some((l) => l.command.command === 'iamWorkbench.simulate'));
  assert.ok(lenses.some((l) => l.command.command === 'iamWorkbench.showInGraph'));
});

test('custom requests: graph data and effective permissions', async () => {
  const graph = await c.request<{ nodes: { id: string }[] }>('iamWorkbench/graphData', {});
  assert.ok(graph.nodes.some((n) => n.id === 'user:111111111111:alice'));
  const eff = await c.request<{ markdown: string }>('iamWorkbench/effectivePermissions', { uri: URI, arn: 'arn:aws:iam::111111111111:user/alice' });
  assert.match(eff.markdown, /# Effective permissions of user alice/);
});

test('the server never dies: requests on broken text, unknown files and odd positions answer', async () => {
  const v = c.change(URI, '{ "users": { "x": { "groups": [ "');
  await c.diagnosticsAt(URI, v);
  for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentSymbol', 'textDocument/codeLens']) {
    await c.request(method, { textDocument: doc, position: { line: 0, character: 30 } });
    await c.request(method, { textDocument: { uri: 'file:///nowhere.iam.json' }, position: { line: 99, character: 99 } });
  }
  const v2 = c.change(URI, TEXT);
  const diags = await c.diagnosticsAt(URI, v2);
  assert.ok(Array.isArray(diags));
  assert.equal(c.proc.exitCode, null, 'still running');
});
