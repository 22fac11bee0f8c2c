// Writes a generated max-quota account for benchmarks: 5,000 users, 300 groups, 1,000 roles and 1,500
// customer managed policies with realistic shapes (memberships, console and keys, trust policies of
// services, accounts and OIDC, statements with ARNs and conditions). Deterministic (seeded).
// Usage: node scripts/gen-large.mjs [OUT_DIR] [--scale F] [--account ID] [--seed N] [--file NAME]
//        (default bench/out/large, 123456789012, 42, iam.json) → OUT_DIR/NAME
// --scale F multiplies every count (0.1: 500 users, 30 groups, 100 roles, 150 policies), for accounts
// between a team's and the quota's; --account and --seed make distinct accounts of one organization
// (scripts/gen-org.mjs), which calls generateAccount() in its own process.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The account as an object: scale multiplies every count; account is its 12-digit id; seed makes it distinct.
 * Deterministic: the same arguments give the same account.
 */
export function generateAccount({ scale = 1, account: ACCOUNT = '123456789012', seed: SEED = 42 } = {}) {
  if (!/^\d{12}$/.test(ACCOUNT)) throw new Error('--account takes a 12-digit account id');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale takes a number in (0, 1]');
  const COUNTS = Object.fromEntries(
    Object.entries({ users: 5000, groups: 300, roles: 1000, policies: 1500 }).map(([k, n]) => [k, Math.max(4, Math.round(n * scale))]),
  );

  let seed = SEED;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const int = (n) => Math.floor(rand() * n);
  const pick = (a) => a[int(a.length)];
  const some = (a, n) => [...new Set(Array.from({ length: n }, () => pick(a)))];
  const day = (offset) => new Date(Date.UTC(2026, 10, 23) - offset * 86400000).toISOString().slice(0, 10);

  const TEAMS = ['platform', 'data', 'web', 'mobile', 'payments', 'search', 'ml', 'security', 'finance', 'ops'];
  const ACTIONS = {
    s3: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject', 's3:GetBucketLocation', 's3:Get*', 's3:List*'],
    dynamodb: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DescribeTable'],
    sqs: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    logs: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups'],
    ec2: ['ec2:DescribeInstances', 'ec2:StartInstances', 'ec2:StopInstances', 'ec2:Describe*'],
    kms: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
    lambda: ['lambda:InvokeFunction', 'lambda:GetFunction', 'lambda:UpdateFunctionCode'],
    secretsmanager: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
  };
  const RESOURCE = {
    s3: (t, i) => [`arn:aws:s3:::${t}-bucket-${i}`, `arn:aws:s3:::${t}-bucket-${i}/*`],
    dynamodb: (t, i) => [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${t}-table-${i}`],
    sqs: (t, i) => [`arn:aws:sqs:eu-west-1:${ACCOUNT}:${t}-queue-${i}`],
    logs: (t, i) => [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/${t}/app-${i}:*`],
    ec2: () => ['*'],
    // A key ARN names the key id, a UUID (made up from the team and the number, deterministic).
    kms: (t, i) => [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/${keyId(t, i)}`],
    lambda: (t, i) => [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${t}-fn-${i}`],
    secretsmanager: (t, i) => [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${t}/db-${i}-*`],
  };
  /** A UUID-shaped KMS key id for a team and a number. */
  function keyId(team, i) {
    let h = 0x811c9dc5;
    for (const c of team) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    return `${h.toString(16).padStart(8, '0')}-12ab-34cd-56ef-${i.toString(16).padStart(12, '0')}`;
  }
  const AWS_POLICIES = [
    'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess', 'arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess',
    'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  ];
  const SERVICES = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'states.amazonaws.com', 'glue.amazonaws.com'];

  function statement(team, i) {
    const service = pick(Object.keys(ACTIONS));
    const st = { Sid: `S${i}`, Effect: 'Allow', Action: some(ACTIONS[service], 1 + int(3)), Resource: RESOURCE[service](team, int(50)) };
    if (service === 'ec2') st.Resource = '*';
    if (rand() < 0.2) st.Condition = { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } };
    if (rand() < 0.1) st.Condition = { Bool: { 'aws:SecureTransport': 'true' } };
    return st;
  }

  const policies = {};
  const policyNames = [];
  for (let i = 0; i < COUNTS.policies; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = `${team}-policy-${i}`;
    policyNames.push(name);
    policies[name] = {
      path: `/${team}/`,
      description: `Access for ${team} workload ${i}`,
      document: { Version: '2012-10-17', Statement: Array.from({ length: 2 + int(5) }, (_, s) => statement(team, s)) },
    };
  }

  const groups = {};
  const groupNames = [];
  for (let i = 0; i < COUNTS.groups; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = `${team}-group-${i}`;
    groupNames.push(name);
    groups[name] = { path: '/', policies: [...some(policyNames, 1 + int(4)), ...(rand() < 0.5 ? [pick(AWS_POLICIES)] : [])] };
    if (rand() < 0.1) groups[name].inlinePolicies = { extra: { Version: '2012-10-17', Statement: [statement(team, 0)] } };
  }
  groups['Admins'] = { path: '/', policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
  delete groups[groupNames.pop()];

  const users = {};
  for (let i = 0; i < COUNTS.users; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = `${team}.user${i}`;
    const human = rand() < 0.8;
    const u = { path: `/${team}/`, groups: i < 3 ? ['Admins'] : some(groupNames, 1 + int(3)), tags: { team, costCenter: `cc-${int(40)}` } };
    if (human) {
      u.console = { enabled: true, passwordLastChanged: day(int(80)), lastSignIn: day(int(30)) };
      u.mfa = [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/${name}`, type: pick(['virtual', 'passkey', 'hardware']) }];
    } else {
      u.accessKeys = [{ id: `AKIA${String(i).padStart(16, '0')}`, status: 'Active', created: day(int(80)), lastUsed: day(int(10)) }];
    }
    users[name] = u;
  }

  const roles = {};
  for (let i = 0; i < COUNTS.roles; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = `${team}-role-${i}`;
    const kind = i % 10;
    let principal;
    let condition;
    let action = 'sts:AssumeRole';
    if (kind < 6) principal = { Service: pick(SERVICES) };
    else if (kind < 8) {
      principal = { AWS: `arn:aws:iam::${String(210987654321 + int(5))}:root` };
      condition = { StringEquals: { 'sts:ExternalId': `ext-${team}-${i}` } };
    } else if (kind < 9) {
      principal = { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` };
      action = 'sts:AssumeRoleWithWebIdentity';
      condition = {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'token.actions.githubusercontent.com:sub': `repo:acme/${team}-service-${i}:ref:refs/heads/main` },
      };
    } else principal = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
    const st = { Effect: 'Allow', Principal: principal, Action: action };
    if (condition) st.Condition = condition;
    const r = {
      path: `/${team}/`,
      trustPolicy: { Version: '2012-10-17', Statement: [st] },
      policies: some(policyNames, 1 + int(3)),
      maxSessionDuration: 3600,
      description: `Role for ${team} workload ${i}`,
      tags: { team },
    };
    if (principal.Service === 'ec2.amazonaws.com') r.instanceProfile = name;
    if (rand() < 0.2) r.inlinePolicies = { inline: { Version: '2012-10-17', Statement: [statement(team, 0)] } };
    roles[name] = r;
  }

  return {
    account: {
      id: ACCOUNT,
      alias: 'acme-large',
      asOf: '2026-11-23',
      root: { mfa: true, accessKeys: [] },
      passwordPolicy: {
        minimumLength: 14, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true,
        maxAgeDays: 90, reusePrevention: 24, allowUsersToChange: true, hardExpiry: false,
      },
    },
    policies,
    groups,
    users,
    roles,
    identityProviders: { github: { type: 'oidc', url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] } },
  };
}

// Run as a script (not imported): the command line.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args.splice(scaleAt, 2)[1]) : 1;
  const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : fallback;
  };
  const ACCOUNT = option('--account', '123456789012');
  const FILE_NAME = option('--file', 'iam.json');
  const SEED = Number(option('--seed', '42'));
  const outDir = args[0] ?? join(root, 'bench', 'out', 'large');
  const account = generateAccount({ scale, account: ACCOUNT, seed: SEED });
  const { users, groups, roles, policies } = account;
  mkdirSync(outDir, { recursive: true });
  const text = JSON.stringify(account, null, 2) + '\n';
  writeFileSync(join(outDir, FILE_NAME), text);
  console.log(
    `wrote ${join(outDir, FILE_NAME)}: ${(text.length / 1e6).toFixed(1)} MB, ${Object.keys(users).length} users, ${Object.keys(groups).length} groups, ${Object.keys(roles).length} roles, ${Object.keys(policies).length} policies`,
  );
}
