// A node:test reporter that writes how long each test file's top-level tests took, summed, to the
// file named by IAM_WORKBENCH_TEST_TIMINGS (JSON: { "test/x.test.ts": ms }). scripts/run-tests.mjs
// reads it on the next run to start the slowest files first; it prints nothing.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default async function* timings(source) {
  const perFile = {};
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      const file = relative(process.cwd(), event.data.file);
      perFile[file] = (perFile[file] ?? 0) + (event.data.details?.duration_ms ?? 0);
    }
  }
  const out = process.env.IAM_WORKBENCH_TEST_TIMINGS;
  if (out) writeFileSync(out, JSON.stringify(Object.fromEntries(Object.entries(perFile).map(([f, ms]) => [f, Math.round(ms)])), null, 1) + '\n');
  yield '';
}
