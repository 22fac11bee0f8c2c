import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isAccountFileName, type SourceText } from '../core/model';
import { UsageError, type CliIO } from './io';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.tools', '.e2e']);

/** The file-system calls the search makes (tests pass one that fails as a locked folder would). */
export interface FileSystem {
  statSync(path: string): Stats;
  readdirSync(path: string): string[];
}

const NODE_FS: FileSystem = { statSync: (p) => statSync(p), readdirSync: (p) => readdirSync(p) };

/** A path the search could not read, with why (`permission denied (EACCES)`). */
export interface Skipped {
  path: string;
  reason: string;
}

/**
 * Why a file-system call failed, in words, with the error's code: a permission error is named as such, not as
 * a missing file.
 */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${err.code})`;
    case 'ENOTDIR':
      return 'a part of the path is not a folder (ENOTDIR)';
    case 'ELOOP':
      return 'too many symbolic links (ELOOP)';
    case 'EISDIR':
      return 'a folder, not a file (EISDIR)';
    default:
      return err?.code ? `${err.code}: ${err.message}` : String((e as Error)?.message ?? e);
  }
}

/**
 * The account files named by the command line: files as given, folders searched recursively for
 * `iam.json` / `*.iam.json`. Paths are shown relative to `cwd`. A path given that cannot be read is a usage
 * error naming why (missing, permission denied); a file or folder below it that cannot be read is added to
 * `skipped` (when given) and left out.
 */
export function findAccountFiles(paths: string[], cwd: string, accept = isAccountFileName, skipped?: Skipped[], fs: FileSystem = NODE_FS): string[] {
  const out: string[] = [];
  const skip = (full: string, e: unknown) => skipped?.push({ path: relative(cwd, full) || full, reason: describeFsError(e) });
  for (const p of paths.length ? paths : ['.']) {
    const full = resolve(cwd, p);
    let st;
    try {
      st = fs.statSync(full);
    } catch (e) {
      throw new UsageError(`cannot read '${p}': ${describeFsError(e)}`);
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(full);
      } catch (e) {
        throw new UsageError(`cannot read the folder '${p}': ${describeFsError(e)}`);
      }
      walk(full, names, out, accept, skip, fs);
    } else out.push(full);
  }
  return [...new Set(out)].sort();
}

function walk(dir: string, names: string[], out: string[], accept: (name: string) => boolean, skip: (full: string, e: unknown) => void, fs: FileSystem): void {
  for (const name of [...names].sort()) {
    if (SKIP_DIRS.has(name)) continue;
    const full = join(dir, name);
    let st;
    try {
      st = fs.statSync(full);
    } catch (e) {
      if (accept(name)) skip(full, e); // an account file we cannot even look at; other names are not ours
      continue;
    }
    if (st.isDirectory()) {
      let inner: string[];
      try {
        inner = fs.readdirSync(full);
      } catch (e) {
        skip(full, e);
        continue;
      }
      walk(full, inner, out, accept, skip, fs);
    } else if (accept(name)) out.push(full);
  }
}

/** Lists skipped paths on standard error, one a line: `iam-workbench check: skipped 'locked': permission denied (EACCES)`. */
export function reportSkipped(io: CliIO, command: string, skipped: Skipped[]): void {
  for (const s of skipped) io.err(`iam-workbench ${command}: skipped '${s.path}': ${s.reason}\n`);
}

/** Reads the files as UTF-8 text; uris are paths relative to cwd (as printed in findings). */
export function readSources(files: string[], cwd: string): SourceText[] {
  return files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read '${relative(cwd, f)}': ${describeFsError(e)}`);
    }
    return { uri: relative(cwd, f) || f, text };
  });
}
