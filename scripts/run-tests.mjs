// Runs every test file under test/ (except the ones a tier excludes) with node's own test runner.
// Usage: node scripts/run-tests.mjs [--only DIR] ; files ending in .test.ts, run through tsx.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
