// Runs every test file under test/ (except the ones a tier excludes) with node's own test runner.
// Usage: node scripts/run-tests.mjs [--only DIR] [--jobs N] ; files ending in .test.ts, run through tsx.
//
// Files run concurrently (--jobs, IAM_WORKBENCH_TEST_JOBS; default 4: many files wait on a spawned
// server, browser or code-server, so more files than cores keeps both cores busy), slowest first:
// the last run's per-file times (test-results/test-timings.json, written by
// scripts/test/timings-reporter.mjs) order them, or the committed scripts/test/slow-files.json on a
// fresh clone. When the end-to-end files are among them, the tools are set up and the extension
// packaged once, before any file starts, so no two files package at the same time.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only');
const jobs = Math.max(1, Number(option('--jobs') ?? process.env.IAM_WORKBENCH_TEST_JOBS ?? 4) || 1);
const skipDirs = new Set((process.env.IAM_WORKBENCH_SKIP_TESTS ?? '').split(',').filter(Boolean));

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!skipDirs.has(relative(join(root, 'test'), full))) walk(full, out);
    } else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const files = walk(join(root, only ? join('test', only) : 'test'), []);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// Slowest first, so the long files overlap the many short ones instead of running last.
const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
};
const timingsFile = join(root, 'test-results', 'test-timings.json');
const timings = { ...readJson(join(root, 'scripts', 'test', 'slow-files.json')), ...readJson(timingsFile) };
files.sort((a, b) => (timings[b] ?? 0) - (timings[a] ?? 0) || a.localeCompare(b));

const env = { ...process.env };
if (files.some((f) => f.startsWith(join('test', 'e2e'))) && !env.IAM_WORKBENCH_VSIX) {
  const t0 = Date.now();
  const { ensureTools } = await import('./e2e/tools.mjs');
  const { packageExtension } = await import('./e2e/package.mjs');
  ensureTools();
  env.IAM_WORKBENCH_VSIX = packageExtension({ quiet: true }).path;
  console.log(`tests: end-to-end tools and package ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

mkdirSync(join(root, 'test-results'), { recursive: true });
env.IAM_WORKBENCH_TEST_TIMINGS = only ? join(root, 'test-results', 'test-timings-partial.json') : timingsFile;
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx', '--test', `--test-concurrency=${jobs}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'test', 'timings-reporter.mjs')}`, '--test-reporter-destination=stderr',
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env },
);
console.log(`tests: ${files.length} files, ${jobs} at a time, ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (existsSync(timingsFile) && !only) {
  const slow = Object.entries(readJson(timingsFile) ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`tests: slowest files ${slow.map(([f, ms]) => `${f} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
}
process.exit(result.status ?? 1);
