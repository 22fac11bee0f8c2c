import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assumeChain, evaluate, parseCaller, type RoleDefinition, type Session } from '../../core/engine';
import { ALICE, stmt } from './helpers';

const trustFor = (principal: object, action = 'sts:AssumeRole', condition?: object) =>
  stmt({ Effect: 'Allow', Principal: principal, Action: action, ...(condition ? { Condition: condition } : {}) }, 'trust');

const deployer: RoleDefinition = {
  arn: 'arn:aws:iam::111111111111:role/deploy/deployer',
  trust: trustFor({ AWS: 'arn:aws:iam::111111111111:root' }, 'sts:AssumeRole', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
  identity: [stmt({ Effect: 'Allow', Action: ['sts:AssumeRole', 'cloudformation:*'], Resource: '*' })],
};
const prod: RoleDefinition = {
  arn: 'arn:aws:iam::222222222222:role/prod-admin',
  trust: trustFor({ AWS: 'arn:aws:iam::111111111111:role/deploy/deployer' }),
  identity: [stmt({ Effect: 'Allow', Action: '*', Resource: '*' })],
};

const alice = (identity: object[]): Session => ({
  principal: { arn: ALICE },
  policies: { identity: identity.map((s) => stmt(s)) },
});

test("AssumeRole needs the caller's permission and the trust policy; the session then has only the role's permissions", () => {
  const start = alice([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: deployer.arn }, { Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
  const withMfa = assumeChain(start, [{ role: deployer, context: { 'aws:MultiFactorAuthPresent': 'true' } }]);
  assert.equal(withMfa.steps[0].decision, 'allowed');
  const session = withMfa.session!;
  assert.equal(session.principal.arn, 'arn:aws:sts::111111111111:assumed-role/deployer/session');
  // The user's own S3 permission does not carry into the session.
  assert.equal(evaluate({ principal: session.principal, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, session.policies).decision, 'implicitDeny');
  assert.equal(evaluate({ principal: session.principal, action: 'cloudformation:CreateStack' }, session.policies).decision, 'allowed');
  // The trust policy's condition decides too.
  const noMfa = assumeChain(start, [{ role: deployer }]);
  assert.equal(noMfa.steps[0].decision, 'implicitDeny');
  assert.equal(noMfa.session, undefined);
  // Without the caller's permission (the trust policy names only the account), no session.
  const noPermission = assumeChain(alice([]), [{ role: deployer, context: { 'aws:MultiFactorAuthPresent': 'true' } }]);
  assert.equal(noPermission.steps[0].decision, 'implicitDeny');
});

test('role chains: each hop from the previous session; cross-account hops need both sides', () => {
  const start = alice([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
  const r = assumeChain(start, [{ role: deployer, context: { 'aws:MultiFactorAuthPresent': 'true' } }, { role: prod, sessionName: 'ci' }]);
  assert.deepEqual(r.steps.map((s) => s.decision), ['allowed', 'allowed']);
  assert.equal(r.steps[1].crossAccount, true);
  assert.equal(r.session!.principal.arn, 'arn:aws:sts::222222222222:assumed-role/prod-admin/ci');
  // Session policies narrow the final session.
  const narrowed = assumeChain(start, [
    { role: deployer, context: { 'aws:MultiFactorAuthPresent': 'true' } },
    { role: prod, sessionPolicies: [stmt({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }, 'session')] },
  ]).session!;
  assert.equal(evaluate({ principal: narrowed.principal, action: 'ec2:DescribeVpcs' }, narrowed.policies).decision, 'allowed');
  assert.equal(evaluate({ principal: narrowed.principal, action: 'iam:CreateUser' }, narrowed.policies).decision, 'implicitDeny');
});

test('AssumeRoleWithWebIdentity and AssumeRoleWithSAML: decided by the trust policy alone', () => {
  const oidc = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
  const ci: RoleDefinition = {
    arn: 'arn:aws:iam::111111111111:role/gh',
    trust: trustFor({ Federated: oidc }, 'sts:AssumeRoleWithWebIdentity', {
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' },
    }),
    identity: [],
  };
  const start: Session = { principal: { arn: oidc }, policies: {} };
  const ok = assumeChain(start, [{ role: ci, action: 'sts:AssumeRoleWithWebIdentity', context: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' } }]);
  assert.equal(ok.steps[0].decision, 'allowed');
  const other = assumeChain(start, [{ role: ci, action: 'sts:AssumeRoleWithWebIdentity', context: { 'token.actions.githubusercontent.com:sub': 'repo:evil/app:ref' } }]);
  assert.equal(other.steps[0].decision, 'implicitDeny');
  // The provider may be named by its host too.
  const byHost = assumeChain({ principal: { arn: 'token.actions.githubusercontent.com' }, policies: {} }, [
    { role: ci, action: 'sts:AssumeRoleWithWebIdentity', context: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:x' } },
  ]);
  assert.equal(byHost.steps[0].decision, 'allowed');
  const saml = 'arn:aws:iam::111111111111:saml-provider/Okta';
  const sso: RoleDefinition = { arn: 'arn:aws:iam::111111111111:role/sso', trust: trustFor({ Federated: saml }, 'sts:AssumeRoleWithSAML'), identity: [] };
  assert.equal(assumeChain({ principal: { arn: saml }, policies: {} }, [{ role: sso, action: 'sts:AssumeRoleWithSAML' }]).steps[0].decision, 'allowed');
  assert.equal(parseCaller(saml).kind, 'federated');
});

test('a service principal assumes a role its trust policy names', () => {
  const role: RoleDefinition = { arn: 'arn:aws:iam::111111111111:role/lambda-exec', trust: trustFor({ Service: 'lambda.amazonaws.com' }), identity: [] };
  assert.equal(assumeChain({ principal: { arn: 'lambda.amazonaws.com' }, policies: {} }, [{ role }]).steps[0].decision, 'allowed');
  assert.equal(assumeChain({ principal: { arn: 'ec2.amazonaws.com' }, policies: {} }, [{ role }]).steps[0].decision, 'implicitDeny');
});

test('context keys filled in from the principal: session tags, role ARN as aws:PrincipalArn, supplied values win', () => {
  const p = stmt({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app', 'aws:PrincipalTag/team': 'data', 'aws:PrincipalType': 'AssumedRole' } } });
  const session = { arn: 'arn:aws:sts::111111111111:assumed-role/app/s1', tags: { team: 'data' } };
  assert.equal(evaluate({ principal: session, action: 's3:GetObject' }, { identity: [p] }).decision, 'allowed');
  assert.equal(evaluate({ principal: session, action: 's3:GetObject', context: { 'aws:PrincipalTag/team': 'ops' } }, { identity: [p] }).decision, 'implicitDeny');
  const r = evaluate({ principal: ALICE, action: 's3:GetObject' }, { identity: [stmt({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })] });
  assert.deepEqual(r.missingContextKeys, ['aws:SourceVpc']);
});
