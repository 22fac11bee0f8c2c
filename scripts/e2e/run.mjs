// `npm run test:e2e`: sets up what is missing (scripts/e2e/tools.mjs), packages the extension, and runs
// test/e2e/*.test.ts with node's test runner against that .vsix. Prints how long each part took.
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern=graph).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureTools, root } from './tools.mjs';
import { packageExtension } from './package.mjs';

const t0 = Date.now();
const tools = ensureTools();
const t1 = Date.now();
const vsix = packageExtension({ quiet: true });
const t2 = Date.now();
console.log(`e2e: tools ${((t1 - t0) / 1000).toFixed(1)} s; packaged ${vsix.path} (${(vsix.bytes / 1024 / 1024).toFixed(2)} MB) in ${((t2 - t1) / 1000).toFixed(1)} s`);

const dir = join(root, 'test', 'e2e');
const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join('test', 'e2e', f));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...process.argv.slice(2), ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, IAM_WORKBENCH_VSIX: vsix.path },
});
console.log(`e2e: suite ${((Date.now() - t2) / 1000).toFixed(1)} s (tools ${tools.seconds.toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exit(r.status ?? 1);
