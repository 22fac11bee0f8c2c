import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndentedJsonWriter } from '../../cli/format/indented-json';
import { rng } from '../support/random';

/** Lays out `value` with the writer, as the batch printer does (the items of a top-level array), in chunks. */
function layout(items: unknown[], slice: number): { text: string; chunks: number } {
  const parts: Buffer[] = [];
  const w = new IndentedJsonWriter((b) => parts.push(b));
  if (!items.length) return { text: '[]', chunks: 0 };
  for (let from = 0; from < items.length; from += slice) {
    const compact = Buffer.from(JSON.stringify(items.slice(from, from + slice)), 'utf8');
    w.ascii(from === 0 ? '[\n    ' : ',\n    ');
    w.members(compact, 1, compact.length - 1, 1);
  }
  w.ascii('\n]');
  w.end();
  // Each chunk ends between tokens: it decodes alone.
  for (const p of parts) assert.equal(Buffer.from(p.toString('utf8'), 'utf8').compare(p), 0);
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length };
}

function randomValue(random: () => number, depth: number): unknown {
  const r = random();
  const str = () => {
    const pool = ['a', 'B', '"', '\\', '/', ':', ',', '{', '}', '[', ']', ' ', '\n', '\t', '\u0001', 'é', '😀', '\ud800', '\u202e', '\u2028', 'ü'];
    let s = '';
    const n = Math.floor(random() * 8);
    for (let i = 0; i < n; i++) s += pool[Math.floor(random() * pool.length)];
    return s;
  };
  if (depth > 5 || r < 0.3) {
    const k = random();
    return k < 0.5 ? str() : k < 0.7 ? Math.floor(random() * 1e6) / 7 : k < 0.8 ? random() < 0.5 : k < 0.9 ? null : -0;
  }
  if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 4); i > 0; i--) o[str() + i] = randomValue(random, depth + 1);
  if (random() < 0.2) o.skipped = undefined;
  return o;
}

test('IndentedJsonWriter lays out compact JSON exactly as JSON.stringify(value, null, 4)', () => {
  const random = rng(42);
  for (let round = 0; round < 300; round++) {
    const items = Array.from({ length: Math.floor(random() * 6) }, () => randomValue(random, 1));
    const slice = 1 + Math.floor(random() * 3);
    assert.equal(layout(items, slice).text, JSON.stringify(items, null, 4), `round ${round}`);
  }
});

test('IndentedJsonWriter: output over several chunks, a string longer than a chunk, deep nesting', () => {
  const items: unknown[] = [];
  for (let i = 0; i < 3000; i++) items.push({ EvalActionName: `s3:GetObject${i}`, MatchedStatements: [{ Start: { Line: 1, Column: i } }], Empty: [], None: {} });
  items.splice(1500, 0, 'x'.repeat(600_000) + '😀', 'y'.repeat(2_000_000));
  let deep: unknown = 'bottom';
  for (let d = 0; d < 40; d++) deep = d % 2 ? [deep] : { k: deep };
  items.push(deep);
  const { text, chunks } = layout(items, 50);
  assert.ok(chunks >= 3, `${chunks} chunks`);
  assert.equal(text, JSON.stringify(items, null, 4));
});
