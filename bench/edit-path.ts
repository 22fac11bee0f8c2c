/**
 * The language server's edit path in-process, on the max-quota account: an `AnalysisHost` with the server's rule
 * runner (server/rules.ts, default settings), the file opened and analysed, then rounds of edits of several kinds,
 * each timed as the server does it (setFile → snapshot → findings), split into model (parse + resolve) and
 * findings, with CPU time. `--profile KIND` runs only that kind (for `node --cpu-prof`); `--rules` times each rule.
 *
 *   node --import tsx bench/edit-path.ts [file] [--rounds N] [--profile KIND[,KIND...]] (description, tag, action, rename, delete, syntax) [--rules] [--everyone]
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisHost } from '../core/ide/host';
import { RULES } from '../core/analysis/rules';
import { ruleRunner } from '../server/rules';
import { DEFAULT_SETTINGS } from '../server/settings';
import { editKinds, withEveryoneGroup, type EditKind } from './edit-kinds';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const FILE = args.find((a) => a.endsWith('.json')) ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUNDS = Number(opt('--rounds') ?? 20);
const only = opt('--profile');

const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const pct = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];

/** Per rule: milliseconds spent in its calls during the timed rounds (wrapped in place). */
const ruleMs = new Map<string, number>();
let timing = false;
if (args.includes('--rules')) {
  for (const r of RULES) {
    for (const k of ['policy', 'file', 'workspace'] as const) {
      const fn = r[k] as ((ctx: never) => void) | undefined;
      if (!fn) continue;
      (r as unknown as Record<string, unknown>)[k] = (ctx: never) => {
        const t = performance.now();
        try {
          return fn.call(r, ctx);
        } finally {
          if (timing) ruleMs.set(`${r.id} (${k})`, (ruleMs.get(`${r.id} (${k})`) ?? 0) + performance.now() - t);
        }
      };
    }
  }
}

if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run "npm run gen:large" first.`);
// --everyone: every user in one more group, so the rename breaks 5,000 references (bench/lsp.ts's edit).
const text = args.includes('--everyone') ? withEveryoneGroup(readFileSync(FILE, 'utf8')) : readFileSync(FILE, 'utf8');
const uri = 'file:///bench/iam.json';
const host = new AnalysisHost({ rules: ruleRunner(DEFAULT_SETTINGS) });
let t = performance.now();
let c = cpu();
host.setFile(uri, text, 1);
let a = host.snapshot();
const n0 = a.findings.get(uri)!.length;
console.log(`open: ${(performance.now() - t).toFixed(0)} ms wall, ${(cpu() - c).toFixed(0)} ms CPU (model ${a.millis.toFixed(0)}, findings ${a.findingsMillis?.toFixed(0)}), ${n0} findings`);
host.prepareEdits();
for (let i = 0; i < 8; i++) host.rehearseEdit(uri);

let version = 2;
const kinds = editKinds(text).filter((k) => !only || only.split(',').includes(k.name));
console.log(`| edit | p50 ms | p95 ms | CPU ms/edit | model p50 | findings p50 | parse | findings after |\n| --- | --- | --- | --- | --- | --- | --- | --- |`);
for (const kind of kinds) run(kind);
if (ruleMs.size) {
  console.log('\nslowest rules over the timed edits (ms in total):');
  for (const [id, ms] of [...ruleMs].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${id}`);
}

function run(kind: EditKind): void {
  const wall: number[] = [];
  const model: number[] = [];
  const findings: number[] = [];
  let cpuTotal = 0;
  let counts = '';
  const hows = new Set<string>();
  for (let i = 0; i < ROUNDS; i++) {
    // Each round is the edit then its undo, each analysed apart, with where the text changed (as the server passes it).
    const r = kind.range(text);
    const forth = { start: r.start, oldEnd: r.end, newEnd: r.start + r.insert.length };
    const back = { start: r.start, oldEnd: forth.newEnd, newEnd: r.end };
    for (const [next, change] of [[kind.apply(text), forth], [text, back]] as const) {
      timing = true;
      c = cpu();
      t = performance.now();
      host.setFile(uri, next, version++, change);
      a = host.snapshot();
      const n = a.findings.get(uri)!.length;
      wall.push(performance.now() - t);
      cpuTotal += cpu() - c;
      timing = false;
      model.push(a.millis);
      findings.push(a.findingsMillis ?? 0);
      hows.add(host.lastParse(uri) ?? '?');
      if (i === 0) counts += `${counts ? ' / ' : ''}${n}`;
      host.prepareEdits();
    }
  }
  console.log(
    `| ${kind.label} | ${pct(wall, 50).toFixed(1)} | ${pct(wall, 95).toFixed(1)} | ${(cpuTotal / wall.length).toFixed(1)} | ${pct(model, 50).toFixed(1)} | ${pct(findings, 50).toFixed(1)} | ${[...hows].join(', ')} | ${counts} |`,
  );
}
