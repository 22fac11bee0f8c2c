/**
 * `node --import tsx bench/org-at-once.ts [--runs N]`: the organization workspace (bench/out/org, made by
 * `npm run bench:org`) with its middle file opened the instant the server starts (initialize, initialized, then the
 * file's didOpen at once, as VS Code does when it restores an editor): didOpen → that file's first diagnostics,
 * wall and server CPU (from /proc, 10 ms resolution), and spawn → the same, in fresh servers; medians at the end.
 * The same interval as bench/org.ts's "from the file's didOpen" row, without the rest of that benchmark, for
 * alternating A/B runs against another build (IAM_WORKBENCH_SERVER=/path/to/dist/server.js).
 * `--profile DIR`: each server writes a CPU profile into DIR (node --cpu-prof), and each run prints its didOpen →
 * diagnostics window in the profile's clock, for `node bench/support/profile-window.mjs PROFILE FROM TO`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/harness';
import { cpuMs } from './support/proc';

const DIR = join(__dirname, 'out', 'org');
const at = process.argv.indexOf('--runs');
const RUNS = at >= 0 ? Number(process.argv[at + 1]) : 5;
const profileAt = process.argv.indexOf('--profile');
if (profileAt >= 0) process.env.IAM_WORKBENCH_SERVER_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${process.argv[profileAt + 1]} ${process.env.IAM_WORKBENCH_SERVER_NODE_ARGS ?? ''}`;
/** The monotonic clock in microseconds, as a CPU profile's timestamps count it. */
const clockUs = () => Number(process.hrtime.bigint() / 1000n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!existsSync(DIR)) throw new Error(`${DIR} is missing: run "npm run bench:org" once to generate it.`);
  const names = readdirSync(DIR).filter((f) => f.endsWith('.iam.json')).sort();
  const opened = join(DIR, names[Math.floor(names.length / 2)]);
  const uri = pathToFileURL(opened).toString();
  const text = readFileSync(opened, 'utf8');
  const rows = { wall: [] as number[], cpu: [] as number[], spawn: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const load = loadavg()[0];
    const start = performance.now();
    const c = await LspClient.start(pathToFileURL(DIR).toString());
    try {
      const t = performance.now();
      const cpu0 = cpuMs(c.proc.pid!);
      const from = clockUs();
      c.open(uri, text);
      const d = await c.waitForDiagnostics(uri);
      const end = performance.now();
      if (profileAt >= 0) console.log(`run ${i + 1}: profile window ${from} ${clockUs()} (pid ${c.proc.pid})`);
      const cpu = cpuMs(c.proc.pid!) - cpu0;
      rows.wall.push(Math.round(end - t));
      rows.cpu.push(cpu);
      rows.spawn.push(Math.round(end - start));
      const look = await Promise.race([c.waitForLog(/^first look at 1 open file/), new Promise<string>((r) => setTimeout(() => r('(no first look logged)'), 2000))]);
      console.log(`run ${i + 1}: didOpen → diagnostics ${Math.round(end - t)} ms (server CPU ${cpu} ms), spawn → diagnostics ${Math.round(end - start)} ms, ${d.diagnostics.length} diagnostics, load ${load.toFixed(1)}; ${look}`);
    } finally {
      await c.stop();
    }
  }
  console.log(`median of ${RUNS}: didOpen → diagnostics ${median(rows.wall)} ms wall, ${median(rows.cpu)} ms server CPU; spawn → diagnostics ${median(rows.spawn)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
