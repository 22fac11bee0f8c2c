/**
 * The max-quota account's first look against the peer, both in process and cold, with no transport on either side:
 * per round, alternately, a fresh bundled process running the server's first look (bench/support/cold-child.ts `look`:
 * `AnalysisHost.firstLook`, the diagnostics the server publishes first) under the server's V8 options and young-generation
 * hold (core/runtime/server-flags.ts, young-generation.ts) and its interrupt budget, and a fresh process running the
 * peer (bench/peers.ts `json-languageservice`: vscode-json-languageservice parsing and validating against our schema;
 * its modules loaded before the clock starts, as ours are). The text is in memory on both sides before the clock
 * starts. Medians and the ratio; the order of the two alternates from round to round.
 *
 * `node --import tsx bench/first-look-in-process.ts [FILE] [--rounds N]`
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serverExecArgv } from '../core/runtime/server-flags';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const file = resolve(args.find((a, i) => a.endsWith('.json') && args[i - 1] !== '--rounds') ?? join(ROOT, 'bench', 'out', 'large', 'iam.json'));
const rounds = Number(args.includes('--rounds') ? args[args.indexOf('--rounds') + 1] : 9);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const esbuild = await import('esbuild');
  const child = join(mkdtempSync(join(tmpdir(), 'first-look-in-process-')), 'cold-child.js');
  await esbuild.build({ entryPoints: [join(ROOT, 'bench', 'support', 'cold-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], outfile: child, logLevel: 'error', external: ['esbuild'] });
  const ours = (): { ms: number; count: number } => {
    const r = spawnSync(process.execPath, [...serverExecArgv(), child, 'look', file], { encoding: 'utf8', env: { ...process.env, IAM_WORKBENCH_COLD_AS_SERVER: '1', IAM_WORKBENCH_DATA: process.env.IAM_WORKBENCH_DATA ?? join(ROOT, 'dist', 'data') } });
    if (r.status !== 0) throw new Error(`our first look failed: ${r.stderr}`);
    const j = JSON.parse(r.stdout);
    return { ms: Math.round(j.wall), count: j.count };
  };
  const peer = (): { ms: number; count: number } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'peers.ts'), '--child', 'json-languageservice', file], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the peer failed: ${r.stderr}`);
    const j = JSON.parse(r.stdout);
    return { ms: j.coldMs, count: j.diagnostics };
  };
  console.log(`${file}, ${rounds} rounds, node ${process.version}; server options: ${serverExecArgv().join(' ')}\n`);
  console.log('| round | load | ours: first look in process (findings) | peer in process (diagnostics) | ratio |');
  console.log('| --- | --- | --- | --- | --- |');
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const l = load();
    let o: { ms: number; count: number };
    let p: { ms: number; count: number };
    if (i % 2 === 0) {
      o = ours();
      p = peer();
    } else {
      p = peer();
      o = ours();
    }
    a.push(o.ms);
    b.push(p.ms);
    ratios.push(o.ms / p.ms);
    console.log(`| ${i + 1} | ${l} | ${o.ms} ms (${o.count}) | ${p.ms} ms (${p.count}) | ${(o.ms / p.ms).toFixed(2)}× |`);
  }
  console.log(`| median | | ${median(a)} ms | ${median(b)} ms | **${(median(a) / median(b)).toFixed(2)}×** (paired ${median(ratios).toFixed(2)}×) |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
