/**
 * `npm run bench:jobs`: the CLI's `--jobs N` (cli/jobs/) against `--jobs 1` on generated organizations
 * (scripts/gen-org.mjs; 300 accounts, ~13 MB, in bench/out/org as for bench:org, and 12 accounts, ~0.5 MB, in
 * bench/out/org12), each run a whole process of dist/cli.js: wall, CPU (user + system) and peak RSS from
 * /usr/bin/time, with the load average before each run (the machine is shared). Runs of different N alternate, so
 * that they meet the same load. Then how workers get the data files (core/data/location.ts): read into shared
 * memory once by the main thread, or read from disk by each worker: a worker's cost to load both and look one
 * action and one policy up, the main thread's cost to share them, and the process's RSS with 2 workers either way;
 * and a worker's start (a pool of 2, to both answers). `diff` compares the big organization with a changed copy
 * (bench/out/org-head, made each run).
 *
 * `who-can` asks one action of the big organization (and two actions on two resources), then its parts in this
 * process: building the workspace (what every worker repeats), exploring the graph, the evaluator's test of every
 * principal (what the workers share out) and the search.
 *
 * Options: --runs N (default 3), --jobs 1,2 (the N compared), --accounts N (the big organization's size),
 * --commands check,diff,who-can (default all).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { WorkerPool, DATA_FILES, type JobsWorkerData } from '../cli/jobs/pool';
import { shareDataFiles } from '../core/data/location';
import { buildWorkspace } from '../core/model';
import { readSources, findAccountFiles } from '../cli/files';
import { escalationGraph } from '../core/analysis/escalation/graph';
import { whoCan, whoCanMarks, type WhoCanMark } from '../core/analysis/escalation/who-can';
import { nodeId, BASE } from '../core/analysis/escalation/nodes';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const RUNS = Number(arg('--runs', '3'));
const JOBS = arg('--jobs', '1,2').split(',').map(Number);
const ACCOUNTS = Number(arg('--accounts', '300'));
const COMMANDS = arg('--commands', 'check,diff,who-can').split(',');

function org(dir: string, accounts: number): string {
  const path = join(ROOT, 'bench', 'out', dir);
  const n = existsSync(path) ? readdirSync(path).filter((f) => f.endsWith('.iam.json')).length : 0;
  if (n !== accounts) execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-org.mjs'), path, '--accounts', String(accounts)], { stdio: 'inherit' });
  return path;
}

interface Run {
  wall: number;
  cpu: number;
  rss: number;
  load: number;
  /** The output's hash: every run of a command must print the same, whatever N. */
  out: string;
}

function once(args: string[]): Run {
  const load = loadavg()[0];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return { wall: wall * 1000, cpu: (user + sys) * 1000, rss: kb / 1024, load, out: createHash('sha256').update(r.stdout).digest('hex') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

function compare(label: string, args: (jobs: number) => string[]): void {
  const runs = new Map<number, Run[]>(JOBS.map((j) => [j, []]));
  for (let i = 0; i < RUNS; i++) for (const j of JOBS) runs.get(j)!.push(once(args(j)));
  const outs = new Set([...runs.values()].flat().map((r) => r.out));
  if (outs.size !== 1) throw new Error(`${label}: the runs printed ${outs.size} different outputs`);
  const base = median(runs.get(JOBS[0])!.map((r) => r.wall));
  const baseCpu = median(runs.get(JOBS[0])!.map((r) => r.cpu));
  for (const j of JOBS) {
    const rs = runs.get(j)!;
    const wall = median(rs.map((r) => r.wall));
    const cpu = median(rs.map((r) => r.cpu));
    console.log(
      `| ${label} | ${j} | ${Math.round(wall)} ms (${range(rs.map((r) => r.wall))}) | ${(base / wall).toFixed(2)}× | ${Math.round(cpu)} ms (${(cpu / baseCpu).toFixed(2)}×) | ${Math.round(median(rs.map((r) => r.rss)))} MB | ${range(rs.map((r) => r.load * 10)).replace(/(\d+)/g, (d) => (Number(d) / 10).toFixed(1))} |`,
    );
  }
}

/**
 * The big organization after a change (bench/out/org-head): a grant added to a user of a003, a005's
 * OrganizationAuditor role open to anyone (every role's assumers are asked again), a public bucket in a007.
 */
function changed(from: string): string {
  const head = join(ROOT, 'bench', 'out', 'org-head');
  rmSync(head, { recursive: true, force: true });
  cpSync(from, head, { recursive: true });
  const edit = (name: string, change: (a: any) => void) => {
    const path = join(head, name);
    const a = JSON.parse(readFileSync(path, 'utf8'));
    change(a);
    writeFileSync(path, JSON.stringify(a, null, 2) + '\n');
  };
  const doc = (Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
  edit('a003.iam.json', (a) => {
    a.policies.DataRead = { document: doc([{ Effect: 'Allow', Action: ['s3:GetObject', 'dynamodb:Query'], Resource: '*' }]) };
    a.users[Object.keys(a.users).at(-1)!].policies = ['DataRead'];
  });
  edit('a005.iam.json', (a) => (a.roles.OrganizationAuditor.trustPolicy.Statement[0].Principal = { AWS: '*' }));
  edit('a007.iam.json', (a) => {
    a.resources = { 'arn:aws:s3:::a007-public': { policy: doc([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a007-public/*' }]) } };
  });
  return head;
}

async function dataSharing(): Promise<void> {
  const rows: { how: string; worker: number[]; main: number[]; rss: number[]; start: number[] }[] = [
    { how: 'shared memory (read once by the main thread)', worker: [], main: [], rss: [], start: [] },
    { how: 'each worker reads the files', worker: [], main: [], rss: [], start: [] },
  ];
  // The main thread's cost: reading both files into shared memory, once per CLI run (kept afterwards).
  const m0 = performance.now();
  const shared = shareDataFiles(DATA_FILES);
  rows[0].main.push(performance.now() - m0);
  rows[1].main.push(0);
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    for (const [k, row] of rows.entries()) {
      const rss0 = process.memoryUsage().rss;
      const dataFiles = k === 0 ? shared : [];
      const workerData: JobsWorkerData = { iamWorkbenchJobs: true, dataFiles };
      const s0 = performance.now();
      const pool = new WorkerPool(2, { script: CLI, workerData });
      try {
        const answers = await Promise.all([pool.run<{ ms: number }>('data.load', null, 0), pool.run<{ ms: number }>('data.load', null, 1)]);
        row.start.push(performance.now() - s0);
        for (const a of answers) row.worker.push(a.result.ms);
        row.rss.push((process.memoryUsage().rss - rss0) / 1048576);
      } finally {
        await pool.close();
      }
    }
  }
  console.log('\n| data files for 2 workers | main thread | per worker: load + first look-ups | pool of 2 to both answers | RSS added (2 workers) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.how} | ${median(r.main).toFixed(1)} ms | ${median(r.worker).toFixed(1)} ms (${range(r.worker)}) | ${Math.round(median(r.start))} ms | ${Math.round(median(r.rss))} MB |`);
  }
}

/** `who-can s3:GetObject`'s parts in this process (ms): what each worker repeats, and what they share out. */
function whoCanParts(dir: string): void {
  const sources = readSources(findAccountFiles([dir], dir), dir);
  const q = { action: 's3:GetObject', resource: '*' };
  const t0 = performance.now();
  const ws = buildWorkspace(sources);
  const t1 = performance.now();
  const graph = escalationGraph(ws);
  graph.explore();
  const t2 = performance.now();
  const marks = new Map<string, WhoCanMark>();
  for (const f of ws.files) for (const m of whoCanMarks(ws, q, f.uri, graph)) marks.set(m.id, m);
  const t3 = performance.now();
  const answer = whoCan(ws, q, graph, { asked: new Set(graph.principals.map((p) => nodeId(p, BASE))), marks });
  const t4 = performance.now();
  console.log(`\n| who-can s3:GetObject, in one thread | build the workspace (each worker too) | explore the graph (main) | test every principal (shared out) | search (main) | principals, answered |`);
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(`| ${ACCOUNTS} accounts | ${Math.round(t1 - t0)} ms | ${Math.round(t2 - t1)} ms | ${Math.round(t3 - t2)} ms | ${Math.round(t4 - t3)} ms | ${graph.principals.length}, ${answer.principals.length} |`);
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: npm run build');
  const big = org('org', ACCOUNTS);
  const small = org('org12', 12);
  console.log(`\n${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, Node ${process.version}; ${RUNS} runs each, alternating; load average (1 min) before the runs: ${loadavg()[0].toFixed(1)}\n`);
  console.log('| command | --jobs | wall, median (range) | speed-up | CPU, median (× --jobs ' + JOBS[0] + ') | peak RSS | load during |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  if (COMMANDS.includes('check')) {
    compare(`check, ${ACCOUNTS} accounts`, (j) => ['check', big, '--jobs', String(j)]);
    compare('check, 12 accounts', (j) => ['check', small, '--jobs', String(j)]);
  }
  if (COMMANDS.includes('diff')) {
    const head = changed(big);
    compare(`diff, ${ACCOUNTS} accounts, 3 files changed`, (j) => ['diff', big, head, '--jobs', String(j)]);
  }
  if (COMMANDS.includes('who-can')) {
    compare(`who-can s3:GetObject, ${ACCOUNTS} accounts`, (j) => ['who-can', '--workspace', big, '--action-names', 's3:GetObject', '--jobs', String(j)]);
    compare(`who-can 2 actions × 2 resources, ${ACCOUNTS} accounts`, (j) => [
      'who-can', '--workspace', big, '--action-names', 's3:GetObject', 'iam:CreateUser', '--resource-arns', '*', 'arn:aws:s3:::a001-data/x', '--jobs', String(j),
    ]);
    whoCanParts(big);
  }
  if (COMMANDS.includes('check') || COMMANDS.includes('diff')) await dataSharing();
  console.log(`\nload average (1 min) after: ${loadavg()[0].toFixed(1)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
