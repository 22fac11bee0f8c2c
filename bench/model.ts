/**
 * Parsing the model: time of `parseAccountFile` on the generated max-quota account and the heap its
 * model holds. `npm run bench:model [-- file] [--runs N]` (run `npm run gen:large` first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseAccountFile } from '../core/model/parse';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? join(__dirname, 'out', 'large', 'iam.json');
const text = readFileSync(file, 'utf8');
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

const times: number[] = [];
let kept: unknown;
for (let i = 0; i < runs; i++) {
  kept = undefined;
  gc?.();
  const t = performance.now();
  kept = parseAccountFile('file:///bench/iam.json', text);
  times.push(performance.now() - t);
}
const first = times[0];
times.sort((a, b) => a - b);
console.log(`${file}: ${(text.length / 1048576).toFixed(1)} MB, ${runs} runs`);
console.log(`parseAccountFile: first (cold) ${first.toFixed(0)} ms, median ${times[times.length >> 1].toFixed(0)} ms, best ${times[0].toFixed(0)} ms`);
if (gc) {
  kept = undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  kept = parseAccountFile('file:///bench/iam.json', text);
  gc();
  const after = process.memoryUsage();
  console.log(`model heap: ${mb(after.heapUsed - before)} (heap used ${mb(after.heapUsed)}, rss ${mb(after.rss)})`);
} else console.log('(run with --expose-gc for the model\'s heap)');
console.log(`load average: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
void kept;
