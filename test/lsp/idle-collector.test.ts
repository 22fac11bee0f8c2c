import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { fullCollection, IdleCollector } from '../../server/idle-collector';

describe('IdleCollector', () => {
  it('collects once, at the first pause after enough text was replaced', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const collect = mock.fn();
    const c = new IdleCollector(collect, 2000, 100);
    c.replaced(60);
    t.mock.timers.tick(5000);
    assert.equal(collect.mock.callCount(), 0, 'below the threshold: nothing to give back');
    c.replaced(60); // 120 ≥ 100: waits for a pause
    t.mock.timers.tick(1500);
    c.replaced(60); // still typing: the wait starts again
    t.mock.timers.tick(1500);
    assert.equal(collect.mock.callCount(), 0, 'no collection while edits keep coming');
    t.mock.timers.tick(600);
    assert.equal(collect.mock.callCount(), 1, 'collected 2 s after the last edit');
    t.mock.timers.tick(10000);
    assert.equal(collect.mock.callCount(), 1, 'once');
    c.replaced(60);
    t.mock.timers.tick(5000);
    assert.equal(collect.mock.callCount(), 1, 'the count starts again from zero');
  });

  it('dispose stops a pending collection', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const collect = mock.fn();
    const c = new IdleCollector(collect, 100, 1);
    c.replaced(5);
    c.dispose();
    t.mock.timers.tick(1000);
    assert.equal(collect.mock.callCount(), 0);
  });

  it("fullCollection reaches V8's collector without --expose-gc", async () => {
    const gc = fullCollection();
    assert.equal(typeof gc, 'function');
    // A WeakRef's target stays alive to the end of the turn that made it; after that only a
    // collection clears it (one that reaches the old generation: the target is made old first).
    const ref = (() => new WeakRef({ payload: new Array(1000).fill(0) }))();
    gc!();
    await new Promise((r) => setImmediate(r));
    gc!();
    assert.equal(ref.deref(), undefined, 'freed by the full collection');
  });
});
