import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isAccountFileName, type SourceText } from '../core/model';
import { UsageError } from './io';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.tools', '.e2e']);

/**
 * The account files named by the command line: files as given, folders searched recursively for
 * `iam.json` / `*.iam.json`. Paths are shown relative to `cwd`. A missing path is a usage error.
 */
export function findAccountFiles(paths: string[], cwd: string, accept = isAccountFileName): string[] {
  const out: string[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const full = resolve(cwd, p);
    let st;
    try {
      st = statSync(full);
    } catch {
      throw new UsageError(`cannot read '${p}': no such file or folder`);
    }
    if (st.isDirectory()) walk(full, out, accept);
    else out.push(full);
  }
  return [...new Set(out)].sort();
}

function walk(dir: string, out: string[], accept: (name: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (SKIP_DIRS.has(name)) continue;
    const full = join(dir, name);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) walk(full, out, accept);
    else if (accept(name)) out.push(full);
  }
}

/** Reads the files as UTF-8 text; uris are paths relative to cwd (as printed in findings). */
export function readSources(files: string[], cwd: string): SourceText[] {
  return files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read '${relative(cwd, f)}': ${(e as Error).message}`);
    }
    return { uri: relative(cwd, f) || f, text };
  });
}
