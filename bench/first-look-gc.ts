/**
 * The max-quota account's first look in a fresh process, bundled as the server is, with garbage collection apart:
 * main-thread CPU, V8's own GC time by kind (scavenge, mark-compact...), the process's CPU. For comparing heap
 * settings and allocation changes: `node --import tsx bench/first-look-gc.ts [file] [--rounds N] [--flags "A|B"]`
 * runs each set of node flags (`|`-separated; "" = none) N times, alternating, and prints medians.
 * `--parse`: the parse alone (parseAccountFile) instead of the first look.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const mainThreadMs = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

async function child(file: string, parseOnly: boolean): Promise<void> {
  // V8 flags set at run time, as the server could set them at its start (FIRST_LOOK_GC_V8_FLAGS="--a --b").
  if (process.env.FIRST_LOOK_GC_V8_FLAGS) (await import('node:v8')).setFlagsFromString(process.env.FIRST_LOOK_GC_V8_FLAGS);
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  const { AnalysisHost } = await import('../core/ide/host');
  const { ruleRunner } = await import('../server/rules');
  const { DEFAULT_SETTINGS } = await import('../server/settings');
  const { parseAccountFile } = await import('../core/model');
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const gc: Record<string, { n: number; ms: number }> = {};
  const names: Record<number, string> = { [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const k = names[(e as any).detail?.kind ?? (e as any).kind] ?? 'other';
      gc[k] ??= { n: 0, ms: 0 };
      gc[k].n++;
      gc[k].ms += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const m0 = mainThreadMs();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let count = 0;
  if (parseOnly) count = parseAccountFile(uri, text).findings.length;
  else {
    const host = new AnalysisHost({ rules: ruleRunner(DEFAULT_SETTINGS) });
    host.setFile(uri, text, 1);
    count = host.firstLook([uri]).findings.get(uri)!.length;
  }
  const wall = performance.now() - t0;
  const main = mainThreadMs() - m0;
  const u = process.cpuUsage(c0);
  await new Promise((r) => setTimeout(r, 10)); // the observer's last entries
  obs.disconnect();
  process.stdout.write(JSON.stringify({ wall, main, cpu: (u.user + u.system) / 1000, count, gc, heapMb: process.memoryUsage().heapUsed / 2 ** 20 }));
}

async function main(): Promise<void> {
  const ROOT = join(import.meta.dirname, '..');
  const args = process.argv.slice(2);
  const file = args.find((a) => a.endsWith('.json')) ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run gen:large" first.`);
  const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 5;
  const flagSets = args.includes('--flags') ? args[args.indexOf('--flags') + 1].split('|') : [''];
  const esbuild = await import('esbuild');
  const out = join(mkdtempSync(join(tmpdir(), 'first-look-gc-')), 'child.js');
  await esbuild.build({ entryPoints: [import.meta.filename], bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], outfile: out, logLevel: 'error', external: ['esbuild'] });
  const got = new Map<string, any[]>();
  for (let i = 0; i < rounds; i++) {
    for (const flags of flagSets) {
      // A set starting with "runtime:" is set by the child with v8.setFlagsFromString.
      const runtime = flags.startsWith('runtime:') ? flags.slice('runtime:'.length) : '';
      const r = spawnSync(process.execPath, [...(runtime ? [] : flags.split(' ').filter(Boolean)), out, '--child', file, ...(args.includes('--parse') ? ['--parse'] : [])], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, IAM_WORKBENCH_DATA: join(ROOT, 'dist', 'data'), FIRST_LOOK_GC_V8_FLAGS: runtime } });
      if (r.status !== 0) throw new Error(r.stderr);
      got.set(flags, [...(got.get(flags) ?? []), JSON.parse(r.stdout)]);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; medians of ${rounds}`);
  console.log('| flags | wall | main-thread CPU | process CPU | GC: minor n / ms | major n / ms | findings |\n| --- | --- | --- | --- | --- | --- | --- |');
  for (const [flags, rs] of got) {
    const g = (k: string, f: 'n' | 'ms') => med(rs.map((r) => r.gc[k]?.[f] ?? 0)).toFixed(0);
    console.log(`| ${flags || '(none)'} | ${med(rs.map((r) => r.wall)).toFixed(0)} | ${med(rs.map((r) => r.main)).toFixed(0)} | ${med(rs.map((r) => r.cpu)).toFixed(0)} | ${g('minor', 'n')} / ${g('minor', 'ms')} | ${g('major', 'n')} / ${g('major', 'ms')} | ${rs[0].count} |`);
  }
}

if (process.argv.includes('--child')) {
  child(process.argv[process.argv.indexOf('--child') + 1], process.argv.includes('--parse')).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
