import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkspace, parseAccountFile, type AccountFile } from '../../core/model';
import type { Finding } from '../../core/findings';

export const EXAMPLES = join(__dirname, '..', '..', 'examples');

export function exampleSources() {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.iam.json'))
    .sort()
    .map((f) => ({ uri: `examples/${f}`, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
}

export function exampleWorkspace() {
  return buildWorkspace(exampleSources());
}

export function parse(text: string, uri = 'iam.json'): AccountFile {
  return parseAccountFile(uri, text);
}

/** The text a finding points at. */
export function at(text: string, f: Finding): string {
  return text.slice(f.span.start, f.span.end);
}

export function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code).sort();
}
