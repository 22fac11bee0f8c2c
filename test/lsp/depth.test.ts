import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './harness';

test('the server reports 100,000 levels of nesting as a diagnostic at the crossing bracket, answers requests, and recovers', async () => {
  const c = await LspClient.start();
  try {
    const uri = 'file:///virtual/deep.iam.json';
    const text = `{\n  "users": {\n    "u": { "inlinePolicies": { "p": ${'['.repeat(100_000)}${']'.repeat(100_000)} } }\n  }\n}\n`;
    c.open(uri, text);
    const diags = await c.diagnosticsAt(uri, 1);
    const d = diags.find((x) => x.code === 'parse/too-deep');
    assert.ok(d, JSON.stringify(diags).slice(0, 500));
    assert.equal(d.severity, 1);
    const col = text.split('\n')[2].indexOf('[') + 512 - 4;
    assert.deepEqual(d.range.start, { line: 2, character: col });
    assert.ok(!diags.some((x) => /empty/.test(String(x.message))));
    const at = { textDocument: { uri }, position: { line: 2, character: col + 10 } };
    await c.request('textDocument/hover', at);
    await c.request('textDocument/completion', at);
    await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    await c.request('textDocument/definition', at);
    await c.request('textDocument/codeAction', { textDocument: { uri }, range: { start: at.position, end: at.position }, context: { diagnostics: [d] } });
    const v2 = c.change(uri, '{ "users": { "u": {} } }');
    const after = await c.diagnosticsAt(uri, v2);
    assert.ok(!after.some((x) => x.code === 'parse/too-deep'));
  } finally {
    await c.stop();
  }
});
