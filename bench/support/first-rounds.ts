/**
 * The max-quota account's first diagnostics, ours against the peer, in rounds: per round a fresh server of ours over
 * stdio, or IPC as VS Code starts it (`--transport ipc`: IAM_WORKBENCH_TRANSPORT, test/lsp/harness.ts) (didOpen → its
 * first publishDiagnostics), a fresh peer server over the same transport from the same client
 * (bench/support/json-peer-server.ts: vscode-json-languageservice parsing and validating against our schema, at
 * once), and the peer in process (bench/peers.ts: `doValidation` called directly in a fresh process, no transport),
 * each in its own fresh process, one after the other. Medians, and the two ratios: ours over LSP against the peer in
 * process (issue 20's definition) and against the peer over LSP (both paying the transport).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../test/lsp/harness';
import { measurePeers } from '../peers';
import { startPeer } from './peer-client';
import { cpuMs } from './proc';

export interface FirstTimes {
  /** didOpen sent → the first publishDiagnostics received, ms. */
  ms: number;
  /** The server's CPU time (user + system) in that window, ms. */
  cpuMs: number;
  diagnostics: number;
}

export interface FirstRound {
  load: string;
  ours: FirstTimes;
  peerLsp: FirstTimes;
  /** The in-process peer's cold run. */
  peerInProcess: { ms: number; diagnostics: number };
}

export interface FirstSummary {
  rounds: FirstRound[];
  oursMs: number;
  oursCpuMs: number;
  peerLspMs: number;
  peerLspCpuMs: number;
  peerInProcessMs: number;
  /** Ours (median) / the in-process peer (median): issue 20's ratio. */
  ratioInProcess: number;
  /** Ours (median) / the peer over LSP (median). */
  ratioLsp: number;
  /** The medians of the rounds' own ratios (each pair run back to back), the same two. */
  pairedRatioInProcess: number;
  pairedRatioLsp: number;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Opens `text` in a started server and times it to the first publishDiagnostics of `uri`; then stops the server. */
export async function firstDiagnostics(c: LspClient, uri: string, text: string): Promise<FirstTimes> {
  try {
    const pid = c.proc.pid!;
    const cpu0 = cpuMs(pid);
    const t = performance.now();
    c.open(uri, text);
    const p = await c.waitForDiagnostics(uri);
    const ms = performance.now() - t;
    return { ms: Math.round(ms), cpuMs: cpuMs(pid) - cpu0, diagnostics: p.diagnostics.length };
  } finally {
    await c.stop();
  }
}

/**
 * `runs` rounds over `file`. Throws when the peer over LSP does not find what the peer in process finds (the same
 * number of diagnostics): it would not be doing the same work.
 */
export async function firstRounds(file: string, runs: number, log?: (r: FirstRound) => void): Promise<FirstSummary> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const rounds: FirstRound[] = [];
  for (let i = 0; i < runs; i++) {
    const l = load();
    const ours = await firstDiagnostics(await LspClient.start(null), uri, text);
    const peerLsp = await firstDiagnostics(await startPeer(), uri, text);
    const inProcess = measurePeers(file, ['json-languageservice'])[0];
    const peerInProcess = { ms: inProcess.coldMs, diagnostics: inProcess.diagnostics ?? 0 };
    if (peerLsp.diagnostics !== peerInProcess.diagnostics) {
      throw new Error(`the peer over LSP published ${peerLsp.diagnostics} diagnostics, the peer in process found ${peerInProcess.diagnostics}`);
    }
    const round = { load: l, ours, peerLsp, peerInProcess };
    rounds.push(round);
    log?.(round);
  }
  const oursMs = median(rounds.map((r) => r.ours.ms));
  const peerLspMs = median(rounds.map((r) => r.peerLsp.ms));
  const peerInProcessMs = median(rounds.map((r) => r.peerInProcess.ms));
  const r2 = (x: number) => +x.toFixed(2);
  return {
    rounds,
    oursMs,
    oursCpuMs: median(rounds.map((r) => r.ours.cpuMs)),
    peerLspMs,
    peerLspCpuMs: median(rounds.map((r) => r.peerLsp.cpuMs)),
    peerInProcessMs,
    ratioInProcess: r2(oursMs / peerInProcessMs),
    ratioLsp: r2(oursMs / peerLspMs),
    pairedRatioInProcess: r2(median(rounds.map((r) => r.ours.ms / r.peerInProcess.ms))),
    pairedRatioLsp: r2(median(rounds.map((r) => r.ours.ms / r.peerLsp.ms))),
  };
}

/** The rounds and the summary as Markdown. */
/** The transport the harness starts the servers with (test/lsp/harness.ts: IAM_WORKBENCH_TRANSPORT). */
export const transport = (): string => (process.env.IAM_WORKBENCH_TRANSPORT === 'ipc' ? 'IPC' : 'stdio');

export function firstRoundsTable(s: FirstSummary): string {
  const lines = [
    `| round | load | ours over LSP (${transport()}): wall / server CPU (diagnostics) | peer over LSP (${transport()}): wall / server CPU (diagnostics) | peer in process (cold) | ours / peer in process | ours / peer over LSP |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  s.rounds.forEach((r, i) =>
    lines.push(
      `| ${i + 1} | ${r.load} | ${r.ours.ms} / ${r.ours.cpuMs} ms (${r.ours.diagnostics}) | ${r.peerLsp.ms} / ${r.peerLsp.cpuMs} ms (${r.peerLsp.diagnostics}) | ${r.peerInProcess.ms} ms (${r.peerInProcess.diagnostics}) | ${(r.ours.ms / r.peerInProcess.ms).toFixed(2)}× | ${(r.ours.ms / r.peerLsp.ms).toFixed(2)}× |`,
    ),
  );
  lines.push(
    `| median | | ${s.oursMs} / ${s.oursCpuMs} ms | ${s.peerLspMs} / ${s.peerLspCpuMs} ms | ${s.peerInProcessMs} ms | **${s.ratioInProcess}×** (paired ${s.pairedRatioInProcess}×) | **${s.ratioLsp}×** (paired ${s.pairedRatioLsp}×) |`,
  );
  return lines.join('\n');
}
