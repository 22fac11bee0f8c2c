import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient } from './harness';

const A = 'file:///virtual/a.iam.json';
const B = 'file:///virtual/b.iam.json';
const TEXT_A = `{
  "account": { "id": "111111111111" },
  "policies": { "Deploy": { "document": { "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": "cloudformation:CreateStack", "Resource": "*" } ] } } },
  "groups": { "Deployers": {} },
  "users": { "dana": { "groups": ["Deployers"], "policies": ["Deploy"] } },
  "roles": { "ci": { "trustPolicy": { "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::222222222222:root" }, "Action": "sts:AssumeRole" } ] } } }
}
`;
const TEXT_B = `{ "account": { "id": "222222222222" }, "policies": { "Go": { "document": { "Version": "2012-10-17", "Statement": [
  { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/ci" } ] } } } }
`;

/** Applies an LSP edit list to a text (edits don't overlap). */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((x, y) => offset(y.range.start) - offset(x.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

test('quick fixes through the server make their diagnostics go away; rename reaches the other file', async () => {
  const c = await LspClient.start();
  try {
    c.open(A, TEXT_A);
    c.open(B, TEXT_B);
    const diags = await c.diagnosticsAt(A, 1);
    const find = (list: Diagnostic[], code: string) => list.find((d) => d.code === code);
    let text = TEXT_A;
    for (const [code, title] of [
      ['practice/policy-on-user', /^Move policy "Deploy" from user "dana" to group "Deployers"$/],
      ['trust/external-id', /^Add an sts:ExternalId condition$/],
    ] as const) {
      const d = find(c.diagnostics.get(A)!.diagnostics, code);
      assert.ok(d, `${code} in ${JSON.stringify(diags.map((x) => x.code))}`);
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: A }, range: d.range, context: { diagnostics: [d] } });
      const fix = actions.find((a) => title.test(a.title));
      assert.ok(fix, actions.map((a) => a.title).join('\n'));
      assert.ok(fix.diagnostics?.some((x) => x.code === code), 'the action names the diagnostic it fixes');
      text = apply(text, fix.edit!.changes![A]);
      const v = c.change(A, text);
      const after = await c.diagnosticsAt(A, v);
      assert.equal(find(after, code), undefined, `${code} is gone`);
    }
    // Rename the role: the ARN in the other account's file follows.
    const at = text.indexOf('"ci"') + 2;
    const before = text.slice(0, at);
    const position = { line: before.split('\n').length - 1, character: at - before.lastIndexOf('\n') - 1 };
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: A }, position, newName: 'deployer' });
    assert.match(apply(TEXT_B, edit.changes![B]), /role\/deployer/);
    assert.match(apply(text, edit.changes![A]), /"deployer": \{/);
  } finally {
    await c.stop();
  }
});

