// What scripts/run-tests.mjs and scripts/test/register.cjs read in a test file's source, and in the modules of test/
// it imports (transitively, by relative path): whether it imports dynamically (it then needs tsx's ES-module hooks)
// and whether it changes what a process shares (it then runs in a process of its own, never beside other files).
const { readFileSync, existsSync, statSync } = require('node:fs');
const { dirname, join, resolve, sep } = require('node:path');

const testDir = join(__dirname, '..', '..', 'test') + sep;

/** The .ts file a relative specifier names, if there is one. */
function localFile(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Whether `test` holds for `file`'s text or for a module under test/ it imports, transitively. */
function anySource(file, test, seen = new Set()) {
  if (seen.has(file)) return false;
  seen.add(file);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (test(text)) return true;
  for (const m of text.matchAll(/(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const next = localFile(file, m[1]);
    if (next && next.startsWith(testDir) && anySource(next, test, seen)) return true;
  }
  return false;
}

/** `import(` (not in a type: `typeof import(`) or a top-level `await`. */
const importsDynamically = (text) => /(^|[^\w$.])import\s*\(/.test(text.replace(/typeof\s+import\s*\(/g, '')) || /^await\s/m.test(text);

/**
 * What a file does to the process that a file run after it in the same process would see: the module cache or
 * the loader, the working folder, environment variables, mocks, process-wide handlers or exit, globals, the
 * documentation site the hovers link to.
 */
const SHARED_STATE = /\bModule\._|require\.cache|process\.chdir|process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|delete\s+process\.env|\bmock\.|process\.exit|process\.(on|once|off|removeAllListeners)\(|globalThis\.\w+\s*=(?!=)|setDocsSite|setSourceMapsEnabled/;

const needsModuleHooks = (file) => anySource(resolve(file), importsDynamically);
const changesSharedState = (file) => anySource(resolve(file), (text) => SHARED_STATE.test(text));

module.exports = { needsModuleHooks, changesSharedState };
