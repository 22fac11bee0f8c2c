import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { EditRehearsal } from '../../server/edit-rehearsal';

describe('EditRehearsal', () => {
  it('runs one step per quiet moment, waits while work keeps coming, and stops after its count', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const step = mock.fn(() => true);
    const done = mock.fn((_count: number, _ms: number) => undefined);
    const r = new EditRehearsal(step, done, 250, 3);
    r.activity();
    t.mock.timers.tick(200);
    r.activity(); // a request: the wait starts again
    t.mock.timers.tick(200);
    assert.equal(step.mock.callCount(), 0, 'nothing while the server is busy');
    t.mock.timers.tick(60);
    assert.equal(step.mock.callCount(), 1, 'one step after 250 ms of quiet');
    t.mock.timers.tick(100);
    r.activity(); // an edit between steps delays the next one
    t.mock.timers.tick(200);
    assert.equal(step.mock.callCount(), 1);
    t.mock.timers.tick(60);
    assert.equal(step.mock.callCount(), 2);
    t.mock.timers.tick(250);
    assert.equal(step.mock.callCount(), 3);
    assert.equal(done.mock.callCount(), 1);
    assert.equal(done.mock.calls[0].arguments[0], 3);
    r.activity();
    t.mock.timers.tick(10000);
    assert.equal(step.mock.callCount(), 3, 'once per server');
  });

  it('a step that finds nothing to rehearse waits for the next piece of work; dispose stops it', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let ready = false;
    const step = mock.fn(() => ready);
    const r = new EditRehearsal(step, () => undefined, 100, 2);
    r.activity();
    t.mock.timers.tick(1000);
    assert.equal(step.mock.callCount(), 1, 'tried once, then waits');
    ready = true;
    r.activity(); // e.g. the first analysis of a big file
    t.mock.timers.tick(100);
    assert.equal(step.mock.callCount(), 2);
    r.dispose();
    t.mock.timers.tick(1000);
    assert.equal(step.mock.callCount(), 2);
  });
});
