/**
 * Saved fuzz failures: each input that crashed, hung or took too long is kept under
 * test/fuzz/regressions/ as `KIND-HASH.json` (the input, how it was made, what went wrong), and
 * regressions.test.ts replays every one of them through the same runner.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FuzzInput } from './generate';
import type { Failure } from './targets';

export const REGRESSIONS = join(import.meta.dirname, 'regressions');

export interface SavedInput extends FuzzInput {
  /** What went wrong when it was found (the replay asserts it no longer does). */
  found: string[];
  seed?: number;
  index?: number;
}

/** Saves the input (once: the name is its hash) and returns the file's path. */
export function saveRegression(input: FuzzInput, failures: Failure[], seed?: number, index?: number): string {
  const hash = createHash('sha256').update(input.kind).update('\0').update(input.text).update('\0').update((input.steps ?? []).join('\0')).digest('hex').slice(0, 16);
  mkdirSync(REGRESSIONS, { recursive: true });
  const path = join(REGRESSIONS, `${input.kind}-${hash}.json`);
  if (!existsSync(path)) {
    const found = failures.map((f) => `${f.stage}: ${f.message.split('\n')[0]}`.slice(0, 300));
    writeFileSync(path, JSON.stringify(pack({ ...input, found, seed, index }), null, 1) + '\n');
  }
  return path;
}

/** Inputs over 20 KB (deep nesting, huge strings: very repetitive) are kept gzipped, in base64. */
function pack(input: SavedInput): SavedInput & { gzip?: string } {
  const size = input.text.length + (input.steps ?? []).reduce((n, s) => n + s.length, 0);
  if (size < 20_000) return input;
  const { text, steps, ...rest } = input;
  return { ...rest, text: '', gzip: gzipSync(JSON.stringify({ text, steps }), { level: 9 }).toString('base64') };
}

function unpack(saved: SavedInput & { gzip?: string }): SavedInput {
  if (!saved.gzip) return saved;
  const { gzip, ...rest } = saved;
  const { text, steps } = JSON.parse(gunzipSync(Buffer.from(gzip, 'base64')).toString('utf8')) as { text: string; steps?: string[] };
  return { ...rest, text, ...(steps ? { steps } : {}) };
}

export function loadRegressions(): { file: string; input: SavedInput }[] {
  if (!existsSync(REGRESSIONS)) return [];
  return readdirSync(REGRESSIONS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, input: unpack(JSON.parse(readFileSync(join(REGRESSIONS, file), 'utf8'))) }));
}
