import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isScenarioFileName } from '../core/analysis/scenarios';
import { isAccountFileName } from '../core/model';
import type { WholeText } from '../core/ide/staged';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
const MAX_FILES = 2000;
/** A file name that stands for itself in a file: URL. */
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;
/** The path of each URI findAccountFiles made (fileURLToPath costs ~12 µs a call cold: 3.7 ms for 300 files). */
const paths = new Map<string, string>();

/** The file path of a file: URI (throws as fileURLToPath does). */
function pathOf(uri: string): string {
  return paths.get(uri) ?? fileURLToPath(uri);
}

/** Every iam.json / NAME.iam.json (and NAME.iam-tests.json scenario file) under a folder (skipping node_modules, .git and build output). */
export function findAccountFiles(folderUri: string): string[] {
  let root: string;
  try {
    root = fileURLToPath(folderUri);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || out.length >= MAX_FILES) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    let base: string | undefined;
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), depth + 1);
      } else if (e.isFile() && (isAccountFileName(e.name) || isScenarioFileName(e.name))) {
        // pathToFileURL costs ~0.1 ms a file (26 ms for 300): a plain name (nothing a URL would escape) is
        // appended to the folder's URL, which pathToFileURL makes once.
        if (PLAIN_NAME.test(e.name)) {
          base ??= pathToFileURL(dir).toString().replace(/\/$/, '');
          const uri = `${base}/${e.name}`;
          if (paths.size >= 4 * MAX_FILES) paths.clear();
          // The folder's path and a plain name (join would normalize both again: ~9 ms for 300 cold).
          paths.set(uri, dir.endsWith(sep) ? dir + e.name : dir + sep + e.name);
          out.push(uri);
        } else out.push(pathToFileURL(join(dir, e.name)).toString());
      }
    }
  };
  walk(root, 0);
  return out;
}

/** Reads a file: URI; undefined when it can't be read or is not a plain file. */
export function readUri(uri: string): string | undefined {
  try {
    const path = fileURLToPath(uri);
    if (!statSync(path).isFile()) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** How much of a file `indexUris` makes a string of first, and then when that is not enough. */
const PREFIX_BYTES = [2048, 8192];

/** The scan's answer, or undefined when it throws (the file is then parsed whole, which says what is wrong). */
function safe<H>(scan: () => H | undefined): H | undefined {
  try {
    return scan();
  } catch {
    return undefined;
  }
}

/** Texts of at most this many bytes are read together into one string (see readUris). */
const CHUNK_BYTES = 1 << 20;
let scratchKept: Buffer | undefined;
/** The buffer readUris and indexUris read into, made once (its pages are touched once). */
function scratchBuffer(): Buffer {
  return (scratchKept ??= Buffer.allocUnsafeSlow(CHUNK_BYTES));
}

/**
 * Reads many file: URIs, each as `readUri` reads it (undefined when it can't be read or is not a plain file), in
 * `uri` order. For a workspace of many files (an organization of 300 accounts, 13 MB) this halves the reading's
 * cost: the files are read into one reused buffer, up to ~1 MB of them at a time, and a run of files that is all
 * ASCII becomes one string that each file's text is a slice of. One string of ~1 MB is allocated where it stays
 * (V8's large-object space), where 300 strings of ~44 KB each were made young and copied by the scavenger as
 * the heap grew (~40–70 ms of garbage collection at the server's start). A file with any other byte is decoded
 * again alone, by readUri (so its text is exactly readUri's).
 */
export function readUris(uris: readonly string[]): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(uris.length).fill(undefined);
  let scratch = scratchBuffer();
  /** Files read into `scratch` and not yet decoded: index in `uris`, start, length. */
  let run: { at: number; start: number; length: number }[] = [];
  let used = 0;
  const flush = () => {
    if (!run.length) return;
    const bytes = scratch.subarray(0, used);
    if (isAscii(bytes)) {
      const all = bytes.toString('latin1');
      for (const f of run) out[f.at] = all.slice(f.start, f.start + f.length);
    } else {
      for (const f of run) out[f.at] = readUri(uris[f.at]);
    }
    run = [];
    used = 0;
  };
  for (let i = 0; i < uris.length; i++) {
    let fd: number | undefined;
    try {
      fd = openSync(pathOf(uris[i]), 'r');
      const stat = fstatSync(fd);
      if (!stat.isFile()) continue;
      let size = stat.size;
      // A byte to spare: a full buffer means the file grew while read.
      if (used + size + 1 > scratch.length) flush();
      if (size + 1 > scratch.length) scratch = Buffer.allocUnsafeSlow(size + 1);
      let got = 0;
      for (;;) {
        if (used + got === scratch.length) {
          // The buffer is full (the file fills it, or grew while read): read alone, as readUri reads it.
          out[i] = readUri(uris[i]);
          size = -1;
          break;
        }
        const n = readSync(fd, scratch, used + got, scratch.length - used - got, null);
        if (n === 0) break;
        got += n;
      }
      if (size < 0) continue;
      run.push({ at: i, start: used, length: got });
      used += got;
    } catch {
      out[i] = undefined;
    } finally {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // nothing to do
        }
      }
    }
  }
  flush();
  return out;
}

/**
 * Rarer parts of the words the index searches the rest of each file for (core/ide/staged.ts): a search for
 * `"account"` stops at every quote of the JSON to compare its last character, where one for `ccount` skips ahead;
 * each place found is checked for the whole word. 13 MB searched for both words: ~10 ms as written, ~4.5 ms by these
 * parts.
 */
const RARER: Record<string, string> = { '"organization"': 'organiz', '"account"': 'ccount' };

/** Whether the bytes hold `needle` (Latin-1) at or after `from`. */
function hasBytes(bytes: Buffer, needle: string, from: number): boolean {
  const part = Object.hasOwn(RARER, needle) ? RARER[needle] : undefined;
  const offset = part === undefined ? -1 : needle.indexOf(part);
  if (part === undefined || offset < 0) return bytes.indexOf(needle, from, 'latin1') >= 0;
  for (let at = from + offset; ; ) {
    const i = bytes.indexOf(part, at, 'latin1');
    if (i < 0) return false;
    if (bytes.toString('latin1', i - offset, i - offset + needle.length) === needle) return true;
    at = i + 1;
  }
}

/** What `indexUris` knows of a file: its index and size in characters, or its text when the index can't tell. */
export type Indexed<H> = { header: H; size: number; text?: undefined } | { text: string; header?: undefined };

/**
 * Indexes many file: URIs without keeping their texts: each file is read into one reused buffer and `scan`ned as
 * a string that is dropped at once (a dead young string costs the scavenger nothing, where 13 MB of live ones
 * cost ~50–130 ms of decoding, page faults and copying at the server's start). A file `scan` can't answer for
 * (undefined) comes back with its text. The text scanned is the text `readUri` reads. Undefined: not readable.
 */
export function indexUris<H>(uris: readonly string[], scan: (text: string, whole?: WholeText) => H | undefined): (Indexed<H> | undefined)[] {
  let scratch = scratchBuffer();
  return uris.map((uri) => {
    let fd: number | undefined;
    let text: string | undefined;
    try {
      fd = openSync(pathOf(uri), 'r');
      const stat = fstatSync(fd);
      if (!stat.isFile()) return undefined;
      if (stat.size + 1 > scratch.length) scratch = Buffer.allocUnsafeSlow(stat.size + 1);
      let got = 0;
      for (;;) {
        const n = readSync(fd, scratch, got, scratch.length - got, null);
        if (n === 0) break;
        got += n;
        if (got === scratch.length) break; // grew while read: readUri decides
      }
      const bytes = scratch.subarray(0, got);
      if (got < scratch.length && isAscii(bytes)) {
        // ASCII: a character is a byte. The scan reads the beginning as a string and searches the rest in the
        // bytes; only when the beginning isn't enough is the whole text made (and dropped).
        const whole: WholeText = { length: got, has: (needle, from) => hasBytes(bytes, needle, from) };
        // A short beginning first (an account file's "account" block is usually its first few hundred bytes): the
        // strings made are dropped at once, but 8 KB for each of 300 files is 2.4 MB of them, a collection or two.
        let prefix = '';
        for (const n of PREFIX_BYTES) {
          if (prefix.length === got) break;
          prefix = bytes.toString('latin1', 0, Math.min(got, n));
          const header = safe(() => scan(prefix, whole));
          if (header !== undefined) return { header, size: got };
        }
        text = prefix.length === got ? prefix : bytes.toString('latin1');
      }
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // nothing to do
        }
      }
    }
    if (text === undefined) {
      const whole = readUri(uri);
      return whole === undefined ? undefined : { text: whole };
    }
    const header = safe(() => scan(text));
    return header === undefined ? { text } : { header, size: text.length };
  });
}
