import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, exampleSources, exampleWorkspace } from './helpers';

test('the clean examples model without a single parse, schema or reference finding', () => {
  const ws = exampleWorkspace();
  for (const uri of ['examples/acme-prod.iam.json', 'examples/acme-security.iam.json', 'examples/acme-organization.iam.json']) {
    assert.deepEqual(ws.findingsFor(uri), [], uri);
  }
});

test('the production example holds what an administrator set up', () => {
  const ws = exampleWorkspace();
  const prod = ws.fileForAccount('123456789012')!;
  assert.equal(prod.account.alias?.value, 'acme-prod');
  assert.deepEqual([...prod.users.keys()], ['alice', 'bob', 'carol', 'dan', 'erin', 'ci-deploy']);
  assert.deepEqual([...prod.groups.keys()], ['Admins', 'Developers', 'Auditors', 'Deployers']);
  assert.deepEqual(prod.groups.get('Admins')!.members.map((u) => u.name), ['alice', 'bob']);
  const carol = prod.users.get('carol')!;
  assert.equal(carol.arn, 'arn:aws:iam::123456789012:user/engineering/carol');
  assert.equal(carol.permissionsBoundary?.target?.kind, 'customer');
  const appServer = prod.roles.get('app-server')!;
  assert.equal(appServer.instanceProfile?.name, 'app-server');
  assert.equal(appServer.trustPolicy?.statements[0].principal?.entries[0].values[0].value, 'ec2.amazonaws.com');
  const rds = appServer.policies[1].target;
  assert.equal(rds?.kind, 'aws');
  assert.ok(rds?.kind === 'aws' && rds.document.statements.length > 0, 'AWS managed document parsed');
  const slr = prod.roles.get('AWSServiceRoleForRDS')!;
  assert.equal(slr.serviceLinked, true);
  assert.equal(slr.arn, 'arn:aws:iam::123456789012:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS');
  assert.equal(prod.identityProviders.get('github')!.arn, 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
  assert.equal(prod.identityProviders.get('corp')!.arn, 'arn:aws:iam::123456789012:saml-provider/corp');
  assert.equal(prod.account.organization, undefined, 'the SCPs come from the organization file');
  const org = ws.organizationOf(prod)!;
  assert.equal(org.source, 'tree');
  assert.deepEqual(org.scp.map((l) => l.map((r) => r.target?.kind)), [['builtin'], ['builtin', 'organization'], ['builtin']]);
  assert.equal(org.account?.parent.name, 'Workloads');
  assert.equal(prod.resources[0].arn, 'arn:aws:s3:::acme-app-data');
  assert.equal(prod.resources[0].policy?.statements.length, 2);
  assert.equal(prod.account.asOf?.value, '2026-11-23');
});

test('spans point at the text they describe', () => {
  const sources = exampleSources();
  const text = sources.find((s) => s.uri.endsWith('acme-prod.iam.json'))!.text;
  const prod = exampleWorkspace().fileForAccount('123456789012')!;
  const alice = prod.users.get('alice')!;
  assert.equal(text.slice(alice.nameSpan.start, alice.nameSpan.end), '"alice"');
  assert.equal(text.slice(alice.groups[0].span.start, alice.groups[0].span.end), '"Admins"');
  const st = prod.policies.get('DeveloperAccess')!.document.statements[2];
  assert.equal(text.slice(st.sid!.span.start, st.sid!.span.end), '"PassOnlyLambdaRoles"');
  assert.equal(text.slice(st.conditions[0].key.span.start, st.conditions[0].key.span.end), '"iam:PassedToService"');
  const pos = prod.lines.positionAt(alice.nameSpan.start);
  assert.equal(text.split('\n')[pos.line].trim().startsWith('"alice"'), true);
});

test('cross-account ARNs resolve to entities of the other file', () => {
  const ws = exampleWorkspace();
  const role = ws.entityByArn('arn:aws:iam::123456789012:role/security-audit');
  assert.equal(role?.kind, 'role');
  assert.equal(role?.uri, 'examples/acme-prod.iam.json');
  const frank = ws.entityByArn('arn:aws:iam::444455556666:user/frank');
  assert.equal(frank?.uri, 'examples/acme-security.iam.json');
  // Written without the path, an ARN still finds the user.
  assert.equal(ws.entityByArn('arn:aws:iam::123456789012:user/carol')?.name, 'carol');
  assert.equal(ws.entityByArn('arn:aws:iam::123456789012:user/nobody'), undefined);
});

test('the mistakes example reports its dangling group at the reference', () => {
  const ws = exampleWorkspace();
  const uri = 'examples/mistakes.iam.json';
  const text = exampleSources().find((s) => s.uri === uri)!.text;
  const findings = ws.findingsFor(uri);
  const dangling = findings.find((f) => f.code === 'ref/unknown-group');
  assert.ok(dangling);
  assert.equal(at(text, dangling), '"Developer"');
  assert.equal(ws.fileForAccount('999988887777')!.groups.get('Ops')!.nestedGroups?.[0].name, 'Admins');
});
