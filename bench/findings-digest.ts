/**
 * A digest of the rules' findings (`runRules`, every rule, JSON) per input: the max-quota account
 * (`npm run gen:large`), each account file of `examples/` and `test/` (`*.iam.json`), and those of a folder as one
 * workspace (`examples/`, `test/escalation/accounts/`, where the cross-account rules have something to find). For
 * checking that a change made for speed finds exactly what it found before: run it on both sides and compare
 * (`diff`); `--dump DIR` also writes each input's findings to DIR for a closer look.
 *
 * Usage: node --import tsx bench/findings-digest.ts [LARGE_FILE] [--dump DIR]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { runRules } from '../core/analysis/rules';
import { parseAccountFile, Workspace } from '../core/model';
import { accountFiles } from '../test/support/account-files';

const args = process.argv.slice(2);
const dump = args.includes('--dump') ? args[args.indexOf('--dump') + 1] : undefined;
const large = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--dump') ?? 'bench/out/large/iam.json';
if (dump) mkdirSync(dump, { recursive: true });

function report(name: string, paths: string[]): void {
  // Uris that don't depend on where the script runs from (the file's path in the repository, or its name).
  const uri = (p: string) => `file:///${isAbsolute(p) ? basename(p) : relative('.', p)}`;
  const ws = new Workspace(paths.map((p) => parseAccountFile(uri(p), readFileSync(p, 'utf8'))));
  const text = JSON.stringify(runRules(ws, {}));
  const count = (JSON.parse(text) as unknown[]).length;
  console.log(`${createHash('sha256').update(text).digest('hex').slice(0, 16)} ${String(count).padStart(5)} ${name}`);
  if (dump) writeFileSync(join(dump, `${name.replace(/[^\w.-]+/g, '_')}.json`), text);
}

if (existsSync(large)) report(large, [large]);
else console.log(`(no ${large}: run \`npm run gen:large\`)`);
for (const p of [...accountFiles('examples'), ...accountFiles('test')]) report(p, [p]);
for (const dir of ['examples', 'test/escalation/accounts']) report(`${dir}/ (one workspace)`, accountFiles(dir));
