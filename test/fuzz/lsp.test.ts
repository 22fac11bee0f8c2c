import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../core/text/line-index';
import { LspClient } from '../lsp/harness';
import { generate } from './generate';

// The smaller fuzz run through the real server over stdio (the volume runs in process, quick.test.ts and
// `npm run fuzz`): fuzzed account files opened, edited step by step, and asked every request at the
// edit and elsewhere. Every request must get an answer (not an error), every version must be analysed,
// and the server must still be running at the end.
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const COUNT = Number(process.env.FUZZ_LSP_COUNT ?? 24);

test(`${COUNT} fuzzed documents through the language server over stdio: every request answered, the server lives`, async () => {
  const c = await LspClient.start();
  const problems: string[] = [];
  try {
    let n = 0;
    for (let i = 0; n < COUNT; i++) {
      const input = generate(SEED, i);
      if (input.kind !== 'account' && input.kind !== 'edits') continue;
      n++;
      const uri = `file:///fuzz/doc${n}.iam.json`;
      const texts = input.kind === 'edits' ? [input.text, ...(input.steps ?? [])] : [input.text];
      let version = c.open(uri, texts[0]);
      for (const [step, text] of texts.entries()) {
        if (step > 0) version = c.change(uri, text);
        await c.diagnosticsAt(uri, version);
        const lines = new LineIndex(text);
        const offsets = [0, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length, firstDifference(texts[Math.max(0, step - 1)], text)];
        for (const o of offsets) {
          const position = lines.positionAt(Math.min(o, text.length));
          const at = { textDocument: { uri }, position };
          const requests: [string, unknown][] = [
            ['textDocument/hover', at],
            ['textDocument/completion', at],
            ['textDocument/definition', at],
            ['textDocument/references', { ...at, context: { includeDeclaration: true } }],
            ['textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: c.diagnostics.get(uri)?.diagnostics ?? [] } }],
          ];
          for (const [method, params] of requests) {
            try {
              await c.request(method, params);
            } catch (e) {
              problems.push(`#${i} ${input.how.slice(0, 100)} step ${step} ${method} at ${o}: ${(e as Error).message}`);
            }
          }
        }
        for (const method of ['textDocument/documentSymbol', 'textDocument/codeLens', 'textDocument/foldingRange']) {
          try {
            await c.request(method, { textDocument: { uri } });
          } catch (e) {
            if (!/Unhandled method/.test((e as Error).message)) problems.push(`#${i} step ${step} ${method}: ${(e as Error).message}`);
          }
        }
      }
      void c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    assert.equal(c.proc.exitCode, null, 'the server is still running');
    assert.deepEqual(problems, []);
    assert.ok(!c.logs.some((l) => /RangeError|Maximum call stack/.test(l)), c.logs.filter((l) => /Error/.test(l)).join('\n').slice(0, 1000));
  } finally {
    await c.stop();
  }
});

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
