// Access Analyzer's "Specific github repo and branch recommended": a GitHub subject pattern narrower than any
// repository (trust/oidc-wildcard-sub's) but still not one repository and branch or environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectRule, inFile, run, stmt } from './harness';

const RULE = 'trust/oidc-sub-pattern';
const GH = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

/** A GitHub Actions role's trust policy, as GitHub's and AWS's guides write it, with the given subject condition. */
function trust(condition: string, provider = GH): string {
  return inFile(stmt(`"Effect": "Allow", "Principal": { "Federated": "${provider}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, ${condition} }`), 'trust');
}

const cases: [string, string][] = [
  ['any repository of the owner, any branch of a repository', trust('"StringLike": { "token.actions.githubusercontent.com:sub": [⟦"repo:acme/*"⟧, ⟦"repo:acme/app:*"⟧, ⟦"repo:acme/app:ref:refs/heads/release-*"⟧, "repo:acme/app:ref:refs/heads/main"] }')],
  ['ForAnyValue and IfExists forms of Like', trust('"ForAnyValue:StringLikeIfExists": { "token.actions.githubusercontent.com:sub": ⟦"repo:acme/app-?:environment:prod"⟧ }')],
  ['silent: exact subjects, the open patterns (the error rule\'s), negations, StringEquals, other providers', inFile(`{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Principal": { "Federated": "${GH}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:sub": ["repo:acme/app:environment:prod", "repo:acme/app:*"] } } },
    { "Effect": "Allow", "Principal": { "Federated": "${GH}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringLike": { "token.actions.githubusercontent.com:sub": ["repo:*", "*", "repo:acme*"] } } },
    { "Effect": "Allow", "Principal": { "Federated": "${GH}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringLike": { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" }, "StringNotLike": { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/dev-*" } } },
    { "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringLike": { "gitlab.example.com:sub": "project_path:acme/*" } } } ] }`, 'trust')],
  ['silent in identity policies', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringLike": { "token.actions.githubusercontent.com:sub": "repo:acme/*" } }'))],
];

for (const [name, text] of cases) {
  test(`GitHub subject pattern: ${name}`, () => {
    expectRule(RULE, text);
  });
}

test('the notes say what the pattern lets in and what to write', () => {
  const [owner, branch] = run(RULE, trust('"StringLike": { "token.actions.githubusercontent.com:sub": ["repo:acme/*", "repo:acme/app:*"] }'));
  assert.match(owner.message, /every repository of acme whose name matches/);
  assert.match(owner.message, /repo:acme\/REPO:ref:refs\/heads\/main/);
  assert.match(branch.message, /every branch, tag, pull request or environment of acme\/app/);
  assert.match(branch.message, /repo:acme\/app:ref:refs\/heads\/main/);
  assert.equal(owner.severity, 'info');
});
