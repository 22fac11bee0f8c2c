import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRegressions } from './regressions';
import { cleanup, runInput, warmUp } from './targets';

// Every input a fuzz run found failing (test/fuzz/regressions/*.json), replayed through every stage.
const saved = loadRegressions();

test('there are saved regressions to replay', () => {
  assert.ok(saved.length > 0);
});

test('warm-up (untimed)', () => warmUp());

for (const { file, input } of saved) {
  test(`regression ${file}: ${input.found.join('; ').slice(0, 160)}`, async () => {
    try {
      // Every stage, but the heavy ones take turns for inputs over 100 KB (as in the long run).
      const failures = await runInput(input, input.index ?? 0, { cliEvery: 1, light: input.text.length > 100_000 });
      assert.deepEqual(failures.map((f) => `${f.stage}: ${f.message.split('\n')[0]}`), []);
    } finally {
      cleanup();
    }
  });
}
