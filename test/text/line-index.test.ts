import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../core/text/line-index';

test('line breaks: LF, CR LF (one break) and lone CR all count, as LSP counts them', () => {
  const cases: [string, number][] = [['', 1], ['a', 1], ['a\n', 2], ['a\r\nb', 2], ['a\rb\nc', 3], ['\r\n\r\n', 3], ['\n\r', 3], ['x\r', 2]];
  for (const [text, lines] of cases) assert.equal(new LineIndex(text).lineCount, lines, JSON.stringify(text));
});

test('offsets and positions convert both ways, clamped to the text', () => {
  const li = new LineIndex('ab\r\ncd\ref\ngh');
  assert.deepEqual(li.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(li.positionAt(7), { line: 2, character: 0 });
  assert.deepEqual(li.positionAt(10), { line: 3, character: 0 });
  assert.deepEqual(li.positionAt(-5), { line: 0, character: 0 });
  assert.deepEqual(li.positionAt(999), { line: 3, character: 2 });
  assert.equal(li.offsetAt({ line: 2, character: 1 }), 8);
  assert.equal(li.offsetAt({ line: 0, character: 99 }), 4, 'past the end of a line: the next line start');
  assert.equal(li.offsetAt({ line: 9, character: 0 }), 12);
});

test('afterEdit, chained over random edits (consuming the old index or not), indexes what a fresh index does; isAt agrees with positionAt', () => {
  let seed = 5;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pieces = ['x', '', 'ab', '\n', 'a\nb', '\n\n', 'yz\n'];
  for (const consume of [false, true]) {
    let text = Array.from({ length: 200 }, (_, i) => `line ${i} ${'w'.repeat(i % 17)}`).join('\n');
    let index = new LineIndex(text);
    let inPlace = 0;
    for (let round = 0; round < 300; round++) {
      const start = Math.floor(next() * (text.length + 1));
      const oldEnd = Math.min(text.length, start + Math.floor(next() * 3 ** Math.floor(next() * 3)));
      const insert = pieces[Math.floor(next() * pieces.length)];
      const edited = text.slice(0, start) + insert + text.slice(oldEnd);
      const before = index;
      const lines = before.lineCount;
      index = LineIndex.afterEdit(before, edited, start, oldEnd, start + insert.length, consume);
      if (index.lineCount === lines && consume) inPlace++;
      text = edited;
      const fresh = new LineIndex(text);
      assert.equal(index.lineCount, fresh.lineCount, `round ${round}: lines`);
      for (let k = 0; k < 20; k++) {
        const o = Math.floor(next() * (text.length + 2)) - 1;
        const p = fresh.positionAt(o);
        assert.deepEqual(index.positionAt(o), p, `round ${round}: offset ${o}`);
        assert.equal(index.isAt(o, p.line, p.character), true);
        assert.equal(index.isAt(o, p.line, p.character + 1) || index.isAt(o, p.line + 1, p.character), false);
        assert.equal(index.offsetAt(p), fresh.offsetAt(p));
      }
      if (!consume) {
        const old = new LineIndex(before.text);
        assert.equal(before.lineCount, lines, 'an index not consumed is left as it was');
        for (let k = 0; k < 5; k++) {
          const o = Math.floor(next() * before.text.length);
          assert.deepEqual(before.positionAt(o), old.positionAt(o), 'an index not consumed still indexes its text');
        }
      }
    }
    if (consume) assert.ok(inPlace > 100, `most edits kept the number of lines (${inPlace})`);
  }
});
