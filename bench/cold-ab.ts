/**
 * A cold first run of the max-quota account, this tree against another (`--base DIR`, a checkout of another commit),
 * alternately, each run in a fresh bundled process (bench/support/cold-child.ts): wall, the main thread's CPU, the
 * process's CPU, V8's collections, per phase. For changes made for the first run's speed, where one process's wall
 * time swings with the machine's load and the main thread's CPU is the steadier figure.
 *
 * `node --import tsx bench/cold-ab.ts [FILE] [--base DIR] [--mode peers|look|parse] [--rounds N] [--node PATH]`
 * - `peers` (default): parse, Workspace, every rule (bench/peers.ts's `iam-workbench` child); `look`: the server's
 *   first look (AnalysisHost); `parse`: the parse alone; `alloc`: `peers` with every allocation sampled (MB per phase).
 * - `--node PATH`: another Node binary (e.g. Node 24, where the interrupt budget is not set).
 * - `--flags "A|B"`: sets of node/V8 flags, each run as a variant of each tree ("" = none).
 * The base tree gets this tree's child script (it measures; it changes nothing there).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const file = resolve(args.find((a, i) => a.endsWith('.json') && !args[i - 1]?.startsWith('--')) ?? join(ROOT, 'bench', 'out', 'large', 'iam.json'));
const base = opt('--base');
const mode = opt('--mode') ?? 'peers';
const rounds = Number(opt('--rounds') ?? 5);
const node = opt('--node') ?? process.execPath;
/** Sets of V8 flags (`|`-separated; "" = none), each run as its own variant of every tree. */
const flagSets = (opt('--flags') ?? '').split('|');
const CHILD = join('bench', 'support', 'cold-child.ts');

async function bundle(tree: string): Promise<string> {
  if (tree !== ROOT) {
    mkdirSync(dirname(join(tree, CHILD)), { recursive: true });
    copyFileSync(join(ROOT, CHILD), join(tree, CHILD));
  }
  const esbuild = await import('esbuild');
  const out = join(mkdtempSync(join(tmpdir(), 'cold-ab-')), 'child.js');
  await esbuild.build({ entryPoints: [join(tree, CHILD)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], outfile: out, logLevel: 'error', external: ['esbuild'] });
  return out;
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function main(): Promise<void> {
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run gen:large" first.`);
  const trees: [string, string][] = base ? [['base', resolve(base)], ['now', ROOT]] : [['now', ROOT]];
  const built = await Promise.all(trees.map(async ([name, tree]) => [name, tree, await bundle(tree)] as const));
  const got = new Map<string, any[]>();
  const loads: string[] = [load()];
  for (let i = 0; i < rounds; i++) {
    // Each round in the other order (ABBA...): a run's place in the round does not favour one side.
    const order = i % 2 === 0 ? built : [...built].reverse();
    for (const [tree0, tree, out] of order) for (const flags of flagSets) {
      const name = flags ? `${tree0} ${flags}` : tree0;
      const r = spawnSync(node, [...flags.split(' ').filter(Boolean), out, mode, file], { cwd: tree, encoding: 'utf8', env: { ...process.env, IAM_WORKBENCH_DATA: join(tree, 'dist', 'data') } });
      if (r.status !== 0) throw new Error(r.stderr);
      got.set(name, [...(got.get(name) ?? []), JSON.parse(r.stdout)]);
    }
    loads.push(load());
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const f = (x: number) => x.toFixed(0);
  console.log(`${file}, mode ${mode}, ${rounds} rounds, ${node === process.execPath ? `node ${process.version}` : node}; load ${loads[0]} → ${loads[loads.length - 1]}`);
  for (const [name, rs] of got) {
    console.log(`\n${name}: findings ${rs[0].count}, budget ${rs[0].budget}, heap after ${rs[0].heapMb.toFixed(1)} MB (medians; main-thread CPU of each run in brackets)`);
    console.log(`  wall ${f(med(rs.map((r) => r.wall)))}  main ${f(med(rs.map((r) => r.main)))} [${rs.map((r) => f(r.main)).join(' ')}]  process CPU ${f(med(rs.map((r) => r.cpu)))} [${rs.map((r) => f(r.cpu)).join(' ')}]  (system ${f(med(rs.map((r) => r.sys)))})  GC ${f(med(rs.map((r) => r.gcMs)))} ms, ${med(rs.map((r) => r.scavenges))} scavenges, ${med(rs.map((r) => r.faults))} page faults`);
    if (rs[0].alloc) {
      for (const ph of Object.keys(rs[0].alloc)) console.log(`  ${ph.padEnd(8)} allocated ${f(med(rs.map((r) => r.alloc[ph]?.mb ?? 0)))} MB, of it iterators ${f(med(rs.map((r) => r.alloc[ph]?.iteratorMb ?? 0)))} MB`);
    }
    for (let p = 0; p < rs[0].phases.length; p++) {
      const ph = rs.map((r) => r.phases[p]);
      console.log(`  ${ph[0].name.padEnd(8)} wall ${f(med(ph.map((x) => x.wall)))}  main ${f(med(ph.map((x) => x.main)))} [${ph.map((x) => f(x.main)).join(' ')}]  GC ${f(med(ph.map((x) => x.gcMs)))} ms / ${med(ph.map((x) => x.gcN))}  faults ${med(ph.map((x) => x.faults))}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
