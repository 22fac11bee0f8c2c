// `npm run package`: production build (vsce runs the `vscode:prepublish` script) and
// `vsce package` into iam-workbench-<version>.vsix at the repository root; prints the size.
// The build runs in a staging copy of the sources (.e2e/package/, node_modules linked), so a
// development build or watch running in the checkout at the same time can't slip into the package.
// Importable: packageExtension() returns the .vsix path.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './tools.mjs';

/** What the build reads; everything else of the checkout stays out of the staging copy (docs/ is in: the
 *  .vsix ships the rule and format pages that the diagnostics' documentation links open). */
const SKIP = new Set(['node_modules', '.git', '.tools', '.e2e', 'dist', 'out', 'test', 'test-results', 'bench', 'examples']);

export function vsixPath() {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return join(root, `${name}-${version}.vsix`);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function stagedEntries() {
  return readdirSync(root).filter((n) => !SKIP.has(n) && !n.endsWith('.vsix'));
}

/** The .vsix exists and is newer than every source the build reads. */
export function vsixIsFresh() {
  const out = vsixPath();
  if (!existsSync(out)) return false;
  return statSync(out).mtimeMs > Math.max(...stagedEntries().map((n) => newestMtime(join(root, n))));
}

export function packageExtension({ quiet = false } = {}) {
  const out = vsixPath();
  const started = Date.now();
  const stage = join(root, '.e2e', 'package');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const n of stagedEntries()) cpSync(join(root, n), join(stage, n), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out],
    { cwd: stage, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'], encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status ?? r.signal})\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  rmSync(stage, { recursive: true, force: true });
  const bytes = statSync(out).size;
  return { path: out, bytes, ms: Date.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { path, bytes, ms } = packageExtension();
  console.log(`${path}: ${(bytes / 1024 / 1024).toFixed(2)} MB, packaged in ${(ms / 1000).toFixed(1)} s`);
}
