import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { startPeer } from '../../bench/support/peer-client';

const ROOT = join(import.meta.dirname, '..', '..');

/** What vscode-json-languageservice finds in `text` called in process, as bench/peers.ts calls it. */
async function inProcess(uri: string, text: string) {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'iam.schema.json'), 'utf8'));
  const service = getLanguageService({});
  const doc = TextDocument.create(uri, 'iam-json', 1, text) // the language id the client opens it with (syntax errors name it);
  return service.doValidation(doc, service.parseJSONDocument(doc), { comments: 'ignore', trailingCommas: 'ignore' }, schema);
}

// The peer of the first-diagnostics benchmark (bench/support/json-peer-server.ts) validates what it is given against
// our schema and publishes what the language service finds in process: schema errors with their places, nothing for
// a valid file, comments and trailing commas let through as the in-process peer lets them.
test('the peer server over LSP publishes what vscode-json-languageservice finds in process', async () => {
  const c = await startPeer();
  try {
    const cases: [string, string][] = [
      // An unknown property, a wrong type, a user without its required-nothing map and a trailing comma.
      ['file:///peer/bad.iam.json', '{\n  "account": { "id": 123456789012 },\n  "users": {\n    "alice": { "groupz": [] },\n  }\n}\n'],
      // With comments, and its "$schema" (../schemas/iam.schema.json) read from disk relative to the file.
      [pathToFileURL(join(ROOT, 'examples', 'acme-prod.iam.json')).toString(), readFileSync(join(ROOT, 'examples', 'acme-prod.iam.json'), 'utf8')],
      ['file:///peer/broken.iam.json', '{ "account": { "id": "123456789012" }, "users": { "bob": '],
    ];
    for (const [uri, text] of cases) {
      c.open(uri, text);
      const published = await c.waitForDiagnostics(uri);
      const expected = await inProcess(uri, text);
      assert.deepEqual(published.diagnostics, JSON.parse(JSON.stringify(expected)), uri);
    }
    const bad = c.diagnostics.get('file:///peer/bad.iam.json')!.diagnostics;
    assert.ok(bad.some((d) => /groupz/.test(String(d.message)) && d.range.start.line === 3), `the unknown property on line 4: ${JSON.stringify(bad)}`);
    assert.ok(bad.some((d) => d.range.start.line === 1 && /string/i.test(String(d.message))), 'the account id of the wrong type');
    assert.equal(c.diagnostics.get(cases[1][0])!.diagnostics.length, 0, 'a valid account file (with comments) has none');
    assert.ok(c.diagnostics.get('file:///peer/broken.iam.json')!.diagnostics.length > 0, 'a cut-off file has syntax errors');
  } finally {
    await c.stop();
  }
});
