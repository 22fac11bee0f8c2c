import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectRule, marked, run } from './harness';

const file = (doc: string, extra = '') => `{ "account": { "id": "123456789012" }, "roles": { "r": { "trustPolicy": ${doc} } }${extra} }`;
const st = (body: string) => `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", ${body} } ] }`;
const GH = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

const cases: [string, string][] = [
  ['trust/principal-wildcard', file(st('"Principal": ⟦"*"⟧, "Action": "sts:AssumeRole"'))],
  ['trust/principal-wildcard', file(st('"Principal": { "AWS": ⟦"*"⟧ }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-abc" } }'))],
  ['trust/principal-wildcard', file(st('"Principal": { "AWS": "111122223333" }, "Action": "sts:AssumeRole"'))],
  ['trust/external-id', file(st('"Principal": { "AWS": [⟦"arn:aws:iam::111122223333:root"⟧, ⟦"444455556666"⟧, "arn:aws:iam::123456789012:role/own"] }, "Action": "sts:AssumeRole"'))],
  ['trust/external-id', file(st('"Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "sts:ExternalId": "x-123" } }'))],
  ['trust/external-id', file(st('"Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole"'))],
  ['trust/oidc-missing-sub', file(st(`"Principal": { "Federated": ⟦"${GH}"⟧ }, "Action": "sts:AssumeRoleWithWebIdentity"`))],
  ['trust/oidc-missing-aud', file(st(`"Principal": { "Federated": ⟦"${GH}"⟧ }, "Action": "sts:AssumeRoleWithWebIdentity"`))],
  ['trust/oidc-wildcard-sub', file(st(`"Principal": { "Federated": "${GH}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, "StringLike": { "token.actions.githubusercontent.com:sub": [⟦"repo:*"⟧, ⟦"*"⟧, "repo:acme/app:ref:refs/heads/main", "repo:acme/*"] } }`))],
  ['trust/oidc-missing-sub', file(st(`"Principal": { "Federated": "${GH}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:prod" } }`))],
  ['trust/oidc-missing-aud', file(st(`"Principal": { "Federated": "${GH}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:prod" } }`))],
  ['trust/oidc-wildcard-sub', file(st(`"Principal": { "Federated": "${GH}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringLike": { "token.actions.githubusercontent.com:sub": "repo:acme/app:*" } }`))],
  ['trust/saml-audience', file(st('"Principal": { "Federated": ⟦"arn:aws:iam::123456789012:saml-provider/corp"⟧ }, "Action": "sts:AssumeRoleWithSAML"'))],
  ['trust/saml-audience', file(st('"Principal": { "Federated": "arn:aws:iam::123456789012:saml-provider/corp" }, "Action": "sts:AssumeRoleWithSAML", "Condition": { "StringEquals": { "SAML:aud": "https://signin.aws.amazon.com/saml" } }'))],
  ['trust/compute-service', file(st('"Principal": { "Service": [⟦"ec2.amazonaws.com"⟧, "cloudformation.amazonaws.com"] }, "Action": "sts:AssumeRole"'))],
  ['trust/unknown-account', file(st('"Principal": { "AWS": [⟦"arn:aws:iam::111122223333:root"⟧, "123456789012"] }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "sts:ExternalId": "x" } }'))],
  ['trust/action', file(st('"Principal": { "Service": "ec2.amazonaws.com" }, "Action": ["sts:AssumeRole", "sts:TagSession", ⟦"s3:GetObject"⟧, "sts:Assume*"]'))],
];

for (const [rule, text] of cases) {
  test(`${rule}: ${marked(text).spans.length ? 'fires' : 'stays silent'} on ${marked(text).text.slice(95, 190)}`, () => {
    expectRule(rule, text);
  });
}

test('trust/external-id: accounts described in the workspace get information', () => {
  const text = file(st('"Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole"'));
  const other = { uri: 'other.iam.json', text: '{ "account": { "id": "111122223333" } }' };
  const [f] = run('trust/external-id', text, {}, [other]);
  assert.equal(f.severity, 'info');
  assert.equal(run('trust/unknown-account', text, {}, [other]).length, 0);
});
