import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { afterWrites } from '../../server/after-writes';

/** A write the test ends by hand. */
function pending(): { promise: Promise<void>; done(): void; fail(): void } {
  let done!: () => void;
  let fail!: () => void;
  const promise = new Promise<void>((resolve, reject) => {
    done = resolve;
    fail = () => reject(new Error('EPIPE'));
  });
  return { promise, done, fail };
}

const turns = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('afterWrites (the analysis after a first look waits for its diagnostics to be written)', () => {
  it('calls at once when nothing is being written', () => {
    let calls = 0;
    afterWrites([], () => calls++, 1000);
    assert.equal(calls, 1);
  });

  it('waits for every write, then calls once', async () => {
    const a = pending();
    const b = pending();
    let calls = 0;
    afterWrites([a.promise, b.promise], () => calls++, 60_000);
    await turns();
    assert.equal(calls, 0);
    a.done();
    await turns();
    assert.equal(calls, 0, 'one write is still going');
    b.done();
    await turns();
    assert.equal(calls, 1);
  });

  it('a failed write counts as done', async () => {
    const a = pending();
    let calls = 0;
    afterWrites([a.promise], () => calls++, 60_000);
    a.fail();
    await turns();
    assert.equal(calls, 1);
  });

  it('calls after the longest wait when a write never ends (a client that stops reading), and not again when it does', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const a = pending();
    let calls = 0;
    afterWrites([a.promise], () => calls++, 1000);
    t.mock.timers.tick(999);
    await turns();
    assert.equal(calls, 0);
    t.mock.timers.tick(1);
    assert.equal(calls, 1);
    a.done();
    await turns();
    assert.equal(calls, 1);
  });
});
