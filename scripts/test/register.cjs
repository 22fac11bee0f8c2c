// Loaded with --require into every test file's process (scripts/run-tests.mjs; node --test hands its own flags to
// the files it starts): compiles TypeScript with tsx. tsx's require hook is all a CommonJS test needs, ~0.2 s of
// CPU per process; tsx's ES-module hooks (`--import tsx`), which an `await import('./module.ts')` needs, run in a
// thread of their own and cost ~0.35 s more per process. So they are registered only for a test file whose source,
// or a module of test/ it imports, has `import(` or a top-level `await`. Worker threads and child processes that
// inherit this flag decide the same way from the same main file.
const { readFileSync, existsSync, statSync } = require('node:fs');
const { dirname, join, resolve, sep } = require('node:path');
const { pathToFileURL } = require('node:url');

require('tsx/cjs');

const testDir = join(__dirname, '..', '..', 'test') + sep;

/** The .ts file a relative specifier names, if there is one. */
function localFile(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Whether `file`, or a module under test/ it imports (transitively), imports dynamically or awaits at its top level. */
function needsModuleHooks(file, seen = new Set()) {
  if (seen.has(file)) return false;
  seen.add(file);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (/(^|[^\w$.])import\s*\(/.test(text.replace(/typeof\s+import\s*\(/g, '')) || /^await\s/m.test(text)) return true;
  for (const m of text.matchAll(/(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const next = localFile(file, m[1]);
    if (next && next.startsWith(testDir) && needsModuleHooks(next, seen)) return true;
  }
  return false;
}

const main = process.argv[1];
if (main && /\.[cm]?tsx?$/.test(main) && needsModuleHooks(resolve(main))) {
  // What `--import tsx` registers (tsx/esm/api's register() mislocates this file when called from CommonJS).
  require('node:module').register(pathToFileURL(require.resolve('tsx/esm')).href, { data: {} });
}
