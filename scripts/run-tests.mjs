// Runs every test file under test/ (except the ones a tier excludes) with node's own test runner.
// Usage: node scripts/run-tests.mjs [--only DIR] [--all] [--jobs N] [--times] [--no-groups] ; files ending in .test.ts, run through tsx
// (scripts/test/register.cjs: tsx's require hook, and its ES-module hooks only for the files that import dynamically).
//
// Files run concurrently (--jobs, IAM_WORKBENCH_TEST_JOBS; default 4: many files wait on a spawned
// server, browser or code-server, so more files than cores keeps both cores busy), slowest first:
// the last run's per-file times (test-results/test-timings.json, written by
// scripts/test/timings-reporter.mjs) order them, or the committed scripts/test/file-times.json on a
// fresh clone. When the end-to-end files are among them, the tools are set up and the extension
// packaged once, before any file starts, so no two files package at the same time; they run last,
// alone (IAM_WORKBENCH_TEST_ALONE lists such folders). The last line is `N passed, N failed`.
//
// Every run prints the CPU seconds the tests took in all (every process, on every core): on a shared machine the
// wall time says little, the CPU time says whether the suite fits the cores. `--times` also prints, per file, its
// process's wall time and CPU seconds (its own threads, and the processes it spawned), from
// scripts/test/cpu-usage.cjs, loaded into every file's process.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only');
const { changesSharedState } = createRequire(import.meta.url)('./test/sources.cjs');
const GROUP_BELOW_MS = 5000;
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
// Every test file's time in a quiet run, committed (scripts/test/file-times.json, from a run's
// test-results/test-timings.json): it says which files share processes (see groupFiles), and orders the files on
// a fresh clone.
const fileTimes = readJson(join(root, 'scripts', 'test', 'file-times.json')) ?? {};
const timings = { ...fileTimes, ...readJson(timingsFile) };
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
mkdirSync(join(root, 'test-results'), { recursive: true });
const together = files.filter((f) => !isAlone(f));
const phases = [
  { files: groupFiles(together), jobs, groupedFiles: 0 },
  { files: files.filter(isAlone), jobs: 1 },
].filter((p) => p.files.length);
phases[0].groupedFiles = together.filter((f) => !phases[0].files.includes(f)).length;

/**
 * Loading the code under test through tsx costs most small files more CPU than their tests (~1 s per process):
 * the files that took less than GROUP_BELOW_MS in scripts/test/file-times.json run in `jobs` processes instead
 * of one each, a group file (test-results/groups/PID/) requiring each of them inside a suite named by its path, so
 * that its top-level hooks stay its own. A file that changes what a process shares (the module cache, environment
 * variables, mocks, process handlers: scripts/test/sources.cjs) keeps a process of its own, as do the slower files
 * (they gain little and would hold a group up) and the files not listed yet (a new file runs alone until a quiet
 * run's times are copied there and the suite passes with it in a group). `--no-groups` (IAM_WORKBENCH_TEST_GROUPS=0) runs
 * every file in its own process. Returns the files to hand to node --test, slowest first.
 */
function groupFiles(list) {
  const dir = join(root, 'test-results', 'groups', String(process.pid));
  const grouping = !args.includes('--no-groups') && process.env.IAM_WORKBENCH_TEST_GROUPS !== '0';
  const shared = grouping ? list.filter((f) => fileTimes[f] < GROUP_BELOW_MS && !changesSharedState(join(root, f))) : [];
  if (shared.length < 2) return list;
  const count = Math.min(Math.max(2, jobs), Math.ceil(shared.length / 2));
  const groups = Array.from({ length: count }, () => ({ ms: 0, files: [] }));
  // Longest first onto the least loaded group (timings sorted the list already).
  for (const f of shared) {
    const g = groups.reduce((a, b) => (b.ms < a.ms ? b : a));
    g.files.push(f);
    g.ms += timings[f] ?? 0;
  }
  mkdirSync(dir, { recursive: true });
  const out = list.filter((f) => !shared.includes(f));
  groups.forEach((g, i) => {
    const name = join('test-results', 'groups', String(process.pid), `group-${i + 1}.test.cjs`);
    const lines = [
      '// Written by scripts/run-tests.mjs: these test files run in this one process, each in a suite named by its path.',
      "const { describe, before, after } = require('node:test');",
      `const { measure } = require(${JSON.stringify(join(root, 'scripts', 'test', 'cpu-usage.cjs'))});`,
      'const file = (name, load) => describe(name, () => {',
      '  let done;',
      '  before(() => void (done = measure(name)));',
      '  const loaded = measure(name);',
      '  load();',
      '  loaded();',
      '  after(() => done());',
      '});',
      // require() of a relative path: scripts/test/register.cjs follows it to decide on tsx's ES-module hooks.
      ...g.files.map((f) => `file(${JSON.stringify(f)}, () => require(${JSON.stringify('../../../' + f)}));`),
    ];
    writeFileSync(join(root, name), lines.join('\n') + '\n');
    timings[name] = g.ms;
    out.push(name);
  });
  return out.sort((a, b) => (timings[b] ?? 0) - (timings[a] ?? 0) || a.localeCompare(b));
}

env.IAM_WORKBENCH_TEST_TIMINGS = only ? join(root, 'test-results', 'test-timings-partial.json') : timingsFile;
// This run's own files (another run at the same time, `--only` say, keeps to its own).
env.IAM_WORKBENCH_TEST_COUNTS = join(root, 'test-results', `test-counts-${process.pid}.json`);
env.IAM_WORKBENCH_TEST_CPU = join(root, 'test-results', `test-cpu-${process.pid}.jsonl`);
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
  const grouped = phase.files.filter((f) => f.startsWith(join('test-results', 'groups')));
  const described = grouped.length ? `${phase.files.length - grouped.length} files and ${grouped.length} groups of the other ${phase.groupedFiles}` : `${phase.files.length} files`;
  console.log(`tests: ${described}, ${phase.jobs} at a time, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
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
  console.log('tests: per file, CPU s = its own threads + the processes it spawned, and wall s (of its process; in a group, of its loading and tests):');
  for (const l of lines) console.log(`  ${(l.cpu + l.children).toFixed(1).padStart(6)} = ${l.cpu.toFixed(1).padStart(5)} + ${l.children.toFixed(1).padStart(5)}  ${l.wall.toFixed(1).padStart(6)}  ${l.file}${l.group ? ` (in ${basename(l.group)})` : l.file.startsWith(join('test-results', 'groups')) ? ' (starting the group)' : ''}`);
}
const cpuAfter = childrenCpu();
const cpuText = cpuBefore === undefined || cpuAfter === undefined ? '' : `, ${(cpuAfter - cpuBefore).toFixed(1)} CPU s`;
console.log(`tests: all ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s${cpuText}; slowest ${slow.map(([f, ms]) => `${f} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
const counts = readJson(env.IAM_WORKBENCH_TEST_COUNTS);
rmSync(env.IAM_WORKBENCH_TEST_COUNTS, { force: true });
rmSync(env.IAM_WORKBENCH_TEST_CPU, { force: true });
rmSync(join(root, 'test-results', 'groups', String(process.pid)), { recursive: true, force: true });
if (counts) console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(status);
