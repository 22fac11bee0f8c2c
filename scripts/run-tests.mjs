// Runs every test file under test/ (except the ones a tier excludes) with node's own test runner.
// Usage: node scripts/run-tests.mjs [--only DIR] [--all] [--jobs N] [--times] ; files ending in .test.ts, run through tsx
// (scripts/test/register.cjs: tsx's require hook, and its ES-module hooks only for the files that import dynamically).
//
// Files run concurrently (--jobs, IAM_WORKBENCH_TEST_JOBS; default 4: many files wait on a spawned
// server, browser or code-server, so more files than cores keeps both cores busy), slowest first:
// the last run's per-file times (test-results/test-timings.json, written by
// scripts/test/timings-reporter.mjs) order them, or the committed scripts/test/slow-files.json on a
// fresh clone. When the end-to-end files are among them, the tools are set up and the extension
// packaged once, before any file starts, so no two files package at the same time; they run last,
// alone (IAM_WORKBENCH_TEST_ALONE lists such folders). The last line is `N passed, N failed`.
//
// Every run prints the CPU seconds the tests took in all (every process, on every core): on a shared machine the
// wall time says little, the CPU time says whether the suite fits the cores. `--times` also prints, per file, its
// process's wall time and CPU seconds (its own threads, and the processes it spawned), from
// scripts/test/cpu-usage.cjs, loaded into every file's process.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only');
const showTimes = args.includes('--times');
const jobs = Math.max(1, Number(option('--jobs') ?? process.env.IAM_WORKBENCH_TEST_JOBS ?? 4) || 1);
// The end-to-end tier (a real VS Code in a browser, minutes) is kept apart: `npm run test:e2e` runs it, and
// .ci/run runs it after `npm test`. `--only e2e` or `--all` takes it in here.
const slowTiers = args.includes('--all') || only ? [] : ['e2e'];
const skipDirs = new Set([...slowTiers, ...(process.env.IAM_WORKBENCH_SKIP_TESTS ?? '').split(',').filter(Boolean)]);

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

// The end-to-end files drive a real VS Code in a browser with timeouts made for a machine that is not
// also running three other test files: they run after the rest, one at a time.
const alone = new Set((process.env.IAM_WORKBENCH_TEST_ALONE ?? 'e2e').split(',').filter(Boolean).map((d) => join('test', d)));
const isAlone = (f) => [...alone].some((d) => f.startsWith(d + '/'));
const phases = [
  { files: files.filter((f) => !isAlone(f)), jobs },
  { files: files.filter(isAlone), jobs: 1 },
].filter((p) => p.files.length);

mkdirSync(join(root, 'test-results'), { recursive: true });
env.IAM_WORKBENCH_TEST_TIMINGS = only ? join(root, 'test-results', 'test-timings-partial.json') : timingsFile;
env.IAM_WORKBENCH_TEST_COUNTS = join(root, 'test-results', 'test-counts.json');
rmSync(env.IAM_WORKBENCH_TEST_COUNTS, { force: true });
env.IAM_WORKBENCH_TEST_CPU = join(root, 'test-results', 'test-cpu.jsonl');
rmSync(env.IAM_WORKBENCH_TEST_CPU, { force: true });
/** CPU seconds of the processes this one has waited for (Linux; undefined elsewhere). */
const childrenCpu = () => {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
};
const cpuBefore = childrenCpu();
const started = Date.now();
let status = 0;
for (const phase of phases) {
  const t0 = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      '--require', join(root, 'scripts', 'test', 'register.cjs'), '--require', join(root, 'scripts', 'test', 'cpu-usage.cjs'),
      '--test', `--test-concurrency=${phase.jobs}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts', 'test', 'timings-reporter.mjs')}`, '--test-reporter-destination=stderr',
      ...phase.files,
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  console.log(`tests: ${phase.files.length} files, ${phase.jobs} at a time, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (result.status !== 0) status = result.status ?? 1;
}
const timed = readJson(env.IAM_WORKBENCH_TEST_TIMINGS) ?? {};
const slow = files.map((f) => [f, timed[f] ?? 0]).sort((a, b) => b[1] - a[1]).slice(0, 5);
if (showTimes) {
  const lines = (() => {
    try {
      return readFileSync(env.IAM_WORKBENCH_TEST_CPU, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  })();
  lines.sort((a, b) => b.cpu + b.children - (a.cpu + a.children));
  console.log('tests: per file, CPU s (own threads + spawned processes), wall s of its process:');
  for (const l of lines) console.log(`  ${(l.cpu + l.children).toFixed(1).padStart(6)} = ${l.cpu.toFixed(1).padStart(5)} + ${l.children.toFixed(1).padStart(5)}  ${l.wall.toFixed(1).padStart(6)}  ${l.file}`);
}
const cpuAfter = childrenCpu();
const cpuText = cpuBefore === undefined || cpuAfter === undefined ? '' : `, ${(cpuAfter - cpuBefore).toFixed(1)} CPU s`;
console.log(`tests: all ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s${cpuText}; slowest ${slow.map(([f, ms]) => `${f} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
const counts = readJson(env.IAM_WORKBENCH_TEST_COUNTS);
if (counts) console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(status);
