/**
 * One cold first run in this fresh process, bundled (bench/cold-ab.ts builds and starts it), with the main thread's
 * CPU time and V8's collections counted per phase. Modes: `peers` (what bench/peers.ts's `iam-workbench` child times:
 * parseAccountFile, the Workspace, every rule), `look` (the server's AnalysisHost first look), `parse` (the parse alone),
 * `alloc` (`peers` under V8's sampling heap profiler, every allocation counted, garbage included: MB allocated per
 * phase, and how much of it is iterators and their results, what a `for...of` makes per element in unoptimised code;
 * its times are not the run's).
 * The interrupt budget is set as the server and the CLI set it (core/runtime/tier-up.ts: Node 20 only).
 * Prints one JSON line.
 */
import './as-server';
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { tierUpLater } from '../../core/runtime/tier-up';
import { parseAccountFile, Workspace } from '../../core/model';
import { runRules } from '../../core/analysis/rules';
import { AnalysisHost } from '../../core/ide/host';
import { ruleRunner } from '../../server/rules';
import { DEFAULT_SETTINGS } from '../../server/settings';

const budget = tierUpLater();

const mainThreadMs = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
/** Main-thread CPU in ns, finer than /proc's ticks (schedstat: time on the CPU). */
const mainThreadNs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);

interface Phase {
  name: string;
  wall: number;
  main: number;
  gcMs: number;
  gcN: number;
  /** Minor page faults (the process's: fresh memory touched the first time; each costs kernel time). */
  faults: number;
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  const session = mode === 'alloc' ? new Session() : undefined;
  const post = (m: string, p?: object) => new Promise<any>((res, rej) => session!.post(m, p, (e, r) => (e ? rej(e) : res(r))));
  if (session) {
    session.connect();
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const gcs: { start: number; dur: number; kind: number }[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, dur: e.duration, kind: (e as any).detail?.kind ?? 0 });
  });
  obs.observe({ entryTypes: ['gc'] });
  const marks: { name: string; t: number; ns: number; faults: number }[] = [];
  const mark = (name: string) => marks.push({ name, t: performance.now(), ns: mainThreadNs(), faults: process.resourceUsage().minorPageFault });
  const c0 = process.cpuUsage();
  const m0 = mainThreadMs();
  let count = 0;
  mark('start');
  if (mode === 'look') {
    const host = new AnalysisHost({ rules: ruleRunner(DEFAULT_SETTINGS) });
    host.setFile(uri, text, 1);
    count = host.firstLook([uri]).findings.get(uri)!.length;
    mark('look');
  } else {
    const f = parseAccountFile(uri, text);
    mark('parse');
    if (mode === 'peers' || mode === 'alloc') {
      const ws = new Workspace([f]);
      mark('resolve');
      // COLD_RULES_OFF="id,id": those rules off (what one rule's first run costs, by difference).
      const off = (process.env.COLD_RULES_OFF ?? '').split(',').filter(Boolean);
      count = runRules(ws, { rules: Object.fromEntries(off.map((id) => [id, 'off' as const])) }).length + ws.allFindings().length;
      mark('rules');
    } else count = f.findings.length;
  }
  const cpu = process.cpuUsage(c0);
  const alloc = session ? allocations((await post('HeapProfiler.stopSampling')).profile) : undefined;
  const main = mainThreadMs() - m0;
  await new Promise((r) => setTimeout(r, 20)); // the observer's last entries
  obs.disconnect();
  const phases: Phase[] = [];
  for (let i = 1; i < marks.length; i++) {
    const a = marks[i - 1], b = marks[i];
    const inPhase = gcs.filter((g) => g.start >= a.t && g.start < b.t);
    phases.push({ name: b.name, wall: b.t - a.t, main: (b.ns - a.ns) / 1e6, gcMs: inPhase.reduce((s, g) => s + g.dur, 0), gcN: inPhase.length, faults: b.faults - a.faults });
  }
  const total = marks[marks.length - 1];
  process.stdout.write(
    JSON.stringify({
      budget: budget ?? null,
      wall: total.t - marks[0].t,
      main: (total.ns - marks[0].ns) / 1e6,
      mainTicks: main,
      cpu: (cpu.user + cpu.system) / 1000,
      sys: cpu.system / 1000,
      faults: total.faults - marks[0].faults,
      count,
      scavenges: gcs.filter((g) => g.kind === constants.NODE_PERFORMANCE_GC_MINOR).length,
      gcMs: gcs.filter((g) => g.start >= marks[0].t).reduce((s, g) => s + g.dur, 0),
      phases,
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      alloc,
    }),
  );
}

interface SamplingNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: SamplingNode[];
}

/** MB allocated per phase (by the phase's entry function on the stack), and of it by iterators (`next`, `values`...). */
function allocations(profile: { head: SamplingNode }): Record<string, { mb: number; iteratorMb: number }> {
  const out: Record<string, { mb: number; iteratorMb: number }> = {};
  const PHASES = new Map([['parseAccountFile', 'parse'], ['Workspace', 'resolve'], ['runRules', 'rules']]);
  const walk = (n: SamplingNode, phase: string) => {
    const p = PHASES.get(n.callFrame.functionName.replace(/^_/, '')) ?? phase;
    if (n.selfSize) {
      const o = (out[p] ??= { mb: 0, iteratorMb: 0 });
      o.mb += n.selfSize / 1e6;
      if (!n.callFrame.url && /^(next|values|entries|keys|\[Symbol\.iterator\])$/.test(n.callFrame.functionName)) o.iteratorMb += n.selfSize / 1e6;
    }
    for (const c of n.children) walk(c, p);
  };
  walk(profile.head, 'other');
  return out;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
