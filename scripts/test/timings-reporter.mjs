// A node:test reporter that adds how long each test file's top-level tests took, summed, to the file
// named by IAM_WORKBENCH_TEST_TIMINGS (JSON: { "test/x.test.ts": ms }, a file of a group by its suite; files of this run replace their
// old figures), and counts the tests that passed and failed into IAM_WORKBENCH_TEST_COUNTS.
// scripts/run-tests.mjs reads both; the reporter prints nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
};

const GROUP = /[\\/]test-results[\\/]groups[\\/]\d+[\\/]group-\d+\.test\.cjs$/;

export default async function* timings(source) {
  const perFile = {};
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.nesting === 0 && data.file) {
      // A group of files sharing a process (scripts/run-tests.mjs) has a suite per file, named by its path.
      const file = GROUP.test(data.file) ? data.name : relative(process.cwd(), data.file);
      perFile[file] = (perFile[file] ?? 0) + Math.round(data.details?.duration_ms ?? 0);
    }
    if (data.details?.type === 'suite') continue;
    if (data.skip || data.todo) counts.skipped++;
    else if (event.type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  const out = process.env.IAM_WORKBENCH_TEST_TIMINGS;
  if (out) writeFileSync(out, JSON.stringify({ ...readJson(out), ...perFile }, null, 1) + '\n');
  const countsFile = process.env.IAM_WORKBENCH_TEST_COUNTS;
  if (countsFile) {
    const old = readJson(countsFile);
    for (const k of Object.keys(counts)) counts[k] += old[k] ?? 0;
    writeFileSync(countsFile, JSON.stringify(counts) + '\n');
  }
  yield '';
}
