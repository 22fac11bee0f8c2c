/**
 * What the first analysis of a big file costs elsewhere: the floor and the peer, each timed in a fresh
 * Node process (cold, as a language server meets a file it has just been given), beside our own core.
 *
 * - `JSON.parse`: V8's native parser, no positions, no comments: nothing in JavaScript reads JSON faster.
 * - `jsonc-parser parseTree`: the tree with offsets that VS Code's JSON support is built on.
 * - `vscode-json-languageservice`: VS Code's own JSON language features (the "json" language server)
 *   parsing the file and validating it against our schema (schemas/iam.schema.json): what an editor
 *   does for this file with no IAM knowledge.
 * - our core: parse the account file into the model, resolve the workspace, run the rule catalogue.
 *
 * `node --import tsx bench/peers.ts [file]` prints a table; bench/lsp.ts runs it too (`measurePeers`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const KINDS = ['json-parse', 'jsonc-parser', 'json-languageservice', 'iam-workbench'] as const;
type Kind = (typeof KINDS)[number];

export interface PeerTimes {
  kind: Kind;
  label: string;
  /** The first run in a fresh process, ms. */
  coldMs: number;
  /** The third run in the same process, ms. */
  warmMs: number;
  /** Diagnostics the run produced (validators only). */
  diagnostics?: number;
}

const LABELS: Record<Kind, string> = {
  'json-parse': 'JSON.parse (native; no positions)',
  'jsonc-parser': 'jsonc-parser parseTree (tree with offsets)',
  'json-languageservice': 'vscode-json-languageservice: parse + validate against schemas/iam.schema.json',
  'iam-workbench': 'IAM Workbench core: model + resolution + rule catalogue',
};

/** One run of `kind` over `text`, in this process; the number of diagnostics where there are any. */
async function runOnce(kind: Kind, text: string, uri: string): Promise<number | undefined> {
  switch (kind) {
    case 'json-parse':
      JSON.parse(text);
      return undefined;
    case 'jsonc-parser': {
      const { parseTree } = await import('jsonc-parser');
      parseTree(text, [], { allowTrailingComma: true });
      return undefined;
    }
    case 'json-languageservice': {
      const { getLanguageService, TextDocument } = await import('vscode-json-languageservice');
      const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'iam.schema.json'), 'utf8'));
      const service = getLanguageService({});
      const doc = TextDocument.create(uri, 'json', 1, text);
      const diagnostics = await service.doValidation(doc, service.parseJSONDocument(doc), { comments: 'ignore', trailingCommas: 'ignore' }, schema);
      return diagnostics.length;
    }
    case 'iam-workbench': {
      const { parseAccountFile, Workspace } = await import('../core/model');
      const { runRules } = await import('../core/analysis/rules');
      const ws = new Workspace([parseAccountFile(uri, text)]);
      return runRules(ws).length + ws.allFindings().length;
    }
  }
}

/** The child's side: three runs, the modules loaded beforehand (loading is not the parse). */
async function child(kind: Kind, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  await import('jsonc-parser');
  await import('vscode-json-languageservice');
  await import('../core/model');
  await import('../core/analysis/rules');
  const times: number[] = [];
  let diagnostics: number | undefined;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    diagnostics = await runOnce(kind, text, `${uri}#${i}`);
    times.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify({ coldMs: Math.round(times[0]), warmMs: Math.round(times[2]), diagnostics }));
}

/** Each measurement in its own fresh process, one after the other (`kinds`: those only). */
export function measurePeers(file: string, kinds: readonly Kind[] = KINDS): PeerTimes[] {
  return kinds.map((kind) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', kind, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`peer ${kind} failed: ${r.stderr}`);
    return { kind, label: LABELS[kind], ...JSON.parse(r.stdout) };
  });
}

export function peersTable(rows: PeerTimes[]): string {
  const lines = ['| first analysis of the file, each in a fresh process | cold (1st run) | warm (3rd run) | diagnostics |', '| --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.label} | ${r.coldMs} ms | ${r.warmMs} ms | ${r.diagnostics ?? ''} |`);
  return lines.join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const at = process.argv.indexOf('--child');
  const done =
    at >= 0
      ? child(process.argv[at + 1] as Kind, process.argv[at + 2])
      : Promise.resolve(console.log(peersTable(measurePeers(process.argv[2] ?? join(ROOT, 'bench', 'out', 'large', 'iam.json')))));
  done.catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
