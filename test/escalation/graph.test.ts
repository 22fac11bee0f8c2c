import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EscalationGraph, adminReach, canReachAdmin, whoCan } from '../../core/analysis/escalation';
import type { ReachPath } from '../../core/analysis/escalation';
import { ADMIN, account, allow, deny, doc, lab, serviceTrust } from './support';

const A = '111111111111';

function describe(paths: Map<unknown, ReachPath>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths.values()) {
    out[p.principal.name] = `${p.confidence}: ${p.steps.map((s) => `${s.from.name}>${s.technique}(${s.actions.join('+')})>${s.to.name}`).join(' ')}`;
  }
  return out;
}

test('the lab: exactly the escalating principals reach administrator, each by its technique', () => {
  const ws = lab();
  const certain: Record<string, string> = describe(adminReach(ws, false));
  assert.deepEqual(certain, {
    'admin-alice': 'certain: ',
    'pv-paul': 'certain: pv-paul>create-policy-version(iam:CreatePolicyVersion)>pv-paul',
    'lambda-lee': 'certain: lambda-lee>pass-role/lambda(iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction)>admin-lambda',
    'dev-dan': 'certain: dev-dan>assume-role(sts:AssumeRole)>admin-role',
    'key-kim': 'certain: key-kim>create-access-key(iam:CreateAccessKey)>admin-alice',
    'put-pat': 'certain: put-pat>put-user-policy(iam:PutUserPolicy)>put-pat',
    'group-gus': 'certain: group-gus>add-user-to-group(iam:AddUserToGroup)>group-gus',
    'trust-tom': 'certain: trust-tom>update-assume-role-policy(iam:UpdateAssumeRolePolicy+sts:AssumeRole)>locked-admin',
    'boundary-bea': 'certain: boundary-bea>delete-permissions-boundary(iam:DeleteUserPermissionsBoundary)>boundary-bea',
    'ec2-eve': 'certain: ec2-eve>pass-role/ec2(iam:PassRole+ec2:RunInstances)>admin-ec2',
    'cfn-carl': 'certain: cfn-carl>pass-role/cloudformation(iam:PassRole+cloudformation:CreateStack)>admin-cfn',
    'glue-gil': 'certain: glue-gil>pass-role/glue-dev-endpoint(iam:PassRole+glue:CreateDevEndpoint)>admin-glue',
    'chain-chris': 'certain: chain-chris>assume-role(sts:AssumeRole)>hop-role hop-role>pass-role/lambda(iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction)>admin-lambda',
    'hop-role': 'certain: hop-role>pass-role/lambda(iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction)>admin-lambda',
    'admin-role': 'certain: ',
    'admin-lambda': 'certain: ',
    'admin-ec2': 'certain: ',
    'admin-cfn': 'certain: ',
    'admin-glue': 'certain: ',
    'locked-admin': 'certain: ',
    'mfa-admin': 'certain: ',
    'admin-bob': 'certain: ',
    'cross-admin': 'certain: ',
  });
  // Decoys: a boundary (pv-bounded, boundary-stuck), a Deny (dev-denied, glue-denied), a trust policy
  // (lambda-wrong-trust), a missing second permission (lambda-half, trust-half), the wrong user (key-wrong-user),
  // an SCP (scp-sam), nothing at all (reader-rita).
  for (const decoy of ['pv-bounded', 'boundary-stuck', 'dev-denied', 'glue-denied', 'lambda-wrong-trust', 'lambda-half', 'trust-half', 'key-wrong-user', 'scp-sam', 'reader-rita']) {
    assert.equal((certain as Record<string, string>)[decoy], undefined, decoy);
  }
  const all = describe(adminReach(ws, true));
  const possibleOnly = Object.fromEntries(Object.entries(all).filter(([k]) => !(k in certain)));
  assert.deepEqual(possibleOnly, {
    'fn-fred': 'possible: fn-fred>existing/lambda-code(lambda:UpdateFunctionCode)>admin-lambda',
    'mfa-mia': 'possible: mfa-mia>assume-role(sts:AssumeRole)>mfa-admin',
  });
});

test('each step names the statements that allowed it', () => {
  const ws = lab();
  const lee = adminReach(ws, false).get(ws.files[0].users.get('lambda-lee')!)!;
  const step = lee.steps[0];
  assert.deepEqual(step.steps.map((s) => s.action), ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']);
  assert.equal(step.steps[0].resource, `arn:aws:iam::${A}:role/admin-lambda`);
  for (const s of step.steps) {
    assert.ok(s.allowedBy.length > 0, s.action);
    const text = ws.files[0].text.slice(s.allowedBy[0].span.start, s.allowedBy[0].span.end);
    assert.match(text, /"Effect": "Allow"/);
  }
  const dan = adminReach(ws, false).get(ws.files[0].users.get('dev-dan')!)!;
  // sts:AssumeRole in the same account: the identity policy and the trust policy both allow.
  assert.deepEqual(new Set(dan.steps[0].steps[0].allowedBy.map((m) => m.layer)), new Set(['identity', 'resource']));
});

test('canReachAdmin: the function other analyses use', () => {
  const ws = lab();
  const users = ws.files[0].users;
  assert.equal(canReachAdmin(ws, users.get('pv-paul')!), true);
  assert.equal(canReachAdmin(ws, users.get('pv-bounded')!), false);
  assert.equal(canReachAdmin(ws, users.get('fn-fred')!), false);
  assert.equal(canReachAdmin(ws, users.get('fn-fred')!, { includePossible: true }), true);
  assert.equal(canReachAdmin(ws, ws.files[1].users.get('scp-sam')!), false);
});

test('cross-account: a principal the other account\'s role names reaches it; the SCP of that account applies to its principals', () => {
  const ws = lab();
  const answer = whoCan(ws, { action: 'iam:CreateUser', resource: 'arn:aws:iam::222222222222:user/new' });
  const got = Object.fromEntries(answer.principals.map((p) => [p.principal.name, p.steps.map((s) => `${s.technique}>${s.to.name}`).join(' ')]));
  // In account 2: its admin and the role dev-dan assumes from account 1; in account 1: dev-dan, and the
  // administrators of account 1, who can take dev-dan's credentials (their path goes through him).
  assert.equal(got['admin-bob'], '');
  assert.equal(got['cross-admin'], '');
  assert.equal(got['dev-dan'], 'assume-role>cross-admin');
  assert.equal(got['admin-alice'], 'create-access-key>dev-dan assume-role>cross-admin');
  assert.equal(got['admin-role'], 'create-access-key>dev-dan assume-role>cross-admin');
  // No one else: not the decoys, not scp-sam (its SCP), not account 1's non-administrators.
  const admins1 = ['admin-alice', 'admin-role', 'admin-lambda', 'admin-ec2', 'admin-cfn', 'admin-glue', 'locked-admin', 'mfa-admin'];
  const escalators = ['pv-paul', 'lambda-lee', 'key-kim', 'put-pat', 'group-gus', 'trust-tom', 'boundary-bea', 'ec2-eve', 'cfn-carl', 'glue-gil', 'chain-chris', 'hop-role'];
  assert.deepEqual(Object.keys(got).sort(), ['admin-bob', 'cross-admin', 'dev-dan', ...admins1, ...escalators].sort());
  // An escalating principal gets there through its own escalation first.
  assert.equal(got['pv-paul'], 'create-policy-version>pv-paul create-access-key>dev-dan assume-role>cross-admin');
});

test('who can: direct principals get an empty path, others the shortest path; the resource policy takes part', () => {
  const ws = account({
    account: { id: A },
    groups: { Admins: { policies: [ADMIN] } },
    users: {
      root: { groups: ['Admins'] },
      deleter: { inlinePolicies: { d: doc(allow('s3:DeleteBucket', 'arn:aws:s3:::prod-data')) } },
      other: { inlinePolicies: { d: doc(allow('s3:DeleteBucket', 'arn:aws:s3:::other')) } },
      hopper: { inlinePolicies: { d: doc(allow('sts:AssumeRole', `arn:aws:iam::${A}:role/cleaner`)) } },
      blocked: { groups: ['Admins'] },
    },
    roles: {
      cleaner: { trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }), inlinePolicies: { d: doc(allow('s3:DeleteBucket')) } },
    },
    resources: {
      'arn:aws:s3:::prod-data': { policy: doc({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:user/blocked` }, Action: 's3:*', Resource: 'arn:aws:s3:::prod-data' }) },
    },
  });
  const answer = whoCan(ws, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::prod-data' });
  const got = Object.fromEntries(answer.principals.map((p) => [p.principal.name, p.steps.map((s) => `${s.technique}>${s.to.name}`).join(' ')]));
  // blocked is an administrator the bucket policy denies: it gets there through another principal's credentials.
  const { blocked, ...rest } = got;
  assert.deepEqual(rest, { root: '', deleter: '', hopper: 'assume-role>cleaner', cleaner: '' });
  assert.match(blocked, /^(create-access-key>(root|deleter)|assume-role>cleaner)$/);
});

test('a boundary that allows the rewrite but nothing else keeps the principal where it is', () => {
  const ws = account({
    account: { id: A },
    policies: { b: { document: doc(allow(['iam:PutUserPolicy', 'iam:AttachUserPolicy'])) } },
    users: { u: { inlinePolicies: { p: doc(allow('iam:PutUserPolicy', `arn:aws:iam::${A}:user/u`)) }, permissionsBoundary: 'b' } },
  });
  const g = new EscalationGraph(ws);
  const u = ws.files[0].users.get('u')!;
  // The rewrite edge exists (the boundary allows iam:PutUserPolicy)...
  assert.deepEqual(g.edgesFrom(g.node(u)).map((e) => e.technique), ['put-user-policy']);
  // ...but the rewritten user is still held by its boundary: no administrator.
  assert.equal(g.pathsToAdmin(true).has(u), false);
});

test('AttachUserPolicy conditioned on the policy ARN: only AdministratorAccess counts', () => {
  const mk = (policy: string) =>
    account({
      account: { id: A },
      users: { u: { inlinePolicies: { p: doc(allow('iam:AttachUserPolicy', `arn:aws:iam::${A}:user/u`, { Condition: { ArnEquals: { 'iam:PolicyARN': policy } } })) } } },
    });
  const yes = mk(ADMIN);
  assert.equal(canReachAdmin(yes, yes.files[0].users.get('u')!), true);
  const no = mk('arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.equal(canReachAdmin(no, no.files[0].users.get('u')!), false);
});

test('PassRole with ec2 needs an instance profile, or the permissions to make one', () => {
  const mk = (extra: string[], profile: boolean) =>
    account({
      account: { id: A },
      users: { u: { inlinePolicies: { p: doc(allow('iam:PassRole', `arn:aws:iam::${A}:role/r`), allow(['ec2:RunInstances', ...extra])) } } },
      roles: { r: { trustPolicy: serviceTrust('ec2.amazonaws.com'), policies: [ADMIN], ...(profile ? { instanceProfile: 'r' } : {}) } },
    });
  const user = (ws: ReturnType<typeof account>) => ws.files[0].users.get('u')!;
  const none = mk([], false);
  assert.equal(canReachAdmin(none, user(none)), false);
  const made = mk(['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'], false);
  const path = adminReach(made, false).get(user(made))!;
  assert.deepEqual(path.steps[0].actions, ['iam:PassRole', 'ec2:RunInstances', 'iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile']);
  const withProfile = mk([], true);
  assert.equal(canReachAdmin(withProfile, user(withProfile)), true);
});

test('PassRole limited by iam:PassedToService to another service gives no edge', () => {
  const mk = (service: string) =>
    account({
      account: { id: A },
      users: {
        u: {
          inlinePolicies: {
            p: doc(allow('iam:PassRole', `arn:aws:iam::${A}:role/r`, { Condition: { StringEquals: { 'iam:PassedToService': service } } }), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])),
          },
        },
      },
      roles: { r: { trustPolicy: serviceTrust('lambda.amazonaws.com'), policies: [ADMIN] } },
    });
  const lambda = mk('lambda.amazonaws.com');
  assert.equal(canReachAdmin(lambda, lambda.files[0].users.get('u')!), true);
  const ec2 = mk('ec2.amazonaws.com');
  assert.equal(canReachAdmin(ec2, ec2.files[0].users.get('u')!), false);
});

test('credentials: a login profile is created for a user without a password, updated for one with', () => {
  const ws = account({
    account: { id: A },
    groups: { Admins: { policies: [ADMIN] } },
    users: {
      quiet: { groups: ['Admins'] },
      console: { groups: ['Admins'], console: { enabled: true } },
      creator: { inlinePolicies: { p: doc(allow('iam:CreateLoginProfile')) } },
      updater: { inlinePolicies: { p: doc(allow('iam:UpdateLoginProfile')) } },
    },
  });
  const got = describe(adminReach(ws, false));
  assert.equal(got.creator, 'certain: creator>create-login-profile(iam:CreateLoginProfile)>quiet');
  assert.equal(got.updater, 'certain: updater>update-login-profile(iam:UpdateLoginProfile)>console');
});

test('rewriting another principal it can already become: iam:PutRolePolicy on an assumable role', () => {
  const ws = account({
    account: { id: A },
    users: { u: { inlinePolicies: { p: doc(allow(['sts:AssumeRole', 'iam:PutRolePolicy'], `arn:aws:iam::${A}:role/plain`)) } } },
    roles: { plain: { trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }), inlinePolicies: { p: doc(allow('s3:ListAllMyBuckets')) } } },
  });
  const got = describe(adminReach(ws, false));
  assert.equal(got.u, 'certain: u>put-role-policy(iam:PutRolePolicy+sts:AssumeRole)>plain');
});

test('an explicit Deny in an SCP on the escalation action breaks the edge; with a region condition it is possible given the region', () => {
  const mk = (scp: object) =>
    account({
      account: { id: A, organization: { serviceControlPolicies: [['FullAWSAccess', 'guard']] } },
      policies: { guard: { document: scp } },
      users: { u: { inlinePolicies: { p: doc(allow('iam:PutUserPolicy', `arn:aws:iam::${A}:user/u`)) } } },
    });
  const hard = mk(doc(deny('iam:PutUserPolicy')));
  assert.equal(canReachAdmin(hard, hard.files[0].users.get('u')!, { includePossible: true }), false);
  const regional = mk(doc(deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } })));
  const u = regional.files[0].users.get('u')!;
  // The request carries no region: the Deny's condition can't be decided, so the path is possible, given the key.
  assert.equal(canReachAdmin(regional, u), false);
  const path = adminReach(regional, true).get(u)!;
  assert.equal(path.confidence, 'possible');
  assert.match(path.steps[0].note ?? '', /aws:RequestedRegion/);
  // Given the region, the same path is certain.
  const g = new EscalationGraph(regional, { context: { 'aws:RequestedRegion': 'eu-west-1' } });
  assert.equal(g.pathsToAdmin(false).get(u)?.confidence, 'certain');
});

test('who can: an administrator gets its shortest path, also when its first hop is a principal of its own account', async () => {
  const { buildWorkspace } = await import('../../core/model');
  const B = '222222222222', C = '333333333333';
  const trust = (aws: string) => doc({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' });
  const files = [
    { account: { id: A }, users: { adm: { policies: [ADMIN] } },
      roles: { r: { trustPolicy: trust(`arn:aws:iam::${A}:user/adm`), inlinePolicies: { a: doc(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/t`)) } } } },
    { account: { id: B },
      roles: { t: { trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${A}:role/r`, `arn:aws:iam::${C}:role/p`] }, Action: 'sts:AssumeRole' }), inlinePolicies: { d: doc(allow('sqs:DeleteQueue', `arn:aws:sqs:us-east-1:${B}:jobs`)) } } } },
    { account: { id: C },
      roles: {
        q: { trustPolicy: trust(`arn:aws:iam::${A}:root`), inlinePolicies: { a: doc(allow('sts:AssumeRole', `arn:aws:iam::${C}:role/p`)) } },
        p: { trustPolicy: trust(`arn:aws:iam::${C}:role/q`), inlinePolicies: { a: doc(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/t`)) } },
      } },
  ];
  const ws = buildWorkspace(files.map((f, i) => ({ uri: `file:///t/a${i}.iam.json`, text: JSON.stringify(f, null, 2) })));
  const answer = whoCan(ws, { action: 'sqs:DeleteQueue', resource: `arn:aws:sqs:us-east-1:${B}:jobs` });
  const got = Object.fromEntries(answer.principals.map((p) => [p.principal.name, p.steps.map((s) => `${s.technique}>${s.to.name}`).join(' ')]));
  // Two hops through its own account's role r, not three through account C's q and p (found first by the search).
  assert.equal(got.adm, 'assume-role>r assume-role>t');
  assert.equal(got.q, 'assume-role>p assume-role>t');
  assert.equal(got.r, 'assume-role>t');
});
