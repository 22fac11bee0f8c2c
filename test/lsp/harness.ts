import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { AnalyzedNotificationMethod, type AnalyzedParams } from '../../protocol';
import { serverEnv, serverExecArgv } from '../../core/runtime/server-flags';

const ROOT = join(import.meta.dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

type Waiter = { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

/**
 * The bundled server spawned over stdio, spoken to with vscode-jsonrpc; over Node's IPC channel instead (`--node-ipc`,
 * the VS Code client's TransportKind.ipc) when IAM_WORKBENCH_TRANSPORT is `ipc` (the benchmarks' `--transport ipc`).
 */
export class LspClient {
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  /** Work-done progress the server reported (with `window.workDoneProgress` among the capabilities). */
  readonly progress: { token: string | number; kind: string; message?: string }[] = [];
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();
  /** Per file, the latest document version the server has analysed (0: not open). */
  readonly analyzed = new Map<string, number>();
  private analysisWaiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];
  private logWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];

  private constructor(readonly proc: ChildProcess) {
    this.conn = proc.channel
      ? createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.conn.onNotification(AnalyzedNotificationMethod, (p: AnalyzedParams) => {
      for (const d of p.documents) this.analyzed.set(d.uri, d.version ?? 0);
      this.analysisWaiters = this.analysisWaiters.filter((w) => {
        if ((this.analyzed.get(w.uri) ?? -1) < w.version) return true;
        w.resolve(this.diagnostics.get(w.uri)?.diagnostics ?? []);
        return false;
      });
    });
    this.conn.onNotification('window/logMessage', (p: any) => {
      const line = String(p?.message);
      this.logs.push(line);
      this.logWaiters = this.logWaiters.filter((w) => {
        if (!w.pattern.test(line)) return true;
        w.resolve(line);
        return false;
      });
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.progress.push({ token: p.token, kind: 'create' });
      return null;
    });
    this.conn.onNotification('$/progress', (p: { token: string | number; value: { kind: string; message?: string; title?: string } }) => {
      this.progress.push({ token: p.token, kind: p.value.kind, message: p.value.message ?? p.value.title });
    });
    this.conn.listen();
  }

  /**
   * `capabilities`: extra client capabilities, e.g. `{ window: { workDoneProgress: true } }`. `beforeInitialized`:
   * called once `initialize` is answered, before `initialized` is sent (a file opened then).
   */
  static async start(rootUri: string | null = null, settings: unknown = {}, capabilities: Record<string, unknown> = {}, beforeInitialized?: (c: LspClient) => void): Promise<LspClient> {
    // IAM_WORKBENCH_SERVER: another build of the server (a benchmark against a base build).
    const server = process.env.IAM_WORKBENCH_SERVER || SERVER;
    if (!existsSync(server)) throw new Error(`${server} is missing: run "npm run build" first.`);
    // IAM_WORKBENCH_SERVER_NODE_ARGS: extra node options for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to profile it.
    // The product's V8 options first (core/runtime/server-flags.ts, as the VS Code client passes them); the extra ones after them win.
    // Its environment too (serverEnv: glibc's malloc settings; IAM_WORKBENCH_MALLOC=default leaves them out).
    const nodeArgs = [...serverExecArgv(), ...(process.env.IAM_WORKBENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
    // Over IPC as the VS Code client forks it: this Node, the options given (none of this process's own, e.g. tsx's).
    const proc =
      process.env.IAM_WORKBENCH_TRANSPORT === 'ipc'
        ? fork(server, ['--node-ipc'], { execArgv: nodeArgs, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: serverEnv() })
        : spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: serverEnv() });
    if (proc.channel) proc.stderr?.resume(); // over IPC nothing reads it: never left to fill its pipe
    const c = new LspClient(proc);
    await c.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, ...capabilities },
      initializationOptions: { settings },
    });
    beforeInitialized?.(c);
    await c.conn.sendNotification('initialized', {});
    return c;
  }

  /** Resolves with the next (or current) diagnostics of `uri` that pass `test`. */
  waitForDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const now = this.diagnostics.get(uri);
    if (now && test(now)) return Promise.resolve(now);
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  /**
   * The diagnostics of `uri` once document version `version` (or a later one) has been analysed: the
   * server's `iamWorkbench/analyzed` notification says so, after publishing the diagnostics that changed
   * (none when the edit moved no diagnostic's line or character).
   */
  diagnosticsAt(uri: string, version: number): Promise<Diagnostic[]> {
    if ((this.analyzed.get(uri) ?? -1) >= version) return Promise.resolve(this.diagnostics.get(uri)?.diagnostics ?? []);
    return new Promise((resolve) => this.analysisWaiters.push({ uri, version, resolve }));
  }

  /** Resolves with the first line the server logged (or logs next) that matches `pattern`. */
  waitForLog(pattern: RegExp): Promise<string> {
    const seen = this.logs.find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.logWaiters.push({ pattern, resolve }));
  }

  open(uri: string, text: string): number {
    this.versions.set(uri, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'iam-json', version: 1, text } });
    return 1;
  }

  /** Replaces the whole text; returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** One incremental edit; returns the new version. */
  edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    const exited = this.proc.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => this.proc.once('exit', () => r()));
    await exited;
    this.conn.dispose();
  }
}

/** Position of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
