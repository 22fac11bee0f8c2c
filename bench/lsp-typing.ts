/**
 * The typing path through the language server, alone (issue 20's harmless edit and RSS while typing): spawns the
 * bundled server (dist/server.js over stdio, or `--server PATH`), opens the max-quota account, waits for the full
 * analysis, then types `--rounds N` rounds in a description as `npm run bench:lsp` does (even rounds type an "x",
 * odd ones delete it; each → the diagnostics of that version). Prints wall p50 / p95, the server's CPU per round,
 * its RSS after opening and its peak while typing, and (with a preloaded observer, bench/support/gc-observer.cjs)
 * the garbage collections V8 ran while typing: count and pause time per kind.
 *
 * `npm run bench:lsp-typing` (build, then this). `--profile DIR` runs the server under `node --cpu-prof` (the profile is written when it exits); `--pause MS`
 * waits before typing (the server's idle work: rehearsal, idle collection); `--pace MS` types a key every MS ms (a
 * typist's pace, e.g. 120) instead of back to back (bench/support/typing.ts); `--gc-trace` lists each collection from
 * the open on with the heap and RSS after it; `--json` prints JSON. The server's idle collections while typing are
 * counted from its log.
 */
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/harness';
import { cpuMs, positionAt, rssMb } from './support/proc';
import { descriptionPosition, typeRounds } from './support/typing';

const ROOT = join(import.meta.dirname, '..');
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const FILE = arg('--file') ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
const ROUNDS = Number(arg('--rounds') ?? 60);
const PAUSE = Number(arg('--pause') ?? 0);
const PACE = Number(arg('--pace') ?? 0);

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

interface GcEntry {
  t: number;
  kind: string;
  ms: number;
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run "npm run gen:large" first.`);
  const text = readFileSync(FILE, 'utf8');
  const uri = pathToFileURL(FILE).toString();
  const work = mkdtempSync(join(tmpdir(), 'lsp-typing-'));
  const gcLog = join(work, 'gc.jsonl');
  const nodeArgs = [`--require=${join(ROOT, 'bench', 'support', 'gc-observer.cjs')}`];
  const profile = arg('--profile');
  if (profile) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profile}`);
  const extra = arg('--node-args');
  if (extra) nodeArgs.push(...extra.split(' ').filter(Boolean));
  process.env.IAM_WORKBENCH_SERVER_NODE_ARGS = nodeArgs.join(' ');
  process.env.IAM_WORKBENCH_GC_LOG = gcLog;
  const server = arg('--server');
  if (server) process.env.IAM_WORKBENCH_SERVER = server;
  const c = await LspClient.start(null);
  try {
    const pid = c.proc.pid!;
    c.open(uri, text);
    await c.diagnosticsAt(uri, 1);
    const rssOpen = rssMb(pid);
    const rssOpenPeak = rssMb(pid, 'VmHWM');
    const openedAt = Date.now();
    // The first hover loads the catalogue (as bench/lsp.ts does before typing).
    await c.request('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('"s3:GetObject"') + 3) });
    if (PAUSE) await new Promise((r) => setTimeout(r, PAUSE));
    const pos = descriptionPosition(text);
    const startedAt = Date.now();
    const cpu0 = cpuMs(pid);
    const logs0 = c.logs.length;
    const times = await typeRounds(c, uri, pos, ROUNDS, PACE);
    const cpu = (cpuMs(pid) - cpu0) / ROUNDS;
    const idleCollections = c.logs.slice(logs0).filter((l) => l.startsWith('idle collection')).length;
    const endedAt = Date.now();
    const rssPeak = rssMb(pid, 'VmHWM');
    const rssEnd = rssMb(pid);
    const diagnostics = c.diagnostics.get(uri)?.diagnostics.length;
    await c.stop();
    const entries: GcEntry[] = existsSync(gcLog)
      ? readFileSync(gcLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as GcEntry)
      : [];
    const typing = entries.filter((e) => e.kind && e.t >= startedAt && e.t <= endedAt);
    const sync = entries.find((e) => 'sync' in e) as unknown as { sync: number; hrMs: number } | undefined;
    const byKind = new Map<string, { count: number; ms: number }>();
    for (const e of typing) {
      const k = byKind.get(e.kind) ?? { count: 0, ms: 0 };
      k.count++;
      k.ms += e.ms;
      byKind.set(e.kind, k);
    }
    const result = {
      server: server ?? 'dist/server.js',
      rounds: ROUNDS,
      paceMs: PACE,
      diagnostics,
      wallMs: { p50: +percentile(times, 50).toFixed(1), p95: +percentile(times, 95).toFixed(1), first10p50: +percentile(times.slice(0, 10), 50).toFixed(1) },
      cpuPerRoundMs: Math.round(cpu),
      rssMb: { afterOpen: Math.round(rssOpen), peakOpening: Math.round(rssOpenPeak), peak: Math.round(rssPeak), end: Math.round(rssEnd) },
      idleCollections,
      gcWhileTyping: Object.fromEntries([...byKind].map(([k, v]) => [k, { count: v.count, perRoundMs: +(v.ms / ROUNDS).toFixed(1) }])),
      // The typing's window on the CPU profile's clock (µs), for bench/support/profile-window.mjs.
      profileWindowUs: sync && [Math.round((startedAt - sync.sync + sync.hrMs) * 1000), Math.round((endedAt - sync.sync + sync.hrMs) * 1000)],
      // Heap and RSS samples at collections from the open to the end of the typing (--gc-trace).
      gcTrace: process.argv.includes('--gc-trace') ? entries.filter((e) => e.kind && e.t >= openedAt - 60000 && e.t <= endedAt).map((e) => `${e.t - startedAt} ${e.kind} ${e.ms}ms heap ${(e as any).heap} rss ${(e as any).rss}`) : undefined,
      load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else console.log(JSON.stringify(result, null, 1));
  } finally {
    await c.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
