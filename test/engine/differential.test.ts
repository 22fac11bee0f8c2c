import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentedDifference, ours, theirs } from './oracle';
import { randomCase, rng } from './random';

const CASES = 800;

test(`differential: ${CASES} random policy sets and requests decide as @cloud-copilot/iam-simulate does, or differ as documented`, async () => {
  const r = rng(20260923);
  const unexplained: string[] = [];
  const documented: Record<string, number> = {};
  let compared = 0;
  for (let i = 0; i < CASES; i++) {
    const c = randomCase(r);
    const expected = await theirs(c);
    if (expected === undefined) continue; // the oracle rejected the input (e.g. a key it does not know for the action)
    compared++;
    const got = ours(c);
    if (got === expected) continue;
    const why = documentedDifference(c, expected);
    if (why) documented[why] = (documented[why] ?? 0) + 1;
    else unexplained.push(`case ${i}: ours ${got}, iam-simulate ${expected}\n${JSON.stringify(c)}`);
  }
  assert.ok(compared > CASES * 0.9, `the oracle rejected too many cases (${CASES - compared})`);
  assert.deepEqual(unexplained, []);
  const differing = Object.values(documented).reduce((a, b) => a + b, 0);
  assert.ok(differing < compared * 0.02, `documented differences should stay rare: ${JSON.stringify(documented)}`);
});
