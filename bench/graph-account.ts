import { rng } from '../test/support/random';

/**
 * A generated account at the default quotas, the "max-quota" account of the graph benchmark:
 * 5,000 users, 300 groups, 1,000 roles, 1,500 customer managed policies (7,800 entities), wired the
 * way large real accounts are. Deterministic (seeded), so runs compare.
 */
export interface LargeAccountCounts {
  users: number;
  groups: number;
  roles: number;
  policies: number;
}

export const MAX_QUOTA: LargeAccountCounts = { users: 5000, groups: 300, roles: 1000, policies: 1500 };


const AWS_MANAGED = [
  'ReadOnlyAccess',
  'AmazonS3ReadOnlyAccess',
  'AmazonEC2ReadOnlyAccess',
  'AmazonDynamoDBReadOnlyAccess',
  'CloudWatchReadOnlyAccess',
  'AWSLambda_ReadOnlyAccess',
  'SecurityAudit',
  'job-function/ViewOnlyAccess',
];
const SERVICES = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'states.amazonaws.com', 'glue.amazonaws.com'];

export function largeAccount(counts: LargeAccountCounts = MAX_QUOTA, accountId = '123456789012'): string {
  const r = rng(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const name = (prefix: string, i: number) => `${prefix}-${String(i).padStart(4, '0')}`;
  const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
  const policyNames = Array.from({ length: counts.policies }, (_, i) => name('policy', i));
  const groupNames = Array.from({ length: counts.groups }, (_, i) => name('group', i));
  const roleNames = Array.from({ length: counts.roles }, (_, i) => name('role', i));
  const managed = () => (r() < 0.3 ? `arn:aws:iam::aws:policy/${pick(AWS_MANAGED)}` : pick(policyNames.slice(2)));

  const policies: Record<string, object> = {};
  policyNames.forEach((p, i) => {
    policies[p] = {
      path: '/',
      // Two "operator" policies may assume the account's roles; the rest are data access.
      document: i < 2
        ? doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${accountId}:role/*` })
        : doc({ Effect: 'Allow', Action: [`s3:GetObject`, `dynamodb:GetItem`], Resource: `arn:aws:s3:::bucket-${i}/*` }),
    };
  });
  const groups: Record<string, object> = {};
  for (const g of groupNames) groups[g] = { policies: [...new Set(Array.from({ length: 1 + Math.floor(r() * 4) }, managed))] };
  // Operators: two groups hold the policies that let them assume roles.
  groups[groupNames[0]] = { policies: [policyNames[0], `arn:aws:iam::aws:policy/ReadOnlyAccess`] };
  groups[groupNames[1]] = { policies: [policyNames[1]] };
  groups[groupNames[2]] = { policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
  const users: Record<string, object> = {};
  for (let i = 0; i < counts.users; i++) {
    users[name('user', i)] = {
      groups: [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(groupNames)))],
      policies: r() < 0.1 ? [managed()] : [],
    };
  }
  const roles: Record<string, object> = {};
  roleNames.forEach((ro, i) => {
    const x = r();
    const principal =
      x < 0.6
        ? { Service: pick(SERVICES) }
        : x < 0.7
          ? { AWS: `arn:aws:iam::${accountId}:root` }
          : x < 0.9
            ? { AWS: `arn:aws:iam::${accountId}:user/${name('user', Math.floor(r() * counts.users))}` }
            : { AWS: `arn:aws:iam::${String(100000000000 + (i % 20))}:root` };
    roles[ro] = {
      trustPolicy: doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }),
      policies: [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, managed))],
      ...(x < 0.3 ? { instanceProfile: ro } : {}),
    };
  });
  return JSON.stringify({ account: { id: accountId, alias: 'max-quota' }, policies, groups, users, roles }, null, 1);
}
