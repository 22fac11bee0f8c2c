import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cond } from './helpers';

const A = 'allowed';
const D = 'implicitDeny';

test('String operators: case rules, wildcards, negation with several values, missing keys', () => {
  assert.equal(cond({ StringEquals: { 'aws:RequestTag/env': 'prod' } }, { 'aws:RequestTag/env': 'prod' }), A);
  assert.equal(cond({ StringEquals: { 'aws:RequestTag/env': 'prod' } }, { 'aws:RequestTag/env': 'PROD' }), D);
  // Keys are case-insensitive.
  assert.equal(cond({ StringEquals: { 'AWS:REQUESTTAG/ENV': 'prod' } }, { 'aws:requesttag/env': 'prod' }), A);
  assert.equal(cond({ StringEqualsIgnoreCase: { k: 'Prod' } }, { k: 'PROD' }), A);
  assert.equal(cond({ StringNotEqualsIgnoreCase: { k: 'Prod' } }, { k: 'PROD' }), D);
  assert.equal(cond({ StringLike: { k: 'pr?d-*' } }, { k: 'prod-eu' }), A);
  assert.equal(cond({ StringLike: { k: 'pr?d-*' } }, { k: 'Prod-eu' }), D);
  assert.equal(cond({ StringNotLike: { k: ['a*', 'b*'] } }, { k: 'b1' }), D);
  assert.equal(cond({ StringNotLike: { k: ['a*', 'b*'] } }, { k: 'c1' }), A);
  // Several values: OR for positive operators, NOR for negated ones.
  assert.equal(cond({ StringEquals: { k: ['x', 'y'] } }, { k: 'y' }), A);
  assert.equal(cond({ StringNotEquals: { k: ['x', 'y'] } }, { k: 'y' }), D);
  assert.equal(cond({ StringNotEquals: { k: ['x', 'y'] } }, { k: 'z' }), A);
  // Missing key: positive operators fail, negated ones hold.
  assert.equal(cond({ StringEquals: { k: 'x' } }, {}), D);
  assert.equal(cond({ StringNotEquals: { k: 'x' } }, {}), A);
  // StringEquals treats * literally.
  assert.equal(cond({ StringEquals: { k: 'a*' } }, { k: 'abc' }), D);
});

test('AND across keys and operators', () => {
  const c = { StringEquals: { a: '1', b: '2' }, Bool: { 'aws:SecureTransport': 'true' } };
  assert.equal(cond(c, { a: '1', b: '2', 'aws:SecureTransport': 'true' }), A);
  assert.equal(cond(c, { a: '1', b: '3', 'aws:SecureTransport': 'true' }), D);
  assert.equal(cond(c, { a: '1', b: '2', 'aws:SecureTransport': 'false' }), D);
});

test('Numeric operators', () => {
  assert.equal(cond({ NumericLessThan: { n: '10' } }, { n: '9' }), A);
  assert.equal(cond({ NumericLessThan: { n: '10' } }, { n: '10' }), D);
  assert.equal(cond({ NumericLessThanEquals: { n: '10' } }, { n: '10' }), A);
  assert.equal(cond({ NumericGreaterThan: { n: '1.5' } }, { n: '2' }), A);
  assert.equal(cond({ NumericGreaterThanEquals: { n: 3 } }, { n: '2' }), D);
  assert.equal(cond({ NumericEquals: { n: '5' } }, { n: '5.0' }), A);
  assert.equal(cond({ NumericNotEquals: { n: ['5', '6'] } }, { n: '6' }), D);
  assert.equal(cond({ NumericEquals: { n: '5' } }, { n: 'five' }), D);
});

test('Date operators: ISO 8601 and epoch seconds, aws:CurrentTime', () => {
  assert.equal(cond({ DateGreaterThan: { 'aws:CurrentTime': '2018-08-16T12:00:00Z' } }, { 'aws:CurrentTime': '2019-04-25T11:00:00Z' }), A);
  assert.equal(cond({ DateLessThan: { 'aws:CurrentTime': '2018-08-16T12:00:00Z' } }, { 'aws:CurrentTime': '2019-04-25T11:00:00Z' }), D);
  assert.equal(cond({ DateEquals: { d: '2020-01-01T00:00:00Z' } }, { d: '1577836800' }), A);
  assert.equal(cond({ DateLessThanEquals: { d: '1577836800' } }, { d: '2020-01-01T00:00:00Z' }), A);
  assert.equal(cond({ DateNotEquals: { d: '2020-01-01' } }, { d: '2020-01-02' }), A);
  // aws:CurrentTime is filled in when not supplied.
  assert.equal(cond({ DateGreaterThan: { 'aws:CurrentTime': '2000-01-01T00:00:00Z' } }, {}), A);
});

test('Bool, BinaryEquals, Null', () => {
  assert.equal(cond({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': 'TRUE' }), A);
  assert.equal(cond({ Bool: { 'aws:MultiFactorAuthPresent': true } }, { 'aws:MultiFactorAuthPresent': 'false' }), D);
  assert.equal(cond({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, {}), D);
  assert.equal(cond({ BinaryEquals: { b: 'QmluYXJ5' } }, { b: 'QmluYXJ5' }), A);
  assert.equal(cond({ BinaryEquals: { b: 'QmluYXJ5' } }, { b: 'other' }), D);
  assert.equal(cond({ Null: { 'aws:TokenIssueTime': 'true' } }, {}), A);
  assert.equal(cond({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': 'x' }), D);
  assert.equal(cond({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': 'x' }), A);
  assert.equal(cond({ Null: { 'aws:TagKeys': 'false' } }, { 'aws:TagKeys': [] }), D);
});

test('IpAddress / NotIpAddress: IPv4 and IPv6 CIDR', () => {
  assert.equal(cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' }), A);
  assert.equal(cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.9' }), D);
  assert.equal(cond({ IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, { 'aws:SourceIp': '203.0.113.7' }), A);
  assert.equal(cond({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:DB8:1234::1' }), A);
  assert.equal(cond({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db9::1' }), D);
  assert.equal(cond({ IpAddress: { 'aws:SourceIp': '::ffff:10.0.0.0/104' } }, { 'aws:SourceIp': '::ffff:10.1.2.3' }), A);
  assert.equal(cond({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }, { 'aws:SourceIp': '192.168.1.1' }), D);
  assert.equal(cond({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }, { 'aws:SourceIp': '8.8.8.8' }), A);
  assert.equal(cond({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '2001:db8::1' }), D);
});

test('Arn operators: segment-wise with wildcards', () => {
  const arn = 'arn:aws:iam::111111111111:role/app';
  assert.equal(cond({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }, { 'aws:PrincipalArn': arn }), A);
  assert.equal(cond({ ArnEquals: { 'aws:SourceArn': arn } }, { 'aws:SourceArn': arn }), A);
  assert.equal(cond({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:iam::111111111111:*' } }, { 'aws:SourceArn': arn }), D);
  assert.equal(cond({ ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:*:*:t' } }, { 'aws:SourceArn': arn }), A);
  assert.equal(cond({ ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*:role/*' } }, {}), D);
});

test('IfExists: a missing key passes; a present key is checked', () => {
  assert.equal(cond({ StringEqualsIfExists: { k: 'x' } }, {}), A);
  assert.equal(cond({ StringEqualsIfExists: { k: 'x' } }, { k: 'y' }), D);
  assert.equal(cond({ NumericLessThanIfExists: { n: '3' } }, { n: '2' }), A);
  assert.equal(cond({ BoolIfExists: { 'aws:SecureTransport': 'true' } }, {}), A);
  assert.equal(cond({ StringNotEqualsIfExists: { k: 'x' } }, { k: 'x' }), D);
});

test('ForAllValues / ForAnyValue: AWS semantics for missing and empty keys', () => {
  const all = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } };
  assert.equal(cond(all, { 'aws:TagKeys': ['env'] }), A);
  assert.equal(cond(all, { 'aws:TagKeys': ['env', 'owner'] }), D);
  assert.equal(cond(all, {}), A);
  assert.equal(cond(all, { 'aws:TagKeys': [] }), A);
  const any = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } };
  assert.equal(cond(any, { 'aws:TagKeys': ['owner', 'team'] }), A);
  assert.equal(cond(any, { 'aws:TagKeys': ['owner'] }), D);
  assert.equal(cond(any, {}), D);
  assert.equal(cond(any, { 'aws:TagKeys': [] }), D);
  // Negated base operators, per request value.
  const allNot = { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } };
  assert.equal(cond(allNot, { 'aws:TagKeys': ['key2:audit'] }), A);
  assert.equal(cond(allNot, { 'aws:TagKeys': ['key1:hr', 'key2:x'] }), D);
  const anyNot = { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } };
  assert.equal(cond(anyNot, { 'aws:TagKeys': ['a', 'c'] }), A);
  assert.equal(cond(anyNot, { 'aws:TagKeys': ['a', 'b'] }), D);
  assert.equal(cond({ 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': 'x*' } }, {}), A);
});

test('policy variables in condition values, defaults, and 2008-10-17 documents', () => {
  const c = { StringEquals: { 's3:prefix': 'home/${aws:username}/' } };
  assert.equal(cond(c, { 's3:prefix': 'home/alice/' }), A);
  assert.equal(cond(c, { 's3:prefix': 'home/bob/' }), D);
  assert.equal(cond(c, { 's3:prefix': 'home/${aws:username}/' }, '2008-10-17'), A);
  assert.equal(cond({ StringEquals: { k: "${aws:PrincipalTag/team, 'none'}" } }, { k: 'none' }), A);
  assert.equal(cond({ StringEquals: { k: '${aws:PrincipalTag/team}' } }, { k: '' }), D);
  assert.equal(cond({ StringLike: { k: 'a${*}b' } }, { k: 'a*b' }), A);
  assert.equal(cond({ StringLike: { k: 'a${*}b' } }, { k: 'axb' }), D);
  assert.equal(cond({ StringEquals: { k: '${$}{x}' } }, { k: '${x}' }), A);
  // Supplied values win over those filled in from the principal.
  assert.equal(cond({ StringEquals: { 'aws:username': 'mallory' } }, { 'aws:username': 'mallory' }), A);
});

test('keys AWS fills in from the principal', () => {
  assert.equal(cond({ StringEquals: { 'aws:PrincipalAccount': '111111111111', 'aws:PrincipalType': 'User' } }, {}), A);
  assert.equal(cond({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/alice' } }, {}), A);
});

test('unknown operators never hold', () => {
  assert.equal(cond({ StringEqualz: { k: 'x' } }, { k: 'x' }), D);
});

test('a context object changed between requests is read afresh', async () => {
  const { evaluate } = await import('../../core/engine');
  const { stmt } = await import('./helpers');
  const p = stmt({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: 'x' } } });
  const context: Record<string, string> = { k: 'x' };
  const ask = () => evaluate({ principal: 'arn:aws:iam::111111111111:user/a', action: 's3:GetObject', context }, { identity: [p] }).decision;
  assert.equal(ask(), A);
  context.k = 'y';
  assert.equal(ask(), D);
  delete (context as Record<string, string | undefined>).k;
  context.other = 'x';
  assert.equal(ask(), D);
});

test('Names of Object.prototype are not operators: the condition is unknown and does not match', () => {
  for (const op of ['constructor', 'toString', '__proto__', 'hasOwnPropertyIfExists', 'ForAnyValue:valueOf']) {
    assert.equal(cond({ [op]: { k: 'x' } }, { k: 'x' }), D, op);
  }
});
