/**
 * Where the max-quota account's first analysis spends its CPU, phase by phase, as the language server does it
 * (core/ide's AnalysisHost with the server's rule runner), in a fresh process each run, bundled as the server is
 * (esbuild, no tsx wrappers): loading the bundle, decoding the 5 MB didOpen message, the parse, the resolution,
 * the model's findings, each rule family (grammar, catalog, quota, iam, practice, trust, escalation, external,
 * access; policy, file and workspace rules apart), the AWS catalogue's indexing (timed apart by indexing it first
 * when `--catalog-first`), the diagnostics' conversion to LSP positions, and garbage collection (V8's own count).
 *
 * `node --import tsx bench/first-breakdown.ts [file] [--runs N] [--first-look] [--catalog-first] [--wrap] [--json]`: the phases;
 * `--floor`: the floor beside the peer instead — JSON.parse, jsonc-parser, the peer (vscode-json-languageservice parse +
 * validate against our schema), our parse alone, our first look, our full analysis, each in its own fresh process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';


interface Phases {
  [phase: string]: number;
}

/** The child: one analysis, timed. Runs inside the bundle. */
async function child(file: string, catalogFirst: boolean, wrap: boolean, firstLook: boolean): Promise<void> {
  const loaded = performance.now();
  const { PerformanceObserver } = await import('node:perf_hooks');
  let gcMs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  obs.observe({ entryTypes: ['gc'] });
  const { AnalysisHost } = await import('../core/ide/host');
  const { diagnosticsFor } = await import('../core/ide/diagnostics');
  const { RULES } = await import('../core/analysis/rules');
  const { ruleRunner } = await import('../server/rules');
  const { DEFAULT_SETTINGS } = await import('../server/settings');
  const { LineIndex } = await import('../core/text/line-index');
  const { getCatalog } = await import('../core/data/catalog');
  const phases: Phases = {};
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const time = <T>(phase: string, fn: () => T): T => {
    const t = cpu();
    try {
      return fn();
    } finally {
      phases[phase] = (phases[phase] ?? 0) + cpu() - t;
    }
  };
  phases['start: Node and the bundle loaded (wall)'] = loaded;
  const raw = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  // The didOpen notification as the server receives it: bytes to a string, the JSON message to its text.
  const message = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'iam-json', version: 1, text: raw } } }));
  const text: string = time('didOpen message decoded (bytes → string → JSON)', () => JSON.parse(message.toString('utf8')).params.textDocument.text);
  if (catalogFirst) {
    time('catalogue: every service indexed (before the analysis)', () => {
      const c = getCatalog();
      for (const p of c.prefixes()) c.actionsOf(p);
      c.allActions();
    });
  }
  // Per rule, the time of its calls, by area and kind (--wrap: a syscall per call, which inflates the total).
  for (const rule of wrap ? RULES : []) {
    const area = rule.id.split('/')[0];
    for (const kind of ['policy', 'file', 'workspace', 'prepare'] as const) {
      const fn = rule[kind] as ((...a: unknown[]) => unknown) | undefined;
      if (!fn) continue;
      const label = `rules: ${area} (${kind === 'prepare' ? 'workspace' : kind})`;
      if (kind === 'prepare') {
        rule.prepare = (ws) => {
          const it = time(label, () => (fn as (w: unknown) => Iterator<unknown>)(ws));
          return { next: () => time(label, () => it.next()) } as Iterator<unknown>;
        };
      } else (rule as any)[kind] = (ctx: unknown) => time(label, () => fn(ctx));
      (rule as any).__label = label;
    }
  }
  const host = new AnalysisHost({ rules: ruleRunner(DEFAULT_SETTINGS) });
  host.setFile(uri, text, 1);
  // As the server does when the opened file is big (server.ts publish()): a first look at the file without the
  // workspace rules, published, then the full analysis.
  if (firstLook) {
    const look = time('first look (parse, resolve, the file\'s policy and file rules): first diagnostics', () => host.firstLook([uri]));
    phases['first look: its findings'] = look.findings.get(uri)?.length ?? 0;
  }
  const steps = host.analyseInSteps([uri]);
  let analysis;
  const t0 = cpu();
  let inRules = 0;
  // A step yields the phase it has just done; the rules come last and their steps can be tiny (escalation yields
  // per graph node), so CPU is read at the parse and resolve steps only, and the rest is the rules'.
  const label = firstLook ? 'after the first look: ' : '';
  const names: Record<string, string> = { parse: `${label}parse (model of the file)`, resolve: `${label}resolve (workspace)` };
  let last = cpu();
  for (;;) {
    const r = steps.next();
    if (r.done) {
      inRules = cpu() - last;
      analysis = r.value;
      break;
    }
    if (r.value.phase !== 'rules') {
      const now = cpu();
      phases[names[r.value.phase]] = (phases[names[r.value.phase]] ?? 0) + now - last;
      last = now;
    }
  }
  const total = cpu() - t0;
  const ruleSum = Object.entries(phases).filter(([k]) => k.startsWith('rules:')).reduce((s, [, v]) => s + v, 0);
  if (firstLook) phases['after the first look: the rules (policy rules from the cache, file rules again, the workspace rules)'] = inRules;
  else phases[wrap ? 'rules: the runner itself (targets, caches, suppressions) and the model findings' : 'rules (all; --wrap splits them by area, at a cost)'] = inRules - ruleSum;
  const findings = analysis!.findings.get(uri)!;
  const diagnostics = time('diagnostics: severities applied, offsets → LSP positions', () => {
    const list = diagnosticsFor(analysis!, uri, { severities: DEFAULT_SETTINGS.rules });
    const lines = analysis!.workspace.file(uri)?.lines ?? new LineIndex(text);
    return list.map((d) => ({ range: { start: lines.positionAt(d.span.start), end: lines.positionAt(d.span.end) }, message: d.message, code: d.code }));
  });
  time('diagnostics: the publishDiagnostics message encoded', () => Buffer.byteLength(JSON.stringify({ uri, diagnostics })));
  obs.disconnect();
  const mem = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({ phases, analysisCpu: total, gcMs, findings: findings.length, rssMb: mem.rss / 1048576, heapMb: mem.heapUsed / 1048576, cpuTotal: cpu() }),
  );
}

/** Where each module starts in the bundle (esbuild writes `// path/to/module.ts` before each), by 0-based line. */
function bundleModules(code: string): { line: number; path: string }[] {
  const out: { line: number; path: string }[] = [];
  code.split('\n').forEach((l, i) => {
    const m = /^\/\/ ((?:core|server|protocol|bench|\.\.\/)[^ ]*\.[cm]?[jt]s)$/.exec(l);
    if (m) out.push({ line: i, path: m[1].replace(/^(\.\.\/)+main\//, '') });
  });
  return out;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * A CPU profile's samples by what they were doing: the innermost frame that says it wins, in this order —
 * garbage collection; the AWS catalogue (core/data/catalog.ts: reading, indexing, look-ups) and the managed
 * policies' data; escalation (core/analysis/escalation, rules/escalation); external access and the access
 * checks (core/analysis/external, rules/access); a rule area (rules/<area>/, with the shared support code it calls
 * counted as the area's); the rules' shared support (rules/support) and the runner (rules/index.ts); the parse
 * (core/model/parse*, core/json, core/policy), the resolution (core/model, other); the host; loading the bundle;
 * the rest by module.
 */
function classify(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, modules: { line: number; path: string }[]): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const moduleOf = (n: ProfileNode): string => {
    if (!n.callFrame.url.includes('child.js')) return n.callFrame.url ? `node:${n.callFrame.url.replace(/^node:/, '').split('/')[0]}` : n.callFrame.functionName;
    let lo = 0;
    let hi = modules.length - 1;
    let found = '(bundle)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (modules[mid].line <= n.callFrame.lineNumber) {
        found = modules[mid].path;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const memo = new Map<number, string>();
  const category = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    const frames: string[] = [];
    const fns: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      frames.push(moduleOf(byId.get(cur)!));
      fns.push(byId.get(cur)!.callFrame.functionName);
    }
    const leaf = fns[0];
    let c: string | undefined;
    if (leaf === '(garbage collector)') c = 'garbage collection';
    else if (leaf === '(idle)' || leaf === '(program)') c = `V8 ${leaf}`;
    else if (!fns.includes('child')) c = 'start: loading the bundle and Node';
    else if (!frames.some((f) => f.startsWith('core/') || f.startsWith('server/'))) c = 'the harness: reading the file, the didOpen message made and decoded, timing';
    else if (frames.some((f) => f === 'core/data/catalog.ts')) c = 'AWS catalogue (core/data/catalog.ts: decoding, indexing, look-ups)';
    else if (frames.some((f) => f === 'core/data/managed-policies.ts')) c = 'AWS managed policies data (core/data/managed-policies.ts)';
    else if (frames.some((f) => f.startsWith('core/analysis/escalation/') || f.startsWith('core/analysis/rules/escalation/'))) c = 'escalation (core/analysis/escalation, rules/escalation)';
    else if (frames.some((f) => f.startsWith('core/analysis/external/') || f.startsWith('core/analysis/rules/access/'))) c = 'external access and access checks (core/analysis/external, rules/access)';
    else {
      const area = frames.map((f) => /^core\/analysis\/rules\/(grammar|catalog|quota|iam|practice|trust)\//.exec(f)?.[1]).find((a) => a);
      if (area) c = `rules: ${area}`;
      else if (frames.some((f) => f.startsWith('core/analysis/rules/support/'))) c = 'rules: shared support (rules/support)';
      else if (frames.some((f) => f === 'core/analysis/rules/index.ts')) c = 'rules: the runner (rules/index.ts: targets, per-document cache, suppressions)';
      else if (frames.some((f) => /^core\/(model\/parse|json\/|policy\/)/.test(f))) c = 'parse (core/model/parse*, core/json, core/policy)';
      else if (frames.some((f) => f.startsWith('core/model/'))) c = 'resolve and the model findings (core/model)';
      else if (frames.some((f) => f.startsWith('core/engine/'))) c = 'evaluator (core/engine), outside escalation';
      else if (frames.some((f) => f.startsWith('core/ide/'))) c = 'host (core/ide)';
      else c = `other: ${frames.find((f) => f.startsWith('core/') || f.startsWith('server/')) ?? frames[0]}`;
    }
    memo.set(id, c);
    return c;
  };
  const out = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const c = category(profile.samples[i]);
    out.set(c, (out.get(c) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return out;
}

async function main(): Promise<void> {
  const ROOT = join(import.meta.dirname, '..');
  const args = process.argv.slice(2);
  const file = args.find((a) => a.endsWith('.json')) ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run gen:large" first.`);
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
  const esbuild = await import('esbuild');
  const out = join(mkdtempSync(join(tmpdir(), 'first-breakdown-')), 'child.js');
  await esbuild.build({ entryPoints: [import.meta.filename], bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], outfile: out, logLevel: 'error', external: ['esbuild'] });
  if (args.includes('--floor')) {
    // Each kind in its own fresh process, `runs` times, alternating kinds.
    const got = new Map<string, { wall: number; cpu: number; count?: number }[]>();
    const loads: string[] = [];
    for (let i = 0; i < runs; i++) {
      loads.push(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
      for (const [kind] of FLOOR_KINDS) {
        const r = spawnSync(process.execPath, [out, '--floor-child', kind, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, IAM_WORKBENCH_DATA: join(ROOT, 'dist', 'data') } });
        if (r.status !== 0) throw new Error(r.stderr);
        got.set(kind, [...(got.get(kind) ?? []), JSON.parse(r.stdout)]);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const peer = med(got.get('peer')!.map((r) => r.wall));
    console.log(`load average at each round's start: ${loads.join(', ')}\n`);
    console.log(`| first analysis of the file, each in a fresh process (bundled; modules loaded before timing; median of ${runs}) | wall | CPU | × the peer (wall) | findings |`);
    console.log('| --- | --- | --- | --- | --- |');
    for (const [kind, label] of FLOOR_KINDS) {
      const rs = got.get(kind)!;
      const wall = med(rs.map((r) => r.wall));
      console.log(`| ${label} | ${wall.toFixed(0)} ms | ${med(rs.map((r) => r.cpu)).toFixed(0)} ms | ${(wall / peer).toFixed(2)}× | ${rs[0].count ?? ''} |`);
    }
    return;
  }
  const results: { phases: Phases; analysisCpu: number; gcMs: number; findings: number; rssMb: number; cpuTotal: number }[] = [];
  const load: string[] = [];
  const profiles: Map<string, number>[] = [];
  const modules = bundleModules(readFileSync(out, 'utf8'));
  for (let i = 0; i < runs; i++) {
    load.push(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
    const extra = ['--catalog-first', '--wrap', '--first-look'].filter((a) => args.includes(a));
    const dir = mkdtempSync(join(tmpdir(), 'first-breakdown-prof-'));
    const prof = args.includes('--wrap') ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250'];
    const r = spawnSync(process.execPath, [...prof, out, '--child', file, ...extra], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, IAM_WORKBENCH_DATA: join(ROOT, 'dist', 'data') } });
    if (r.status !== 0) throw new Error(r.stderr);
    results.push(JSON.parse(r.stdout));
    if (prof.length) profiles.push(classify(JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8')), modules));
  }
  if (args.includes('--json')) return void console.log(JSON.stringify(results, null, 2));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const keys = [...new Set(results.flatMap((r) => Object.keys(r.phases)))];
  console.log(`load average at each run's start: ${load.join(', ')}; ${results[0].findings} findings\n`);
  console.log(`| phase (CPU ms, median of ${runs} fresh processes) | ms |\n| --- | --- |`);
  const rows = keys.map((k) => [k, median(results.map((r) => r.phases[k] ?? 0))] as const);
  for (const [k, v] of rows) console.log(`| ${k} | ${v.toFixed(0)} |`);
  console.log(`| **the analysis (parse → findings), CPU** | **${median(results.map((r) => r.analysisCpu)).toFixed(0)}** |`);
  console.log(`| of which garbage collection (V8 gc entries, all phases) | ${median(results.map((r) => r.gcMs)).toFixed(0)} |`);
  console.log(`| process CPU in all | ${median(results.map((r) => r.cpuTotal)).toFixed(0)} |`);
  console.log(`| RSS at the end | ${median(results.map((r) => r.rssMb)).toFixed(0)} MB |`);
  if (profiles.length) {
    console.log(`\nThe same runs' CPU profiles (--cpu-prof, 0.25 ms samples), each sample given to what it was doing (see classify()):\n`);
    console.log(`| where (median of ${profiles.length} profiles; sampled time, which load inflates as it does wall time) | ms | share |\n| --- | --- | --- |`);
    const cats = [...new Set(profiles.flatMap((p) => [...p.keys()]))];
    const rows = cats.map((c) => [c, median(profiles.map((p) => p.get(c) ?? 0))] as const).sort((a, b) => b[1] - a[1]);
    // Shares of the server's work: the harness's own (reading the file, making the message) left out.
    const harness = (c: string) => c.startsWith('the harness');
    const sum = rows.filter(([c]) => !harness(c)).reduce((s, [, v]) => s + v, 0);
    for (const [c, v] of rows) if (v >= 1) console.log(`| ${c} | ${v.toFixed(0)} | ${harness(c) ? '(left out)' : `${((100 * v) / sum).toFixed(1)}%`} |`);
    console.log(`| sum of the medians, the harness left out | ${sum.toFixed(0)} | 100% |`);
  }
}

/** The floor: one kind of first analysis in this fresh process (the modules loaded beforehand), wall and CPU ms. */
async function floorChild(kind: string, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const { parseTree } = await import('jsonc-parser');
  const { getLanguageService, TextDocument } = await import('vscode-json-languageservice');
  const { parseAccountFile } = await import('../core/model');
  const { AnalysisHost } = await import('../core/ide/host');
  const { ruleRunner } = await import('../server/rules');
  const { DEFAULT_SETTINGS } = await import('../server/settings');
  const schema = JSON.parse(readFileSync(join(process.cwd(), 'schemas', 'iam.schema.json'), 'utf8'));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let count: number | undefined;
  if (kind === 'json-parse') JSON.parse(text);
  else if (kind === 'jsonc-parser') parseTree(text, [], { allowTrailingComma: true });
  else if (kind === 'peer') {
    const service = getLanguageService({});
    const doc = TextDocument.create(uri, 'json', 1, text);
    count = (await service.doValidation(doc, service.parseJSONDocument(doc), { comments: 'ignore', trailingCommas: 'ignore' }, schema)).length;
  } else if (kind === 'parse') parseAccountFile(uri, text);
  else {
    const host = new AnalysisHost({ rules: ruleRunner(DEFAULT_SETTINGS) });
    host.setFile(uri, text, 1);
    if (kind === 'first-look') count = host.firstLook([uri]).findings.get(uri)!.length;
    else count = host.snapshot().findings.get(uri)!.length;
  }
  const wall = performance.now() - t0;
  const u = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ wall, cpu: (u.user + u.system) / 1000, count }));
}

const FLOOR_KINDS: [string, string][] = [
  ['json-parse', 'JSON.parse (native, no positions)'],
  ['jsonc-parser', 'jsonc-parser parseTree (the tree VS Code\'s JSON support is built on)'],
  ['peer', '**the peer**: vscode-json-languageservice, parse + validate against schemas/iam.schema.json'],
  ['parse', 'our parse: text → AccountFile (model with spans, parse/schema findings)'],
  ['first-look', 'our first look: parse, resolve, the file\'s policy and file rules (what the server publishes first)'],
  ['full', 'our full analysis: the same plus the workspace rules (escalation paths, external access)'],
];

if (process.argv.includes('--floor-child')) {
  const at = process.argv.indexOf('--floor-child');
  floorChild(process.argv[at + 1], process.argv[at + 2]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (process.argv.includes('--child')) {
  const at = process.argv.indexOf('--child');
  child(process.argv[at + 1], process.argv.includes('--catalog-first'), process.argv.includes('--wrap'), process.argv.includes('--first-look')).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
