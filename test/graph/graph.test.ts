import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildGraph } from '../../core/analysis/graph';
import { buildWorkspace } from '../../core/model';
import type { GraphData } from '../../protocol';

function examples(): GraphData {
  const files = readdirSync('examples').filter((f) => f.endsWith('.iam.json'));
  return buildGraph(buildWorkspace(files.map((f) => ({ uri: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') }))));
}

/** One account file from an object; extra files for cross-account cases. */
function graphOf(...accounts: object[]): GraphData {
  return buildGraph(buildWorkspace(accounts.map((a, i) => ({ uri: `mem/${i}.iam.json`, text: JSON.stringify(a, null, 2) }))));
}

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const trust = (Principal: object, extra: object = {}) => doc({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });
const A = '111111111111';
const B = '222222222222';

function edges(g: GraphData, kind?: string): string[] {
  return g.edges.filter((e) => !kind || e.kind === kind).map((e) => `${e.source} -> ${e.target}${e.label ? ` [${e.label}]` : ''}`).sort();
}

test('the examples: every edge joins two nodes, ids are unique, entities have locations', () => {
  const g = examples();
  const ids = new Set(g.nodes.map((n) => n.id));
  assert.equal(ids.size, g.nodes.length, 'node ids unique');
  assert.equal(new Set(g.edges.map((e) => e.id)).size, g.edges.length, 'edge ids unique');
  for (const e of g.edges) assert.ok(ids.has(e.source) && ids.has(e.target), e.id);
  for (const n of g.nodes.filter((n) => ['user', 'group', 'role', 'policy'].includes(n.kind))) {
    assert.ok(n.location, `${n.id} has a location`);
  }
  const alice = g.nodes.find((n) => n.id === 'user:123456789012:alice')!;
  const text = readFileSync('examples/acme-prod.iam.json', 'utf8').split('\n');
  assert.equal(alice.location!.uri, 'examples/acme-prod.iam.json');
  assert.match(text[alice.location!.range.start.line], /"alice"/);
  assert.match(alice.detail ?? '', /arn:aws:iam::123456789012:user\/.*alice/);
});

test('the examples: memberships, attachments, boundaries, instance profiles', () => {
  const g = examples();
  const all = edges(g);
  for (const e of [
    'user:123456789012:alice -> group:123456789012:Admins',
    'group:123456789012:Admins -> awsPolicy:123456789012:arn:aws:iam::aws:policy/AdministratorAccess',
    'user:123456789012:carol -> policy:123456789012:DevBoundary',
    'instanceProfile:123456789012:app-server -> role:123456789012:app-server',
    'role:123456789012:app-server -> awsPolicy:123456789012:arn:aws:iam::aws:policy/AmazonRDSDataFullAccess',
  ]) {
    assert.ok(all.includes(e), `${e} in\n${all.join('\n')}`);
  }
  assert.equal(g.edges.find((e) => e.source === 'user:123456789012:carol' && e.target === 'policy:123456789012:DevBoundary')?.kind, 'boundary');
});

test('the examples: who can assume what, as the evaluator decides', () => {
  const assume = edges(examples(), 'canAssume');
  for (const e of [
    'service:ec2.amazonaws.com -> role:123456789012:app-server',
    'service:rds.amazonaws.com -> role:123456789012:AWSServiceRoleForRDS',
    'user:444455556666:frank -> role:123456789012:security-audit [if sts:ExternalId]',
    'account:444455556666 -> role:123456789012:security-audit [if sts:ExternalId]',
    'identityProvider:123456789012:corp -> role:123456789012:corp-readonly [if SAML:aud]',
    'externalAccount:* -> role:999988887777:open-to-everyone',
    'externalAccount:111122223333 -> role:999988887777:partner-access',
  ]) {
    assert.ok(assume.includes(e), `${e} in\n${assume.join('\n')}`);
  }
  assert.ok(!assume.some((e) => e.startsWith('user:123456789012:')), 'no prod user can assume a role: none has sts:AssumeRole');
});

test('can assume: the trusted account\'s principals need their own permission, unless the trust names them', () => {
  const allowAssume = { policies: {}, inlinePolicies: { a: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) } };
  const g = graphOf({
    account: { id: A },
    users: {
      can: allowAssume,
      cannot: { inlinePolicies: { a: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } },
      denied: {
        inlinePolicies: {
          a: doc({ Effect: 'Allow', Action: 'sts:*', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }),
        },
      },
      named: {},
    },
    roles: {
      target: { trustPolicy: trust({ AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/named`] }) },
      wrong: { trustPolicy: trust({ AWS: `arn:aws:iam::${A}:user/named` }, { Action: 's3:GetObject' }) },
    },
  });
  assert.deepEqual(edges(g, 'canAssume'), [
    `user:${A}:can -> role:${A}:target`,
    `user:${A}:named -> role:${A}:target`,
  ]);
});

test('can assume: a user of another workspace account, the account itself, services and providers', () => {
  const g = graphOf(
    {
      account: { id: A },
      identityProviders: { gh: { type: 'oidc', url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] } },
      roles: {
        x: { trustPolicy: trust({ AWS: B }) },
        lambda: { trustPolicy: trust({ Service: 'lambda.amazonaws.com' }) },
        ci: {
          trustPolicy: doc({
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` },
            Action: 'sts:AssumeRoleWithWebIdentity',
          }),
        },
        nobody: { trustPolicy: doc({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }) },
      },
    },
    {
      account: { id: B },
      users: {
        ops: { inlinePolicies: { a: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/x` }) } },
        elsewhere: { inlinePolicies: { a: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/other` }) } },
      },
    },
  );
  assert.deepEqual(edges(g, 'canAssume'), [
    `account:${B} -> role:${A}:x`,
    `identityProvider:${A}:gh -> role:${A}:ci`,
    `service:lambda.amazonaws.com -> role:${A}:lambda`,
    `user:${B}:ops -> role:${A}:x`,
  ]);
  const account = g.nodes.find((n) => n.id === `account:${B}`)!;
  assert.equal(account.kind, 'account');
});

test('names reach the graph verbatim; dangling references and broken files do not throw', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const g = graphOf({
    account: { id: A },
    users: { [hostile]: { groups: ['Missing'], policies: ['NoSuchPolicy', 'arn:aws:iam::aws:policy/NoSuchAwsPolicy'] } },
    roles: { r: { trustPolicy: 'not a document', instanceProfile: 'p' } },
  });
  assert.ok(g.nodes.some((n) => n.label === hostile && n.id === `user:${A}:${hostile}`));
  assert.deepEqual(edges(g, 'memberOf'), []);
  assert.deepEqual(edges(g, 'attached'), []);
  assert.deepEqual(edges(g, 'instanceProfile'), [`instanceProfile:${A}:p -> role:${A}:r`]);
  const broken = buildGraph(buildWorkspace([{ uri: 'x.iam.json', text: '{ "users": { "a": [1, 2' }, { uri: 'y.iam.json', text: '\u0000\u0001garbage' }]));
  assert.ok(Array.isArray(broken.nodes));
});

test('ids are stable across edits that do not rename', () => {
  const base = { account: { id: A }, users: { u: { groups: ['G'] } }, groups: { G: { policies: ['P'] } }, policies: { P: { document: doc() } } };
  const before = graphOf(base);
  const after = graphOf({ ...base, users: { u: { groups: ['G'] }, v: {} } });
  const ids = new Set(after.nodes.map((n) => n.id));
  for (const n of before.nodes) assert.ok(ids.has(n.id), n.id);
  assert.equal(after.nodes.length, before.nodes.length + 1);
});

test('options: only some files; no assume edges', () => {
  const all = examples();
  const ws = buildWorkspace(
    readdirSync('examples')
      .filter((f) => f.endsWith('.iam.json'))
      .map((f) => ({ uri: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') })),
  );
  const prod = buildGraph(ws, { uris: ['examples/acme-prod.iam.json'] });
  assert.ok(prod.nodes.length < all.nodes.length);
  assert.ok(prod.nodes.every((n) => !n.id.includes('999988887777')));
  assert.ok(prod.nodes.some((n) => n.id === 'user:444455556666:frank'), 'a trusted user of another file still shows');
  assert.deepEqual(edges(buildGraph(ws, { skipAssume: true }), 'canAssume'), []);
});

test('beyond 100 principals of an account, one edge from the account stands in for them', () => {
  const users: Record<string, object> = {};
  for (let i = 0; i < 105; i++) users[`ops-${i}`] = { groups: ['Ops'] };
  users.named = {};
  const g = graphOf({
    account: { id: A },
    groups: { Ops: { inlinePolicies: { assume: doc({ Effect: 'Allow', Action: 'sts:AssumeRole*', Resource: '*' }) } } },
    users,
    roles: {
      busy: { trustPolicy: trust({ AWS: [A, `arn:aws:iam::${A}:user/named`] }) },
      quiet: { trustPolicy: trust({ AWS: `arn:aws:iam::${A}:user/ops-7` }) },
    },
  });
  assert.deepEqual(edges(g, 'canAssume'), [
    `account:${A} -> role:${A}:busy [more than 100 principals]`,
    `user:${A}:named -> role:${A}:busy`,
    `user:${A}:ops-7 -> role:${A}:quiet`,
  ]);
});

test('can assume: one named principal of an outside account', () => {
  const g = graphOf({
    account: { id: A },
    roles: {
      deploy: { trustPolicy: trust({ AWS: 'arn:aws:iam::333333333333:role/ci/Deployer' }) },
      audit: { trustPolicy: trust({ AWS: '333333333333' }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) },
    },
  });
  assert.deepEqual(edges(g, 'canAssume'), [
    `externalAccount:333333333333 -> role:${A}:audit [if aws:MultiFactorAuthPresent]`,
    `externalAccount:333333333333 -> role:${A}:deploy [as role/ci/Deployer]`,
  ]);
});

test('can assume: role chaining, a role with a path named in the trust policy', () => {
  const assume = { a: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) };
  const g = graphOf({
    account: { id: A },
    roles: {
      runner: { path: '/ci/', inlinePolicies: assume },
      plain: { inlinePolicies: assume },
      idle: {},
      target: { trustPolicy: trust({ AWS: [`arn:aws:iam::${A}:role/ci/runner`, `arn:aws:iam::${A}:role/plain`] }) },
    },
  });
  assert.deepEqual(edges(g, 'canAssume'), [`role:${A}:plain -> role:${A}:target`, `role:${A}:runner -> role:${A}:target`]);
});

test('names that repeat say where they are: the account across accounts, the kind within one', async () => {
  const { qualifyRepeatedNames } = await import('../../core/analysis/graph');
  const { AnalysisHost } = await import('../../core/ide/host');
  const host = new AnalysisHost();
  host.setFile('file:///q/a.iam.json', '{ "account": { "id": "111111111111", "alias": "prod" }, "groups": { "Admins": {} } }');
  host.setFile('file:///q/b.iam.json', '{ "account": { "id": "222222222222" }, "groups": { "Admins": {} } }');
  const ws = host.snapshot().workspace;
  const nodes = qualifyRepeatedNames(ws, [
    { id: 'group:111111111111:Admins', kind: 'group', label: 'Admins' },
    { id: 'group:222222222222:Admins', kind: 'group', label: 'Admins' },
    { id: 'role:111111111111:app', kind: 'role', label: 'app' },
    { id: 'instanceProfile:111111111111:app', kind: 'instanceProfile', label: 'app' },
    { id: 'user:111111111111:solo', kind: 'user', label: 'solo' },
  ]);
  assert.deepEqual(nodes.map((n) => n.label), ['Admins (prod)', 'Admins (222222222222)', 'app (role)', 'app (instance profile)', 'solo']);
  assert.deepEqual(nodes.map((n) => n.id), ['group:111111111111:Admins', 'group:222222222222:Admins', 'role:111111111111:app', 'instanceProfile:111111111111:app', 'user:111111111111:solo']);
});
