/**
 * One fresh server (dist/server.js --stdio) profiled with `--cpu-prof` while it opens the max-quota account:
 * where the main thread's time goes from the client's didOpen to the client's receipt of the first
 * publishDiagnostics, on the profile's clock (CLOCK_MONOTONIC, as the client's process.hrtime). Prints the
 * window's sampled time by part (idle, garbage collection, the message's reading, the parse, the rules, the
 * conversion, ...), a timeline of the parts in order, and the top functions.
 *
 * `node --import tsx bench/first-profile.ts [file] [--runs N] [--top N] [--keep] [--detail FROM TO] [--server OTHER/server.js] [--at-once]`
 */
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/harness';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const FILE = args.find((a) => a.endsWith('.json')) ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const RUNS = opt('--runs', 1);
const TOP = opt('--top', 25);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

const hrUs = () => Number(process.hrtime.bigint() / 1000n);

/** The part of the work a sample belongs to, from its stack (innermost frames first). */
function partOf(fns: string[], urls: string[]): string {
  const leaf = fns[0];
  if (leaf === '(idle)') return 'idle (waiting for input)';
  if (leaf === '(garbage collector)') return 'garbage collection';
  if (leaf === '(program)') return 'V8 (program: compiling, runtime)';
  const has = (f: string) => fns.includes(f);
  const file = (s: string) => urls.some((u) => u.includes(s));
  if (has('toLspDiagnostic') || has('samePublished')) return 'diagnostics → LSP (convert.ts)';
  if (has('firstLook')) {
    if (has('runRules') || has('findingsOf') || fns.some((f) => /rules|Rule/.test(f))) return 'first look: rules';
    if (fns.some((f) => /^parseAccountFile|parseAccountFileDirect|readAccount/.test(f))) return 'first look: parse';
    return 'first look: other (resolve, workspace, model findings)';
  }
  if (has('snapshot') || has('analyseInSteps')) return 'background analysis';
  if (has('sendNotification') || has('write') && file('vscode-jsonrpc')) return 'writing messages';
  if (fns.some((f) => /MessageBuffer|tryReadBody|tryReadHeaders|onData|handleMessage|parse/.test(f)) && !has('publish')) {
    if (has('didOpen') || has('onDidOpenTextDocument') || fns.some((f) => /EditedDocument/.test(f))) return 'didOpen handler (document made)';
    return 'reading messages (buffer, decode, JSON.parse)';
  }
  if (has('processTimers') || has('processImmediate')) return `timers/immediates: ${fns.find((f) => f && !/^\(/.test(f)) ?? ''}`;
  return `other: ${fns.slice(0, 3).join(' < ')}`;
}

async function once(text: string, uri: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'first-profile-'));
  process.env.IAM_WORKBENCH_SERVER_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=200`;
  if (args.includes('--server')) process.env.IAM_WORKBENCH_SERVER = args[args.indexOf('--server') + 1];
  const c = await LspClient.start(null);
  // Let the start-up warm-up end (as an editor's user takes a moment to open a file); `--at-once`: open right after
  // initialize, as VS Code does when the file's opening starts the server (and as bench/lsp.ts times it).
  if (!args.includes('--at-once')) await c.waitForLog(/ready for a first look/);
  const t0 = hrUs();
  c.open(uri, text);
  const sent = hrUs();
  const first = await c.waitForDiagnostics(uri);
  const t1 = hrUs();
  await c.diagnosticsAt(uri, 1);
  await c.stop();
  for (let i = 0; i < 100 && !readdirSync(dir).length; i++) await new Promise((r) => setTimeout(r, 100));
  const p: Profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
  if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  else console.log(`profile kept in ${dir}`);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
  const memo = new Map<number, string>();
  const part = (id: number) => {
    let k = memo.get(id);
    if (k) return k;
    const fns: string[] = [];
    const urls: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      fns.push(byId.get(cur)!.callFrame.functionName);
      urls.push(byId.get(cur)!.callFrame.url);
    }
    k = partOf(fns, urls);
    memo.set(id, k);
    return k;
  };
  const name = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const parts = new Map<string, number>();
  const self = new Map<string, number>();
  const timeline: { part: string; from: number; ms: number }[] = [];
  let t = p.startTime;
  /** The end of the last sample converting diagnostics (the message is made right after). */
  let converted = 0;
  let lastWork = 'start';
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    if (t < t0 || t > t1) continue;
    if (part(p.samples[i]) === 'diagnostics → LSP (convert.ts)') converted = t + (p.timeDeltas[i + 1] ?? 0);
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    let k = part(p.samples[i]);
    // A collection is counted with the work it interrupted (its samples have no stack of their own).
    if (k === 'garbage collection') k = `garbage collection, in ${lastWork}`;
    else if (!k.startsWith('idle')) lastWork = k;
    parts.set(k, (parts.get(k) ?? 0) + dt);
    const n = byId.get(p.samples[i])!;
    // --part NAME: the top functions of that part alone (e.g. "first look: parse").
    if (!args.includes('--part') || k === args[args.indexOf('--part') + 1]) self.set(name(n), (self.get(name(n)) ?? 0) + dt);
    const last = timeline[timeline.length - 1];
    if (last && last.part === k) last.ms += dt;
    else timeline.push({ part: k, from: (t - t0) / 1000, ms: dt });
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`\nopen → first diagnostics ${((t1 - t0) / 1000).toFixed(0)} ms (the client's send call ${((sent - t0) / 1000).toFixed(0)} ms; ${first.diagnostics.length} diagnostics; load ${load})`);
  console.log(`the diagnostics converted → the client's receipt of them: ${((t1 - converted) / 1000).toFixed(0)} ms`);
  console.log(`server: ${c.logs.filter((l) => /first look at/.test(l)).join(' | ')}\n`);
  console.log('| part (main thread, sampled) | ms |\n| --- | --- |');
  for (const [k, v] of [...parts].sort((a, b) => b[1] - a[1])) if (v >= 1) console.log(`| ${k} | ${v.toFixed(0)} |`);
  console.log('\ntimeline (runs of ≥ 5 ms, merged across shorter interruptions):');
  const merged: { part: string; from: number; ms: number }[] = [];
  for (const s of timeline) {
    const last = merged[merged.length - 1];
    if (last && last.part === s.part) last.ms += s.ms;
    else if (s.ms < 5 && last) last.ms += s.ms;
    else merged.push({ ...s });
  }
  for (const s of merged) console.log(`  ${s.from.toFixed(0).padStart(6)} ms +${s.ms.toFixed(0).padStart(5)}  ${s.part}`);
  // --detail FROM TO (ms after the didOpen): every sample's innermost frames in that window, runs merged.
  if (args.includes('--detail')) {
    const from = opt('--detail', 0);
    const to = Number(args[args.indexOf('--detail') + 2]);
    let tt = p.startTime;
    let prev = '';
    let run = 0;
    let runFrom = 0;
    const flush = () => prev && console.log(`  ${runFrom.toFixed(1).padStart(8)} +${run.toFixed(1).padStart(6)}  ${prev}`);
    console.log(`\nsamples ${from}–${to} ms:`);
    for (let i = 0; i < p.samples.length; i++) {
      tt += p.timeDeltas[i];
      const rel = (tt - t0) / 1000;
      if (rel < from || rel > to) continue;
      const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
      const frames: string[] = [];
      for (let cur: number | undefined = p.samples[i]; cur !== undefined && frames.length < 6; cur = parent.get(cur)) frames.push(name(byId.get(cur)!));
      const k = frames.join(' < ');
      if (k === prev) run += dt;
      else {
        flush();
        prev = k;
        run = dt;
        runFrom = rel;
      }
    }
    flush();
  }
  console.log('\ntop self time:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${v.toFixed(1).padStart(8)}  ${k}`);
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run "npm run gen:large" first.`);
  const text = readFileSync(FILE, 'utf8');
  const uri = pathToFileURL(FILE).toString();
  for (let i = 0; i < RUNS; i++) await once(text, uri);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
