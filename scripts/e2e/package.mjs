// `npm run package`: production build (vsce runs the `vscode:prepublish` script) and
// `vsce package` into iam-workbench-<version>.vsix at the repository root; prints the size.
// Importable: packageExtension() returns the .vsix path.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './tools.mjs';

export function vsixPath() {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return join(root, `${name}-${version}.vsix`);
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
