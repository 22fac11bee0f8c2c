import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every account file (`*.iam.json`) under `dir`, sorted, leaving out node_modules and generated `out` folders. */
export function accountFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'out') out.push(...accountFiles(p));
    else if (e.isFile() && e.name.endsWith('.iam.json')) out.push(p);
  }
  return out.sort();
}
