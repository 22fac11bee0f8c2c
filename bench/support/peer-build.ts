/**
 * The peer server (bench/support/json-peer-server.ts) bundled as our server is (esbuild.mjs: one CommonJS file for
 * Node 20, the ESM entries of the packages, a source map, not minified), so that neither pays a compiler at start:
 * into bench/out/json-peer/server.js, made again when the source is newer. Returns the bundle's path.
 */
import { build } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE = join(import.meta.dirname, 'json-peer-server.ts');
export const PEER_SERVER = join(ROOT, 'bench', 'out', 'json-peer', 'server.js');
/** The schema the peer validates against (the server reads IAM_WORKBENCH_PEER_SCHEMA). */
export const PEER_SCHEMA = join(ROOT, 'schemas', 'iam.schema.json');

export async function peerServer(): Promise<string> {
  if (existsSync(PEER_SERVER) && statSync(PEER_SERVER).mtimeMs >= statSync(SOURCE).mtimeMs) return PEER_SERVER;
  await build({
    entryPoints: [SOURCE],
    outfile: PEER_SERVER,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  return PEER_SERVER;
}
