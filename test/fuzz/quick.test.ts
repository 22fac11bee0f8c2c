import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from './generate';
import { saveRegression } from './regressions';
import { cleanup, runInput, warmUp } from './targets';

// The quick fuzz run of `npm test`: a few hundred generated inputs (every kind, seeded, so the same
// ones each time) through the readers, rules, IDE features, simulator and CLI commands. `npm run fuzz`
// is the long run. A failure is saved under test/fuzz/regressions/ for regressions.test.ts.
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const COUNT = Number(process.env.FUZZ_COUNT ?? 200);

test(`${COUNT} fuzzed inputs (seed ${SEED}): no exception, no stack trace, no undocumented exit status, none over a second of CPU`, async () => {
  const problems: string[] = [];
  const kinds = new Map<string, number>();
  try {
    await warmUp();
    for (let i = 0; i < COUNT; i++) {
      const input = generate(SEED, i);
      kinds.set(input.kind, (kinds.get(input.kind) ?? 0) + 1);
      const failures = await runInput(input, i, { cliEvery: 6, light: i % 2 === 1 });
      if (failures.length) {
        const path = saveRegression(input, failures, SEED, i);
        problems.push(`#${i} ${input.kind} (${input.how.slice(0, 120)}): ${failures.map((f) => `${f.stage}: ${f.message.split('\n')[0]}`).join('; ').slice(0, 400)} [saved ${path}]`);
      }
    }
  } finally {
    cleanup();
  }
  assert.deepEqual(problems, []);
  assert.equal(kinds.size, 7, 'every kind of input was generated');
});

test('the generator is deterministic and mutates', () => {
  const a = generate(7, 3);
  const b = generate(7, 3);
  assert.deepEqual(a, b);
  assert.notEqual(generate(7, 4).text, generate(8, 4).text);
  let changed = 0;
  for (let i = 0; i < 50; i++) {
    const input = generate(7, i);
    if (input.how.includes(': ') && !input.how.endsWith('unchanged')) changed++;
  }
  assert.ok(changed >= 45, `${changed} of 50 inputs mutated`);
});
