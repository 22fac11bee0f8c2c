/**
 * `npm run bench:rules`: the rule catalogue over the generated max-quota account (`npm run gen:large`).
 * Prints the first run (JIT and catalogue loading included), the median of cold runs (no policy document
 * cached) and of cached runs (file and workspace rules, target enumeration, cached findings,
 * suppressions), then per rule the CPU time of its own function over the whole file, slowest first.
 * Per-rule figures run one rule over every document in turn, so they pay memory misses that a real run
 * (every rule on one document, then the next) shares; the cold run is the figure that counts.
 *
 * The machine may be shared: figures come with the load average, and runs report CPU time (user +
 * system of this process) next to wall time, which other processes' load inflates less. Under tsx,
 * functions carry esbuild's keep-names wrapper, which the production bundle does not.
 *
 * The bench sets V8's interrupt budget as the server and the CLI do at their start (core/runtime/tier-up.ts), so the
 * first run is the one a user's process pays; `IAM_WORKBENCH_TIER_UP_BUDGET=default` keeps V8's own budget (the
 * setting of every commit before the tenth session), for comparisons with older trees.
 *
 * Usage: node --import tsx bench/rules.ts [FILE] [--top N] [--runs N] [--per N]
 * For detail: node --cpu-prof --import tsx bench/rules.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { runRules, RULES } from '../core/analysis/rules';
import type { RulesConfig } from '../core/analysis/config';
import { parseAccountFile, Workspace } from '../core/model';
import { policyTargets } from '../core/analysis/rules/support/targets';
import { tierUpLater } from '../core/runtime/tier-up';

const budget = tierUpLater();

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const path = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'bench/out/large/iam.json';
const TOP = flag('--top', 25);
const RUNS = flag('--runs', 9);
if (!existsSync(path)) {
  console.error(`${path} is missing: run \`npm run gen:large\` first`);
  process.exit(1);
}

const text = readFileSync(path, 'utf8');
const file = parseAccountFile('file:///bench/iam.json', text);
const workspace = new Workspace([file]);

// runRules caches policy findings per document under a signature that includes the configuration:
// a configuration no earlier run used makes the run cold.
let generation = 0;
const fresh = (): RulesConfig => ({ benchRun: ++generation } as RulesConfig);
/** Wall time of a run and its CPU time (this process, all threads), in ms. */
const timed = (run: () => void) => {
  const c = process.cpuUsage();
  const t = performance.now();
  run();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return { wall, cpu: (u.user + u.system) / 1000 };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x: number) => x.toFixed(1).padStart(7);

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`${path}: ${(text.length / 1e6).toFixed(1)} MB, ${RULES.length} rules; V8 interrupt budget ${budget ?? "V8's own"}; load ${load()}`);

// The first run pays for the JIT and lazily built catalogues; then warm runs.
const first = timed(() => runRules(workspace, fresh())).wall;
for (let i = 0; i < 2; i++) runRules(workspace, fresh());
const coldRuns = Array.from({ length: RUNS }, () => timed(() => runRules(workspace, fresh())));
// runRules keeps one signature per document: prime the cache with the configuration the cached runs use.
const cached: RulesConfig = {};
runRules(workspace, cached);
const warmRuns = Array.from({ length: RUNS }, () => timed(() => runRules(workspace, cached)));
const findings = runRules(workspace, cached).length;
console.log(`first run  ${ms(first)} ms`);
const show = (runs: { wall: number; cpu: number }[]) => {
  const wall = runs.map((r) => r.wall);
  const cpu = runs.map((r) => r.cpu);
  return `${ms(median(wall))} ms  (min ${min(wall)}); CPU ${ms(median(cpu))} ms (min ${min(cpu)})`;
};
console.log(`cold run   ${show(coldRuns)}`);
console.log(`cached run ${show(warmRuns)}`);
console.log(`findings   ${findings}`);

function min(xs: number[]) {
  return Math.min(...xs).toFixed(1);
}

// Per rule: its own function over every target (policy rules) or file (file rules), called directly
// with a report that keeps nothing; CPU time, best of PER passes (GC and other processes only ever add).
const PER = flag('--per', 8);
const targets = policyTargets(file);
const report = () => {};
const base = { workspace, config: {}, report };
const rows = RULES.map((rule) => {
  const kind = [rule.policy && 'policy', rule.file && 'file', rule.workspace && 'workspace'].filter(Boolean).join('+');
  const policyCtx = { ...base, target: targets[0] };
  const pass = () =>
    timed(() => {
      if (rule.policy) {
        for (const target of targets) {
          policyCtx.target = target;
          rule.policy(policyCtx);
        }
      }
      if (rule.file) rule.file({ ...base, file });
      if (rule.workspace) rule.workspace(base);
    });
  return { id: rule.id, kind, t: Math.min(...Array.from({ length: PER }, () => pass().cpu)) };
});
rows.sort((a, b) => b.t - a.t);
const enumerate = Math.min(...Array.from({ length: PER }, () => timed(() => policyTargets(file)).cpu));
console.log(`\npolicyTargets ${ms(enumerate)} ms CPU (${targets.length} documents); per rule, CPU ms, best of ${PER}:`);
for (const r of rows.slice(0, TOP)) console.log(`${ms(r.t)}  ${r.id} (${r.kind})`);
const sum = (kind: string) => rows.filter((r) => r.kind.includes(kind)).reduce((a, r) => a + r.t, 0);
console.log(`sum: policy ${sum('policy').toFixed(1)} ms, file ${sum('file').toFixed(1)} ms, workspace ${sum('workspace').toFixed(1)} ms; load ${load()}`);
