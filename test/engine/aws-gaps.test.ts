/**
 * Decision-logic gaps found against other projects' suites: Null under a set operator, ARN operators
 * against values that are not ARNs, resource-based statements without Principal, and resources AWS owns
 * that no policy can open. Each reading is in docs/engine-notes.md with its source; where
 * @cloud-copilot/iam-simulate (black box) has an answer, it is asked too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../core/engine';
import { ALICE, cond, decide, pol, stmt } from './helpers';
import { ours, theirs } from './oracle';
import type { Case } from './random';

const ADMIN = stmt({ Effect: 'Allow', Action: '*', Resource: '*' });

test('ForAllValues:Null and ForAnyValue:Null test whether the key is there, as Null does', async () => {
  for (const op of ['ForAllValues:Null', 'ForAnyValue:Null', 'forallvalues:Null', 'Null']) {
    const table: [string, Record<string, string[]>, string][] = [
      ['true', {}, 'allowed'],
      ['true', { 'aws:TagKeys': ['a'] }, 'implicitDeny'],
      ['true', { 'aws:TagKeys': ['a', 'b'] }, 'implicitDeny'],
      ['false', {}, 'implicitDeny'],
      ['false', { 'aws:TagKeys': ['a'] }, 'allowed'],
      ['false', { 'aws:TagKeys': ['a', 'b'] }, 'allowed'],
    ];
    for (const [want, ctx, expected] of table) {
      assert.equal(cond({ [op]: { 'aws:TagKeys': want } }, ctx), expected, `${op} ${want} ${JSON.stringify(ctx)}`);
      const c = {
        principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: '111111111111',
        identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [op]: { 'aws:TagKeys': want } } }] }],
        context: ctx,
      } as unknown as Case;
      assert.equal(await theirs(c), ours(c), `oracle: ${op} ${want} ${JSON.stringify(ctx)}`);
    }
  }
  // NullIfExists stays an unknown operator: the condition never holds.
  assert.equal(cond({ NullIfExists: { 'aws:TagKeys': 'true' } }, {}), 'implicitDeny');
  assert.equal(cond({ 'ForAnyValue:NullIfExists': { 'aws:TagKeys': 'true' } }, {}), 'implicitDeny');
});

test('ARN operators, negated ones included, never match a request value that is not an ARN', async () => {
  const table: [string, string, string][] = [
    ['ArnLike', 'notanarn', 'implicitDeny'], ['ArnNotLike', 'notanarn', 'implicitDeny'],
    ['ArnEquals', 'notanarn', 'implicitDeny'], ['ArnNotEquals', 'notanarn', 'implicitDeny'],
    ['ArnNotLike', '*', 'implicitDeny'], ['ArnNotEquals', 'arn:aws:sns', 'implicitDeny'],
    ['ArnLike', 'arn:aws:sns:us-east-1:111111111111:t', 'allowed'], ['ArnNotLike', 'arn:aws:sns:us-east-1:111111111111:t', 'implicitDeny'],
    ['ArnNotLike', 'arn:aws:s3:::bucket', 'allowed'], ['ArnNotEquals', 'arn:aws:s3:::bucket', 'allowed'],
  ];
  for (const [op, value, expected] of table) {
    assert.equal(cond({ [op]: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, { 'aws:SourceArn': value }), expected, `${op} ${value}`);
    const c = {
      principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: '111111111111',
      identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [op]: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } } }] }],
      context: { 'aws:SourceArn': value },
    } as unknown as Case;
    assert.equal(await theirs(c), ours(c), `oracle: ${op} ${value}`);
  }
  // Under ForAllValues, one value that is not an ARN fails the negated operator for the whole set.
  assert.equal(cond({ 'ForAllValues:ArnNotLike': { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, { 'aws:SourceArn': ['arn:aws:s3:::b', 'nope'] }), 'implicitDeny');
  assert.equal(cond({ 'ForAllValues:ArnNotLike': { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, { 'aws:SourceArn': ['arn:aws:s3:::b', 'arn:aws:s3:::c'] }), 'allowed');
});

test('a resource-based statement without Principal applies to no one: it neither allows nor denies', async () => {
  const noPrincipalAllow = stmt({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, 'resource');
  const r = evaluate({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: '111111111111' }, { identity: [], resource: noPrincipalAllow }, { explain: true });
  assert.equal(r.decision, 'implicitDeny', 'not "matches everyone"');
  const st = r.explanation!.find((p) => p.layer === 'resource')!.statements[0];
  assert.equal(st.principalMatched, false);
  assert.match(st.why, /without Principal applies to no one/);
  const noPrincipalDeny = stmt({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }, 'resource');
  assert.equal(decide({ identity: [ADMIN], resource: noPrincipalDeny }, 's3:GetObject', 'arn:aws:s3:::b/k', { resourceAccount: '111111111111' }), 'allowed');
  // With a Principal it works as before.
  const named = stmt({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject', Resource: '*' }, 'resource');
  assert.equal(decide({ identity: [], resource: named }, 's3:GetObject', 'arn:aws:s3:::b/k', { resourceAccount: '111111111111' }), 'allowed');
  const c = {
    principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: '111111111111', identity: [],
    resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, context: {},
  } as unknown as Case;
  assert.equal(await theirs(c), ours(c), 'the oracle agrees');
});

test('AWS managed policies cannot be changed, whatever the policies allow; reading them still works', () => {
  const managed = 'arn:aws:iam::aws:policy/AdministratorAccess';
  for (const action of ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy']) {
    const r = evaluate({ principal: ALICE, action, resource: managed }, { identity: [ADMIN] });
    assert.equal(r.decision, 'implicitDeny', action);
    assert.equal(r.decidedBy, undefined, 'no policy layer decides it');
    assert.match(r.reason, /AWS managed policy/);
    assert.equal(decide({ identity: [ADMIN] }, action, 'arn:aws:iam::111111111111:policy/Mine'), 'allowed', `${action} on a customer policy`);
  }
  assert.equal(decide({ identity: [ADMIN] }, 'iam:GetPolicy', managed), 'allowed');
  assert.equal(decide({ identity: [ADMIN] }, 'iam:CreatePolicyVersion', 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess'), 'implicitDeny', 'any partition');
});

test('service-linked and reserved roles cannot be changed by anyone but their service; their description can', () => {
  const slr = 'arn:aws:iam::111111111111:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport';
  const sso = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef';
  for (const action of ['iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary']) {
    assert.equal(decide({ identity: [ADMIN] }, action, slr), 'implicitDeny', `${action} on a service-linked role`);
    assert.equal(decide({ identity: [ADMIN] }, action, sso), 'implicitDeny', `${action} on a reserved role`);
    assert.equal(decide({ identity: [ADMIN] }, action, 'arn:aws:iam::111111111111:role/app/aws-service-role-lookalike'), 'allowed', `${action} on an ordinary role`);
  }
  assert.match(evaluate({ principal: ALICE, action: 'iam:DeleteRole', resource: slr }, { identity: [ADMIN] }).reason, /service-linked role/);
  assert.equal(decide({ identity: [ADMIN] }, 'iam:UpdateRoleDescription', slr), 'allowed');
  assert.equal(decide({ identity: [ADMIN] }, 'iam:GetRole', slr), 'allowed');
  assert.equal(decide({ identity: [ADMIN] }, 'iam:DeleteServiceLinkedRole', slr), 'allowed');
});

test('KMS aliases under alias/aws/ are reserved for AWS managed keys', () => {
  const alias = 'arn:aws:kms:us-east-1:111111111111:alias/aws/s3';
  for (const action of ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias']) {
    assert.equal(decide({ identity: [ADMIN] }, action, alias), 'implicitDeny', action);
    assert.equal(decide({ identity: [ADMIN] }, action, 'arn:aws:kms:us-east-1:111111111111:alias/app-key'), 'allowed', `${action} on an own alias`);
  }
  assert.equal(decide({ identity: [ADMIN] }, 'kms:Encrypt', alias), 'allowed', 'using the key through its alias is a policy matter');
  // An explicit Deny still reads as the explicit deny it is.
  const deny = pol({ Effect: 'Deny', Action: 'kms:*', Resource: '*' });
  assert.equal(decide({ identity: [ADMIN, deny] }, 'kms:DeleteAlias', alias), 'explicitDeny');
});
