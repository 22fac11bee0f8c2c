import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { EditedDocument } from '../../server/text-document';

/** A small deterministic random source (xorshift), so a failure can be replayed. */
function random(seed: number) {
  let x = seed || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

const PIECES = ['a', 'xyz', '\n', '\n\n', '  "k": 1,\n', '\r\n', '\r', 'é', '😀', '', '{\n  "x": [\n    1\n  ]\n}'];

/** Every position of the text the library would agree on, plus some past line ends and past the last line. */
function probes(doc: TextDocument): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  for (let line = -1; line <= doc.lineCount + 1; line++) for (const character of [-1, 0, 1, 2, 3, 5, 8, 13, 40, 1000]) out.push({ line, character });
  return out;
}

/**
 * The library's document after `changes`, each applied to a document made afresh from the text before it: the
 * library's own incremental line table goes wrong around CR (e.g. "😀\n" counted as 3 lines after some edits),
 * while a fresh one is what the editor has.
 */
function reference(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  let text = doc.getText();
  for (const c of changes) {
    const fresh = TextDocument.create(doc.uri, 'json', 0, text);
    TextDocument.update(fresh, [c], 0);
    text = fresh.getText();
  }
  return TextDocument.create(doc.uri, 'json', version, text);
}

/** The editor's view (the library's document) and ours agree on everything the server and the features read. */
function assertSame(ours: EditedDocument, theirs: TextDocument, what: string) {
  const text = theirs.getText();
  assert.equal(ours.getText(), text, `${what}: text`);
  assert.equal(ours.version, theirs.version, `${what}: version`);
  assert.equal(ours.lineCount, theirs.lineCount, `${what}: line count`);
  for (let o = -2; o <= text.length + 2; o++) assert.deepEqual(ours.positionAt(o), theirs.positionAt(o), `${what}: positionAt(${o}) in ${JSON.stringify(text)}`);
  for (const p of probes(theirs)) assert.equal(ours.offsetAt(p), theirs.offsetAt(p), `${what}: offsetAt(${JSON.stringify(p)}) in ${JSON.stringify(text)}`);
  const range = { start: { line: 0, character: 1 }, end: { line: Math.max(0, theirs.lineCount - 1), character: 2 } };
  assert.equal(ours.getText(range), theirs.getText(range), `${what}: getText(range)`);
}

describe('EditedDocument (the server\'s open documents)', () => {
  it('agrees with the LSP library\'s document on random incremental edits, with and without CR line breaks', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const next = random(seed);
      // Half the seeds never type a CR: the line-table-only path; the others mix CR LF and CR alone.
      const pieces = seed % 2 ? PIECES.filter((p) => !p.includes('\r')) : PIECES;
      let initial = '';
      for (let i = 0; i < 6; i++) initial += pieces[next(pieces.length)];
      let theirs = TextDocument.create('file:///a.json', 'json', 1, initial);
      const ours = new EditedDocument('file:///a.json', 'json', 1, initial);
      // Positions read before any edit (the line table built), as the server does after an analysis.
      assertSame(ours, theirs, `seed ${seed}, initial`);
      for (let step = 0; step < 40; step++) {
        const changes: TextDocumentContentChangeEvent[] = [];
        const count = 1 + next(3);
        // Each change's range is in the text the previous change left (LSP): apply to a scratch copy to pick it.
        const scratch = TextDocument.create('file:///s', 'json', 0, theirs.getText());
        for (let k = 0; k < count; k++) {
          const len = scratch.getText().length;
          const a = next(len + 1);
          const b = Math.min(len, a + next(4));
          const pick = () => (next(4) === 0 ? { line: next(scratch.lineCount + 2), character: next(12) } : null);
          const start = pick() ?? scratch.positionAt(a);
          const end = pick() ?? scratch.positionAt(b);
          const ordered = scratch.offsetAt(start) <= scratch.offsetAt(end) ? { start, end } : { start: end, end: start };
          const text = next(5) === 0 ? '' : pieces[next(pieces.length)];
          const change = next(25) === 0 ? { text: pieces[next(pieces.length)] + text } : { range: ordered, text };
          changes.push(change);
          TextDocument.update(scratch, [change], 0);
        }
        const before = theirs.getText();
        theirs = reference(theirs, changes, step + 2);
        ours.update(changes, step + 2);
        assertSame(ours, theirs, `seed ${seed}, step ${step}`);
        // lastChange covers every difference: outside it the texts are equal.
        const after = theirs.getText();
        const c = ours.lastChange;
        if (c === undefined) assert.equal(after, before, `seed ${seed}, step ${step}: no change recorded, the text must be the same`);
        else if (c !== null) {
          assert.equal(before.slice(0, c.start) + after.slice(c.start, c.newEnd) + before.slice(c.oldEnd), after, `seed ${seed}, step ${step}: change ${JSON.stringify(c)}`);
          assert.equal(before.length - c.oldEnd, after.length - c.newEnd);
        } else assert.ok(changes.some((x) => !('range' in x)), 'null only when the whole text was replaced');
      }
    }
  });

  it('an edit that changes nothing leaves the same string (no copy) and records no change', () => {
    const text = '{\n  "a": "b"\n}\n';
    const doc = new EditedDocument('file:///a.json', 'json', 1, text);
    doc.update([{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } }, text: '' }], 2);
    assert.equal(doc.lastChange, undefined);
    assert.equal(doc.version, 2);
    doc.update([{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } }, text: 'a' }], 3);
    assert.equal(doc.lastChange, undefined, 'a character replaced by itself');
    assert.equal(doc.getText(), text);
    doc.update([{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } }, text: 'z' }], 4);
    assert.deepEqual(doc.lastChange, { start: 5, oldEnd: 6, newEnd: 6 });
    assert.equal(doc.getText(), '{\n  "z": "b"\n}\n');
  });

  it('keeps its line table right through a paste of many lines (more than a call\'s arguments allow)', () => {
    const text = 'a\nb\nc\n';
    const doc = new EditedDocument('file:///a.json', 'json', 1, text);
    const lib = TextDocument.create('file:///a.json', 'json', 1, text);
    doc.offsetAt({ line: 0, character: 0 });
    const paste = 'x\n'.repeat(200_000);
    const change = { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: paste };
    doc.update([change], 2);
    TextDocument.update(lib, [change], 2);
    assert.equal(doc.lineCount, lib.lineCount);
    for (const line of [0, 1, 2, 150_000, 200_000, 200_001, 200_002]) assert.equal(doc.offsetAt({ line, character: 0 }), lib.offsetAt({ line, character: 0 }), `line ${line}`);
    assert.deepEqual(doc.positionAt(doc.getText().length - 2), lib.positionAt(lib.getText().length - 2));
  });

  it('a big text (made in a buffer, read back as an external string) stays exact: Latin-1, then wide characters, then CR', () => {
    const line = '    "description": "caf\u00e9 \u00bd",\n';
    let text = '{\n' + line.repeat(Math.ceil((1.1 * 1048576) / line.length)) + '}\n';
    assert.ok(text.length > 1048576, 'past the size where the buffer path starts');
    const ours = new EditedDocument('file:///big.json', 'json', 1, text);
    let version = 1;
    ours.offsetAt({ line: 0, character: 0 });
    const edits: [number, number, string][] = [
      [3, 5, 'x'], // one byte, inside the first line
      [20_000, 20_000, 'caf\u00e9'], // Latin-1 still fits one byte a character
      [20_001, 20_003, ''],
      [500_000, 500_000, '\u{1F600} \u4e2d'], // wide: the rest is written two bytes a character
      [500_010, 500_011, 'y'],
      [900_000, 900_000, 'a\r\nb\n'], // CR: line ends read from the text
      [1_000, 1_000, 'z'],
    ];
    for (const [from, to, insert] of edits) {
      const lib = TextDocument.create('file:///big.json', 'json', version, text);
      const range = { start: lib.positionAt(from), end: lib.positionAt(to) };
      version++;
      ours.update([{ range, text: insert }], version);
      TextDocument.update(lib, [{ range, text: insert }], version);
      text = lib.getText();
      assert.equal(ours.getText(), text, `after ${JSON.stringify(insert)} at ${from}`);
      assert.deepEqual(ours.lastChange, { start: from, oldEnd: to, newEnd: from + insert.length });
      const fresh = TextDocument.create('file:///big.json', 'json', version, text);
      assert.equal(ours.lineCount, fresh.lineCount);
      for (const o of [0, from, from + insert.length, 900_002, text.length - 1]) assert.deepEqual(ours.positionAt(o), fresh.positionAt(o), `positionAt(${o})`);
    }
  });
});
