/**
 * The long fuzz run: `npm run fuzz -- [--count N] [--seed S] [--start I] [--time-limit SECONDS] [--cli-every N] [--full]`.
 *
 * Generates inputs `start .. start+count-1` of the seeded run (test/fuzz/generate.ts) and runs each through
 * the readers, the rules, the IDE features, the simulator and (every `--cli-every`-th input) the CLI
 * commands in process (test/fuzz/targets.ts). By default the heavy stages take turns (`light`), which is
 * what makes 100,000 inputs fit in a run; `--full` runs every stage on every input, as the quick test does.
 * The loop runs in a worker thread watched by this one: an input that never finishes (a hang) is found
 * when the worker stops reporting, regenerated from its seed and index, saved, and the run goes on after it.
 * Every failure is saved under test/fuzz/regressions/ (replayed by regressions.test.ts). Prints the
 * figures for docs/benchmarks.md. Exit status 1 when anything failed.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { cpus } from 'node:os';
import { generate } from '../test/fuzz/generate';
import { saveRegression } from '../test/fuzz/regressions';
import { cleanup, runInput, warmUp, type Failure } from '../test/fuzz/targets';

interface Options {
  count: number;
  seed: number;
  start: number;
  timeLimit: number;
  cliEvery: number;
  light: boolean;
}

type FromWorker =
  | { type: 'start'; index: number; size: number }
  | { type: 'done'; index: number; ms: number; kind: string; failures: Failure[] }
  | { type: 'end' };

/**
 * No report from the worker for this long: the input it is on hangs. Wall time, so generous (a loaded machine
 * stretches it tenfold), and scaled like the CPU limit beyond 50 KB of text (a 2 MB text of 500,000 syntax
 * errors takes jsonc-parser ~1 s of CPU per parse).
 */
const HANG_MS = 120_000;
const hangMs = (size: number) => HANG_MS * Math.max(1, size / 50_000);

function options(argv: string[]): Options {
  const o: Options = { count: 100_000, seed: 1, start: 0, timeLimit: Infinity, cliEvery: 25, light: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--count') o.count = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--start') o.start = num();
    else if (a === '--time-limit') o.timeLimit = num();
    else if (a === '--cli-every') o.cliEvery = Math.max(1, num());
    else if (a === '--full') o.light = false;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

async function work(o: Options, from: number, deadline: number): Promise<void> {
  // Warm up (the catalogue, the managed policies, the JIT) on an input of each kind, not counted.
  if (from === o.start) await warmUp();
  for (let i = from; i < o.start + o.count && Date.now() < deadline; i++) {
    const input = generate(o.seed, i);
    const size = Math.max(input.text.length, ...(input.steps ?? []).map((s) => s.length));
    parentPort!.postMessage({ type: 'start', index: i, size } satisfies FromWorker);
    const t = performance.now();
    const failures = await runInput(input, i, { cliEvery: o.cliEvery, light: o.light });
    parentPort!.postMessage({ type: 'done', index: i, ms: performance.now() - t, kind: input.kind, failures } satisfies FromWorker);
  }
  cleanup();
  parentPort!.postMessage({ type: 'end' } satisfies FromWorker);
}

async function mainThread(): Promise<void> {
  const o = options(process.argv.slice(2));
  const started = Date.now();
  const deadline = started + o.timeLimit * 1000;
  let done = 0;
  let failed = 0;
  let slowest = { ms: 0, index: -1, kind: '' };
  const perKind = new Map<string, { n: number; ms: number }>();
  const saved: string[] = [];
  let next = o.start;
  let last = started;

  const fail = (index: number, failures: Failure[]) => {
    failed++;
    const input = generate(o.seed, index);
    const path = saveRegression(input, failures, o.seed, index);
    saved.push(path);
    console.log(`FAIL #${index} ${input.kind} (${input.how.slice(0, 160)})\n  ${failures.map((f) => `${f.stage}: ${f.message.split('\n')[0]}`.slice(0, 300)).join('\n  ')}\n  saved ${path}`);
  };

  while (next < o.start + o.count && Date.now() < deadline) {
    let current = -1;
    // The worker runs this same file through tsx's require hook (a worker does not inherit `--import tsx`).
    const shim = `require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});`;
    const worker = new Worker(shim, { eval: true, workerData: { o, from: next, deadline } });
    const ended = await new Promise<'end' | 'hang' | 'error'>((resolve) => {
      let timer = setTimeout(() => resolve('hang'), HANG_MS * 10); // the first input waits for the warm-up
      worker.on('message', (m: FromWorker) => {
        clearTimeout(timer);
        timer = setTimeout(() => resolve('hang'), hangMs(m.type === 'start' ? m.size : 0));
        if (m.type === 'start') current = m.index;
        else if (m.type === 'done') {
          done++;
          next = m.index + 1;
          const k = perKind.get(m.kind) ?? { n: 0, ms: 0 };
          k.n++;
          k.ms += m.ms;
          perKind.set(m.kind, k);
          if (m.ms > slowest.ms) slowest = { ms: m.ms, index: m.index, kind: m.kind };
          if (m.failures.length) fail(m.index, m.failures);
          if (Date.now() - last > 10_000) {
            last = Date.now();
            const s = (last - started) / 1000;
            console.log(`${done} inputs, ${(done / s).toFixed(1)}/s, ${failed} failed, ${s.toFixed(0)} s`);
          }
        } else {
          clearTimeout(timer);
          resolve('end');
        }
      });
      worker.on('error', (e) => {
        clearTimeout(timer);
        console.log(`worker died on #${current}: ${e instanceof Error ? e.message : String(e)}`);
        resolve('error');
      });
    });
    if (ended === 'end') break;
    await worker.terminate();
    if (current < 0) {
      console.log('the worker could not start; stopping');
      process.exitCode = 2;
      return;
    }
    if (current >= 0) {
      fail(current, [{ stage: ended === 'hang' ? 'hang' : 'crash', message: ended === 'hang' ? 'no answer in time (see hangMs)' : 'the worker died' }]);
      done++;
      next = current + 1;
    }
  }

  const secs = (Date.now() - started) / 1000;
  console.log(`\nseed ${o.seed}, inputs ${o.start}..${o.start + done - 1}${o.light ? ' (light: heavy stages take turns)' : ' (full)'}, CLI every ${o.cliEvery} input(s)`);
  console.log(`${done} inputs in ${secs.toFixed(1)} s: ${(done / secs).toFixed(1)} inputs/s on ${cpus().length} cores`);
  console.log(`failed: ${failed}${saved.length ? `; saved:\n  ${[...new Set(saved)].join('\n  ')}` : ''}`);
  console.log(`slowest: #${slowest.index} (${slowest.kind}) ${slowest.ms.toFixed(0)} ms`);
  for (const [kind, k] of [...perKind].sort()) console.log(`  ${kind.padEnd(9)} ${String(k.n).padStart(7)} inputs, mean ${(k.ms / k.n).toFixed(1)} ms`);
  process.exitCode = failed ? 1 : 0;
}

if (isMainThread) void mainThread();
else {
  const { o, from, deadline } = workerData as { o: Options; from: number; deadline: number };
  void work(o, from, deadline);
}
