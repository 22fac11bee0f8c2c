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
export const DATA_FORMAT = 8;

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
  /** The text's bytes, undecoded (a view of shared bytes, or a positional read): for texts decoded piece by piece. */
  bytes(ref: StoredText): Buffer;
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
 * (see scripts/extract-data.mjs). Only the head is read, decoded and parsed here; a text is read from the file
 * (a positional read of its bytes) and decoded when asked for, so what is never asked for is never read (the
 * catalogue's 4.6 MB and the managed policies' 3.3 MB were read whole by the first analysis that touched them,
 * ~20–35 ms, for the few services and policies one file uses). The file stays open; a text asked for after the
 * file changed on disk (a rebuild) is an error, never another version's bytes. Shared bytes (`shareDataFiles`)
 * are read in place. Throws an Error that says where it looked when the file is missing or broken.
 */
export function readDataFile<T>(name: string): DataFile<T> {
  const inMemory = shared.get(name);
  const file = inMemory ? inMemory.file : locate(name);
  const t0 = now();
  let head: unknown;
  let textsAt: number;
  let fileSize: number;
  let bytesAt: (start: number, length: number) => Buffer;
  /** The file kept open for its texts (closed again when its head is refused). */
  let kept: number | undefined;
  try {
    if (inMemory) {
      // Shared bytes are read in place: a Buffer over the SharedArrayBuffer, not a copy.
      const bytes = Buffer.from(inMemory.bytes);
      const newline = bytes.indexOf(10);
      textsAt = newline < 0 ? bytes.length : newline + 1;
      head = JSON.parse(bytes.toString('utf8', 0, textsAt));
      fileSize = bytes.length;
      bytesAt = (start, length) => bytes.subarray(start, start + length);
    } else {
      const fd = openSync(file, 'r');
      let opened = true;
      try {
        const stat = fstatSync(fd);
        fileSize = stat.size;
        const headBytes = readHead(fd, fileSize);
        textsAt = headBytes.length;
        head = JSON.parse(headBytes.toString('utf8'));
        opened = false; // kept open for the texts
        kept = fd;
        const { size, mtimeMs } = stat;
        bytesAt = (start, length) => {
          const now = fstatSync(fd);
          if (now.size !== size || now.mtimeMs !== mtimeMs) throw new Error(`IAM Workbench data file ${file} changed while in use. Restart the server or command.`);
          const buf = Buffer.allocUnsafe(length);
          for (let got = 0; got < length; ) {
            const n = readSync(fd, buf, got, length - got, start + got);
            if (n === 0) throw new Error(`IAM Workbench data file ${file} ended early. Run \`npm run build\`.`);
            got += n;
          }
          return buf;
        };
      } finally {
        if (opened) closeSync(fd);
      }
    }
  } catch (e) {
    throw new Error(`IAM Workbench data file ${file} could not be read: ${(e as Error).message}. Run \`npm run build\`.`);
  }
  const format = (head as { format?: unknown } | null)?.format;
  if (format !== DATA_FORMAT) {
    if (kept !== undefined) closeSync(kept);
    throw new Error(`IAM Workbench data file ${file} has format ${String(format)}, expected ${DATA_FORMAT}. Run \`npm run build\`.`);
  }
  stats.push({ file, bytes: fileSize, ms: now() - t0 });
  const size = fileSize - textsAt;
  const bytes = ([offset, length]: StoredText): Buffer => {
    if (!(offset >= 0 && length >= 0 && offset + length <= size)) throw new Error(`IAM Workbench data file ${file}: a stored text lies outside the file. Run \`npm run build\`.`);
    return bytesAt(textsAt + offset, length);
  };
  return {
    head: head as T,
    text: (ref) => bytes(ref).toString('utf8'),
    bytes,
  };
}

/**
 * The bytes of a data file up to and with its first line break (the head), or the whole file when it has none: read
 * 64 KB at a time into one buffer, and only the head kept (a read of 512 KB at once touched ~128 fresh pages, ~2 ms
 * on this machine, for a head of 70–150 KB).
 */
function readHead(fd: number, fileSize: number): Buffer {
  const chunks: Buffer[] = [];
  const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(64 * 1024, fileSize)));
  let at = 0;
  for (;;) {
    const n = at >= fileSize ? 0 : readSync(fd, chunk, 0, chunk.length, at);
    if (n === 0) return Buffer.concat(chunks);
    const newline = chunk.subarray(0, n).indexOf(10);
    if (newline >= 0) {
      chunks.push(chunk.subarray(0, newline + 1));
      return Buffer.concat(chunks);
    }
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    at += n;
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
