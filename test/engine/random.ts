/**
 * Random policies and requests for the differential test against @cloud-copilot/iam-simulate
 * (used only as a black-box oracle through its documented `runSimulation`).
 */
import { rng } from '../support/random';

export { rng };

export const ME = '111111111111';
export const OTHER = '222222222222';

/** Real actions with a resource of a type they take. */
export const TARGETS: { action: string; resource: string }[] = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::data-bucket/reports/2024.csv' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::data-bucket/home/alice/x.txt' },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::data-bucket' },
  { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ME}:table/Orders` },
  { action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:eu-west-1:${ME}:table/Users` },
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ME}:jobs` },
  { action: 'iam:GetUser', resource: `arn:aws:iam::${ME}:user/alice` },
  { action: 'iam:DeleteUser', resource: `arn:aws:iam::${ME}:user/bob` },
  { action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:us-east-1:${ME}:function:worker` },
  { action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ME}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
  { action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${ME}:alerts` },
  { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:us-east-1:${ME}:secret:db-AbCdEf` },
];

const ACTION_PATTERNS = [
  's3:GetObject', 's3:Get*', 's3:*', 's3:*Object', 's3:List*', 'S3:getobject', 'dynamodb:*', 'dynamodb:?etItem', 'dynamodb:GetItem',
  'sqs:SendMessage', 'sqs:*', 'iam:Get*', 'iam:*User', 'iam:DeleteUser', 'lambda:Invoke*', 'kms:*', 'kms:Decrypt', 'sns:Publish',
  'secretsmanager:*', '*', 'ec2:*', 's3:Put*',
];

const RESOURCE_PATTERNS = [
  '*', 'arn:aws:s3:::data-bucket/*', 'arn:aws:s3:::data-bucket', 'arn:aws:s3:::*', 'arn:aws:s3:::data-bucket/home/${aws:username}/*',
  'arn:aws:s3:::data-bucket/reports/*', `arn:aws:dynamodb:*:${ME}:table/*`, 'arn:aws:dynamodb:us-east-1:*:table/Orders',
  `arn:aws:sqs:*:${ME}:*`, `arn:aws:iam::${ME}:user/\${aws:username}`, `arn:aws:iam::${ME}:user/*`, 'arn:aws:lambda:*:*:function:*',
  `arn:aws:kms:us-east-1:${ME}:key/*`, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:secretsmanager:*:*:secret:db-*', 'arn:aws:*:*:*:*',
  `arn:aws:iam::${OTHER}:user/*`, 'arn:aws:s3:::other-bucket/*',
];

/** Condition operators with a key and values, plus context values that may or may not satisfy them. */
const CONDITIONS: { op: string; key: string; values: string[]; context: (string | string[])[] }[] = [
  { op: 'StringEquals', key: 'aws:RequestedRegion', values: ['us-east-1', 'eu-west-1'], context: ['us-east-1', 'ap-south-1', 'EU-WEST-1'] },
  { op: 'StringNotEquals', key: 'aws:RequestedRegion', values: ['us-east-1'], context: ['us-east-1', 'eu-west-1'] },
  { op: 'StringEqualsIgnoreCase', key: 'aws:PrincipalTag/team', values: ['Data'], context: ['data', 'ops'] },
  { op: 'StringLike', key: 'aws:PrincipalTag/team', values: ['da*', 'o?s'], context: ['data', 'ops', 'dev'] },
  { op: 'StringNotLike', key: 'aws:PrincipalTag/team', values: ['da*'], context: ['data', 'ops'] },
  { op: 'StringEqualsIfExists', key: 'aws:RequestedRegion', values: ['us-east-1'], context: ['us-east-1', 'eu-west-1'] },
  { op: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600'], context: ['100', '7200', '3600'] },
  { op: 'NumericGreaterThanEquals', key: 'aws:MultiFactorAuthAge', values: ['60'], context: ['59', '60', '61'] },
  { op: 'DateGreaterThan', key: 'aws:CurrentTime', values: ['2020-01-01T00:00:00Z'], context: ['2019-06-01T00:00:00Z', '2021-06-01T00:00:00Z'] },
  { op: 'DateLessThan', key: 'aws:CurrentTime', values: ['2030-01-01T00:00:00Z'], context: ['2029-06-01T00:00:00Z', '2031-06-01T00:00:00Z'] },
  { op: 'Bool', key: 'aws:SecureTransport', values: ['true'], context: ['true', 'false'] },
  { op: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['false'], context: ['true', 'false'] },
  { op: 'BoolIfExists', key: 'aws:MultiFactorAuthPresent', values: ['true'], context: ['true', 'false'] },
  { op: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8', '192.168.1.0/24'], context: ['10.1.2.3', '192.168.2.1', '8.8.8.8'] },
  { op: 'NotIpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8'], context: ['10.1.2.3', '8.8.8.8'] },
  { op: 'IpAddress', key: 'aws:SourceIp', values: ['2001:db8::/32'], context: ['2001:db8::1', '2001:db9::1'] },
  { op: 'ArnLike', key: 'aws:PrincipalArn', values: [`arn:aws:iam::${ME}:user/*`], context: [] },
  { op: 'ArnNotEquals', key: 'aws:PrincipalArn', values: [`arn:aws:iam::${ME}:user/alice`], context: [] },
  { op: 'StringEquals', key: 'aws:PrincipalAccount', values: [ME], context: [] },
  { op: 'StringEquals', key: 'aws:username', values: ['alice', '${aws:username}'], context: [] },
  { op: 'Null', key: 'aws:SourceIp', values: ['true'], context: ['10.1.2.3'] },
  { op: 'Null', key: 'aws:SourceIp', values: ['false'], context: ['10.1.2.3'] },
  { op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['env', 'team'], context: [['env'], ['env', 'owner'], []] },
  { op: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['env', 'team'], context: [['owner', 'team'], ['owner'], []] },
  { op: 'ForAnyValue:StringLike', key: 'aws:TagKeys', values: ['t*'], context: [['team'], ['env']] },
  { op: 'ForAllValues:StringNotEquals', key: 'aws:TagKeys', values: ['secret'], context: [['env'], ['secret', 'env']] },
];

export interface Case {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  context: Record<string, string | string[]>;
  identity: object[];
  resourcePolicy?: object;
  scps?: object[][];
  rcps?: object[][];
}

export function randomCase(r: () => number): Case {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const target = pick(TARGETS);
  const cross = r() < 0.2;
  const principal = cross
    ? pick([`arn:aws:iam::${OTHER}:user/carol`, `arn:aws:sts::${OTHER}:assumed-role/deployer/ci`])
    : pick([`arn:aws:iam::${ME}:user/alice`, `arn:aws:iam::${ME}:user/bob`, `arn:aws:sts::${ME}:assumed-role/app/s1`]);
  const context: Record<string, string | string[]> = {};
  const usedConditions: (typeof CONDITIONS)[number][] = [];

  const statement = (withPrincipal: boolean): Record<string, unknown> => {
    const s: Record<string, unknown> = { Effect: r() < 0.7 ? 'Allow' : 'Deny' };
    const actions = [pick(ACTION_PATTERNS), ...(r() < 0.3 ? [pick(ACTION_PATTERNS)] : [])];
    if (r() < 0.1) s.NotAction = actions;
    else s.Action = actions.length === 1 ? actions[0] : actions;
    const resources = r() < 0.5 ? [target.resource] : [pick(RESOURCE_PATTERNS), ...(r() < 0.3 ? [pick(RESOURCE_PATTERNS)] : [])];
    if (r() < 0.1) s.NotResource = resources;
    else s.Resource = resources.length === 1 ? resources[0] : resources;
    if (withPrincipal) {
      s.Principal = pick<unknown>([
        '*',
        { AWS: '*' },
        { AWS: ME },
        { AWS: OTHER },
        { AWS: `arn:aws:iam::${ME}:root` },
        { AWS: `arn:aws:iam::${OTHER}:root` },
        { AWS: principal },
        { AWS: [`arn:aws:iam::${ME}:user/alice`, `arn:aws:iam::${OTHER}:user/carol`] },
        { AWS: `arn:aws:iam::${ME}:role/app` },
        { AWS: `arn:aws:sts::${ME}:assumed-role/app/s1` },
        { AWS: `arn:aws:iam::${OTHER}:role/deployer` },
        { Service: 'lambda.amazonaws.com' },
      ]);
    }
    if (r() < 0.45) {
      const cond: Record<string, Record<string, string[]>> = {};
      const n = r() < 0.7 ? 1 : 2;
      for (let i = 0; i < n; i++) {
        const c = pick(CONDITIONS);
        usedConditions.push(c);
        (cond[c.op] ??= {})[c.key] = c.values;
      }
      s.Condition = cond;
    }
    return s;
  };
  const policy = (n: number, withPrincipal: boolean) => ({
    Version: r() < 0.92 ? '2012-10-17' : '2008-10-17',
    Statement: Array.from({ length: n }, () => statement(withPrincipal)),
  });

  const identity = Array.from({ length: 1 + Math.floor(r() * 2) }, () => policy(1 + Math.floor(r() * 3), false));
  const resourcePolicy = cross || r() < 0.3 ? policy(1 + Math.floor(r() * 2), true) : undefined;
  const scps = r() < 0.2 ? [[{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }], [policy(1 + Math.floor(r() * 2), false)]] : undefined;
  const rcps = r() < 0.1 ? [[{ Version: '2012-10-17', Statement: [{ ...statement(false), Effect: 'Deny', Principal: '*' }] }]] : undefined;

  for (const c of usedConditions) {
    if (c.context.length && r() < 0.8) context[c.key] = pick(c.context);
  }
  if (r() < 0.3) context['aws:PrincipalTag/team'] = pick(['data', 'ops']);
  return { principal, action: target.action, resource: target.resource, resourceAccount: ME, context, identity, resourcePolicy, scps, rcps };
}
