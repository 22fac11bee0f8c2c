/**
 * `npm run bench:batch-stages`: where the CPU time of `simulate-custom-policy --cli-input-json` on the
 * `bench:batch` input goes, stage by stage, in one process that runs the command's own steps in its order (items
 * answered and printed a slice at a time, as `printAnswers` does), each stage's CPU time (user + system, all
 * threads: the collector's helpers included) summed over the slices. Node's own start and the CLI bundle's load
 * are measured as whole processes (`node -e 0`, `node dist/cli.js --version`). Run `npm run bench:batch` (or
 * `npm run build` and this) first: it needs dist/ and bench/out/batch-input.json.
 *
 * Options (environment): BENCH_RUNS (3; the minimum of each stage is printed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { IndentedJsonWriter } from '../cli/format/indented-json';
import { inputFromJson, parseJsonOption, SimulationApiError } from '../cli/simulate/input';
import { actionWarnings, prepareInput } from '../cli/simulate/run';
import { setDataDirectory } from '../core/data/location';
import { buildPolicySet, runSimulation } from '../core/engine/simulate';
import { showHidden } from '../core/text/escape';

const root = join(__dirname, '..');
const input = join(root, 'bench', 'out', 'batch-input.json');
if (!existsSync(input) || !existsSync(join(root, 'dist', 'cli.js'))) throw new Error('run `npm run bench:batch` (or `npm run build` and bench/batch.ts) first');
setDataDirectory(join(root, 'dist', 'data'));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** CPU time (user + system) of a whole process, in ms, as bash's `time` reports it. */
function processCpu(args: string[]): number {
  const quoted = [process.execPath, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time ${quoted} >/dev/null 2>&1`], { cwd: root, encoding: 'utf8' });
  const [user, sys] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
  return (user + sys) * 1000;
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

type Stage = 'read' | 'JSON.parse and depth' | 'items to inputs' | 'policies parsed' | 'evaluated, response built' | 'warnings looked up' | 'output: stringify, escape, lay out' | 'output: written';

function runOnce(): Record<Stage, number> {
  const t: Record<Stage, number> = {
    'read': 0, 'JSON.parse and depth': 0, 'items to inputs': 0, 'policies parsed': 0, 'evaluated, response built': 0,
    'warnings looked up': 0, 'output: stringify, escape, lay out': 0, 'output: written': 0,
  };
  let at = cpu();
  const lap = (stage: Stage) => {
    const now = cpu();
    t[stage] += now - at;
    at = now;
  };
  const text = readFileSync(input, 'utf8');
  lap('read');
  const items = parseJsonOption(text, '--cli-input-json') as unknown[];
  lap('JSON.parse and depth');
  // Each item's input is made when the item is answered, and the parsed item dropped (`itemsFromArgs`).
  const inputAt = (i: number) => {
    try {
      return inputFromJson(items[i], `--cli-input-json[${i}]`);
    } catch (e) {
      return e as SimulationApiError;
    } finally {
      items[i] = undefined;
    }
  };
  const fd = openSync('/dev/null', 'w');
  const writer = new IndentedJsonWriter((b) => {
    lap('output: stringify, escape, lay out');
    writeSync(fd, b);
    lap('output: written');
  });
  for (let from = 0; from < items.length; from += 20) {
    const slice: unknown[] = [];
    for (let i = from; i < Math.min(items.length, from + 20); i++) {
      const item = inputAt(i);
      lap('items to inputs');
      if (item instanceof SimulationApiError) throw item;
      const prepared = prepareInput(item);
      const built = buildPolicySet(prepared);
      if ('error' in built) throw new Error(built.error);
      lap('policies parsed');
      const sim = runSimulation(built.set, prepared, built.lines);
      lap('evaluated, response built');
      actionWarnings(sim);
      lap('warnings looked up');
      slice.push(sim.output);
    }
    const compact = Buffer.from(showHidden(JSON.stringify(slice)), 'utf8');
    writer.ascii(from === 0 ? '[\n    ' : ',\n    ');
    writer.members(compact, 1, compact.length - 1, 1);
    lap('output: stringify, escape, lay out');
  }
  writer.ascii('\n]\n');
  writer.end();
  closeSync(fd);
  return t;
}

// Each run in a fresh process, so that every stage pays what the command pays (cold caches, the JIT warming up).
if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(runOnce()));
} else {
  const nodeStart: number[] = [];
  const cliStart: number[] = [];
  const whole: number[] = [];
  const stages: Record<string, number>[] = [];
  for (let run = 0; run < RUNS; run++) {
    nodeStart.push(processCpu(['-e', '0']));
    cliStart.push(processCpu([join(root, 'dist', 'cli.js'), '--version']));
    whole.push(processCpu([join(root, 'dist', 'cli.js'), 'simulate-custom-policy', '--cli-input-json', `file://${input}`]));
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(r.stderr);
    stages.push(JSON.parse(r.stdout));
  }
  const min = (xs: number[]) => Math.min(...xs);
  const rows: [string, number][] = [
    ['Node start (node -e 0, whole process)', min(nodeStart)],
    ['loading the CLI bundle (--version, less Node start)', min(cliStart) - min(nodeStart)],
    ...Object.keys(stages[0]).map((k) => [k, min(stages.map((s) => s[k]))] as [string, number]),
  ];
  const sum = rows.reduce((n, [, ms]) => n + ms, 0);
  for (const [stage, ms] of rows) console.log(`${stage.padEnd(52)} ${(ms / 1000).toFixed(2)} s`);
  console.log(`${'sum of the stages'.padEnd(52)} ${(sum / 1000).toFixed(2)} s`);
  console.log(`${'whole process (dist/cli.js), min of runs'.padEnd(52)} ${(min(whole) / 1000).toFixed(2)} s   (runs: ${whole.map((w) => (w / 1000).toFixed(2)).join(', ')})`);
  console.log(`(minimum CPU time of ${RUNS} runs each; ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
}
