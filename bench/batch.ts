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
import { batchItems } from '../test/support/batch';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(__dirname, '..');
const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });

// --- The batch (test/support/batch.ts): each item is a distinct small policy set (1–2 identity policies,
// sometimes a boundary and a condition), 1–3 actions on 1–2 resources, the shapes the API documents.
const items = batchItems(ITEMS);
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
