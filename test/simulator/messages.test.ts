import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWebviewMessage, questionFrom } from '../../client/simulator-messages';

const span = { start: 1, end: 2 };

test('the panel accepts only well-formed messages from its page, and opens only workspace documents', () => {
  assert.ok(isWebviewMessage({ type: 'ready' }));
  assert.ok(isWebviewMessage({ type: 'simulate', question: { principal: 'a', actions: [] } }));
  assert.ok(isWebviewMessage({ type: 'complete', id: 1, query: { kind: 'actions', text: '' } }));
  assert.ok(isWebviewMessage({ type: 'reveal', location: { uri: 'file:///w/a.iam.json', span } }));
  assert.ok(isWebviewMessage({ type: 'reveal', location: { uri: 'aws-managed-policy:ReadOnlyAccess', span } }));
  assert.ok(isWebviewMessage({ type: 'highlight' }));
  assert.ok(isWebviewMessage({ type: 'saveScenario', name: 'n', question: {}, expect: 'allowed' }));
  for (const bad of [
    null,
    'ready',
    { type: 'nope' },
    { type: 'simulate' },
    { type: 'complete', id: '1', query: {} },
    { type: 'reveal', location: { uri: 'command:workbench.action.terminal.new', span } },
    { type: 'reveal', location: { uri: 'https://example.com/x', span } },
    { type: 'reveal', location: { uri: 'file:///a', span: { start: '1' } } },
    { type: 'highlight', location: { uri: 'command:x', span } },
    { type: 'saveScenario', name: 3, question: {}, expect: 'allowed' },
  ]) {
    assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
  }
});

test('command arguments: a principal, a CodeLens principal, a scenario question', () => {
  assert.deepEqual(questionFrom(' alice '), { question: { principal: 'alice', actions: [] }, run: false });
  assert.deepEqual(questionFrom({ uri: 'file:///w/a.iam.json', kind: 'user', name: 'alice', arn: 'arn:aws:iam::1:user/alice', accountId: '1' }), {
    question: { principal: 'arn:aws:iam::1:user/alice', actions: [] },
    run: false,
  });
  const q = { principal: 'pat', actions: ['s3:GetObject'] };
  assert.deepEqual(questionFrom({ question: q, run: true }), { question: q, run: true });
  assert.equal(questionFrom(undefined), undefined);
  assert.equal(questionFrom(''), undefined);
  assert.equal(questionFrom({ something: 1 }), undefined);
});
