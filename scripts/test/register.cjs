// Loaded with --require into every test file's process (scripts/run-tests.mjs; node --test hands its own flags to
// the files it starts): compiles TypeScript with tsx. tsx's require hook is all a CommonJS test needs, ~0.2 s of
// CPU per process; tsx's ES-module hooks (`--import tsx`), which an `await import('./module.ts')` needs, run in a
// thread of their own and cost ~0.35 s more per process. So they are registered only when the main file (a test
// file, or a group of them), or a module of test/ it imports, has `import(` or a top-level `await`
// (scripts/test/sources.cjs). Worker threads and child processes that inherit this flag decide the same way from
// the same main file.
const { pathToFileURL } = require('node:url');
const { needsModuleHooks } = require('./sources.cjs');

require('tsx/cjs');

const main = process.argv[1];
if (main && /\.[cm]?[jt]sx?$/.test(main) && needsModuleHooks(main)) {
  // What `--import tsx` registers (tsx/esm/api's register() mislocates this file when called from CommonJS).
  require('node:module').register(pathToFileURL(require.resolve('tsx/esm')).href, { data: {} });
}
