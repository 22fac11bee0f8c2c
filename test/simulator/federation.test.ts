import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulateQuestion } from '../../core/analysis/simulate';
import type { SimulationQuestion } from '../../core/analysis/simulate/types';
import { buildWorkspace } from '../../core/model';

const USER = 'arn:aws:iam::111122223333:user/team/pat';
const FEDERATED = 'arn:aws:sts::111122223333:federated-user/pat';
const ADMIN = 'arn:aws:iam::111122223333:user/admin';
const ADMIN_FEDERATED = 'arn:aws:sts::111122223333:federated-user/admin';

const ws = buildWorkspace([
  {
    uri: 'mem://fed.iam.json',
    text: JSON.stringify({
      account: { id: '111122223333' },
      policies: {
        // GetFederationToken is a request of the user's own: its boundary must allow it too.
        Boundary: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'sts:GetFederationToken'], Resource: '*' }] } },
      },
      users: {
        pat: {
          path: '/team/',
          permissionsBoundary: 'Boundary',
          tags: { team: 'blue' },
          inlinePolicies: {
            own: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'iam:GetUser'], Resource: '*' },
                { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/ops' },
                // IAM User Guide, "Permissions for GetFederationToken": the user needs this to make its session.
                { Sid: 'Federate', Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: FEDERATED },
              ],
            },
          },
        },
        admin: {
          inlinePolicies: { all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'sts:*', 's3:*'], Resource: '*' }] } },
        },
        // May read S3 but not call GetFederationToken at all.
        reader: {
          inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
        },
        // May call GetFederationToken, but only for federated users named app-*.
        scoped: {
          inlinePolicies: {
            fed: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: 'arn:aws:sts::111122223333:federated-user/app-*' },
                { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
              ],
            },
          },
        },
        // Allowed sts:* and s3:*, but GetFederationToken is denied outright.
        blocked: {
          inlinePolicies: {
            mixed: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['sts:*', 's3:*'], Resource: '*' },
                { Sid: 'NoFederation', Effect: 'Deny', Action: 'sts:GetFederationToken', Resource: '*' },
              ],
            },
          },
        },
        // 40 characters: a valid IAM user name (up to 64), too long for GetFederationToken's Name (up to 32).
        'deployment-automation-service-account-01': {
          inlinePolicies: { all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetFederationToken', 's3:*'], Resource: '*' }] } },
        },
        // One character: a valid IAM user name, too short for Name (at least 2).
        q: {
          inlinePolicies: { all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetFederationToken', 's3:*'], Resource: '*' }] } },
        },
      },
      roles: {
        deploy: {
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [ADMIN, ADMIN_FEDERATED] }, Action: 'sts:AssumeRole' }] },
        },
        ops: {
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }] },
          inlinePolicies: { ops: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
        },
      },
      resources: {
        'arn:aws:s3:::shared': {
          policy: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'ToUser', Effect: 'Allow', Principal: { AWS: USER }, Action: ['s3:DeleteObject', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::shared/*' },
              { Sid: 'ToSession', Effect: 'Allow', Principal: { AWS: FEDERATED }, Action: 's3:GetObjectAcl', Resource: 'arn:aws:s3:::shared/*' },
            ],
          },
        },
      },
    }),
  },
]);

/** Allows more than the user has (ec2) and less (no s3:PutObject, no sqs, no s3:GetObjectVersion, no s3:GetObjectAcl). */
const SESSION_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject', 'iam:GetUser', 'ec2:DescribeInstances'], Resource: '*' }],
};

const ACTIONS = ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'iam:GetUser', 'ec2:DescribeInstances', 's3:DeleteObject', 's3:GetObjectVersion', 's3:GetObjectAcl'];

function ask(q: Partial<SimulationQuestion>) {
  return simulateQuestion(ws, { principal: 'pat', actions: ACTIONS, resources: ['arn:aws:s3:::shared/k'], ...q }, { now: new Date('2026-11-23T12:00:00Z') });
}

test('a session policy for an IAM user makes the caller its GetFederationToken session', () => {
  const a = ask({ sessionPolicy: SESSION_POLICY });
  assert.deepEqual(a.problems, []);
  assert.equal(a.principal.arn, FEDERATED);
  assert.equal(a.principal.kind, 'federated-user');
  assert.match(a.principal.label, /^federated user pat \(GetFederationToken by user pat: the user's policies and boundary, within the session policy\)$/);
  const filled = Object.fromEntries(a.context.map((k) => [k.key, k.values.join(',')]));
  assert.equal(filled['aws:PrincipalArn'], FEDERATED);
  assert.equal(filled['aws:PrincipalType'], 'FederatedUser');
  assert.equal(filled['aws:userid'], '111122223333:pat');
  assert.equal(filled['aws:username'], undefined, 'a federated user has no aws:username');
  assert.equal(filled['aws:PrincipalTag/team'], 'blue', "the user's tags are the session's principal tags");
});

test("the federated session has the user's policies and boundary within the session policy; resource policies by ARN", () => {
  const rows = Object.fromEntries(ask({ sessionPolicy: SESSION_POLICY }).rows.map((r) => [r.action, [r.decision, r.decidedBy, r.reason]]));
  assert.deepEqual(rows['s3:GetObject'].slice(0, 2), ['allowed', 'identity']);
  assert.deepEqual(rows['s3:PutObject'].slice(0, 2), ['implicitDeny', 'session'], 'the user may, the session policy does not');
  assert.deepEqual(rows['sqs:SendMessage'].slice(0, 2), ['implicitDeny', 'session']);
  // GetFederationToken credentials never call IAM operations; the layers still show the boundary's own answer.
  assert.deepEqual(rows['iam:GetUser'].slice(0, 2), ['implicitDeny', undefined]);
  const getUser = ask({ sessionPolicy: SESSION_POLICY }).rows.find((r) => r.action === 'iam:GetUser')!;
  assert.equal(getUser.layers.find((l) => l.layer === 'boundary')?.decision, 'implicitDeny', "the user's boundary still limits");
  assert.deepEqual(rows['ec2:DescribeInstances'].slice(0, 2), ['implicitDeny', 'identity'], 'a session policy grants nothing by itself');
  // The bucket names the user: allowed within the boundary and the session policy, without an identity-based allow.
  assert.deepEqual(rows['s3:DeleteObject'], ['allowed', 'resource', 'Allowed by the resource-based policy, which names the IAM user who federated this session.']);
  assert.deepEqual(rows['s3:GetObjectVersion'].slice(0, 2), ['implicitDeny', 'session']);
  // The bucket names the federated-user session itself: the session policy does not limit it.
  assert.deepEqual(rows['s3:GetObjectAcl'].slice(0, 2), ['allowed', 'resource']);
});

test('without a session policy the caller stays the user; after a role chain the session policy is the last role session', () => {
  const plain = ask({});
  assert.equal(plain.principal.arn, USER);
  assert.equal(plain.principal.kind, 'user');
  const rows = Object.fromEntries(plain.rows.map((r) => [r.action, r.decision]));
  assert.equal(rows['s3:PutObject'], 'allowed');
  assert.equal(rows['s3:GetObjectAcl'], 'implicitDeny', 'the bucket names the federated-user session, not the user');
  const chained = ask({ chain: [{ role: 'ops' }], sessionPolicy: SESSION_POLICY });
  assert.equal(chained.principal.arn, 'arn:aws:sts::111122223333:assumed-role/ops/simulator');
  const chainedRows = Object.fromEntries(chained.rows.map((r) => [r.action, [r.decision, r.decidedBy]]));
  assert.deepEqual(chainedRows['s3:DeleteObject'], ['allowed', 'identity']);
  assert.deepEqual(chainedRows['s3:PutObject'], ['implicitDeny', 'session']);
});

test('a federated user session cannot call IAM operations, nor STS operations other than GetCallerIdentity, whatever its policies allow', () => {
  // IAM User Guide, "Compare AWS STS credentials"; STS API Reference, "GetFederationToken" (Permissions).
  const everything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const now = { now: new Date('2026-11-23T12:00:00Z') };
  const asAdmin = (q: Partial<SimulationQuestion>) => simulateQuestion(ws, { principal: 'admin', actions: [], ...q }, now);
  const rowsOf = (a: ReturnType<typeof asAdmin>) => Object.fromEntries(a.rows.map((r) => [r.action, r]));

  const fed = asAdmin({ sessionPolicy: everything, actions: ['iam:ListUsers', 'sts:GetCallerIdentity', 's3:GetObject'] });
  assert.deepEqual(fed.problems, []);
  assert.equal(fed.principal.arn, ADMIN_FEDERATED);
  const rows = rowsOf(fed);
  assert.deepEqual([rows['iam:ListUsers'].decision, rows['iam:ListUsers'].decidedBy], ['implicitDeny', undefined], 'denied despite iam:* in both the user and the session policy');
  assert.equal(
    rows['iam:ListUsers'].reason,
    `AWS STS federated user sessions can't call IAM operations with the AWS CLI or API, whatever the policies allow (IAM User Guide, "Compare AWS STS credentials"; STS API Reference, "GetFederationToken").`,
  );
  // Every caller may call GetCallerIdentity whatever the policies say (STS API Reference, "GetCallerIdentity").
  assert.deepEqual([rows['sts:GetCallerIdentity'].decision, rows['sts:GetCallerIdentity'].decidedBy], ['allowed', undefined]);
  assert.deepEqual([rows['s3:GetObject'].decision, rows['s3:GetObject'].decidedBy], ['allowed', 'identity']);

  const role = 'arn:aws:iam::111122223333:role/deploy';
  const assume = rowsOf(asAdmin({ sessionPolicy: everything, actions: ['sts:AssumeRole'], resources: [role] }))['sts:AssumeRole'];
  assert.deepEqual([assume.decision, assume.decidedBy], ['implicitDeny', undefined], "the role's trust policy names the session, but STS is barred");
  assert.match(assume.reason, /^AWS STS federated user sessions can't call STS operations other than GetCallerIdentity, /);

  // The same user without a session policy is the IAM user itself, which is not limited.
  const plain = rowsOf(asAdmin({ actions: ['iam:ListUsers', 'sts:GetCallerIdentity'] }));
  assert.equal(plain['iam:ListUsers'].decision, 'allowed');
  assert.equal(plain['sts:GetCallerIdentity'].decision, 'allowed');
  assert.equal(rowsOf(asAdmin({ actions: ['sts:AssumeRole'], resources: [role] }))['sts:AssumeRole'].decision, 'allowed');
});

test('the user must be allowed sts:GetFederationToken on its federated-user ARN: the call is shown as a step before the rows', () => {
  // IAM User Guide, "Permissions for GetFederationToken".
  const a = ask({ sessionPolicy: SESSION_POLICY });
  assert.equal(a.chainAllowed, true);
  assert.equal(a.hops.length, 1);
  const [hop] = a.hops;
  assert.deepEqual([hop.from, hop.action, hop.role, hop.decision, hop.decidedBy], [USER, 'sts:GetFederationToken', FEDERATED, 'allowed', 'identity']);
  assert.deepEqual(hop.matched.map((m) => [m.layer, m.sid, m.effect]), [['identity', 'Federate', 'Allow']]);
  assert.ok(hop.policies.some((p) => p.layer === 'boundary'), "the user's boundary is part of the decision");
  assert.ok(!hop.policies.some((p) => p.layer === 'session' || p.layer === 'resource'), 'the session policy limits the session, not the call that makes it');
  assert.equal(hop.location?.uri, 'mem://fed.iam.json', 'the step points at the user');
  assert.equal(a.rows.length, ACTIONS.length);
  // Without a session policy there is no GetFederationToken call, and with a chain the session policy is the last role's.
  assert.deepEqual(ask({}).hops, []);
  assert.deepEqual(ask({ chain: [{ role: 'ops' }], sessionPolicy: SESSION_POLICY }).hops.map((h) => h.action), ['sts:AssumeRole']);
});

test('a user without sts:GetFederationToken permission gets no federated-user session: implicit deny, no rows', () => {
  for (const [principal, arn] of [['reader', 'arn:aws:sts::111122223333:federated-user/reader'], ['scoped', 'arn:aws:sts::111122223333:federated-user/scoped']]) {
    const a = ask({ principal, sessionPolicy: SESSION_POLICY, actions: ['s3:GetObject'] });
    assert.equal(a.chainAllowed, false, principal);
    assert.deepEqual(a.rows, [], principal);
    assert.deepEqual(a.problems, [], principal);
    assert.equal(a.principal.arn, arn, 'the answer still names the session that was asked for');
    assert.equal(a.hops.length, 1);
    assert.deepEqual([a.hops[0].action, a.hops[0].role, a.hops[0].decision, a.hops[0].decidedBy], ['sts:GetFederationToken', arn, 'implicitDeny', 'identity'], principal);
  }
  // The same users without a session policy are asked as themselves.
  assert.equal(ask({ principal: 'reader', actions: ['s3:GetObject'] }).rows[0].decision, 'allowed');
});

test('an explicit deny of sts:GetFederationToken stops the session', () => {
  const a = ask({ principal: 'blocked', sessionPolicy: SESSION_POLICY, actions: ['s3:GetObject'] });
  assert.equal(a.chainAllowed, false);
  assert.deepEqual(a.rows, []);
  const [hop] = a.hops;
  assert.deepEqual([hop.from, hop.decision, hop.decidedBy], ['arn:aws:iam::111122223333:user/blocked', 'explicitDeny', 'identity']);
  assert.deepEqual(hop.matched.map((m) => [m.sid, m.effect]), [['NoFederation', 'Deny']]);
});

test("a user name GetFederationToken would refuse as Name (2 to 32 characters of [\\w+=,.@-]) is a problem, and nothing is simulated", () => {
  // STS API Reference, "GetFederationToken" (Name); IAM user names may be up to 64 characters.
  const long = 'deployment-automation-service-account-01';
  assert.equal(long.length, 40);
  const a = ask({ principal: long, sessionPolicy: SESSION_POLICY, actions: ['s3:GetObject'] });
  assert.equal(a.chainAllowed, false);
  assert.deepEqual(a.rows, []);
  assert.deepEqual(a.hops, [], 'AWS refuses the request before any permission matters');
  assert.equal(a.problems.length, 1);
  assert.match(a.problems[0], /^AWS would refuse this GetFederationToken request: the simulator passes the user's name "deployment-automation-service-account-01" as Name, and it is 40 characters long, longer than 32 /);
  assert.match(a.problems[0], /STS API Reference, "GetFederationToken"/);
  const short = ask({ principal: 'q', sessionPolicy: SESSION_POLICY, actions: ['s3:GetObject'] });
  assert.deepEqual([short.chainAllowed, short.rows.length], [false, 0]);
  assert.match(short.problems[0], /"q" as Name, and it is 1 character long, shorter than 2 /);
  // Without a session policy the user is asked as itself: its name does not matter.
  const plain = ask({ principal: long, actions: ['s3:GetObject'] });
  assert.deepEqual([plain.problems, plain.rows[0].decision], [[], 'allowed']);
});
