/**
 * The max-quota account's first diagnostics over the two transports a language server is started with: stdio (the
 * benchmarks, test/lsp/harness.ts) and Node's IPC channel (`--node-ipc`: VS Code's TransportKind.ipc, as
 * client/extension.ts starts our server), for our server and for the peer over LSP (bench/support/json-peer-server.ts),
 * each in a fresh process, in rounds alternating the four. didOpen sent → the first publishDiagnostics received, wall
 * and the server's CPU (/proc); medians. A client of its own (vscode-jsonrpc, as ipc.test.ts), not the harness, so
 * that both transports are spoken to the same way.
 *
 * `npm run bench:lsp-transport -- [file] [--runs N] [--json] [--profile] [--after-warm-up]` (or `node --import tsx
 * bench/lsp-transport.ts ...` with dist/ built); `--node-args "..."`: node options for every server. `--profile`:
 * each server runs under `--cpu-prof`, and the main thread's sampled time in the transport is added up from its
 * profile (the whole run: the didOpen is the one big message): reading (stdio:
 * vscode-jsonrpc's reader gathering the chunks into one buffer, then its `toString` and `JSON.parse`; IPC: Node's
 * channel decoding each chunk, joining them and parsing), the didOpen's handler, and writing (encoding, the pipe's or
 * channel's write). `--after-warm-up`: our server is given the file once its start-up warm-up has ended (its log
 * "ready for a first look"), not right after `initialize` (as VS Code opens the file that started it).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER } from '../test/lsp/harness';
import { median } from './support/first-rounds';
import { PEER_SCHEMA, peerServer } from './support/peer-build';
import { cpuMs } from './support/proc';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const FILE = args.find((a) => a.endsWith('.json') && !a.startsWith('--')) ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const NODE_ARGS = args.includes('--node-args') ? args[args.indexOf('--node-args') + 1].split(' ').filter(Boolean) : [];
const PROFILE = args.includes('--profile');
const AFTER_WARM_UP = args.includes('--after-warm-up');

type Transport = 'stdio' | 'ipc';

interface Timed {
  server: 'ours' | 'peer';
  transport: Transport;
  ms: number;
  /** didOpen sent → its write done (the client's encoding, and the pipe or channel taking the last bytes: over stdio, the server has read all but the pipe's last 64 KB). */
  writtenMs: number;
  cpuMs: number;
  diagnostics: number;
  /** With --profile: the main thread's sampled time in the transport, ms. */
  costs?: TransportTimes;
}

interface TransportTimes {
  read: number;
  handler: number;
  write: number;
}

/** What a CPU profile's samples spent reading messages, in the didOpen's handler and writing messages (see above). */
function transportTimes(file: string): TransportTimes {
  const p: { nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[]; samples: number[]; timeDeltas: number[] } = JSON.parse(
    readFileSync(file, 'utf8'),
  );
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, keyof TransportTimes | null>();
  const kind = (id: number): keyof TransportTimes | null => {
    if (memo.has(id)) return memo.get(id)!;
    const frames: string[] = [];
    for (let c: number | undefined = id; c !== undefined; c = parent.get(c)) {
      const f = byId.get(c)!.callFrame;
      frames.push(`${f.functionName}@${f.url.split('/').pop()}`);
    }
    const s = frames.join('<');
    let k: keyof TransportTimes | null = null;
    if (/parseChannelMessages|channel\.onread|write@node:string_decoder/.test(s)) k = 'read';
    else if (/onData@|tryReadBody@|_read@/.test(s) && !/publish|firstLook/.test(s)) k = 'read';
    else if (/decode@/.test(s) && /doRunNext/.test(s)) k = 'read';
    else if (/handleNotification/.test(s) && /DidOpen|didOpen|EditedDocument|setText|setFile|onDidChangeContent/.test(s) && !/publish|firstLook|validate|parseJSONDocument/i.test(s)) k = 'handler';
    else if (/encode@|writeAsciiString|writeUtf8String|writeChannelMessage|createFromString|doWrite@|_writeGeneric/.test(s)) k = 'write';
    memo.set(id, k);
    return k;
  };
  const out: TransportTimes = { read: 0, handler: 0, write: 0 };
  for (let i = 0; i < p.samples.length; i++) {
    const k = kind(p.samples[i]);
    if (k) out[k] += (p.timeDeltas[i + 1] ?? 0) / 1000;
  }
  return { read: Math.round(out.read), handler: Math.round(out.handler), write: Math.round(out.write) };
}

/** A fresh server over `transport`, initialized; resolves once `initialize` is answered and `initialized` sent. */
async function start(script: string, transport: Transport, nodeArgs: string[]): Promise<{ proc: ChildProcess; conn: MessageConnection }> {
  const env = { ...process.env, IAM_WORKBENCH_PEER_SCHEMA: PEER_SCHEMA };
  // No execArgv of this process (tsx's loader) in the server: fork would pass them on.
  const proc =
    transport === 'ipc'
      ? fork(script, ['--node-ipc'], { execArgv: nodeArgs, env, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
      : spawn(process.execPath, [...nodeArgs, script, '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn =
    transport === 'ipc'
      ? createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  const ready = new Promise<void>((resolve) =>
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      if (/^ready for a first look/.test(p.message)) resolve();
    }),
  );
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions: { settings: {} },
  });
  await conn.sendNotification('initialized', {});
  if (AFTER_WARM_UP && script === SERVER) await ready;
  return { proc, conn };
}

async function stop(proc: ChildProcess, conn: MessageConnection): Promise<void> {
  try {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } catch {
    // already gone
  }
  if (proc.exitCode === null) await new Promise<void>((r) => proc.once('exit', () => r()));
  conn.dispose();
}

async function once(server: Timed['server'], transport: Transport, text: string, uri: string): Promise<Timed> {
  const dir = PROFILE ? mkdtempSync(join(tmpdir(), 'lsp-transport-')) : undefined;
  const { proc, conn } = await start(server === 'ours' ? SERVER : await peerServer(), transport, dir ? [...NODE_ARGS, '--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'] : NODE_ARGS);
  let result: Timed | undefined;
  try {
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri === uri) resolve(p);
      }),
    );
    const cpu0 = cpuMs(proc.pid!);
    const t = performance.now();
    let writtenMs = NaN;
    void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'iam-json', version: 1, text } }).then(() => (writtenMs = performance.now() - t));
    const p = await published;
    const ms = performance.now() - t;
    result = { server, transport, ms: Math.round(ms), writtenMs: Math.round(writtenMs), cpuMs: cpuMs(proc.pid!) - cpu0, diagnostics: p.diagnostics.length };
  } finally {
    await stop(proc, conn);
  }
  if (dir) {
    // The profile is written as the server exits.
    for (let i = 0; i < 100 && !readdirSync(dir).length; i++) await new Promise((r) => setTimeout(r, 100));
    result.costs = transportTimes(join(dir, readdirSync(dir)[0]));
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run "npm run gen:large" first.`);
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first.`);
  const text = readFileSync(FILE, 'utf8');
  const uri = pathToFileURL(FILE).toString();
  const runs: (Timed & { round: number; load: string })[] = [];
  for (let round = 1; round <= RUNS; round++) {
    for (const transport of ['stdio', 'ipc'] as const) {
      for (const server of ['ours', 'peer'] as const) {
        const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
        runs.push({ round, load, ...(await once(server, transport, text, uri)) });
      }
    }
  }
  if (args.includes('--json')) return void console.log(JSON.stringify(runs, null, 2));
  console.log('| round | load | server | transport | didOpen written | didOpen → first diagnostics: wall / server CPU | diagnostics |\n| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of runs) console.log(`| ${r.round} | ${r.load} | ${r.server} | ${r.transport} | ${r.writtenMs} ms | ${r.ms} / ${r.cpuMs} ms | ${r.diagnostics} |`);
  if (PROFILE) {
    console.log(`\nthe servers' main thread in the transport (sampled ms, medians of ${RUNS}; --profile):\n\n| server | transport | reading | didOpen handler | writing |\n| --- | --- | --- | --- | --- |`);
    for (const server of ['ours', 'peer'] as const) {
      for (const transport of ['stdio', 'ipc'] as const) {
        const mine = runs.filter((r) => r.server === server && r.transport === transport).map((r) => r.costs!);
        const t = (k: keyof TransportTimes) => median(mine.map((x) => x[k]));
        console.log(`| ${server} | ${transport} | ${t('read')} | ${t('handler')} | ${t('write')} |`);
      }
    }
  }
  console.log(`\nmedians of ${RUNS} rounds:\n\n| server | stdio: written; first diagnostics wall / CPU | IPC: written; first diagnostics wall / CPU |\n| --- | --- | --- |`);
  const m = (server: string, transport: string, k: 'ms' | 'cpuMs' | 'writtenMs') => median(runs.filter((r) => r.server === server && r.transport === transport).map((r) => r[k]));
  const cell = (server: string, transport: string) => `${m(server, transport, 'writtenMs')} ms; ${m(server, transport, 'ms')} / ${m(server, transport, 'cpuMs')} ms`;
  for (const server of ['ours', 'peer']) console.log(`| ${server} | ${cell(server, 'stdio')} | ${cell(server, 'ipc')} |`);
  for (const transport of ['stdio', 'ipc']) console.log(`\nours / peer over ${transport}: ${(m('ours', transport, 'ms') / m('peer', transport, 'ms')).toFixed(2)}×`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
