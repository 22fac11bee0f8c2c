import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_FORMAT, readDataFile, setDataDirectory, type StoredText } from '../../core/data/location';

/** The build script's writer (ESM, loaded as such). */
async function writer(): Promise<{ writeDataFile(file: string, value: unknown): void; stored(text: string): unknown; DATA_FORMAT: number }> {
  return import('../../scripts/extract-data.mjs' as string);
}

test('data files: the head is read alone, stored texts come back exactly (byte offsets, multi-byte characters)', async () => {
  const { writeDataFile, stored, DATA_FORMAT: written } = await writer();
  assert.equal(written, DATA_FORMAT, 'the build script and the reader agree on the format');
  const dir = mkdtempSync(join(tmpdir(), 'iwb-data-'));
  try {
    const texts = ['{"a":1}', 'Zugriff für “alle” — ✓ 𝔘', '', 'line\nbreak'];
    writeDataFile(join(dir, 't.data'), { format: DATA_FORMAT, items: texts.map((t) => ({ kept: t.length, text: stored(t) })) });
    const raw = readFileSync(join(dir, 't.data'), 'utf8');
    assert.equal(raw.split('\n').length, 3, 'one line of head, then the texts (one of which holds a line break)');
    setDataDirectory(dir);
    const file = readDataFile<{ items: { kept: number; text: StoredText }[] }>('t.data');
    assert.deepEqual(file.head.items.map((i) => i.kept), texts.map((t) => t.length));
    assert.deepEqual(file.head.items.map((i) => file.text(i.text)), texts);
    assert.throws(() => file.text([0, 1e9]), /outside the file/);
  } finally {
    setDataDirectory(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('data files: a plain JSON file of an older format is refused with the way out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iwb-data-'));
  try {
    setDataDirectory(dir);
    writeFileSync(join(dir, 'v3.data'), JSON.stringify({ format: 3, services: {} }));
    assert.throws(() => readDataFile('v3.data'), (e: Error) => e.message.includes(`has format 3, expected ${DATA_FORMAT}. Run \`npm run build\``));
  } finally {
    setDataDirectory(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('data files: texts are read from the file when asked for; a file rewritten meanwhile is an error, not other bytes', async () => {
  const { writeDataFile, stored } = await writer();
  const dir = mkdtempSync(join(tmpdir(), 'iwb-data-'));
  try {
    // A head longer than one read of it (512 KB), texts after it.
    const long = 'x'.repeat(700_000);
    const texts = ['first ✓', 'second'];
    writeDataFile(join(dir, 'big.data'), { format: DATA_FORMAT, long, items: texts.map((t) => stored(t)) });
    setDataDirectory(dir);
    const file = readDataFile<{ long: string; items: StoredText[] }>('big.data');
    assert.equal(file.head.long, long);
    assert.equal(file.text(file.head.items[1]), 'second');
    // Rewritten in place with other texts (a rebuild while the server runs).
    writeDataFile(join(dir, 'big.data'), { format: DATA_FORMAT, long: long + 'y', items: ['FIRST', 'SECOND!'].map((t) => stored(t)) });
    assert.throws(() => file.text(file.head.items[0]), /changed while in use/);
    // Read again: the new texts.
    const again = readDataFile<{ items: StoredText[] }>('big.data');
    assert.deepEqual(again.head.items.map((i) => again.text(i)), ['FIRST', 'SECOND!']);
  } finally {
    setDataDirectory(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
