/**
 * `npm run bench:org`: an organization of many accounts in one workspace (scripts/gen-org.mjs: 300 account
 * files, ~13 MB, every member trusting the security account's auditor role), made on first use in
 * bench/out/org. Measures, each in a fresh process:
 * - the floor: reading and `JSON.parse`-ing every file;
 * - the language server started on the folder with one file opened (the middle one): the time until
 *   that file's diagnostics, until every file's, and the server's resident memory then;
 * - `iam-workbench check` of the folder: wall and CPU time.
 * Prints a Markdown table. Options: --accounts N (regenerates when it differs), --runs N (default 3).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/harness';

const ROOT = join(__dirname, '..');
const DIR = join(ROOT, 'bench', 'out', 'org');
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ACCOUNTS = arg('--accounts', 300);
const RUNS = arg('--runs', 3);

const files = () => (existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.iam.json')).sort() : []);
if (files().length !== ACCOUNTS) execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-org.mjs'), DIR, '--accounts', String(ACCOUNTS)], { stdio: 'inherit' });
const names = files();
const bytes = names.reduce((n, f) => n + readFileSync(join(DIR, f)).length, 0);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Reading and JSON.parse-ing every file in a fresh process (module loading not counted). */
function floor(): number {
  const script = `const fs=require('fs'),p=require('path');const d=${JSON.stringify(DIR)};const t=performance.now();` +
    `for(const f of fs.readdirSync(d))if(f.endsWith('.iam.json'))JSON.parse(fs.readFileSync(p.join(d,f),'utf8'));` +
    `process.stdout.write(String(performance.now()-t));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** The server on the folder, one file opened: ms to that file's diagnostics, to every file's, and RSS. */
async function server(): Promise<{ opened: number; all: number; rss: number }> {
  const opened = join(DIR, names[Math.floor(names.length / 2)]);
  const start = performance.now();
  const c = await LspClient.start(pathToFileURL(DIR).toString());
  try {
    const uri = pathToFileURL(opened).toString();
    c.open(uri, readFileSync(opened, 'utf8'));
    await c.waitForDiagnostics(uri);
    const first = performance.now() - start;
    await Promise.all(names.map((f) => c.waitForDiagnostics(pathToFileURL(join(DIR, f)).toString())));
    const all = performance.now() - start;
    return { opened: Math.round(first), all: Math.round(all), rss: Math.round(rssMb(c.proc.pid!)) };
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

async function main(): Promise<void> {
  const rows = { floor: [] as number[], opened: [] as number[], all: [] as number[], rss: [] as number[], checkWall: [] as number[], checkCpu: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    rows.floor.push(floor());
    const s = await server();
    rows.opened.push(s.opened);
    rows.all.push(s.all);
    rows.rss.push(s.rss);
    const c = check();
    rows.checkWall.push(c.wall);
    rows.checkCpu.push(c.cpu);
  }
  const f = median(rows.floor);
  const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
  console.log(`\n${names.length} account files, ${(bytes / 1e6).toFixed(1)} MB; ${RUNS} runs (${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, Node ${process.version}, load ${loadavg()[0].toFixed(1)})\n`);
  console.log('| measure | median | range | ratio to the floor |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| floor: read + JSON.parse every file | ${f.toFixed(0)} ms | ${range(rows.floor.map(Math.round))} ms | 1 |`);
  console.log(`| server: the opened file's diagnostics | ${median(rows.opened)} ms | ${range(rows.opened)} ms | ${(median(rows.opened) / f).toFixed(1)}× |`);
  console.log(`| server: every file's diagnostics | ${median(rows.all)} ms | ${range(rows.all)} ms | ${(median(rows.all) / f).toFixed(1)}× |`);
  console.log(`| server RSS then | ${median(rows.rss)} MB | ${range(rows.rss)} MB | |`);
  console.log(`| \`check\` wall / CPU | ${median(rows.checkWall)} / ${median(rows.checkCpu)} ms | ${range(rows.checkWall)} ms wall | |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
