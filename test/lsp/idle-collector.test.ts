import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { fullCollection, IdleCollector } from '../../server/idle-collector';

describe('IdleCollector', () => {
  it('collects at the first pause once the heap has grown, then measures growth from what stayed', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let heap = 100;
    const collect = mock.fn(() => {
      heap = 120; // what survives the collection
    });
    const c = new IdleCollector(collect, () => heap, 2000, 50);
    c.activity();
    t.mock.timers.tick(1500);
    c.activity(); // still busy: the wait starts again
    t.mock.timers.tick(1500);
    assert.equal(collect.mock.callCount(), 0, 'no collection while work keeps coming');
    t.mock.timers.tick(600);
    assert.equal(collect.mock.callCount(), 1, 'collected 2 s after the last work (100 in use, nothing known to be live)');
    t.mock.timers.tick(10000);
    assert.equal(collect.mock.callCount(), 1, 'once per pause');
    heap = 150; // grew by 30 < 50 since the collection left 120
    c.activity();
    t.mock.timers.tick(2100);
    assert.equal(collect.mock.callCount(), 1, 'small growth: nothing to give back');
    heap = 200; // grew by 80
    c.activity();
    t.mock.timers.tick(2100);
    assert.equal(collect.mock.callCount(), 2);
  });

  it('dispose stops a pending collection', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const collect = mock.fn();
    const c = new IdleCollector(collect, () => 1e9, 100, 1);
    c.activity();
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
