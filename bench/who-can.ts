/**
 * `npm run bench:who-can`: privilege-escalation analysis on the generated max-quota account (`npm run gen:large`:
 * 5,000 users, 300 groups, 1,000 roles, 1,500 policies). Measures, on one parsed workspace:
 * - whole-account administrator reachability: a fresh "can become" graph (core/analysis/escalation), every
 *   principal explored, shortest paths to administrator for all (possible paths included), the first run (JIT and
 *   catalogue loading included) and the median of fresh-graph runs; goal under 2 s;
 * - who can s3:DeleteBucket on a bucket of the account, and iam:CreateRole, on a fresh graph each;
 * - the escalation rules in a run of the catalogue with only them (what the editor pays per analysis when
 *   something they read changed).
 * The machine may be shared: figures come with the load average, and CPU time (user + system) beside wall time.
 *
 * Usage: node --import tsx bench/who-can.ts [FILE] [--runs N]
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { EscalationGraph, whoCan } from '../core/analysis/escalation';
import { runRules } from '../core/analysis/rules';
import { parseAccountFile, Workspace } from '../core/model';

const args = process.argv.slice(2);
const path = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'bench/out/large/iam.json';
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 7;
if (!existsSync(path)) {
  console.error(`${path} is missing: run \`npm run gen:large\` first`);
  process.exit(1);
}
const file = parseAccountFile('file:///bench/iam.json', readFileSync(path, 'utf8'));
const workspace = new Workspace([file]);

function time<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function row(label: string, fn: () => unknown): void {
  const first = time(fn);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = time(fn);
    walls.push(t.wall);
    cpus.push(t.cpu);
  }
  console.log(`${label.padEnd(58)} first ${first.wall.toFixed(0).padStart(5)} ms   median ${median(walls).toFixed(0).padStart(5)} ms wall, ${median(cpus).toFixed(0).padStart(5)} ms CPU`);
}

console.log(`${path}: ${file.users.size} users, ${file.groups.size} groups, ${file.roles.size} roles, ${file.policies.size} policies`);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
let reach = 0;
row('admin reachability, whole account (fresh graph)', () => {
  const g = new EscalationGraph(workspace);
  reach = g.pathsToAdmin(true).size;
});
console.log(`  principals that are or can become administrator: ${reach}`);
const bucket = `arn:aws:s3:::platform-bucket-1`;
let n = 0;
row(`who can s3:DeleteBucket on ${bucket}`, () => {
  n = whoCan(workspace, { action: 's3:DeleteBucket', resource: bucket }, new EscalationGraph(workspace)).principals.length;
});
console.log(`  principals: ${n}`);
row('who can iam:CreateRole on a role of the account', () => {
  n = whoCan(workspace, { action: 'iam:CreateRole', resource: `arn:aws:iam::${file.accountId}:role/new` }, new EscalationGraph(workspace)).principals.length;
});
console.log(`  principals: ${n}`);
let generation = 0;
const ids = ['escalation/assume-role', 'escalation/credentials', 'escalation/permissions', 'escalation/pass-role', 'escalation/existing-resource'];
row('escalation rules (a new workspace of the same files)', () => {
  n = runRules(new Workspace([file]), { benchRun: ++generation } as never, { only: ids }).length;
});
console.log(`  findings: ${n}`);
