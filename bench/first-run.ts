/**
 * The first `runRules` of a process (what `iam-workbench check` pays: JIT, lazily built catalogues), timed as
 * process CPU (all threads: V8's background compilation and GC included) and the main thread's CPU alone
 * (`/proc/thread-self/schedstat`, Linux). One run per process: run it several times, alternating with the side
 * you compare against (for an earlier commit, the same file in a worktree of it, or `--only` with its rule ids).
 *
 * Usage: node --import tsx bench/first-run.ts [FILE] [--only IDS_FILE] [--drop PREFIX]
 *   --only IDS_FILE: run only the rules listed (a JSON array of ids, or one id a line), e.g. an earlier
 *                    commit's catalogue, to see whether the code they share got slower;
 *   --drop PREFIX:   leave out the rules whose id starts with PREFIX (e.g. `escalation/`), to see one family's share.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { runRules, RULES } from '../core/analysis/rules';
import { parseAccountFile, Workspace } from '../core/model';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const path = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'bench/out/large/iam.json';
if (!existsSync(path)) {
  console.error(`${path} is missing: run \`npm run gen:large\` first`);
  process.exit(1);
}
const onlyFile = flag('--only');
const drop = flag('--drop');
let only: string[] | undefined;
if (onlyFile) {
  const text = readFileSync(onlyFile, 'utf8').trim();
  only = text.startsWith('[') ? (JSON.parse(text) as string[]) : text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}
if (drop) only = (only ?? RULES.map((r) => r.id)).filter((id) => !id.startsWith(drop));

const workspace = new Workspace([parseAccountFile('file:///bench/iam.json', readFileSync(path, 'utf8'))]);
/** CPU time of the calling thread so far, in ms (Linux); NaN elsewhere. */
const threadCpu = () => {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
};
const c = process.cpuUsage();
const m = threadCpu();
const t = performance.now();
const findings = runRules(workspace, {}, only ? { only } : {}).length;
const wall = performance.now() - t;
const main = threadCpu() - m;
const u = process.cpuUsage(c);
const rules = only ? RULES.filter((r) => only!.includes(r.id)).length : RULES.length;
console.log(
  `first run: ${rules} rules, ${findings} findings; process CPU ${((u.user + u.system) / 1000).toFixed(0)} ms, ` +
    `main thread ${main.toFixed(0)} ms, wall ${wall.toFixed(0)} ms; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);
