/**
 * `npm run bench:batch`: `simulate-custom-policy --cli-input-json` with a batch of small, distinct
 * policy sets (10,000 by default), timed as a whole process from start to exit, beside
 * @cloud-copilot/iam-simulate (AGPL: a dev dependency used only as a black-box oracle, through the
 * `runSimulation` API its README documents) driven the same way: one process that reads the same
 * file, simulates every action × resource of every item and prints the results as JSON.
 *
 * Options (environment): BENCH_ITEMS (10000), BENCH_RUNS (3).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { rng } from '../test/support/random';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(__dirname, '..');
const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });

// --- The batch: each item is a distinct small policy set (1–2 identity policies, sometimes a
// boundary and a condition), 1–3 actions on 1–2 resources, the shapes the API documents.
const random = rng(20261206);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
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
const items = Array.from({ length: ITEMS }, (_, i) => {
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
const input = join(out, 'batch-input.json');
writeFileSync(input, JSON.stringify(items));

// --- The oracle's driver: the same file in, every decision out as JSON, in one process.
const driver = join(out, 'batch-oracle.mjs');
writeFileSync(
  driver,
  `import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
const items = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const DECISION = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };
const all = [];
for (const item of items) {
  const identityPolicies = item.PolicyInputList.map((p, i) => ({ name: 'p' + i, policy: JSON.parse(p) }));
  const permissionBoundaryPolicies = (item.PermissionsBoundaryPolicyInputList ?? []).map((p, i) => ({ name: 'b' + i, policy: JSON.parse(p) }));
  const contextVariables = {};
  for (const e of item.ContextEntries ?? []) contextVariables[e.ContextKeyName] = e.ContextKeyValues.length === 1 ? e.ContextKeyValues[0] : e.ContextKeyValues;
  const results = [];
  for (const action of item.ActionNames) for (const resource of item.ResourceArns) {
    const r = await runSimulation({
      identityPolicies, serviceControlPolicies: [], resourceControlPolicies: [],
      permissionBoundaryPolicies: permissionBoundaryPolicies.length ? permissionBoundaryPolicies : undefined,
      request: { action, principal: 'arn:aws:iam::123456789012:user/bench', resource: { resource, accountId: '123456789012' }, contextVariables },
    }, {});
    results.push({ EvalActionName: action, EvalResourceName: resource, EvalDecision: r.resultType === 'error' ? 'error' : DECISION[r.overallResult] });
  }
  all.push({ EvaluationResults: results });
}
process.stdout.write(JSON.stringify(all, null, 4) + '\\n');
`,
);

/** Wall and CPU (user + system) time of one whole process; bash's `time` reads the child's usage. */
function time(label: string, args: string[]): { ms: number; cpuMs: number; bytes: number } {
  const start = process.hrtime.bigint();
  const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time ${quoted} 2>/dev/null`], { cwd: root, maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const [user, sys] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
  return { ms, cpuMs: (user + sys) * 1000, bytes: r.stdout.length };
}

const ourArgs = [join(root, 'dist', 'cli.js'), 'simulate-custom-policy', '--cli-input-json', `file://${input}`];
const theirArgs = [driver, input];
const rows: { ours: number; theirs: number; oursCpu: number; theirsCpu: number }[] = [];
for (let run = 0; run < RUNS; run++) {
  const o = time('ours', ourArgs);
  const t = time('iam-simulate', theirArgs);
  rows.push({ ours: o.ms, theirs: t.ms, oursCpu: o.cpuMs, theirsCpu: t.cpuMs });
  console.log(
    `run ${run + 1}: ours ${o.ms.toFixed(0)} ms wall / ${o.cpuMs.toFixed(0)} ms CPU (${(o.bytes / 1e6).toFixed(1)} MB out), ` +
      `iam-simulate ${t.ms.toFixed(0)} ms wall / ${t.cpuMs.toFixed(0)} ms CPU; ratio ${(t.ms / o.ms).toFixed(1)}× wall, ${(t.cpuMs / o.cpuMs).toFixed(1)}× CPU`,
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = (k: keyof (typeof rows)[number]) => median(rows.map((r) => r[k]));
const requests = items.reduce((n, it) => n + (it.ActionNames as string[]).length * (it.ResourceArns as string[]).length, 0);
console.log(
  `\n${ITEMS} items, ${requests} requests; median whole process: ours ${m('ours').toFixed(0)} ms wall / ${m('oursCpu').toFixed(0)} ms CPU, ` +
    `iam-simulate ${m('theirs').toFixed(0)} ms wall / ${m('theirsCpu').toFixed(0)} ms CPU; ratio ${(m('theirs') / m('ours')).toFixed(1)}× wall, ` +
    `${(m('theirsCpu') / m('oursCpu')).toFixed(1)}× CPU (${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg()[0].toFixed(1)})`,
);
