import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the data files built by scripts/extract-data.mjs live:
 * 1. the folder set with `setDataDirectory` (hosts, tests);
 * 2. the environment variable IAM_WORKBENCH_DATA;
 * 3. `data/` beside the running bundle (dist/cli.js → dist/data);
 * 4. `<repo>/dist/data` when running from source (core/data/*.ts under tsx).
 */
let explicitDir: string | undefined;

/** The format number scripts/extract-data.mjs writes; files of another format are refused. */
export const DATA_FORMAT = 7;

export function setDataDirectory(dir: string | undefined): void {
  explicitDir = dir;
}

export function dataDirectoryCandidates(): string[] {
  const out: string[] = [];
  if (explicitDir) out.push(explicitDir);
  const env = typeof process !== 'undefined' ? process.env.IAM_WORKBENCH_DATA : undefined;
  if (env) out.push(env);
  const here = typeof __dirname === 'string' ? __dirname : '';
  if (here) {
    out.push(join(here, 'data'));
    out.push(join(here, '..', '..', 'dist', 'data'));
    out.push(join(here, '..', 'data'));
  }
  return out;
}

export interface LoadStat {
  file: string;
  bytes: number;
  /** Milliseconds spent reading the file and parsing its head. */
  ms: number;
}

const stats: LoadStat[] = [];

/** What each data file cost to load in this process (for benchmarks and `--verbose` output). */
export function loadStats(): readonly LoadStat[] {
  return stats;
}

/** A text stored after a data file's head: [byte offset, byte length], counted from the start of the texts. */
export type StoredText = [offset: number, length: number];

/** A data file as loaded: its head, parsed, and the texts it refers to, decoded on request. */
export interface DataFile<T> {
  head: T;
  text(ref: StoredText): string;
}

/** A data file's bytes in memory that several threads can read: what `shareDataFiles` hands to workers. */
export interface SharedDataFile {
  name: string;
  /** Where it was read from (for messages). */
  file: string;
  bytes: SharedArrayBuffer;
}

/** Data files this thread reads from shared memory instead of the disk, by name (`useSharedDataFiles`). */
const shared = new Map<string, SharedDataFile>();

/**
 * Reads the named data files once into `SharedArrayBuffer`s (found as `readDataFile` finds them) and reads
 * them from there in this thread too: post the result to worker threads, which call `useSharedDataFiles`, and
 * every thread decodes its own head from the same bytes (no copy per worker, none per message). Throws as
 * `readDataFile` does when a file is missing.
 */
export function shareDataFiles(names: readonly string[]): SharedDataFile[] {
  return names.map((name) => {
    const known = shared.get(name);
    if (known) return known;
    const file = locate(name);
    let bytes: SharedArrayBuffer;
    try {
      const fd = openSync(file, 'r');
      try {
        const size = fstatSync(fd).size;
        bytes = new SharedArrayBuffer(size);
        const view = new Uint8Array(bytes);
        for (let at = 0; at < size; ) {
          const n = readSync(fd, view, at, size - at, at);
          if (n === 0) throw new Error('the file ended early');
          at += n;
        }
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new Error(`IAM Workbench data file ${file} could not be read: ${(e as Error).message}. Run \`npm run build\`.`);
    }
    const out = { name, file, bytes };
    shared.set(name, out);
    return out;
  });
}

/** Makes this thread read these data files from the shared bytes another thread read (`shareDataFiles`). */
export function useSharedDataFiles(files: readonly SharedDataFile[]): void {
  for (const f of files) shared.set(f.name, f);
}

function locate(name: string): string {
  const candidates = dataDirectoryCandidates();
  const dir = candidates.find((d) => existsSync(join(d, name)));
  if (!dir) {
    throw new Error(
      `IAM Workbench data file ${name} not found (looked in ${candidates.join(', ') || 'no folder'}). ` +
        'Run `npm run build` to extract it, or set IAM_WORKBENCH_DATA to the folder holding it.',
    );
  }
  return join(dir, name);
}

/**
 * Reads one data file: a line of JSON (the head), then the texts the head refers to as `StoredText`
 * (see scripts/extract-data.mjs). Only the head is decoded and parsed here; a text is decoded when asked
 * for. Throws an Error that says where it looked when the file is missing or broken.
 */
export function readDataFile<T>(name: string): DataFile<T> {
  const inMemory = shared.get(name);
  const file = inMemory ? inMemory.file : locate(name);
  const t0 = now();
  let bytes: Buffer;
  let head: unknown;
  let textsAt: number;
  try {
    // Shared bytes are read in place: a Buffer over the SharedArrayBuffer, not a copy.
    bytes = inMemory ? Buffer.from(inMemory.bytes) : readFileSync(file);
    const newline = bytes.indexOf(10);
    textsAt = newline < 0 ? bytes.length : newline + 1;
    head = JSON.parse(bytes.toString('utf8', 0, textsAt));
  } catch (e) {
    throw new Error(`IAM Workbench data file ${file} could not be read: ${(e as Error).message}. Run \`npm run build\`.`);
  }
  const format = (head as { format?: unknown } | null)?.format;
  if (format !== DATA_FORMAT) {
    throw new Error(`IAM Workbench data file ${file} has format ${String(format)}, expected ${DATA_FORMAT}. Run \`npm run build\`.`);
  }
  stats.push({ file, bytes: bytes.length, ms: now() - t0 });
  const size = bytes.length - textsAt;
  return {
    head: head as T,
    text([offset, length]: StoredText): string {
      if (!(offset >= 0 && length >= 0 && offset + length <= size)) throw new Error(`IAM Workbench data file ${file}: a stored text lies outside the file. Run \`npm run build\`.`);
      return bytes.toString('utf8', textsAt + offset, textsAt + offset + length);
    },
  };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
