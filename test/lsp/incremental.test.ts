import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, positionOf } from './harness';

const URI = 'file:///virtual/big.iam.json';
// Past the incremental threshold (256 KB) with 1,100 users, each with a 200-character "note" tag: the threshold asks
// for bytes, and the server's analysis costs per user.
const NOTE = 'padding '.repeat(25).trim();
const users = Array.from({ length: 1100 }, (_, i) => `    "user-${i}": { "groups": ["Devs"], "tags": { "note": "${NOTE}", "team": "team number ${i}" } }`).join(',\n');
const TEXT = `{
  "account": { "id": "111111111111" },
  "groups": { "Devs": {} },
  "users": {
${users},
    "last": { "groups": ["Devz"] }
  }
}
`;

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

test('edits in a big file (incremental re-parse) keep every diagnostic where the text puts it', async () => {
  assert.ok(TEXT.length > 256 * 1024);
  const c = await LspClient.start();
  try {
    c.open(URI, TEXT);
    const first = await c.diagnosticsAt(URI, 1);
    const dangling = () => c.diagnostics.get(URI)!.diagnostics.find((d) => d.code === 'ref/unknown-group')!;
    assert.deepEqual(first.find((d) => d.code === 'ref/unknown-group')!.range.start, positionOf(TEXT, '"Devz"'));
    // Type three characters into an early user's tag, one edit at a time, then a new line.
    let text = TEXT;
    let version = 1;
    let offset = text.indexOf('team number 12"') + 'team number 12'.length;
    for (const ch of ['a', 'b', 'c']) {
      const at = positionAt(text, offset);
      text = text.slice(0, offset) + ch + text.slice(offset);
      offset += ch.length;
      version = c.edit(URI, { start: at, end: at }, ch);
    }
    await c.diagnosticsAt(URI, version);
    assert.deepEqual(dangling().range.start, positionOf(text, '"Devz"'), 'placed right after incremental edits');
    for (const ch of ['\n']) {
      const at = positionAt(text, offset);
      text = text.slice(0, offset) + ch + text.slice(offset);
      offset += ch.length;
      version = c.edit(URI, { start: at, end: at }, ch);
    }
    const broken = await c.diagnosticsAt(URI, version);
    // A newline inside a string is a JSON error: reported, and the server goes on.
    assert.ok(broken.some((d) => String(d.code).startsWith('parse/')));
    // Remove the newline again: back to a clean edit.
    const nl = text.indexOf('abc\n') + 3;
    const before = positionOf(text, 'abc\n', 3);
    text = text.slice(0, nl) + text.slice(nl + 1);
    version = c.edit(URI, { start: before, end: { line: before.line + 1, character: 0 } }, '');
    const after = await c.diagnosticsAt(URI, version);
    assert.deepEqual(after.filter((d) => d.severity === 1).map((d) => d.code), ['ref/unknown-group']);
    assert.deepEqual(dangling().range.start, positionOf(text, '"Devz"'));
  } finally {
    await c.stop();
  }
});

test('in a quiet moment the server rehearses a keystroke and its undo in a big file; nothing the editor sees changes', async () => {
  const c = await LspClient.start();
  try {
    c.open(URI, TEXT);
    await c.diagnosticsAt(URI, 1);
    const published = c.diagnostics.get(URI)!;
    const line = await c.waitForLog(/edit path warmed up/);
    assert.match(line, /8 keystrokes and their undo/);
    assert.equal(c.diagnostics.get(URI), published, 'no diagnostics sent for the rehearsal');
    // The server's text is the editor's: a definition and an edit land where the text puts them.
    const devs = positionOf(TEXT, '"Devs"]', 2);
    const def = (await c.request('textDocument/definition', { textDocument: { uri: URI }, position: devs })) as { range: { start: unknown } }[] | { range: { start: unknown } };
    const target = Array.isArray(def) ? def[0] : def;
    assert.deepEqual(target.range.start, positionOf(TEXT, '"Devs": {}'));
    const at = positionOf(TEXT, '"last"');
    const version = c.edit(URI, { start: at, end: at }, '\n');
    const text = TEXT.slice(0, TEXT.indexOf('"last"')) + '\n' + TEXT.slice(TEXT.indexOf('"last"'));
    const after = await c.diagnosticsAt(URI, version);
    assert.deepEqual(after.find((d) => d.code === 'ref/unknown-group')!.range.start, positionOf(text, '"Devz"'));
  } finally {
    await c.stop();
  }
});
