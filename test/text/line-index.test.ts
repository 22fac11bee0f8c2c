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
