import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

export const ROOT = join(__dirname, '..', '..');

/** Runs the CLI in-process with captured output. */
export async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { cwd, out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

/** Runs the installed `bin` as a user would (needs `npm run build` first, as `npm test` does). */
export function runBin(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'iam-workbench.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
