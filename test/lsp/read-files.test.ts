/**
 * server/files.ts: `readUris` (the workspace's texts read together) and `indexUris` (indexed without keeping the
 * texts) give what `readUri` gives file by file, on ASCII files, UTF-8 with a byte-order mark, invalid UTF-8,
 * empty files, files across the ~1 MB runs, words searched for past a file's first 8 KB, a directory and a missing file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findAccountFiles, indexUris, readUri, readUris } from '../../server/files';
import { scanAccountHeader } from '../../core/ide/staged';

test('readUris and indexUris read each file as readUri does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-read-files-'));
  try {
    const contents: (string | Buffer)[] = [
      '{"account": {"id": "123456789012"}}',
      '\uFEFF{"account": {"id": "123456789012", "alias": "caf\u00e9 \u{1F600}"}}',
      Buffer.from([0x7b, 0x22, 0x61, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), // invalid UTF-8
      '',
      `{"account": {"id": "210987654321"}, "users": {"u": {"path": "/${'x'.repeat(700_000)}/"}}}`,
      `{"users": {"u": {"path": "/${'y'.repeat(1_300_000)}/"}}, "account": {"id": "111122223333"}}`, // more than a run
      '{"account": {"id": "123456789012"}, "organization": {}}',
      '{"account": {"id": "444455556666"}} // trailing',
    ];
    // Past the first 8 KB the index only searches for the words that could change its answer (server/files.ts searches
    // rarer parts of them and checks each place): a later "account" key, a word that holds part of one, "organization".
    const pad = `"roles": {"r": {"description": "${'x'.repeat(9000)}"}}`;
    contents.push(
      `{"account": {"id": "123456789012"}, ${pad}, "account": {"id": "999999999999"}}`,
      `{"account": {"id": "123456789012"}, ${pad}, "tags": {"myaccount": "ccount ccount", "accounts": "organizations"}}`,
      `{"account": {"id": "123456789012"}, ${pad}, "tags": {"k": "organization", "l": "\\"account\\""}}`,
      `{"account": {"id": "123456789012"}, ${pad}, "tags": {"k": "organiz"}, "x": "accoun"}`,
      `{"account": {"id": "123456789012"}, ${pad}, "tags": {"k": "v"}, "organization": {}}`,
      // The "account" block past the first 2 KB, within 8 KB (the index reads a 2 KB beginning, then 8 KB).
      `{"groups": {"g": {"path": "/${'w'.repeat(3000)}/"}}, "account": {"id": "777788889999"}, ${pad}}`,
    );
    for (let i = 0; i < 30; i++) contents.push(`{"account": {"id": "1000000000${String(i).padStart(2, '0')}"}, "roles": {"r": {"description": "${'z'.repeat(40_000 + i)}"}}}`);
    const uris = contents.map((c, i) => {
      const path = join(dir, `a${i}.iam.json`);
      writeFileSync(path, c);
      return pathToFileURL(path).toString();
    });
    mkdirSync(join(dir, 'dir.iam.json'));
    uris.splice(3, 0, pathToFileURL(join(dir, 'dir.iam.json')).toString(), pathToFileURL(join(dir, 'missing.iam.json')).toString());
    const expected = uris.map((u) => readUri(u));
    assert.equal(expected[3], undefined);
    assert.equal(expected[4], undefined);
    assert.deepEqual(readUris(uris), expected);
    const indexed = indexUris(uris, scanAccountHeader);
    for (let i = 0; i < uris.length; i++) {
      const text = expected[i];
      const it = indexed[i];
      if (text === undefined) {
        assert.equal(it, undefined, uris[i]);
        continue;
      }
      const header = scanAccountHeader(text);
      if (it!.text !== undefined) assert.equal(it!.text, text, uris[i]);
      else {
        assert.deepEqual(it!.header, header, uris[i]);
        assert.equal(it!.size, text.length);
      }
      // What the index answers is what the whole text's scan answers (a file it declines comes back whole).
      if (header === undefined) assert.equal(it!.text, text, uris[i]);
    }
    assert.ok(indexed.filter((x) => x?.header).length >= 30, 'the plain files indexed without their text');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('findAccountFiles: the URIs pathToFileURL makes, for plain names and names a URL escapes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam find files #1 '));
  try {
    const names = ['a.iam.json', 'iam.json', 'with space.iam.json', 'x#y.iam.json', 'caf\u00e9.iam.json', '100%.iam.json', 'b.iam-tests.json', 'other.json'];
    for (const n of names) writeFileSync(join(dir, n), '{}');
    mkdirSync(join(dir, 'sub dir'));
    writeFileSync(join(dir, 'sub dir', 'c.iam.json'), '{}');
    const want = [...names.filter((n) => n !== 'other.json').map((n) => join(dir, n)), join(dir, 'sub dir', 'c.iam.json')].map((p) => pathToFileURL(p).toString()).sort();
    assert.deepEqual(findAccountFiles(pathToFileURL(dir).toString()).sort(), want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
