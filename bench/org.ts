/**
 * `npm run bench:org`: an organization of many accounts in one workspace (scripts/gen-org.mjs: 300 account
 * files, ~13 MB, every member trusting the security account's auditor role), made on first use in
 * bench/out/org. Measures, each in a fresh process:
 * - the floor: reading and `JSON.parse`-ing every file;
 * - the language server started on the folder with one file opened (the middle one) as soon as it is initialized
 *   (as VS Code does when it restores an editor): the time from spawning the server until that file's
 *   diagnostics (process start, initialize, reading the folder, the file's first look), and from the file's
 *   didOpen alone; until every file's; the server's resident memory then;
 * - the same with the file opened once the server has started and done its start-up warm-up (as when the user
 *   clicks a file after the workspace opened): didOpen → that file's diagnostics;
 * - `iam-workbench check` of the folder: wall and CPU time.
 * Prints a Markdown table. Options: --accounts N (regenerates when it differs), --runs N (default 3).
 * `measureOrg` is what bench/lsp.ts prints of it (the server's figures, no `check`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/harness';
import { cpuMs, rssMb } from './support/proc';

const ROOT = join(__dirname, '..');
const DIR = join(ROOT, 'bench', 'out', 'org');
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ACCOUNTS = arg('--accounts', 300);
const RUNS = arg('--runs', 3);

const files = () => (existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.iam.json')).sort() : []);
let names: string[] = [];
let bytes = 0;
/** The organization on disk (generated on first use, or when --accounts differs). */
function ensureOrg(accounts = ACCOUNTS): void {
  if (files().length !== accounts) execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-org.mjs'), DIR, '--accounts', String(accounts)], { stdio: 'inherit' });
  names = files();
  bytes = names.reduce((n, f) => n + readFileSync(join(DIR, f)).length, 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Reading and JSON.parse-ing every file in a fresh process (module loading not counted). */
function floor(): { wall: number; cpu: number } {
  const script = `const fs=require('fs'),p=require('path');const d=${JSON.stringify(DIR)};const t=performance.now(),c=process.cpuUsage();` +
    `for(const f of fs.readdirSync(d))if(f.endsWith('.iam.json'))JSON.parse(fs.readFileSync(p.join(d,f),'utf8'));` +
    `const u=process.cpuUsage(c);process.stdout.write((performance.now()-t)+' '+(u.user+u.system)/1000);`;
  const [wall, cpu] = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).split(' ').map(Number);
  return { wall, cpu };
}

/**
 * The server on the folder, one file opened: ms to that file's diagnostics (first look), to every file's (the
 * background analysis's end), the server's CPU time at both, RSS then, and how long hovers on the opened file
 * took meanwhile (one every 20 ms: p50 and max).
 */
async function server(): Promise<{ opened: number; all: number; rss: number; openedCpu: number; fromOpen: number; fromOpenCpu: number; initialized: number; initializedCpu: number; look: string; allCpu: number; hoverP50: number; hoverMax: number; hovers: number }> {
  const opened = join(DIR, names[Math.floor(names.length / 2)]);
  const start = performance.now();
  const c = await LspClient.start(pathToFileURL(DIR).toString());
  try {
    const uri = pathToFileURL(opened).toString();
    const atOpen = performance.now();
    const initialized = atOpen - start;
    const cpuAtOpen = cpuMs(c.proc.pid!);
    c.open(uri, readFileSync(opened, 'utf8'));
    await c.waitForDiagnostics(uri);
    const first = performance.now() - start;
    const fromOpen = performance.now() - atOpen;
    const openedCpu = cpuMs(c.proc.pid!);
    let finished = false;
    const everything = Promise.all(names.map((f) => c.waitForDiagnostics(pathToFileURL(join(DIR, f)).toString()))).then(() => (finished = true));
    // Hovers on the opened file while the rest is analysed, one every 20 ms: how long a request waits.
    const hovers: number[] = [];
    const text = readFileSync(opened, 'utf8');
    const before = text.slice(0, text.indexOf('"roles"') + 3);
    const position = { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
    while (!finished) {
      const t = performance.now();
      await c.request('textDocument/hover', { textDocument: { uri }, position });
      hovers.push(performance.now() - t);
      await Promise.race([everything, new Promise((r) => setTimeout(r, 20))]);
    }
    const all = performance.now() - start;
    const sorted = hovers.sort((a, b) => a - b);
    return {
      opened: Math.round(first),
      fromOpen: Math.round(fromOpen),
      fromOpenCpu: openedCpu - cpuAtOpen,
      initialized: Math.round(initialized),
      initializedCpu: cpuAtOpen,
      look: /first look at 1 open file(?: on the index of \d+ files not read yet)?: model (\d+) ms, findings (\d+) ms/.exec(c.logs.join('\n'))?.slice(1).join(' + ') ?? '?',
      all: Math.round(all),
      rss: Math.round(rssMb(c.proc.pid!)),
      openedCpu,
      allCpu: cpuMs(c.proc.pid!),
      hoverP50: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      hoverMax: Math.round(sorted.at(-1) ?? 0),
      hovers: sorted.length,
    };
  } finally {
    await c.stop();
  }
}

/**
 * The server started on the folder, the file opened once the server logs that its start-up warm-up is done
 * (server/server.ts `warmEarly`; the background analysis of the folder has begun): didOpen → that file's
 * diagnostics, wall and server CPU, and when the warm-up ended after the spawn.
 */
async function serverWarm(): Promise<{ wall: number; cpu: number; readyAfter: number }> {
  const opened = join(DIR, names[Math.floor(names.length / 2)]);
  const start = performance.now();
  const c = await LspClient.start(pathToFileURL(DIR).toString());
  try {
    await c.waitForLog(/^ready for a first look/);
    const readyAfter = performance.now() - start;
    const uri = pathToFileURL(opened).toString();
    const cpu0 = cpuMs(c.proc.pid!);
    const t = performance.now();
    c.open(uri, readFileSync(opened, 'utf8'));
    await c.waitForDiagnostics(uri);
    return { wall: Math.round(performance.now() - t), cpu: cpuMs(c.proc.pid!) - cpu0, readyAfter: Math.round(readyAfter) };
  } finally {
    await c.stop();
  }
}

/** `check` of the folder as a whole process: wall and CPU (user + system, from bash's `time`). */
function check(): { wall: number; cpu: number } {
  const t = performance.now();
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time '${process.execPath}' '${join(ROOT, 'dist', 'cli.js')}' check '${DIR}' > /dev/null`], { encoding: 'utf8' });
  const wall = performance.now() - t;
  const [user, sys] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
  return { wall: Math.round(wall), cpu: Math.round((user + sys) * 1000) };
}

export interface OrgFigures {
  accounts: number;
  mb: number;
  runs: number;
  /** Medians, ms (RSS in MB). */
  floor: number;
  /** The floor's own CPU time (user + system): a ratio to it holds better than wall on a loaded machine. */
  floorCpu: number;
  opened: number;
  openedCpu: number;
  /** didOpen → diagnostics in the same runs (the file opened as soon as the server is initialized). */
  fromOpen: number;
  fromOpenCpu: number;
  /** Spawn → the initialize answer (node's start, loading the bundle), wall and server CPU; the first look's split (server log). */
  initialized: number;
  initializedCpu: number;
  looks: string[];
  /** didOpen → diagnostics with the file opened after the server's start-up warm-up, and when that ended. */
  warm: number;
  warmCpu: number;
  readyAfter: number;
  load: number[];
  all: number;
  allCpu: number;
  rss: number;
  /** Hovers during the background analysis: the median run's p50 and the worst of all runs. */
  hoverP50: number;
  hoverMax: number;
  hovers: number;
  ranges: { floor: number[]; opened: number[]; fromOpen: number[]; warm: number[]; warmCpu: number[]; all: number[]; rss: number[] };
}

/** The floor and the server's figures on the generated organization, `runs` fresh processes each. */
export async function measureOrg(runs = RUNS, accounts = ACCOUNTS): Promise<OrgFigures> {
  ensureOrg(accounts);
  const rows = { floor: [] as number[], floorCpu: [] as number[], opened: [] as number[], openedCpu: [] as number[], fromOpen: [] as number[], fromOpenCpu: [] as number[], initialized: [] as number[], initializedCpu: [] as number[], looks: [] as string[], all: [] as number[], allCpu: [] as number[], rss: [] as number[], hoverP50: [] as number[], hoverMax: [] as number[], hovers: [] as number[], warm: [] as number[], warmCpu: [] as number[], readyAfter: [] as number[], load: [] as number[] };
  for (let i = 0; i < runs; i++) {
    rows.load.push(+loadavg()[0].toFixed(1));
    const f = floor();
    rows.floor.push(Math.round(f.wall));
    rows.floorCpu.push(Math.round(f.cpu));
    const s = await server();
    for (const k of ['opened', 'openedCpu', 'fromOpen', 'fromOpenCpu', 'initialized', 'initializedCpu', 'all', 'allCpu', 'rss', 'hoverP50', 'hoverMax', 'hovers'] as const) rows[k].push(s[k]);
    rows.looks.push(s.look);
    const w = await serverWarm();
    rows.warm.push(w.wall);
    rows.warmCpu.push(w.cpu);
    rows.readyAfter.push(w.readyAfter);
  }
  return {
    accounts: names.length,
    mb: +(bytes / 1e6).toFixed(1),
    runs,
    floor: median(rows.floor),
    floorCpu: median(rows.floorCpu),
    opened: median(rows.opened),
    openedCpu: median(rows.openedCpu),
    fromOpen: median(rows.fromOpen),
    fromOpenCpu: median(rows.fromOpenCpu),
    initialized: median(rows.initialized),
    initializedCpu: median(rows.initializedCpu),
    looks: rows.looks,
    warm: median(rows.warm),
    warmCpu: median(rows.warmCpu),
    readyAfter: median(rows.readyAfter),
    load: rows.load,
    all: median(rows.all),
    allCpu: median(rows.allCpu),
    rss: median(rows.rss),
    hoverP50: median(rows.hoverP50),
    hoverMax: Math.max(...rows.hoverMax),
    hovers: median(rows.hovers),
    ranges: { floor: rows.floor, opened: rows.opened, fromOpen: rows.fromOpen, warm: rows.warm, warmCpu: rows.warmCpu, all: rows.all, rss: rows.rss },
  };
}

const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;

/** The organization rows of a Markdown table (measure | median | range | ratio to the floor). */
export function orgRows(o: OrgFigures): string[] {
  return [
    `| floor: read + JSON.parse every file (${o.accounts} files, ${o.mb} MB; CPU) | ${o.floor} ms (${o.floorCpu} ms CPU) | ${range(o.ranges.floor)} ms | 1 |`,
    `| server: spawn → the opened file's diagnostics, the file opened once initialized (server CPU then) | ${o.opened} ms (${o.openedCpu} ms CPU) | ${range(o.ranges.opened)} ms | ${(o.opened / o.floor).toFixed(1)}× |`,
    `| … of which spawn → the initialize answer (node's start, loading the bundle; server CPU then) | ${o.initialized} ms (${o.initializedCpu} ms CPU) | | |`,
    `| … the same runs from the file's didOpen (server CPU in that interval) | ${o.fromOpen} ms (${o.fromOpenCpu} ms CPU) | ${range(o.ranges.fromOpen)} ms | ${(o.fromOpen / o.floor).toFixed(1)}× (CPU: ${(o.fromOpenCpu / o.floorCpu).toFixed(1)}×) |`,
    `| server: didOpen → diagnostics, the file opened after the server's start-up warm-up (ended ${o.readyAfter} ms after the spawn; server CPU in the interval) | ${o.warm} ms (${o.warmCpu} ms CPU) | ${range(o.ranges.warm)} ms (${range(o.ranges.warmCpu)} ms CPU) | ${(o.warm / o.floor).toFixed(1)}× (CPU: ${(o.warmCpu / o.floorCpu).toFixed(1)}×; goal ≤ 2×) |`,
    `| server: every file's diagnostics (server CPU then) | ${o.all} ms (${o.allCpu} ms CPU) | ${range(o.ranges.all)} ms | ${(o.all / o.floor).toFixed(1)}× |`,
    `| server RSS then | ${o.rss} MB | ${range(o.ranges.rss)} MB | (goal < 400 MB) |`,
    `| hover on the opened file meanwhile (one every 20 ms, ~${o.hovers} per run): p50 / max | ${o.hoverP50} / ${o.hoverMax} ms | | |`,
    `| the opened-at-once file's first look, as the server logs it (model + findings, ms, per run) | ${o.looks.join('; ')} | | |`,
    `| load average (1 min) at each run's start | ${o.load.join(', ')} | | |`,
  ];
}

async function main(): Promise<void> {
  const o = await measureOrg();
  const rows = { checkWall: [] as number[], checkCpu: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const c = check();
    rows.checkWall.push(c.wall);
    rows.checkCpu.push(c.cpu);
  }
  console.log(`\n${names.length} account files, ${(bytes / 1e6).toFixed(1)} MB; ${RUNS} runs (${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, Node ${process.version}, load ${loadavg()[0].toFixed(1)})\n`);
  console.log('| measure | median | range | ratio to the floor |');
  console.log('| --- | --- | --- | --- |');
  for (const row of orgRows(o)) console.log(row);
  console.log(`| \`check\` wall / CPU | ${median(rows.checkWall)} / ${median(rows.checkCpu)} ms | ${range(rows.checkWall)} ms wall | |`);
}

if (process.argv[1]?.endsWith(join('bench', 'org.ts'))) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
