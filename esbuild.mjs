// The one build script: bundles the faces and extracts AWS data into dist/data.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { graphWebviewBuild } from './webview/graph/build.mjs';
import { simulatorWebviewBuild } from './webview/simulator/build.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
mkdirSync('dist', { recursive: true });
// AWS data (catalogue, managed policies) into dist/data; skipped when the outputs are newer than the inputs.
await (await import('./scripts/extract-data.mjs')).extractIfStale();

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD entry uses dynamic requires esbuild can't follow; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...node, entryPoints: { cli: 'cli/main.ts' }, outdir: 'dist' },
];
for (const [name, entry, extra] of [
  ['server', 'server/main.ts', {}],
  ['client', 'client/extension.ts', { external: ['vscode'] }],
]) {
  if (existsSync(entry)) builds.push({ ...node, ...extra, entryPoints: { [name]: entry }, outdir: 'dist' });
}
builds.push(graphWebviewBuild(esbuild, { production }));
builds.push(simulatorWebviewBuild({ production }));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
