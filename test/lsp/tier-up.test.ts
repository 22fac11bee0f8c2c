import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hasInterruptBudget, TIER_UP_BUDGET, tierUpLater } from '../../core/runtime/tier-up';

describe('tierUpLater (the server optimizes code later than V8 by default)', () => {
  it('sets the budget, takes a measurement override, and keeps V8 own on "default"', () => {
    assert.equal(tierUpLater({}), TIER_UP_BUDGET);
    assert.equal(tierUpLater({ IAM_WORKBENCH_TIER_UP_BUDGET: '200000' }), 200000);
    assert.equal(tierUpLater({ IAM_WORKBENCH_TIER_UP_BUDGET: 'default' }), undefined);
    assert.equal(tierUpLater({ IAM_WORKBENCH_TIER_UP_BUDGET: 'nonsense' }), TIER_UP_BUDGET);
  });

  it('sets nothing on a V8 without the flag (Node 22 and 24, VS Code\'s Electron), where it would print an error', () => {
    assert.equal(hasInterruptBudget('11.3.244.8-node.38'), true);
    assert.equal(hasInterruptBudget('12.4.254.21-node.33'), false);
    assert.equal(hasInterruptBudget('13.6.233.17-node.63'), false);
    assert.equal(tierUpLater({}, '13.6.233.17-node.63'), undefined);
    // The version this runs on: V8 itself lists the flag exactly when we set it.
    const listed = / {2}--interrupt-budget \(/.test(spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout);
    assert.equal(hasInterruptBudget(), listed);
  });

  it('V8 takes the flag at run time: a hot function is optimized later', () => {
    // A function called until V8 optimizes it (natives syntax reads its state), with and without the later budget.
    const probe = (budget: string) => {
      const code = `
        ${budget ? `require('node:v8').setFlagsFromString('--interrupt-budget=${budget}');` : ''}
        function f(a) { let s = 0; for (let i = 0; i < 50; i++) s += a * i; return s; }
        let calls = 0;
        while (calls < 1e6) { f(calls++); if ((%GetOptimizationStatus(f) & 16) !== 0) break; }
        console.log(calls);`;
      const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '-e', code], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return Number(r.stdout.trim());
    };
    const early = probe('');
    const late = probe(String(TIER_UP_BUDGET));
    assert.ok(early > 0 && late > early * 2, `optimized after ${early} calls by default, ${late} with the later budget`);
  });
});
