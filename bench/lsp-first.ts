/**
 * The max-quota account's first diagnostics alone (the first figure of bench/lsp.ts), quick to repeat: `runs`
 * fresh servers (dist/server.js --stdio) each opening the file, timed from didOpen to the first
 * publishDiagnostics and to the full analysis's (`iamWorkbench/analyzed`), with the server's CPU time (user +
 * system, /proc) at both, its peak RSS, and the server's own log of where the time went; alternating with ours, the
 * peer twice: in process (bench/peers.ts: vscode-json-languageservice's `doValidation` called in a fresh process, no
 * transport: issue 20's peer) and over LSP (bench/support/json-peer-server.ts, a fresh server spoken to by the same
 * client, so that it pays the same transport as ours). Prints both ratios, per round and of the medians.
 *
 * `node --import tsx bench/lsp-first.ts [file] [--runs N] [--no-peer] [--json] [--base OTHER/server.js]` (`--no-peer`: neither peer)
 * (`--base`: another build's server run before ours in each round, its rows marked "base"); profile the server with
 * `IAM_WORKBENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p"` (test/lsp/harness.ts).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/harness';
import { measurePeers } from './peers';
import { firstDiagnostics, median } from './support/first-rounds';
import { openAndTime } from './support/open';
import { startPeer } from './support/peer-client';
import { rssMb } from './support/proc';

const ROOT = join(import.meta.dirname, '..');
const FILE = process.argv.find((a) => a.endsWith('.json') && !a.startsWith('--')) ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
const at = process.argv.indexOf('--runs');
const RUNS = at >= 0 ? Number(process.argv[at + 1]) : 3;

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Run {
  server: string;
  firstMs: number;
  firstCpuMs: number;
  firstCount: number;
  fullMs: number;
  fullCpuMs: number;
  fullCount: number;
  peakRssMb: number;
  peerMs: number;
  /** The peer over LSP: didOpen → its diagnostics, wall and server CPU (its own fresh server, after ours). */
  peerLspMs: number;
  peerLspCpuMs: number;
  load: string;
  logs: string[];
}

async function once(text: string, uri: string, server?: string): Promise<Omit<Run, 'peerMs' | 'peerLspMs' | 'peerLspCpuMs' | 'load' | 'server'>> {
  if (server) process.env.IAM_WORKBENCH_SERVER = server;
  else delete process.env.IAM_WORKBENCH_SERVER;
  const c = await LspClient.start(null);
  try {
    const pid = c.proc.pid!;
    const { first, firstMs, firstCpuMs, full, fullMs, fullCpuMs } = await openAndTime(c, uri, text);
    return {
      firstMs: Math.round(firstMs),
      firstCpuMs,
      firstCount: first.diagnostics.length,
      fullMs: Math.round(fullMs),
      fullCpuMs,
      fullCount: full.length,
      peakRssMb: Math.round(rssMb(pid, 'VmHWM')),
      logs: c.logs.filter((l) => /ms/.test(l)),
    };
  } finally {
    await c.stop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run "npm run gen:large" first.`);
  const text = readFileSync(FILE, 'utf8');
  const uri = pathToFileURL(FILE).toString();
  const runs: Run[] = [];
  const baseAt = process.argv.indexOf('--base');
  const base = baseAt >= 0 ? process.argv[baseAt + 1] : undefined;
  const noPeer = process.argv.includes('--no-peer');
  for (let i = 0; i < RUNS; i++) {
    const peer = noPeer ? undefined : measurePeers(FILE, ['json-languageservice'])[0];
    const rows: Run[] = [];
    for (const server of base ? [base, undefined] : [undefined]) {
      const l = load();
      const ours = await once(text, uri, server);
      rows.push({ ...ours, server: server ? 'base' : 'now', peerMs: peer?.coldMs ?? NaN, peerLspMs: NaN, peerLspCpuMs: NaN, load: l });
    }
    if (peer) {
      const overLsp = await firstDiagnostics(await startPeer(), uri, text);
      // The same work as the peer in process, or the comparison means nothing.
      if (overLsp.diagnostics !== peer.diagnostics) throw new Error(`the peer over LSP published ${overLsp.diagnostics} diagnostics, in process ${peer.diagnostics}`);
      for (const r of rows) Object.assign(r, { peerLspMs: overLsp.ms, peerLspCpuMs: overLsp.cpuMs });
    }
    runs.push(...rows);
  }
  if (process.argv.includes('--json')) return void console.log(JSON.stringify(runs, null, 2));
  console.log('| run | server | load | first diagnostics: wall / server CPU (count) | full analysis: wall / server CPU (count) | peak RSS | peer in process | ratio (wall) | peer over LSP: wall / CPU | ratio (wall) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  runs.forEach((r, i) =>
    console.log(
      `| ${i + 1} | ${r.server} | ${r.load} | ${r.firstMs} / ${r.firstCpuMs} ms (${r.firstCount}) | ${r.fullMs} / ${r.fullCpuMs} ms (${r.fullCount}) | ${r.peakRssMb} MB | ${r.peerMs} ms | ${(r.firstMs / r.peerMs).toFixed(2)}× | ${r.peerLspMs} / ${r.peerLspCpuMs} ms | ${(r.firstMs / r.peerLspMs).toFixed(2)}× |`,
    ),
  );
  for (const server of base ? ['base', 'now'] : ['now']) {
    const mine = runs.filter((r) => r.server === server);
    const first = median(mine.map((r) => r.firstMs));
    const peerMs = median(mine.map((r) => r.peerMs));
    const peerLspMs = median(mine.map((r) => r.peerLspMs));
    console.log(
      `\n${server}: medians of ${mine.length} — first diagnostics ${first} ms (server CPU ${median(mine.map((r) => r.firstCpuMs))} ms); ` +
        (noPeer
          ? 'no peer'
          : `peer in process ${peerMs} ms → **${(first / peerMs).toFixed(2)}×** (issue 20's ratio; the rounds' own ratios: median ${median(mine.map((r) => r.firstMs / r.peerMs)).toFixed(2)}×); ` +
            `peer over LSP ${peerLspMs} ms (server CPU ${median(mine.map((r) => r.peerLspCpuMs))} ms) → **${(first / peerLspMs).toFixed(2)}×** (the rounds' own: median ${median(mine.map((r) => r.firstMs / r.peerLspMs)).toFixed(2)}×)`),
    );
  }
  for (const l of runs[runs.length - 1].logs) console.log(`  server: ${l}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
