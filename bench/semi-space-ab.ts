/**
 * The server's young generation against the max-quota account's first look and its typing, variants alternated
 * within each round (issue 20, h28c). Each variant is a semi-space size in MB (IAM_WORKBENCH_SEMI_SPACE_MB, so
 * core/runtime/server-flags.ts's `serverExecArgv()` gives it, as the client and the harness do), optionally with the
 * size it starts and is held at until the first look after a slash (IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB: `16/4`,
 * `16/off` for V8's own start and no hold; core/runtime/young-generation.ts), optionally followed by more V8 options
 * after a space (`"16/off --min-semi-space-size=2"`), which go after them on the server's command line.
 *
 * `node --import tsx bench/semi-space-ab.ts --mode first|paced|b2b [--variants "16|8|4"] [--rounds N] [--keys K] [--pace MS] [--json]`
 * - `first`: per round, a fresh server of each variant (the order rotated round by round) opening the file:
 *   didOpen → first publishDiagnostics, wall, server CPU (process and main thread), minor page faults, peak RSS; and the peer in process once per
 *   round (bench/peers.ts, issue 20's peer): the ratio of the medians.
 * - `paced` / `b2b`: per round, a fresh server of each variant opens the file, waits for the full analysis and a
 *   hover, then types K keys (bench/support/typing.ts: a key every `--pace` ms, 120 by default, or back to back):
 *   p50 / p95 of the round's keys, CPU a key (process, main thread), RSS after opening and peak (VmHWM), scavenges while typing.
 * The runtime is the one running this script (the harness spawns the server with `process.execPath`): run it with
 * `/tmp/node24 --import tsx ...` for Node 24.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/harness';
import { measurePeers } from './peers';
import { median } from './support/first-rounds';
import { cpuMs, positionAt, rssMb } from './support/proc';
import { descriptionPosition, typeRounds } from './support/typing';

const ROOT = join(import.meta.dirname, '..');
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const FILE = arg('--file') ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
const MODE = arg('--mode') ?? 'first';
const VARIANTS = (arg('--variants') ?? '16|8|4').split('|');
const ROUNDS = Number(arg('--rounds') ?? 5);
const KEYS = Number(arg('--keys') ?? 60);
const PACE = MODE === 'paced' ? Number(arg('--pace') ?? 120) : 0;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
/** The main thread's CPU time so far (ns from /proc's schedstat, in ms) and the process's minor page faults. */
const mainThreadMs = (pid: number) => Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
const faults = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[7]);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Starts a server as `variant` says (and with the GC observer when `gcLog` is given). */
function start(variant: string, gcLog?: string): Promise<LspClient> {
  const [sizes, ...extra] = variant.split(' ').filter(Boolean);
  const [mb, start] = sizes.split('/');
  process.env.IAM_WORKBENCH_SEMI_SPACE_MB = mb;
  if (start) process.env.IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB = start;
  else delete process.env.IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB;
  const args = [...extra];
  if (gcLog) {
    args.unshift(`--require=${join(ROOT, 'bench', 'support', 'gc-observer.cjs')}`);
    process.env.IAM_WORKBENCH_GC_LOG = gcLog;
  }
  process.env.IAM_WORKBENCH_SERVER_NODE_ARGS = args.join(' ');
  return LspClient.start(null);
}

async function first(variant: string, uri: string, text: string) {
  const c = await start(variant);
  try {
    const pid = c.proc.pid!;
    const cpu0 = cpuMs(pid);
    const main0 = mainThreadMs(pid);
    const faults0 = faults(pid);
    const t = performance.now();
    c.open(uri, text);
    await c.waitForDiagnostics(uri);
    const ms = Math.round(performance.now() - t);
    return { ms, cpuMs: cpuMs(pid) - cpu0, mainMs: Math.round(mainThreadMs(pid) - main0), faults: faults(pid) - faults0, peakMb: Math.round(rssMb(pid, 'VmHWM')) };
  } finally {
    await c.stop();
  }
}

async function typing(variant: string, uri: string, text: string) {
  const work = mkdtempSync(join(tmpdir(), 'semi-ab-'));
  const gcLog = join(work, 'gc.jsonl');
  const c = await start(variant, gcLog);
  try {
    const pid = c.proc.pid!;
    c.open(uri, text);
    await c.diagnosticsAt(uri, 1);
    const afterOpenMb = Math.round(rssMb(pid));
    await c.request('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('"s3:GetObject"') + 3) });
    const pos = descriptionPosition(text);
    const t0 = Date.now();
    const cpu0 = cpuMs(pid);
    const main0 = mainThreadMs(pid);
    const times = await typeRounds(c, uri, pos, KEYS, PACE);
    const cpuPerKey = Math.round((cpuMs(pid) - cpu0) / KEYS);
    const mainPerKey = +((mainThreadMs(pid) - main0) / KEYS).toFixed(1);
    const t1 = Date.now();
    const peakMb = Math.round(rssMb(pid, 'VmHWM'));
    await c.stop();
    const gcs = existsSync(gcLog) ? readFileSync(gcLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    const during = gcs.filter((e) => e.kind && e.t >= t0 && e.t <= t1);
    return {
      p50: +percentile(times, 50).toFixed(1),
      p95: +percentile(times, 95).toFixed(1),
      first10p50: +percentile(times.slice(0, 10), 50).toFixed(1),
      cpuPerKey,
      mainPerKey,
      afterOpenMb,
      peakMb,
      scavenges: during.filter((e) => e.kind === 'minor').length,
      majors: during.filter((e) => e.kind === 'major').length,
    };
  } finally {
    await c.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run "npm run gen:large" first.`);
  const text = readFileSync(FILE, 'utf8');
  const uri = pathToFileURL(FILE).toString();
  const rows: Record<string, any>[] = [];
  const loads = [load()];
  for (let i = 0; i < ROUNDS; i++) {
    // The order rotated round by round: no variant always runs first (or right after the peer).
    const order = VARIANTS.map((_, k) => VARIANTS[(k + i) % VARIANTS.length]);
    const peerMs = MODE === 'first' ? measurePeers(FILE, ['json-languageservice'])[0].coldMs : undefined;
    for (const variant of order) {
      const l = load();
      const r = MODE === 'first' ? await first(variant, uri, text) : await typing(variant, uri, text);
      const row = { round: i + 1, variant, load: l, ...r, ...(peerMs !== undefined ? { peerMs } : {}) };
      rows.push(row);
      if (!process.argv.includes('--json')) console.error(JSON.stringify(row));
    }
    loads.push(load());
  }
  const summary = VARIANTS.map((variant) => {
    const mine = rows.filter((r) => r.variant === variant);
    const med = (k: string) => median(mine.map((r) => r[k]));
    const s: Record<string, unknown> = { variant, runs: mine.length };
    for (const k of Object.keys(mine[0]).filter((k) => typeof mine[0][k] === 'number' && k !== 'round')) s[k] = med(k);
    if (MODE === 'first') {
      s.ratio = +(med('ms') / med('peerMs')).toFixed(2);
      s.pairedRatio = +median(mine.map((r) => r.ms / r.peerMs)).toFixed(2);
    }
    return s;
  });
  const out = { mode: MODE, node: process.version, paceMs: PACE, keys: MODE === 'first' ? undefined : KEYS, loads, summary, rows };
  if (process.argv.includes('--json')) return void console.log(JSON.stringify(out));
  console.log(`mode ${MODE} on Node ${process.version}, loads ${loads.join(' → ')}`);
  for (const s of summary) console.log(JSON.stringify(s));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
