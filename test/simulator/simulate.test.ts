import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulateQuestion } from '../../core/analysis/simulate';
import { policyTextRequest, sanitizeQuestion, scenarioTextRequest, simulateRequest, simulatorOptions } from '../../core/analysis/simulate/service';
import type { SimulationAnswer } from '../../core/analysis/simulate/types';
import type { SimAnswer, SimQuestion } from '../../protocol';
import { exampleWorkspace, slice } from '../scenarios/helpers';

const ws = exampleWorkspace();
const NOW = new Date('2026-11-23T12:00:00Z');
const ask = (q: SimQuestion) => simulateQuestion(ws, q, { now: NOW });
const PROD = 'examples/acme-prod.iam.json';
const prodText = ws.file(PROD)!.text;

test('the protocol speaks the core types: a core answer goes on the wire as it is, a wire question is asked as it is', () => {
  const answer: SimulationAnswer = ask({ principal: 'alice', actions: ['s3:ListBucket'] });
  const wire: SimAnswer = answer;
  const q: SimQuestion = { principal: 'x', actions: [] };
  assert.ok(wire.rows.length === 1 && simulateQuestion(ws, q).problems.length > 0);
});

test('a row per action × resource, with the deciding layer and the statements that decided', () => {
  const a = ask({
    principal: 'carol',
    actions: ['iam:CreateUser', 's3:GetObject'],
    resources: ['arn:aws:s3:::acme-app-data/a', 'arn:aws:s3:::acme-web/b'],
    context: { 'aws:SecureTransport': true },
  });
  assert.deepEqual(a.problems, []);
  assert.deepEqual(
    a.rows.map((r) => [r.action, r.resource, r.decision, r.decidedBy]),
    [
      ['iam:CreateUser', 'arn:aws:s3:::acme-app-data/a', 'explicitDeny', 'boundary'],
      ['iam:CreateUser', 'arn:aws:s3:::acme-web/b', 'explicitDeny', 'boundary'],
      ['s3:GetObject', 'arn:aws:s3:::acme-app-data/a', 'allowed', 'identity'],
      ['s3:GetObject', 'arn:aws:s3:::acme-web/b', 'implicitDeny', 'identity'],
    ],
  );
  const deny = a.rows[0].matched[0];
  assert.equal(deny.layer, 'boundary');
  assert.equal(deny.sid, 'NoUserManagement');
  assert.equal(deny.location.uri, PROD);
  assert.match(slice(prodText, deny.location.span), /^\{\s*"Sid": "NoUserManagement"/);
  assert.deepEqual(deny.location.range?.start, ws.file(PROD)!.lines.positionAt(deny.location.span.start));
  const allow = a.rows[2].matched.map((m) => m.sid);
  assert.deepEqual(allow, ['AppData']);
  // The bucket's policy took part (its Deny did not apply: TLS was used).
  const bucket = a.rows[2].policies.find((p) => p.layer === 'resource');
  assert.equal(bucket?.policyId, 'arn:aws:s3:::acme-app-data');
  const tls = bucket!.statements.find((s) => s.sid === 'DenyInsecureTransport')!;
  assert.equal(tls.matched, false);
  assert.equal(tls.conditions[0].held, false);
  assert.match(tls.conditions[0].why, /.+/);
  assert.equal(slice(prodText, tls.conditions[0].location.span).includes('aws:SecureTransport'), true);
});

test('missing context keys are reported; given keys win over the ones AWS fills in', () => {
  const a = ask({ principal: 'alice', actions: ['iam:CreateUser'] });
  assert.deepEqual(a.rows[0].missingContextKeys, ['aws:MultiFactorAuthPresent']);
  assert.equal(a.rows[0].decision, 'explicitDeny');
  const filled = Object.fromEntries(a.context.map((k) => [k.key, [k.values.join(','), k.source]]));
  assert.deepEqual(filled['aws:username'], ['alice', 'aws']);
  assert.deepEqual(filled['aws:PrincipalArn'], ['arn:aws:iam::123456789012:user/alice', 'aws']);
  assert.deepEqual(filled['aws:PrincipalTag/team'], ['platform', 'aws']);
  assert.deepEqual(filled['aws:CurrentTime'], ['2026-11-23T12:00:00Z', 'aws']);
  const b = ask({ principal: 'alice', actions: ['iam:CreateUser'], context: { 'aws:username': 'mallory', 'aws:MultiFactorAuthPresent': 'true' } });
  assert.deepEqual(b.context.filter((k) => k.key === 'aws:username'), [{ key: 'aws:username', values: ['mallory'], source: 'question' }]);
  assert.equal(b.rows[0].decision, 'allowed');
});

test('principals: by name, by ARN, roles as sessions, services, providers, accounts; unknown ones say so', () => {
  assert.equal(ask({ principal: 'arn:aws:iam::123456789012:user/engineering/carol', actions: ['lambda:ListFunctions'] }).rows[0].decision, 'allowed');
  const role = ask({ principal: 'app-server', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-app-data/x'], context: { 'aws:SecureTransport': true } });
  assert.equal(role.principal.arn, 'arn:aws:sts::123456789012:assumed-role/app-server/simulator');
  assert.equal(role.principal.kind, 'role');
  assert.equal(slice(prodText, role.principal.location!.span), '"app-server"');
  const svc = ask({ principal: 'ec2.amazonaws.com', actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::123456789012:role/app-server'] });
  assert.equal(svc.rows[0].decision, 'allowed');
  assert.equal(svc.rows[0].decidedBy, 'resource');
  const outside = ask({ principal: '', sourceAccount: '444455556666', actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::123456789012:role/security-audit'], context: { 'sts:ExternalId': 'acme-audit-7f3c2a' } });
  assert.equal(outside.rows[0].decision, 'allowed');
  assert.equal(outside.rows[0].crossAccount, true);
  assert.match(ask({ principal: 'nobody', actions: ['s3:GetObject'] }).problems[0], /No user, role or identity provider "nobody"/);
  const both = ask({ principal: 'alice', sourceAccount: '444455556666', actions: ['s3:ListBucket'] });
  assert.match(both.problems[0], /source account 444455556666 is not used/);
  assert.equal(both.principal.arn, 'arn:aws:iam::123456789012:user/alice');
  const byHost = ask({ principal: 'token.actions.githubusercontent.com', account: '123456789012', actions: ['sts:AssumeRoleWithWebIdentity'], resources: ['arn:aws:iam::123456789012:role/github-deploy'], context: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/webapp:ref:refs/heads/main' } });
  assert.equal(byHost.principal.arn, 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
  assert.equal(byHost.rows[0].decision, 'allowed');
  assert.match(ask({ principal: 'token.actions.githubusercontent.com', actions: ['s3:GetObject'] }).problems[0], /Several accounts have an identity provider/);
  assert.match(ask({ principal: 'github', actions: ['s3:GetObject'] }).problems[0], /names a provider in 123456789012 and a provider in 999988887777/);
  assert.match(ask({ principal: 'arn:aws:iam::123456789012:group/Admins', actions: ['s3:GetObject'] }).problems[0], /groups cannot make requests/);
  assert.match(ask({ principal: 'arn:aws:iam::777777777777:user/x', actions: ['s3:GetObject'] }).problems[0], /no file of the workspace describes/);
  assert.equal(ask({ principal: 'anonymous', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-app-data/x'] }).rows[0].decision, 'implicitDeny');
});

test('chains: each hop is decided by the caller and the trust policy; the session carries only the role', () => {
  const ok = ask({
    principal: 'frank',
    chain: [{ role: 'security-audit', context: { 'sts:ExternalId': 'acme-audit-7f3c2a' }, sessionName: 'frank' }],
    actions: ['iam:ListUsers', 'sts:AssumeRole'],
    resources: ['*'],
  });
  assert.equal(ok.hops.length, 1);
  assert.equal(ok.hops[0].action, 'sts:AssumeRole');
  assert.equal(ok.hops[0].decision, 'allowed');
  assert.equal(ok.hops[0].from, 'arn:aws:iam::444455556666:user/frank');
  assert.ok(ok.hops[0].matched.some((m) => m.sid === 'SecurityAccountWithExternalId' && m.layer === 'resource'));
  assert.equal(ok.principal.arn, 'arn:aws:sts::123456789012:assumed-role/security-audit/frank');
  assert.deepEqual(ok.rows.map((r) => r.decision), ['allowed', 'implicitDeny'], "frank's own sts:AssumeRole permission is gone in the session");
  const github = ask({
    principal: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    chain: [{ role: 'github-deploy', context: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/webapp:ref:refs/heads/main' } }],
    actions: ['s3:PutObject'],
    resources: ['arn:aws:s3:::acme-web/index.html'],
  });
  assert.equal(github.hops[0].action, 'sts:AssumeRoleWithWebIdentity');
  assert.equal(github.rows[0].decision, 'allowed');
  const broken = ask({ principal: 'frank', chain: [{ role: 'security-audit' }, { role: 'app-server' }], actions: ['s3:GetObject'] });
  assert.equal(broken.chainAllowed, false);
  assert.equal(broken.hops.length, 1);
  assert.deepEqual(broken.hops[0].missingContextKeys, ['sts:ExternalId']);
  assert.deepEqual(broken.rows, []);
  const twice = ask({ principal: 'frank', chain: [{ role: 'security-audit', context: { 'sts:ExternalId': 'acme-audit-7f3c2a' } }, { role: 'app-server' }], actions: ['s3:GetObject'] });
  assert.equal(twice.hops[1].decision, 'implicitDeny', 'app-server trusts only EC2');
});

test('session policies narrow the session and are explained with their own positions', () => {
  const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "OnlyList", "Effect": "Allow", "Action": "iam:List*", "Resource": "*" }]\n}';
  const a = ask({ principal: 'frank', chain: [{ role: 'security-audit', context: { 'sts:ExternalId': 'acme-audit-7f3c2a' } }], sessionPolicy: policy, actions: ['iam:ListUsers', 'iam:GetUser'] });
  assert.deepEqual(a.rows.map((r) => [r.decision, r.decidedBy]), [['allowed', 'identity'], ['implicitDeny', 'session']]);
  const session = a.rows[0].policies.find((p) => p.layer === 'session')!;
  assert.equal(session.statements[0].sid, 'OnlyList');
  assert.deepEqual(session.statements[0].location.range?.start, { line: 2, character: 16 });
  assert.match(ask({ principal: 'alice', sessionPolicy: '{ nope', actions: ['s3:GetObject'] }).problems[0], /Session policy: JSON syntax error/);
});

test('wildcards expand through the catalogue; unknown actions are simulated and reported; no action is a problem', () => {
  const a = ask({ principal: 'carol', actions: ['lambda:List*', 'lambda:ListFunctions'] });
  assert.ok(a.rows.length > 5);
  assert.equal(new Set(a.rows.map((r) => r.action)).size, a.rows.length, 'no duplicates');
  assert.ok(a.rows.every((r) => r.action.startsWith('lambda:List') && r.decision === 'allowed'));
  const b = ask({ principal: 'carol', actions: ['s3:GetObjekt'] });
  assert.match(b.problems[0], /s3:GetObjekt is not in the AWS catalogue; did you mean s3:GetObject\?/);
  assert.equal(b.rows.length, 1);
  assert.match(ask({ principal: 'carol', actions: [] }).problems[0], /No action to simulate/);
  assert.match(ask({ principal: 'carol', actions: ['nonsense'] }).problems[0], /is not an action/);
  const all = simulateQuestion(ws, { principal: 'carol', actions: ['*'] }, { maxActions: 50 });
  assert.equal(all.rows.length, 50);
  assert.equal(all.truncated, true);
});

test('the request functions never throw on what a panel sends', () => {
  for (const junk of [undefined, null, 42, 'x', [], { principal: 7, actions: 'x', chain: [null, 3, { role: 5 }], context: [1], sessionPolicy: 9 }]) {
    const a = simulateRequest(ws, junk);
    assert.ok(Array.isArray(a.rows) && Array.isArray(a.problems));
  }
  assert.deepEqual(sanitizeQuestion({ principal: 'p', actions: ['a:b', 3], chain: ['r', { role: 'q', context: { k: ['1', 2] } }], context: { a: true, b: { x: 1 } } }), {
    principal: 'p',
    account: undefined,
    sourceAccount: undefined,
    chain: [{ role: 'r', context: undefined, sessionName: undefined, sessionPolicy: undefined }, { role: 'q', context: { k: ['1', '2'] }, sessionName: undefined, sessionPolicy: undefined }],
    sessionPolicy: undefined,
    actions: ['a:b'],
    resources: [],
    context: { a: true },
  });
  assert.match(scenarioTextRequest({ name: 'n', expect: 'allowed', question: { principal: 'p', actions: ['s3:GetObject'] } }).text ?? '', /"expect": "allowed"/);
  assert.match(scenarioTextRequest({ name: '', expect: 'allowed' }).error ?? '', /needs a name/);
  assert.match(scenarioTextRequest({ name: 'n', expect: 'maybe' }).error ?? '', /expected decision/);
  assert.match(scenarioTextRequest({ name: 'n', expect: 'denied', text: '[1,2]' }).error ?? '', /fix it first/);
});

test('the panel options list every principal and chain role of the workspace', () => {
  const o = simulatorOptions(ws);
  const values = o.principals.map((p) => p.value);
  for (const v of ['arn:aws:iam::123456789012:user/alice', 'arn:aws:iam::123456789012:role/app-server', 'arn:aws:iam::444455556666:user/frank', '444455556666', 'ec2.amazonaws.com']) {
    assert.ok(values.includes(v), v);
  }
  assert.ok(o.principals.some((p) => p.kind === 'identityProvider' && p.value.includes('oidc-provider/token.actions.githubusercontent.com')));
  assert.ok(o.roles.every((r) => r.kind === 'role'));
  assert.ok(o.services.length > 300 && o.services.some((s) => s.prefix === 's3'));
});

test('statements of AWS managed policies point into the text the policyText request serves', () => {
  const a = ask({ principal: 'alice', actions: ['ec2:RunInstances'], context: { 'aws:MultiFactorAuthPresent': true } });
  const admin = a.rows[0].matched.find((m) => m.policyId === 'arn:aws:iam::aws:policy/AdministratorAccess')!;
  assert.equal(admin.location.uri, 'aws-managed-policy:AdministratorAccess');
  const text = policyTextRequest({ uri: admin.location.uri }).text!;
  assert.match(slice(text, admin.location.span), /^\{[\s\S]*"Effect": "Allow"[\s\S]*\}$/);
  assert.ok(admin.location.range);
  assert.deepEqual(policyTextRequest({ uri: 'aws-managed-policy:NoSuchPolicy' }), {});
  assert.deepEqual(policyTextRequest({ uri: 'file:///etc/passwd' }), {});
  assert.deepEqual(policyTextRequest(null), {});
});

test('random questions over the example workspace never throw and always answer in shape', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(xs: T[]) => xs[rand(xs.length)];
  const principals = [...simulatorOptions(ws).principals.map((p) => p.value), 'anonymous', '*', '', 'nobody', 'arn:aws:iam::1:user/x', 'github', 'arn:aws:sts::123456789012:assumed-role/app-server/s'];
  const roles = ['security-audit', 'app-server', 'github-deploy', 'corp-readonly', 'missing', 'arn:aws:iam::123456789012:role/security-audit'];
  const actions = ['s3:GetObject', 's3:*', 'iam:Create*', 'sts:AssumeRole', 'kms:Decrypt', 'ec2:RunInstances', 'bogus', 'x:y', '*:Get', 'rds-data:*'];
  const resources = ['*', 'arn:aws:s3:::acme-app-data/k', 'arn:aws:iam::123456789012:role/app-server', 'arn:aws:kms:eu-west-1:123456789012:key/1', 'not-an-arn', ''];
  const contexts: Record<string, string | boolean | string[]>[] = [{}, { 'aws:MultiFactorAuthPresent': true }, { 'sts:ExternalId': 'acme-audit-7f3c2a' }, { 'aws:SourceIp': ['1.2.3.4', 'x'] }, { 'aws:SecureTransport': 'maybe' }];
  for (let i = 0; i < 60; i++) {
    const q: SimQuestion = {
      principal: pick(principals),
      chain: rand(3) === 0 ? [{ role: pick(roles), context: pick(contexts) }] : undefined,
      sessionPolicy: rand(5) === 0 ? pick(['{', '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', '[]']) : undefined,
      actions: [pick(actions), pick(actions)],
      resources: [pick(resources)],
      context: pick(contexts),
    };
    const a = simulateQuestion(ws, q, { now: NOW, maxActions: 20 });
    assert.ok(Array.isArray(a.rows) && Array.isArray(a.problems) && Array.isArray(a.hops), JSON.stringify(q));
    for (const r of a.rows) assert.ok(['allowed', 'explicitDeny', 'implicitDeny'].includes(r.decision));
    if (!a.chainAllowed) assert.equal(a.rows.length, 0);
  }
});

test('SCPs are named by their Organizations ARN and labelled with their level (root, OU, account), so the level that lacks an Allow or denies is clear', () => {
  const a = ask({ principal: 'alice', actions: ['cloudtrail:StopLogging'], context: { 'aws:MultiFactorAuthPresent': true } });
  const scp = 'arn:aws:organizations::111122223333:policy/o-a1b2c3d4e5/service_control_policy/p-examplescp1';
  const full = 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess';
  assert.deepEqual(a.rows[0].matched.map((m) => [m.layer, m.policyId, m.sid]), [['scp', `${scp} (SCP level 2 of 3)`, 'KeepAuditTrail']]);
  assert.deepEqual(a.rows[0].policies.filter((p) => p.layer === 'scp').map((p) => p.policyId), [
    `${full} (SCP level 1 of 3)`,
    `${full} (SCP level 2 of 3)`,
    `${scp} (SCP level 2 of 3)`,
    `${full} (SCP level 3 of 3)`,
  ]);
  // The statement opens in the organization file.
  assert.equal(a.rows[0].matched[0].location.uri, 'examples/acme-organization.iam.json');
});
