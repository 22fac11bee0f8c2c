/**
 * Saved fuzz failures: each input that crashed, hung or took too long is kept under
 * test/fuzz/regressions/ as `KIND-HASH.json` (the input, how it was made, what went wrong), and
 * regressions.test.ts replays every one of them through the same runner.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    const saved: SavedInput = { ...input, found: failures.map((f) => `${f.stage}: ${f.message.split('\n')[0]}`.slice(0, 300)), seed, index };
    writeFileSync(path, JSON.stringify(saved, null, 1) + '\n');
  }
  return path;
}

export function loadRegressions(): { file: string; input: SavedInput }[] {
  if (!existsSync(REGRESSIONS)) return [];
  return readdirSync(REGRESSIONS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, input: JSON.parse(readFileSync(join(REGRESSIONS, file), 'utf8')) as SavedInput }));
}
