import { execFileSync } from 'node:child_process';
import { isAccountFileName, type SourceText } from '../core/model';
import { UsageError } from './io';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.tools', '.e2e']);

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string; code?: string };
    if (err.code === 'ENOENT') throw new UsageError('git is not installed (or not on PATH)');
    const why = (err.stderr ?? '').trim().split('\n')[0] || err.message;
    throw new UsageError(`git ${args[0]} failed: ${why}`);
  }
}

/**
 * The account files under `paths` (relative to `cwd`; default `.`) as they are at the git revision
 * `ref`, read with `git ls-tree` and `git show REF:./path` (no checkout). Uris are relative to `cwd`,
 * as the working tree's are, so the same file has the same uri on both sides.
 */
export function readSourcesAtRef(ref: string, paths: string[], cwd: string): SourceText[] {
  if (!ref || ref.startsWith('-')) throw new UsageError(`'${ref}' is not a git revision`);
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  const listed = git(['ls-tree', '-r', '-z', '--name-only', ref, '--', ...(paths.length ? paths : ['.'])], cwd)
    .split('\0')
    .filter((p) => p && isAccountFileName(p) && !p.split('/').some((part) => SKIP_DIRS.has(part)));
  return [...new Set(listed)].sort().map((uri) => ({ uri, text: git(['show', `${ref}:./${uri}`], cwd) }));
}
