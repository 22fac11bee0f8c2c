/**
 * Exit status means what it says: nothing to check is exit 2 with a message; a path that cannot be read is named
 * with why (a permission error as such, not "no such file"); paths skipped below a folder are listed on standard
 * error and make `check` exit 2. Tests run as root here, where chmod 000 blocks nothing: the permission cases
 * pass a file system that fails as a locked folder does (EACCES), through the same search the CLI runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFsError, findAccountFiles, type FileSystem, type Skipped } from '../../cli/files';
import { UsageError } from '../../cli/io';
import { run } from './helpers';

const ACCOUNT = '{"account":{"id":"123456789012"}}';

function errno(code: string, path: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: operation failed, scandir '${path}'`) as NodeJS.ErrnoException;
  e.code = code;
  e.path = path;
  return e;
}

/** The real file system, except that the given paths fail with EACCES as a folder without read permission does. */
function locked(paths: string[], how: 'read' | 'stat' = 'read'): FileSystem {
  return {
    statSync: (p) => {
      if (how === 'stat' && paths.includes(p)) throw errno('EACCES', p);
      return statSync(p);
    },
    readdirSync: (p) => {
      if (paths.includes(p)) throw errno('EACCES', p);
      return readdirSync(p);
    },
  };
}

test('check on an empty folder exits 2 and says there is nothing to check', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-empty-'));
  const r = await run(['check', dir]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /^iam-workbench check: nothing to check: no iam\.json or \*\.iam\.json file found in '.*iamwb-empty-.*'\n$/);
  writeFileSync(join(dir, 'notes.json'), '{}');
  assert.equal((await run(['check', dir, '--format', 'json'])).code, 2, 'other JSON files are not account files');
});

test('check on a missing path exits 2 naming it as missing', async () => {
  const r = await run(['check', 'no/such/place.iam.json']);
  assert.equal(r.code, 2);
  assert.equal(r.err, "iam-workbench check: cannot read 'no/such/place.iam.json': no such file or folder\n");
});

test('errors are named by what they are: a permission error is not "no such file or folder"', () => {
  assert.equal(describeFsError(errno('EACCES', '/x')), 'permission denied (EACCES)');
  assert.equal(describeFsError(errno('EPERM', '/x')), 'permission denied (EPERM)');
  assert.equal(describeFsError(errno('ENOENT', '/x')), 'no such file or folder');
  assert.equal(describeFsError(errno('ENOTDIR', '/x')), 'a part of the path is not a folder (ENOTDIR)');
  assert.match(describeFsError(errno('EIO', '/x')), /^EIO: /);
});

test('a folder named on the command line that cannot be read is a usage error naming the permission and the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-locked-'));
  writeFileSync(join(dir, 'iam.json'), ACCOUNT);
  assert.throws(() => findAccountFiles([dir], '/', undefined, [], locked([dir])), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.message, `cannot read the folder '${dir}': permission denied (EACCES)`);
    return true;
  });
  // A file in a folder the user may not enter: stat fails with EACCES, named as such.
  const file = join(dir, 'iam.json');
  assert.throws(() => findAccountFiles([file], '/', undefined, [], locked([file], 'stat')), /cannot read '.*iam\.json': permission denied \(EACCES\)/);
});

test('subfolders and account files that cannot be read are skipped, listed with why, and the rest is found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-partial-'));
  mkdirSync(join(dir, 'open'));
  mkdirSync(join(dir, 'locked'));
  writeFileSync(join(dir, 'open', 'iam.json'), ACCOUNT);
  writeFileSync(join(dir, 'locked', 'iam.json'), ACCOUNT);
  writeFileSync(join(dir, 'b.iam.json'), ACCOUNT);
  writeFileSync(join(dir, 'other.txt'), 'x');
  const skipped: Skipped[] = [];
  const files = findAccountFiles([dir], dir, undefined, skipped, locked([join(dir, 'locked'), join(dir, 'b.iam.json'), join(dir, 'other.txt')], 'read'));
  assert.deepEqual(files, [join(dir, 'b.iam.json'), join(dir, 'open', 'iam.json')]);
  assert.deepEqual(skipped, [{ path: 'locked', reason: 'permission denied (EACCES)' }]);
  const skipped2: Skipped[] = [];
  findAccountFiles([dir], dir, undefined, skipped2, locked([join(dir, 'b.iam.json'), join(dir, 'other.txt')], 'stat'));
  assert.deepEqual(skipped2, [{ path: 'b.iam.json', reason: 'permission denied (EACCES)' }], 'an unreadable account file is listed; other names are not ours');
});

test('check lists what it skipped on standard error and exits 2: an incomplete check is not a clean one', async () => {
  // On the real file system (no permission can be withheld from root): a dangling link named like an account file
  // cannot be read; a link to itself, with another name, is not ours and is passed over.
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-loop-'));
  writeFileSync(join(dir, 'iam.json'), ACCOUNT);
  symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
  symlinkSync(join(dir, 'gone'), join(dir, 'x.iam.json'));
  const r = await run(['check', '.'], dir);
  assert.equal(r.code, 2, r.out + r.err);
  assert.equal(r.err, "iam-workbench check: skipped 'x.iam.json': no such file or folder\niam-workbench check: 1 path could not be read (listed above); the check is incomplete\n");
  assert.match(r.out, /^1 files? checked: 0 error/m);
});

test('a reader that closes the pipe early (`| head`) ends the command quietly: no EPIPE stack trace', async () => {
  const { spawn } = await import('node:child_process');
  const { ROOT } = await import('./helpers');
  // The reader goes away before the command writes anything (as `| head -0` does): its first write meets EPIPE.
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'graph', '--format', 'dot', join(ROOT, 'examples')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.doesNotMatch(err, /EPIPE|\n\s+at /, err);
  assert.equal(err, '');
  assert.ok(code === 0 || code === 1, `exit ${code}`);
});
