import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../core/ide/hover';
import { lab } from './support';

function hoverOn(name: string): string {
  const ws = lab();
  const file = ws.files[0];
  const at = file.text.indexOf(`"${name}": {`) + 2;
  const h = hover(ws, file.uri, at);
  assert.ok(h, name);
  return JSON.stringify(h);
}

test('hover on a user: what it can become, by which technique', () => {
  const text = hoverOn('lambda-lee');
  assert.match(text, /\*\*Can become an administrator:\*\* iam:PassRole \+ lambda:CreateFunction \+ lambda:InvokeFunction → role admin-lambda/);
  assert.match(text, /\*\*Can become:\*\*\\n- iam:PassRole \+ lambda:CreateFunction \+ lambda:InvokeFunction → role admin-lambda/);
});

test('hover on a role: who can reach it by any path, not only its direct assumers', () => {
  const text = hoverOn('admin-lambda');
  assert.match(text, /\*\*Who can reach it \(any path\):\*\*/);
  // Its direct assumer is the Lambda service; by a path: lambda-lee, and every principal that reaches an
  // administrator (who can rewrite its trust policy), 22 in all (the first 8 listed).
  assert.match(text, /- user lambda-lee: iam:PassRole \+ lambda:CreateFunction \+ lambda:InvokeFunction → role admin-lambda/);
  assert.match(text, /- user admin-alice: iam:UpdateAssumeRolePolicy \+ sts:AssumeRole → role admin-lambda/);
  assert.match(text, /- … \(22 in all\)/);
  assert.doesNotMatch(text, /lambda-half|lambda-wrong-trust/);
});

test('hover on a decoy says nothing about escalation', () => {
  assert.doesNotMatch(hoverOn('lambda-half'), /Can become/);
  assert.doesNotMatch(hoverOn('pv-bounded'), /Can become an administrator/);
});
