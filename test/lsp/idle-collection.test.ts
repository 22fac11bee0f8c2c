import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, positionOf } from './harness';

const EXAMPLE = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'acme-prod.iam.json'), 'utf8');
const URI = 'file:///idle/acme-prod.iam.json';

/** The bundled server with its idle collection at its most eager: at every pause (0 ms), whatever the growth (0 MB). */
async function eagerServer(): Promise<LspClient> {
  const saved = { ms: process.env.IAM_WORKBENCH_IDLE_GC_MS, mb: process.env.IAM_WORKBENCH_IDLE_GC_MB };
  process.env.IAM_WORKBENCH_IDLE_GC_MS = '0';
  process.env.IAM_WORKBENCH_IDLE_GC_MB = '0';
  try {
    return await LspClient.start(null);
  } finally {
    for (const [k, v] of [['IAM_WORKBENCH_IDLE_GC_MS', saved.ms], ['IAM_WORKBENCH_IDLE_GC_MB', saved.mb]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** LSP framing of one notification. */
const frame = (method: string, params: unknown) => {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method, params }), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
};

test('the server collects in a pause after its work, and never while messages it has read wait to be handled', { timeout: 120_000 }, async () => {
  const c = await eagerServer();
  try {
    c.open(URI, EXAMPLE);
    await c.diagnosticsAt(URI, 1);
    // A pause after the analysis: the collection happens (the server logs it, with the documents' versions then).
    assert.match(await c.waitForLog(/^idle collection: \d+ → \d+ MB in \d+ ms \(documents at versions 1\)$/), /idle collection/);

    // A burst of keystrokes in one write (under the 4 KiB a pipe delivers whole): the server reads them in one chunk
    // and handles one per turn of its event loop, analysing in between. With collections allowed at every pause,
    // one run between two of those messages would log a version between the first and the last of the burst.
    const at = positionOf(EXAMPLE, '"description": "', '"description": "'.length);
    const chunks: Buffer[] = [];
    const last = 13;
    for (let v = 2; v <= last; v++) {
      const range = v % 2 === 0 ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
      chunks.push(frame('textDocument/didChange', { textDocument: { uri: URI, version: v }, contentChanges: [{ range, text: v % 2 === 0 ? 'x' : '' }] }));
    }
    const burst = Buffer.concat(chunks);
    assert.ok(burst.length < 4096, `${burst.length} bytes`);
    c.logs.length = 0;
    c.proc.stdin!.write(burst);
    // The pause after the burst's last analysis comes, and gets its collection.
    await c.waitForLog(/^idle collection: .* \(documents at versions 13\)$/);
    // Before it, only collections from before the burst was read (the server's idle work after opening) may show.
    const between = c.logs.filter((l) => l.startsWith('idle collection') && !/\(documents at versions (1|13)\)$/.test(l));
    assert.deepEqual(between, [], 'collected while keystrokes it had read were waiting');
    assert.equal((await c.diagnosticsAt(URI, last)).length, c.diagnostics.get(URI)?.diagnostics.length);
  } finally {
    await c.stop();
  }
});
