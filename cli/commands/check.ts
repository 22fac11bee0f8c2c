import type { Finding } from '../../core/findings';
import { buildWorkspace, type Workspace } from '../../core/model';
import { oneOf, parseArgs, single } from '../args';
import { findAccountFiles, readSources } from '../files';
import { formatJson, formatText, placeFindings } from '../format/findings';
import type { CliIO } from '../io';
import { cliWorkspaceOptions } from '../workspace';

const HELP = `usage: iam-workbench check [PATH ...] [--format text|json]

Reports problems in iam.json / NAME.iam.json files: JSON syntax, the file format, references
between entities, and the rule catalogue. PATHs are files or folders (default: the current folder).

  --format text   file:line:col severity code message (default)
  --format json   machine-readable findings

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.
`;

export const FORMATS = ['text', 'json'] as const;

/** Every finding for a workspace: parse, schema, references. */
export function collectFindings(ws: Workspace): Finding[] {
  return ws.allFindings();
}

export async function check(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { format: { value: true } });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf(single(parsed, 'format'), FORMATS, 'format', 'text');
  const files = findAccountFiles(parsed.positional, io.cwd);
  const sources = readSources(files, io.cwd);
  const ws = buildWorkspace(sources, cliWorkspaceOptions());
  const findings = collectFindings(ws);
  const placed = placeFindings(findings, (uri) => ws.file(uri)?.lines);
  const uris = sources.map((s) => s.uri);
  io.out(format === 'json' ? formatJson(placed, uris) : formatText(placed, uris.length));
  if (files.length === 0) io.err('iam-workbench check: no iam.json or *.iam.json files found\n');
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
