import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../core/engine/evaluate';
import { parsePolicyText } from '../../core/policy/parse';

/** Statements whose Action and Resource lists would share a matcher under a careless key must each decide alone. */
const decide = (action: unknown, resource: unknown, req: { action: string; resource: string }) => {
  const doc = parsePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] }), `p${Math.random()}`, 'identity');
  return evaluate({ principal: 'arn:aws:iam::123456789012:user/u', action: req.action, resource: req.resource }, { identity: [{ doc, id: 'p' }] }).decision;
};

test('shared Action and Resource matchers: lists that print alike still match as written', () => {
  const r = 'arn:aws:s3:::b';
  // The list ["s3:GetObject","s3:PutObject"] against the single pattern written as that list's JSON text.
  assert.equal(decide(['s3:GetObject', 's3:PutObject'], r, { action: 's3:PutObject', resource: r }), 'allowed');
  assert.equal(decide('["s3:GetObject","s3:PutObject"]', r, { action: 's3:PutObject', resource: r }), 'implicitDeny');
  assert.equal(decide(' ["s3:GetObject","s3:PutObject"]', r, { action: 's3:PutObject', resource: r }), 'implicitDeny');
  assert.equal(decide(['s3:GetObject', 's3:PutObject'], r, { action: 's3:PutObject', resource: r }), 'allowed');
  // Resources likewise, and with and without policy variables (Version 2012-10-17 reads ${...}).
  assert.equal(decide('s3:*', ['arn:aws:s3:::a', 'arn:aws:s3:::b'], { action: 's3:GetObject', resource: r }), 'allowed');
  assert.equal(decide('s3:*', '["arn:aws:s3:::a","arn:aws:s3:::b"]', { action: 's3:GetObject', resource: r }), 'implicitDeny');
  assert.equal(decide('s3:*', '[x', { action: 's3:GetObject', resource: '[x' }), 'allowed');
  assert.equal(decide('s3:*', ' [x', { action: 's3:GetObject', resource: '[x' }), 'implicitDeny');
  assert.equal(decide('s3:*', '[x', { action: 's3:GetObject', resource: ' [x' }), 'implicitDeny');
  // The same text in a document without Version: ${aws:username} is plain text there.
  const old = parsePolicyText(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}' }] }), 'old', 'identity');
  const now = parsePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}' }] }), 'new', 'identity');
  const ask = (doc: typeof old, resource: string) => evaluate({ principal: 'arn:aws:iam::123456789012:user/u', action: 's3:GetObject', resource }, { identity: [{ doc, id: 'x' }] }).decision;
  assert.equal(ask(now, 'arn:aws:s3:::b/u'), 'allowed');
  assert.equal(ask(old, 'arn:aws:s3:::b/u'), 'implicitDeny');
  assert.equal(ask(old, 'arn:aws:s3:::b/${aws:username}'), 'allowed');
  assert.equal(ask(now, 'arn:aws:s3:::b/u'), 'allowed');
});
