// `npm run package`: production build (vsce runs the `vscode:prepublish` script) and
// `vsce package` into iam-workbench-<version>.vsix at the repository root; prints the size.
// Importable: packageExtension() returns the .vsix path.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './tools.mjs';

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

/** The .vsix exists and is newer than everything that goes into it (the build output and the manifest). */
export function vsixIsFresh() {
  const out = vsixPath();
  if (!existsSync(out)) return false;
  const inputs = ['dist', 'package.json', '.vscodeignore', 'syntaxes', 'schemas', 'language-configuration.json', 'README.md', 'LICENSE'];
  return statSync(out).mtimeMs > Math.max(...inputs.map((p) => newestMtime(join(root, p))));
}

export function packageExtension({ quiet = false } = {}) {
  const out = vsixPath();
  const started = Date.now();
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out],
    { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'], encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status ?? r.signal})\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  const bytes = statSync(out).size;
  return { path: out, bytes, ms: Date.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { path, bytes, ms } = packageExtension();
  console.log(`${path}: ${(bytes / 1024 / 1024).toFixed(2)} MB, packaged in ${(ms / 1000).toFixed(1)} s`);
}
