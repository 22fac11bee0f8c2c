/**
 * A small account file the language server reads while it waits for the editor's first document (see
 * `beforeFirstOpenSteps` in warm-up.ts): the direct reader's code (core/model/parse-direct.ts) then runs on a big
 * file's text already compiled and with its type feedback, instead of paying for both inside the user's first look.
 * Every section and field kind the reader goes through in an everyday account: users (groups, keys, console, MFA,
 * tags, attachments, inline policies, boundary), groups, roles (trust policies of a service, an account with an
 * external id, a web identity provider with conditions; instance profiles), customer managed policies with string and
 * list values, NotAction, NotResource and condition blocks of several operators, and an identity provider.
 * Deterministic; nothing of it is kept.
 */

const ACCOUNT = '111122223333';
const TEAMS = ['web', 'data', 'ops', 'payments'];
const SERVICES: [string, string[]][] = [
  ['s3', ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:Get*']],
  ['sqs', ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']],
  ['dynamodb', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']],
  ['lambda', ['lambda:InvokeFunction', 'lambda:GetFunction']],
  ['kms', ['kms:Decrypt', 'kms:GenerateDataKey']],
  ['logs', ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:Describe*']],
];

function resource(service: string, team: string, i: number): string[] {
  switch (service) {
    case 's3':
      return [`arn:aws:s3:::${team}-bucket-${i}`, `arn:aws:s3:::${team}-bucket-${i}/*`];
    case 'sqs':
      return [`arn:aws:sqs:eu-west-1:${ACCOUNT}:${team}-queue-${i}`];
    case 'dynamodb':
      return [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${team}-table-${i}`];
    case 'lambda':
      return [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${team}-fn-${i}`];
    case 'kms':
      return [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/0000000${i}-12ab-34cd-56ef-000000000000`];
    default:
      return [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/${team}/${i}:*`];
  }
}

function statement(k: number, team: string): Record<string, unknown> {
  const [service, actions] = SERVICES[k % SERVICES.length];
  const s: Record<string, unknown> = { Sid: `S${k}`, Effect: 'Allow', Action: actions.slice(0, 1 + (k % actions.length)), Resource: resource(service, team, k) };
  if (k % 3 === 1) s.Condition = { Bool: { 'aws:SecureTransport': 'true' } };
  if (k % 5 === 2) s.Condition = { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } };
  if (k % 7 === 3) s.Condition = { StringLike: { 's3:prefix': [`${team}/*`] }, NumericLessThanEquals: { 's3:max-keys': '100' } };
  if (k % 4 === 0) s.Resource = (s.Resource as string[])[0];
  return s;
}

function document(statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

/** The sample account file's text (about 20 KB, pretty-printed as people write them). */
export function warmUpSampleText(): string {
  const policies: Record<string, unknown> = {
    Boundary: {
      path: '/boundaries/',
      description: 'Never more than the application services',
      document: document([
        { Sid: 'Services', Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'dynamodb:*', 'lambda:*', 'logs:*'], Resource: '*' },
        { Sid: 'NoIam', Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*'], NotResource: [`arn:aws:iam::${ACCOUNT}:role/service/*`] },
      ]),
    },
  };
  const groups: Record<string, unknown> = { Admins: { path: '/', policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] } };
  const users: Record<string, unknown> = {};
  const roles: Record<string, unknown> = {};
  let k = 0;
  TEAMS.forEach((team, t) => {
    for (let i = 0; i < 2; i++) {
      policies[`${team}-policy-${i}`] = {
        path: `/${team}/`,
        description: `Access for ${team} workload ${i}`,
        document: document([statement(k++, team), statement(k++, team), statement(k++, team)]),
      };
    }
    groups[`${team}-group`] = {
      path: '/',
      policies: [`${team}-policy-0`, 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inlinePolicies: { extra: document([statement(k++, team)]) },
    };
    for (let i = 0; i < 3; i++) {
      const user: Record<string, unknown> = { path: `/${team}/`, groups: i === 0 && t === 0 ? ['Admins', `${team}-group`] : [`${team}-group`], tags: { team, costCenter: `cc-${t}${i}` } };
      if (i !== 1) user.accessKeys = [{ id: `AKIA${String(t * 10 + i).padStart(16, '0')}`, status: 'Active', created: '2026-09-10', lastUsed: i ? null : '2026-11-18' }];
      if (i !== 2) {
        user.console = { enabled: true, passwordLastChanged: '2026-10-01', lastSignIn: '2026-11-15' };
        user.mfa = [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/${team}.user${i}`, type: 'virtual' }];
      }
      if (i === 2) {
        user.policies = [`${team}-policy-1`];
        user.inlinePolicies = { own: document([statement(k++, team)]) };
        user.permissionsBoundary = 'Boundary';
      }
      users[`${team}.user${i}`] = user;
    }
    const trust = [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': `ext-${team}` } } },
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': `repo:acme/${team}:ref:refs/heads/main` } },
      },
    ][t % 3];
    roles[`${team}-role`] = {
      path: `/${team}/`,
      trustPolicy: document([trust]),
      policies: [`${team}-policy-0`, `${team}-policy-1`],
      maxSessionDuration: 3600,
      description: `Role for ${team}`,
      tags: { team },
      ...(t % 2 ? {} : { instanceProfile: `${team}-role`, permissionsBoundary: 'Boundary' }),
      inlinePolicies: { inline: document([statement(k++, team)]) },
    };
  });
  const file = {
    account: {
      id: ACCOUNT,
      alias: 'warm-up',
      asOf: '2026-11-23',
      root: { mfa: true, accessKeys: [] },
      passwordPolicy: { minimumLength: 14, requireUppercase: true, requireNumbers: true, maxAgeDays: 90, reusePrevention: 24 },
    },
    policies,
    groups,
    users,
    roles,
    identityProviders: { github: { type: 'oidc', url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] } },
  };
  return JSON.stringify(file, null, 2);
}
