import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { fullCollection, IDLE_GROWTH, IDLE_MS, IdleCollector, idleSettings, memoryInUse, PRESSURE_GROWTH } from '../../server/idle-collector';

describe('IdleCollector', () => {
  /** A collector on mocked timers whose one-turn-later hop is run by hand (`turn()`), as the event loop would. */
  const setup = (t: { mock: { timers: { enable(o: { apis: 'setTimeout'[] }): void } } }, memory: () => number, pending = () => false, onCollect = () => {}) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const deferred: (() => void)[] = [];
    const collect = mock.fn(onCollect);
    const c = new IdleCollector(() => collect(), { memory, idleMs: 50, growth: 50, pending, defer: (fn) => deferred.push(fn) });
    const turn = () => deferred.splice(0).forEach((fn) => fn());
    return { c, collect, turn };
  };

  it('with a growth of 0, collects at every pause, even below what the last collection left', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const deferred: (() => void)[] = [];
    const collect = mock.fn();
    let used = 100;
    const c = new IdleCollector(() => collect(), { memory: () => used, idleMs: 50, growth: 0, defer: (fn) => deferred.push(fn) });
    const pause = () => {
      c.activity();
      t.mock.timers.tick(60);
      deferred.splice(0).forEach((fn) => fn());
    };
    pause();
    assert.equal(collect.mock.callCount(), 1);
    used = 90; // V8's own collections freed more since
    pause();
    assert.equal(collect.mock.callCount(), 2, 'memory below the last collection still collects when every pause should');
  });

  it('collects after a pause once memory has grown, then measures growth from what stayed', (t) => {
    let used = 100;
    const { c, collect, turn } = setup(t, () => used, undefined, () => {
      used = 120; // what survives the collection
    });
    c.activity();
    t.mock.timers.tick(40);
    c.activity(); // a keystroke: the wait starts again
    t.mock.timers.tick(40);
    turn();
    assert.equal(collect.mock.callCount(), 0, 'no collection while work keeps coming');
    t.mock.timers.tick(20);
    turn();
    assert.equal(collect.mock.callCount(), 1, 'collected 50 ms after the last work (100 in use, nothing known to be live)');
    t.mock.timers.tick(10000);
    turn();
    assert.equal(collect.mock.callCount(), 1, 'once per pause');
    used = 150; // grew by 30 < 50 since the collection left 120
    c.activity();
    t.mock.timers.tick(60);
    turn();
    assert.equal(collect.mock.callCount(), 1, 'small growth: nothing to give back');
    used = 200; // grew by 80
    c.activity();
    t.mock.timers.tick(60);
    turn();
    assert.equal(collect.mock.callCount(), 2);
    assert.equal(c.count, 2);
  });

  it('does not collect when input arrived between the quiet timer and its check, nor while work is queued', (t) => {
    let queued = false;
    const { c, collect, turn } = setup(t, () => 1e9, () => queued);
    c.activity();
    t.mock.timers.tick(60); // the timer fires: the check waits one turn
    c.activity(); // a message read in that turn's poll phase
    turn();
    assert.equal(collect.mock.callCount(), 0, 'a message came in: it goes first');
    queued = true; // its analysis is scheduled
    t.mock.timers.tick(60);
    turn();
    assert.equal(collect.mock.callCount(), 0, 'an analysis waits: no collection');
    t.mock.timers.tick(60);
    turn();
    assert.equal(collect.mock.callCount(), 0, 'the check that found work queued looks again after another pause: still queued');
    queued = false; // the work ended without any activity of its own
    t.mock.timers.tick(60);
    turn();
    assert.equal(collect.mock.callCount(), 1, 'collected in the pause after it, without waiting for another message');
  });

  it('under pressure (no pause, memory grown by `pressure`) collects between two pieces of work, never during one', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const deferred: (() => void)[] = [];
    const turn = () => deferred.splice(0).forEach((fn) => fn());
    let used = 100;
    let working = false;
    const collect = mock.fn(() => {
      used = 110;
    });
    const c = new IdleCollector(() => collect(), { memory: () => used, idleMs: 50, growth: 20, pressure: 60, pending: () => working, defer: (fn) => deferred.push(fn) });
    // Keystrokes back to back: each one's input and work keep the quiet timer from ever firing.
    const keystroke = (grow: number) => {
      c.activity(); // its bytes arrive
      working = true;
      turn(); // the check finds its analysis queued
      t.mock.timers.tick(10);
      used += grow;
      c.activity(); // a slice of the analysis
      turn();
      working = false;
      c.activity(); // the analysis ends
    };
    keystroke(0);
    turn();
    assert.equal(collect.mock.callCount(), 1, 'between the two, 100 in use and nothing known live: collected');
    for (let i = 0; i < 4; i++) {
      keystroke(10);
      turn();
    }
    assert.equal(collect.mock.callCount(), 1, '40 grown: below the pressure, the pause-less keys go on');
    keystroke(30);
    assert.equal(collect.mock.callCount(), 1, 'not while a keystroke works');
    turn();
    assert.equal(collect.mock.callCount(), 2, '70 grown since the collection left 110: collected once the work ended');
    const plain = new IdleCollector(() => collect(), { memory: () => 1e9, idleMs: 50, growth: 20, defer: (fn) => deferred.push(fn) });
    plain.activity();
    turn();
    assert.equal(collect.mock.callCount(), 2, 'without `pressure`, only pauses collect');
  });

  it('dispose stops a pending collection', (t) => {
    const { c, collect, turn } = setup(t, () => 1e9);
    c.activity();
    t.mock.timers.tick(60);
    c.dispose();
    turn();
    c.activity();
    t.mock.timers.tick(1000);
    turn();
    assert.equal(collect.mock.callCount(), 0);
  });

  it('reads its settings from the environment for measurements', () => {
    assert.deepEqual(idleSettings({}), { idleMs: IDLE_MS, growth: IDLE_GROWTH, pressure: PRESSURE_GROWTH });
    assert.equal(PRESSURE_GROWTH, 48 * 1024 * 1024);
    assert.deepEqual(idleSettings({ IAM_WORKBENCH_IDLE_GC_MS: '0', IAM_WORKBENCH_IDLE_GC_MB: '8', IAM_WORKBENCH_PRESSURE_GC_MB: '0' }), { idleMs: 0, growth: 8 * 1024 * 1024, pressure: 0 });
    assert.deepEqual(idleSettings({ IAM_WORKBENCH_IDLE_GC_MS: 'soon' }), { idleMs: IDLE_MS, growth: IDLE_GROWTH, pressure: PRESSURE_GROWTH });
    assert.equal(idleSettings({ IAM_WORKBENCH_IDLE_GC_MS: 'off' }), undefined);
  });

  it('counts external memory (big texts) as memory in use', () => {
    const before = memoryInUse();
    const big = Buffer.alloc(32 * 1024 * 1024, 1);
    assert.ok(memoryInUse() - before >= 30 * 1024 * 1024, `${memoryInUse() - before} bytes more with a 32 MB buffer`);
    assert.equal(big[0], 1);
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
