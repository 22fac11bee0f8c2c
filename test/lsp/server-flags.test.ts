/**
 * The language server's V8 options and malloc settings (core/runtime/server-flags.ts) reach every way the product starts it: the VS Code
 * client's server options (client/extension.ts, activated against stand-ins for `vscode` and the LSP client library),
 * the tests' and benchmarks' harness (the spawned server's command line), and the server starts cleanly with them on
 * this Node (and on Node 24 when the end-to-end tools are installed): no "unrecognized flag", a young generation
 * that stays within the size asked for.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import Module from 'node:module';
import { FIRST_LOOK_SEMI_SPACE_MB, HOLD_YOUNG_GENERATION, MALLOC_TUNABLES, SEMI_SPACE_MB, firstLookSemiSpaceMb, serverEnv, serverExecArgv } from '../../core/runtime/server-flags';
import { canHoldYoungGeneration, holdYoungGeneration } from '../../core/runtime/young-generation';

/** The environment that turns the hold on (IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB, at the size measured best). */
const HELD = { IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB: String(FIRST_LOOK_SEMI_SPACE_MB) };
import { LspClient } from './harness';

/** Node 24 (code-server's, a V8 13 like VS Code's desktop builds), when `npm run setup:e2e` has installed it. */
async function node24(): Promise<string | undefined> {
  const { nodeBin } = (await import('../../scripts/e2e/tools.mjs')) as { nodeBin: string };
  return existsSync(nodeBin) ? nodeBin : undefined;
}

/** Runs `node [options] -e code` and returns its exit status, output and errors. */
function runNode(node: string, options: string[], code: string) {
  return spawnSync(node, [...options, '-e', code], { encoding: 'utf8' });
}

/** Allocates ~300 MB of short- and middle-lived objects (what grows V8 13's young generation), then prints the young generation's size in MB. */
const GROW_YOUNG = `
  const v8 = require('node:v8');
  let keep = [];
  for (let r = 0; r < 30; r++) { const a = []; for (let i = 0; i < 200000; i++) a.push({ i, s: 'x' + i }); keep.push(a); if (keep.length > 3) keep.shift(); }
  const young = v8.getHeapSpaceStatistics().filter((s) => s.space_name === 'new_space')[0].space_size;
  console.log(Math.round(young / 1048576));`;

/**
 * Holds the young generation as the server does at start (core/runtime/young-generation.ts), builds ~1.5 million
 * objects that survive (a model), releases it and allocates short- and middle-lived objects (typing); prints the
 * young generation's size in MB while held and after.
 */
const HOLD_THEN_GROW = (module: string) => `
  const v8 = require('node:v8');
  const { holdYoungGeneration, releaseYoungGeneration } = require(${JSON.stringify(module)});
  const young = () => Math.round(v8.getHeapSpaceStatistics().filter((s) => s.space_name === 'new_space')[0].space_size / 1048576);
  const held = holdYoungGeneration({ IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB: '${FIRST_LOOK_SEMI_SPACE_MB}' });
  const model = [];
  for (let r = 0; r < 15; r++) { const a = []; for (let i = 0; i < 100000; i++) a.push({ i, s: 'x' + i }); model.push(a); }
  const whileHeld = young();
  const released = releaseYoungGeneration();
  let keep = [];
  for (let r = 0; r < 30; r++) { const a = []; for (let i = 0; i < 100000; i++) a.push({ i, s: 'y' + i }); keep.push(a); if (keep.length > 3) keep.shift(); }
  console.log(JSON.stringify({ held, whileHeld, released, after: young(), model: model.length }));`;

describe('the server\'s V8 options (core/runtime/server-flags.ts)', () => {
  it('caps the young generation at two 16 MB semi-spaces, starting at 2 MB; measurement overrides, or V8\'s own', () => {
    assert.equal(SEMI_SPACE_MB, 16);
    assert.equal(FIRST_LOOK_SEMI_SPACE_MB, 2);
    assert.deepEqual(serverExecArgv({}), [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--min-semi-space-size=${FIRST_LOOK_SEMI_SPACE_MB}`]);
    assert.deepEqual(serverExecArgv({ IAM_WORKBENCH_SEMI_SPACE_MB: '32' }), ['--max-semi-space-size=32', '--min-semi-space-size=2']);
    assert.deepEqual(serverExecArgv({ IAM_WORKBENCH_SEMI_SPACE_MB: 'default' }), []);
    assert.deepEqual(serverExecArgv({ IAM_WORKBENCH_SEMI_SPACE_MB: 'nonsense' }), [`--max-semi-space-size=${SEMI_SPACE_MB}`, '--min-semi-space-size=2']);
  });

  it('holds the young generation until the first look (on by default): its start, never above the cap; off on request', () => {
    assert.equal(HOLD_YOUNG_GENERATION, true);
    assert.equal(firstLookSemiSpaceMb({}), FIRST_LOOK_SEMI_SPACE_MB);
    assert.equal(firstLookSemiSpaceMb({ IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB: '4' }), 4);
    assert.equal(firstLookSemiSpaceMb({ IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB: 'off' }), undefined);
    assert.equal(firstLookSemiSpaceMb({ IAM_WORKBENCH_SEMI_SPACE_MB: 'default' }), undefined);
    assert.deepEqual(serverExecArgv({ IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB: '4' }), ['--max-semi-space-size=16', '--min-semi-space-size=4']);
    assert.deepEqual(serverExecArgv({ IAM_WORKBENCH_SEMI_SPACE_MB: '1' }), ['--max-semi-space-size=1', '--min-semi-space-size=1']);
    assert.deepEqual(serverExecArgv({ IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB: 'off' }), ['--max-semi-space-size=16']);
    // Off on request: no flag set in this (the test runner's) process.
    assert.equal(holdYoungGeneration({ IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB: 'off' }), false);
  });

  it('holds the young generation on the V8s it was measured on and kept for (11 to 14), no other', () => {
    assert.equal(canHoldYoungGeneration('11.3.244.8-node.38'), true);
    assert.equal(canHoldYoungGeneration('13.6.233.17-node.63'), true);
    assert.equal(canHoldYoungGeneration('14.2.231.14-electron.0'), true);
    assert.equal(canHoldYoungGeneration('10.2.154.26-node.36'), false);
    assert.equal(canHoldYoungGeneration('15.0.1'), false);
  });

  it('adds glibc\'s malloc settings to the environment, before the user\'s own; a measurement override leaves it alone', () => {
    assert.equal(serverEnv({}).GLIBC_TUNABLES, MALLOC_TUNABLES);
    assert.equal(serverEnv({ PATH: '/bin' }).PATH, '/bin');
    assert.equal(serverEnv({ GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=1' }).GLIBC_TUNABLES, `${MALLOC_TUNABLES}:glibc.malloc.trim_threshold=1`);
    const env = { IAM_WORKBENCH_MALLOC: 'default' };
    assert.equal(serverEnv(env), env);
  });

  it('with them, glibc hands a big text\'s memory back to the next one instead of mapping fresh pages (the keystroke\'s copy of its text)', (t) => {
    const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
    if (!glibc) return t.skip('not glibc');
    // Texts of 5 MB made as the server makes them (an external string copied from a buffer), three alive, collected
    // every four (what a collection frees stays under the 32 MB kept): the page faults of the last forty. (Without the
    // settings, Node 20 here faults ~19,000 pages in.)
    const code = `
      const buf = Buffer.alloc(5 << 20, 97); const keep = []; let f0 = 0;
      for (let i = 0; i < 80; i++) {
        if (i === 40) f0 = process.resourceUsage().minorPageFault;
        keep.push(buf.toString('latin1')); if (keep.length > 3) keep.shift(); if (i % 4 === 3) gc();
      }
      console.log(process.resourceUsage().minorPageFault - f0);`;
    const faults = spawnSync(process.execPath, ['--expose-gc', '-e', code], { encoding: 'utf8', env: serverEnv({ PATH: process.env.PATH }) });
    assert.equal(faults.status, 0, faults.stderr);
    // One text is 1,280 pages: fewer faults than that over forty texts means their memory was reused.
    assert.ok(Number(faults.stdout) < 1280, `${faults.stdout.trim()} page faults over forty 5 MB texts`);
  });

  it('the VS Code client passes them to the server it starts (run and debug)', async () => {
    // A stand-in for `vscode` that takes any call, and one for the LSP client library that records its server options.
    const any: unknown = new Proxy(function () {}, {
      get: (_t, key) => (key === 'then' || typeof key === 'symbol' ? undefined : any),
      apply: () => any,
      construct: () => any as object,
      set: () => true,
      defineProperty: () => true,
    });
    const made: { serverOptions: any }[] = [];
    class LanguageClient {
      constructor(_id: string, _name: string, readonly serverOptions: unknown) {
        made.push(this as unknown as { serverOptions: any });
        // Any other member the client's modules use takes any call.
        return new Proxy(this, { get: (target, key) => (key in target ? (target as any)[key] : any) });
      }
      start() {
        return Promise.resolve();
      }
      stop() {
        return Promise.resolve();
      }
    }
    const languageClient = { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } };
    const M = Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string };
    const resolve = M._resolveFilename;
    M._resolveFilename = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') return 'vscode';
      if (request === 'vscode-languageclient/node') return 'stand-in:vscode-languageclient/node';
      return resolve.call(this, request, ...rest);
    };
    // The module's namespaces and classes the client's modules use, each taking any call.
    const names = ['commands', 'window', 'workspace', 'languages', 'extensions', 'Uri', 'EventEmitter', 'Range', 'ThemeColor', 'WorkspaceEdit', 'DiagnosticSeverity', 'FileType', 'LanguageStatusSeverity', 'TextEditorRevealType', 'ViewColumn'];
    const vscode = Object.fromEntries(names.map((n) => [n, any]));
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as unknown as NodeJS.Module;
    require.cache['stand-in:vscode-languageclient/node'] = { id: 'lc', filename: 'lc', loaded: true, exports: languageClient } as unknown as NodeJS.Module;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const extension = require('../../client/extension') as typeof import('../../client/extension');
      await extension.activate({ subscriptions: [], asAbsolutePath: (p: string) => `/ext/${p}`, extensionUri: any } as unknown as import('vscode').ExtensionContext);
      assert.equal(made.length, 1);
      const { run, debug } = made[0].serverOptions;
      assert.equal(run.module, '/ext/dist/server.js');
      assert.equal(run.transport, 1);
      assert.deepEqual(run.options?.execArgv, serverExecArgv());
      assert.ok(serverExecArgv().every((o) => debug.options.execArgv.includes(o)), `debug execArgv ${debug.options.execArgv}`);
      assert.equal(run.options?.env?.GLIBC_TUNABLES, serverEnv().GLIBC_TUNABLES);
      assert.equal(debug.options?.env?.GLIBC_TUNABLES, serverEnv().GLIBC_TUNABLES);
      assert.equal(run.options.env.PATH, process.env.PATH, 'the rest of the environment is passed on');
    } finally {
      M._resolveFilename = resolve;
    }
  });

  it('the harness starts the server with them, and the server starts cleanly and answers', async () => {
    const c = await LspClient.start(null);
    let stderr = '';
    c.proc.stderr!.on('data', (d) => (stderr += String(d)));
    try {
      const cmdline = readFileSync(`/proc/${c.proc.pid}/cmdline`, 'utf8').split('\0');
      for (const o of serverExecArgv()) assert.ok(cmdline.includes(o), `server command line: ${cmdline.join(' ')}`);
      const environ = readFileSync(`/proc/${c.proc.pid}/environ`, 'utf8').split('\0');
      // glibc parses the value in place (a NUL where each ':' was): what the process shows is its first setting.
      const shown = environ.find((e) => e.startsWith('GLIBC_TUNABLES='))?.slice('GLIBC_TUNABLES='.length);
      assert.ok(shown && serverEnv().GLIBC_TUNABLES!.startsWith(shown) && shown.startsWith('glibc.malloc.'), `the malloc settings: ${shown}`);
      const uri = 'file:///virtual/flags.iam.json';
      c.open(uri, '{ "users": { "u": { "groups": ["nope"] } } }');
      const diagnostics = await c.diagnosticsAt(uri, 1);
      assert.ok(diagnostics.some((d) => d.code === 'ref/unknown-group'));
      assert.ok(!c.logs.some((l) => /unrecognized|unknown option|bad option/i.test(l)), c.logs.join('\n'));
    } finally {
      await c.stop();
    }
    assert.equal(stderr, '');
  });

  for (const runtime of ['this Node', 'Node 24'] as const) {
    it(`${runtime} takes them at start and keeps its young generation within them`, async (t) => {
      const node = runtime === 'this Node' ? process.execPath : await node24();
      if (!node) return t.skip('Node 24 is not installed here (npm run setup:e2e)');
      const started = runNode(node, serverExecArgv(), 'console.log("ok")');
      assert.equal(started.status, 0, started.stderr);
      assert.equal(started.stderr, '');
      assert.equal(started.stdout.trim(), 'ok');
      const capped = runNode(node, serverExecArgv(), GROW_YOUNG);
      assert.equal(capped.status, 0, capped.stderr);
      // Two semi-spaces at most (V8 reports both in new_space's size).
      assert.ok(Number(capped.stdout) <= 2 * SEMI_SPACE_MB, `young generation ${capped.stdout.trim()} MB with ${serverExecArgv()}`);
    });

    it(`${runtime}: the young generation, when held, stays at its start while a model is built, then grows within the cap`, async (t) => {
      const node = runtime === 'this Node' ? process.execPath : await node24();
      if (!node) return t.skip('Node 24 is not installed here (npm run setup:e2e)');
      // The module as the server's bundle has it (plain CommonJS: loading a TypeScript loader first would grow the young generation before the hold).
      const dir = mkdtempSync(join(tmpdir(), 'young-'));
      const module = join(dir, 'young-generation.js');
      buildSync({ entryPoints: [require.resolve('../../core/runtime/young-generation')], bundle: true, platform: 'node', format: 'cjs', outfile: module, logLevel: 'error' });
      const run = runNode(node, serverExecArgv(HELD), HOLD_THEN_GROW(module));
      rmSync(dir, { recursive: true, force: true });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, '');
      const got = JSON.parse(run.stdout) as { held: boolean; whileHeld: number; released: boolean; after: number };
      assert.equal(got.held, true);
      assert.equal(got.released, true);
      // Two semi-spaces of the starting size while held (without the hold: the cap, 32 MB), then grown, within the cap.
      assert.ok(got.whileHeld <= 2 * FIRST_LOOK_SEMI_SPACE_MB, `held: ${got.whileHeld} MB`);
      assert.ok(got.after > got.whileHeld && got.after <= 2 * SEMI_SPACE_MB, `after release: ${got.after} MB`);
    });
  }
});
