/**
 * `node --expose-gc --import tsx bench/rules-ab.ts (--base DIR | --without FILE) [FILE] [--rounds N]`: the
 * cold-run cost of the rule catalogue of this checkout against another checkout's (DIR: a worktree of an
 * earlier commit, with its own dist/data and node_modules), or against this catalogue without the rules listed
 * in FILE (one id a line, # comments), in one process, alternating run by run, so that the load of a shared
 * machine weighs on both alike. Each round runs A then B, or B then A (alternating), each on its own parsed
 * workspace of the same file with a configuration no run used before (no cached findings). Prints the CPU
 * time (this process, all threads) of each side's runs: median, lower quartile and minimum, and the ratio.
 * Run it with `node --expose-gc` so that each timed run starts with an empty young generation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const baseDir = flag('--base');
const withoutFile = flag('--without');
if (!baseDir && !withoutFile) {
  console.error('usage: bench/rules-ab.ts (--base DIR | --without FILE) [FILE] [--rounds N]');
  process.exit(1);
}
const without = withoutFile ? readFileSync(withoutFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')) : [];
const path = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'bench/out/large/iam.json';
const ROUNDS = Number(flag('--rounds') ?? 30);
if (!existsSync(path)) {
  console.error(`${path} is missing: run \`npm run gen:large\` first`);
  process.exit(1);
}

interface Side {
  name: string;
  run(config: object): number;
  rules: number;
}

async function side(name: string, root: string, leaveOut: string[] = []): Promise<Side> {
  const rules = await import(join(root, 'core/analysis/rules/index.ts'));
  const model = await import(join(root, 'core/model/index.ts'));
  const text = readFileSync(path, 'utf8');
  const workspace = new model.Workspace([model.parseAccountFile('file:///bench/iam.json', text)]);
  const ids: string[] = rules.RULES.map((r: { id: string }) => r.id);
  for (const id of leaveOut) if (!ids.includes(id)) throw new Error(`no rule ${id}`);
  const only = leaveOut.length ? ids.filter((id) => !leaveOut.includes(id)) : undefined;
  return { name, rules: only?.length ?? ids.length, run: (config) => rules.runRules(workspace, config, { only }).length };
}

async function main() {
  const a = await side('this checkout', resolve('.'));
  const b = baseDir ? await side(`base (${baseDir})`, resolve(baseDir)) : await side(`without ${withoutFile}`, resolve('.'), without);
  let generation = 0;
  // A young-generation collection before each timed run (outside the timing) when --expose-gc is given, so that neither
  // side pays for collecting the other's garbage.
  const gc = (globalThis as { gc?: (o?: object) => void }).gc;
  const cpu = (s: Side) => {
    gc?.({ type: 'minor' });
    const c = process.cpuUsage();
    s.run({ benchRun: ++generation });
    const u = process.cpuUsage(c);
    return (u.user + u.system) / 1000;
  };
  // Warm both: the first runs pay for the JIT and the catalogues.
  for (let i = 0; i < 3; i++) {
    cpu(a);
    cpu(b);
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2) {
      tb.push(cpu(b));
      ta.push(cpu(a));
    } else {
      ta.push(cpu(a));
      tb.push(cpu(b));
    }
  }
  const q = (xs: number[], f: number) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * f)];
  const show = (s: Side, xs: number[]) => `${s.name}: ${s.rules} rules, ${s.run({ benchRun: ++generation })} findings; cold run CPU median ${q(xs, 0.5).toFixed(1)} ms, lower quartile ${q(xs, 0.25).toFixed(1)}, min ${Math.min(...xs).toFixed(1)}`;
  console.log(`${path}, ${ROUNDS} rounds${gc ? ', a young-generation collection before each run' : ''}; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(show(a, ta));
  console.log(show(b, tb));
  console.log(`ratio: median ${(q(ta, 0.5) / q(tb, 0.5)).toFixed(2)}, lower quartile ${(q(ta, 0.25) / q(tb, 0.25)).toFixed(2)}, min ${(Math.min(...ta) / Math.min(...tb)).toFixed(2)}`);
}

void main();
