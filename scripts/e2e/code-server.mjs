// Starts code-server (VS Code in the browser) on a free loopback port with the packaged extension
// installed into a throw-away profile, and stops it again with every process it started, even when
// the caller fails or is interrupted.
import { cpSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { codeServerEntry, nodeBin, toolEnv } from './tools.mjs';

/** A port the kernel just handed out on 127.0.0.1 (closed again for code-server to take). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const userSettings = {
  // Restricted Mode would disable the extension.
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
};

const live = new Set();
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}
process.on('exit', () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Cleans up after runs that were killed outright (SIGKILL leaves no chance for the exit handler): each
 * profile folder records the runner's pid and code-server's; when that runner is gone and the recorded
 * process is still our code-server (checked by its command line), its process group is killed and the
 * folder removed. Only processes these scripts started are touched.
 */
export function reapOrphans() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('iam-workbench-e2e-')) continue;
    const dir = join(tmpdir(), name);
    let rec;
    try {
      rec = JSON.parse(readFileSync(join(dir, 'pids.json'), 'utf8'));
    } catch {
      continue;
    }
    if (alive(rec.runner)) continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${rec.codeServer}/cmdline`, 'utf8');
    } catch {
      /* gone */
    }
    if (cmd.includes(codeServerEntry)) killGroup(rec.codeServer, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

function codeServer(args, opts) {
  return spawnSync(nodeBin, [codeServerEntry, ...args], { env: toolEnv(), encoding: 'utf8', ...opts });
}

/**
 * Starts code-server. Options: vsix (installed first), folder (copied into the profile when copy is
 * true, so tests may edit it, with the folders in siblings copied beside it), port (default: a free one), dataDir (default: a new temp folder, removed
 * on stop unless keep), settings (merged into userSettings), host (default 127.0.0.1).
 * Returns { url, folderUrl, folder, port, dataDir, logFile, stop(), pid }.
 */
export async function startCodeServer({ vsix, folder, copy = true, siblings = [], port, dataDir, keep = false, settings = {}, host = '127.0.0.1', log = () => {} } = {}) {
  reapOrphans();
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'iam-workbench-e2e-'));
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...userSettings, ...settings }, null, 2));
  let workspace = folder;
  if (folder && copy) {
    workspace = join(dir, basename(folder));
    rmSync(workspace, { recursive: true, force: true });
    cpSync(folder, workspace, { recursive: true });
    // Folders the workspace refers to by relative path (examples/ names ../schemas/iam.schema.json).
    for (const s of siblings) if (existsSync(s)) cpSync(s, join(dir, basename(s)), { recursive: true });
  }
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (vsix) {
    const started = Date.now();
    const r = codeServer(['--install-extension', vsix, '--force', ...common]);
    if (r.status !== 0 || !/successfully installed/i.test(r.stdout + r.stderr)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    log(`installed ${vsix} in ${Date.now() - started} ms`);
  }
  const p = port ?? (await freePort());
  const logFile = join(dir, 'code-server.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(
    nodeBin,
    [codeServerEntry, '--auth', 'none', '--bind-addr', `${host}:${p}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', ...common, ...(workspace ? [workspace] : [])],
    // EXTENSIONS_GALLERY={} leaves code-server without a marketplace: no look-ups of outside hosts.
    { env: toolEnv({ EXTENSIONS_GALLERY: '{}' }), stdio: ['ignore', fd, fd], detached: true },
  );
  closeSync(fd);
  live.add(child.pid);
  writeFileSync(join(dir, 'pids.json'), JSON.stringify({ runner: process.pid, codeServer: child.pid }));
  let exited = null;
  const exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));
  const stop = async () => {
    if (live.has(child.pid)) {
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
      await exitedPromise;
      clearTimeout(timer);
      // Children (extension host, language server) share the process group; make sure none stays.
      killGroup(child.pid, 'SIGKILL');
      live.delete(child.pid);
    }
    if (!keep && !dataDir) rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://${host}:${p}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000, () => exited);
  } catch (e) {
    const out = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
    await stop();
    throw new Error(`${e.message}\ncode-server log:\n${out}`);
  }
  log(`code-server ${url} (pid ${child.pid}, profile ${dir})`);
  const folderUrl = workspace ? `${url}/?folder=${encodeURIComponent(workspace)}` : url;
  return { url, folderUrl, folder: workspace, port: p, dataDir: dir, logFile, pid: child.pid, stop };
}

/** Polls until the URL answers 200; fails at once if the server process has exited. */
async function waitForHttp(url, timeoutMs, hasExited) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = hasExited();
    if (gone) throw new Error(`code-server exited (${gone.code ?? gone.signal}) before answering ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
