/**
 * The batch of `npm run bench:batch` and of the batch output pin (test/cli/batch-output.test.ts): `count` small,
 * distinct `SimulateCustomPolicy` inputs in the API's JSON shape (1–2 identity policies, sometimes a
 * permissions boundary and a condition; 1–2 actions on 1–2 resources; a context entry), deterministic per seed.
 */
import { rng } from './random';

const services = {
  s3: ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'DeleteBucket'],
  dynamodb: ['GetItem', 'PutItem', 'DeleteItem', 'Query', 'Scan'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage'],
  ec2: ['RunInstances', 'DescribeInstances', 'TerminateInstances'],
} as const;
type Service = keyof typeof services;

function resourceFor(service: Service, i: number): string {
  switch (service) {
    case 's3':
      return `arn:aws:s3:::bucket-${i % 97}/key-${i % 13}`;
    case 'dynamodb':
      return `arn:aws:dynamodb:us-east-1:123456789012:table/t${i % 31}`;
    case 'sqs':
      return `arn:aws:sqs:us-east-1:123456789012:q${i % 17}`;
    default:
      return `arn:aws:ec2:us-east-1:123456789012:instance/i-${(i % 1000).toString(16).padStart(8, '0')}`;
  }
}

export function batchItems(count: number, seed = 20261206): Record<string, unknown>[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  function statement(i: number): Record<string, unknown> {
    const service = pick(Object.keys(services) as Service[]);
    const actions = [`${service}:${pick(services[service])}`, `${service}:${pick(services[service])}`];
    const s: Record<string, unknown> = {
      Effect: random() < 0.8 ? 'Allow' : 'Deny',
      Action: random() < 0.2 ? `${service}:*` : [...new Set(actions)],
      Resource: random() < 0.5 ? '*' : resourceFor(service, i).replace(/[0-9]+$/, '*'),
    };
    if (random() < 0.3) s.Condition = { StringEquals: { 'aws:RequestedRegion': pick(['us-east-1', 'eu-west-1']) } };
    return s;
  }
  const policy = (i: number) => JSON.stringify({ Version: '2012-10-17', Statement: [statement(i), statement(i + 1)] });
  return Array.from({ length: count }, (_, i) => {
    const service = pick(Object.keys(services) as Service[]);
    const item: Record<string, unknown> = {
      PolicyInputList: random() < 0.5 ? [policy(i)] : [policy(i), policy(i + 7)],
      ActionNames: [...new Set([`${service}:${pick(services[service])}`, `${service}:${pick(services[service])}`])],
      ResourceArns: [resourceFor(service, i), resourceFor(service, i + 1)],
      ContextEntries: [{ ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: [pick(['us-east-1', 'eu-west-1'])], ContextKeyType: 'string' }],
    };
    if (random() < 0.2) item.PermissionsBoundaryPolicyInputList = [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `${service}:*`, Resource: '*' }] })];
    return item;
  });
}
