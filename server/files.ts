import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isScenarioFileName } from '../core/analysis/scenarios';
import { isAccountFileName } from '../core/model';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
const MAX_FILES = 2000;

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
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), depth + 1);
      } else if (e.isFile() && (isAccountFileName(e.name) || isScenarioFileName(e.name))) out.push(pathToFileURL(join(dir, e.name)).toString());
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
