/**
 * patternsIntersect (rules/support/values.ts) answers from the patterns' fixed starts and ends when they differ, and
 * from the full table otherwise: on 300,000 random pairs of patterns over a small alphabet (stars, question marks,
 * letters of both cases) it answers as the table alone does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patternsIntersect } from '../../core/analysis/rules/support/values';

/** The reference: whether some string matches both patterns, by the table of prefix pairs alone (ignoring case). */
function byTable(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const w = y.length + 1;
  const reach = new Uint8Array((x.length + 1) * w);
  reach[0] = 1;
  for (let i = 0; i <= x.length; i++) {
    for (let j = 0; j <= y.length; j++) {
      const k = i * w + j;
      if (!reach[k]) continue;
      if (x[i] === '*') {
        reach[k + w] = 1;
        if (j < y.length) reach[k + 1] = 1;
      }
      if (y[j] === '*') {
        reach[k + 1] = 1;
        if (i < x.length) reach[k + w] = 1;
      }
      if (i < x.length && j < y.length && x[i] !== '*' && y[j] !== '*' && (x[i] === y[j] || x[i] === '?' || y[j] === '?')) reach[k + w + 1] = 1;
    }
  }
  return reach[x.length * w + y.length] === 1;
}

test('patternsIntersect agrees with the full table on random patterns', () => {
  // mulberry32: a seeded generator whose low bits are as random as its high ones.
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
  };
  // Two letters (and their capitals) so that fixed parts often agree, stars and question marks rarer.
  const alphabet = 'ababABAB/??*';
  const pattern = () => Array.from({ length: rand(8) }, () => alphabet[rand(alphabet.length)]).join('');
  let both = 0;
  for (let k = 0; k < 300_000; k++) {
    const a = pattern();
    const b = pattern();
    const want = byTable(a, b);
    assert.equal(patternsIntersect(a, b), want, JSON.stringify([a, b]));
    if (want) both++;
  }
  assert.ok(both > 30_000 && both < 270_000, `both answers occur (${both} intersecting)`);
});

test('patternsIntersect on ARN parts', () => {
  assert.equal(patternsIntersect('table/orders', 'table/*'), true);
  assert.equal(patternsIntersect('table/orders', 'stream/*'), false);
  assert.equal(patternsIntersect('table/*/index/*', 'table/*/stream/*'), true);
  assert.equal(patternsIntersect('Bucket/Key.txt', '*.TXT'), true);
  assert.equal(patternsIntersect('bucket/key.txt', '*.json'), false);
  assert.equal(patternsIntersect('', '*'), true);
  assert.equal(patternsIntersect('', '?'), false);
});
