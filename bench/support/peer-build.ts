/**
 * The peer server (bench/support/json-peer-server.ts) bundled as our server is (esbuild.mjs: one CommonJS file for
 * Node 20, the ESM entries of the packages, a source map, not minified), so that neither pays a compiler at start.
 * The bundle goes to the system's temporary folder under a name made from the source's hash (bench/out may be a
 * link shared by several checkouts): made once per version of the source, written under a temporary name and
 * renamed, so that concurrent builds never leave a half-written file. Returns the bundle's path.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE = join(import.meta.dirname, 'json-peer-server.ts');
/** The schema the peer validates against (the server reads IAM_WORKBENCH_PEER_SCHEMA). */
export const PEER_SCHEMA = join(ROOT, 'schemas', 'iam.schema.json');

export async function peerServer(): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `iam-workbench-json-peer-${hash}`);
  const file = join(dir, 'server.js');
  if (existsSync(file)) return file;
  const result = await build({
    entryPoints: [SOURCE],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    mainFields: ['module', 'main'],
    absWorkingDir: ROOT,
    write: false,
  });
  mkdirSync(dir, { recursive: true });
  // The map first, the bundle last: a bundle that exists is whole, and so is its map.
  const ordered = [...result.outputFiles].sort((a, b) => Number(a.path === file) - Number(b.path === file));
  for (const out of ordered) {
    const temporary = `${out.path}.${process.pid}.tmp`;
    writeFileSync(temporary, out.contents);
    renameSync(temporary, out.path);
  }
  return file;
}
