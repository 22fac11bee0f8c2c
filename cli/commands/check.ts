import type { Finding } from '../../core/findings';
import { buildWorkspace, type Workspace } from '../../core/model';
import { oneOf, parseArgs, single } from '../args';
import { UsageError } from '../io';
import { findAccountFiles, readSources, reportSkipped, type Skipped } from '../files';
import { formatJson, formatText, placeFindings } from '../format/findings';
import { formatSarif } from '../format/sarif';
import { RULES, runRules } from '../../core/analysis/rules';
import { CONFIG_FILE_NAME, parseRulesConfig, type RulesConfig } from '../../core/analysis/config';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineIndex } from '../../core/text/line-index';
import type { CliIO } from '../io';
import { cliWorkspaceOptions } from '../workspace';
import { JOBS_OPTION, jobsOption, workersFor } from '../jobs/options';
import { checkWithWorkers } from '../jobs/check';

const HELP = `usage: iam-workbench check [PATH ...] [--format text|json|sarif] [--jobs N]

Reports problems in iam.json / NAME.iam.json files: JSON syntax, the file format, references
between entities, and the rule catalogue. PATHs are files or folders (default: the current folder).

  --format text   file:line:col severity code message (default)
  --format json   machine-readable findings
  --format sarif  SARIF 2.1.0 for code scanning
  --jobs N        worker threads, one account file per task (default 1: everything in this
                  thread). The output is the same bytes whatever N.

Rule severities and naming conventions come from iam-workbench.json in the current folder or the
first folder named (see docs/rules.md); // iam-workbench-disable-next-line RULE silences one finding.

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error, nothing to check (no account file
found), or a file or folder that could not be read (each listed on standard error).
`;

export const FORMATS = ['text', 'json', 'sarif'] as const;

/** Every finding for a workspace: parse, schema, references, and the rule catalogue (one run: no later one reuses it). */
export function collectFindings(ws: Workspace, config: RulesConfig = {}): Finding[] {
  return [...ws.allFindings(), ...runRules(ws, config, { oneShot: true })];
}

/**
 * Reads iam-workbench.json from the working folder, else from the first folder named on the command
 * line, if there is one (its problems become findings).
 */
export function loadConfig(cwd: string, paths: string[]): { config: RulesConfig; findings: Finding[]; uri?: string; text?: string } {
  // resolve, not join: a folder named by an absolute path is that folder, not one under the working folder.
  const folders = ['.', ...paths.filter((p) => existsSync(resolve(cwd, p, CONFIG_FILE_NAME))).slice(0, 1)];
  const rel = folders.map((f) => join(f, CONFIG_FILE_NAME)).find((f) => existsSync(resolve(cwd, f)));
  if (!rel) return { config: {}, findings: [] };
  const text = readFileSync(resolve(cwd, rel), 'utf8');
  return { ...parseRulesConfig(text, rel, RULES.map((r) => r.id)), uri: rel, text };
}

/**
 * The errors `check` reports for a workspace (its iam-workbench.json applied): what `test` and `export`
 * count too, so the three commands agree on whether files "have errors".
 */
export function workspaceErrors(ws: Workspace, cwd: string, paths: string[]): { errors: Finding[]; lines: (uri: string) => LineIndex | undefined } {
  const cfg = loadConfig(cwd, paths);
  const cfgLines = cfg.text !== undefined ? new LineIndex(cfg.text) : undefined;
  const errors = [...cfg.findings, ...collectFindings(ws, cfg.config)].filter((f) => f.severity === 'error');
  return { errors, lines: (uri) => (uri === cfg.uri ? cfgLines : ws.file(uri)?.lines) };
}

export async function check(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { format: { value: true }, ...JOBS_OPTION });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf(single(parsed, 'format'), FORMATS, 'format', 'text');
  const jobs = jobsOption(parsed);
  const skipped: Skipped[] = [];
  const files = findAccountFiles(parsed.positional, io.cwd, undefined, skipped);
  reportSkipped(io, 'check', skipped);
  if (files.length === 0) {
    throw new UsageError(`nothing to check: no iam.json or *.iam.json file found in ${parsed.positional.length ? parsed.positional.map((p) => `'${p}'`).join(', ') : 'the current folder'}`);
  }
  const sources = readSources(files, io.cwd);
  const cfg = loadConfig(io.cwd, parsed.positional);
  const workers = workersFor(jobs, sources.length, sources.reduce((n, s) => n + s.text.length, 0));
  let ws: Workspace;
  const findings = [...cfg.findings];
  if (workers) {
    const done = await checkWithWorkers(sources, cfg.config, workers);
    ws = done.ws;
    for (const f of done.findings) findings.push(f);
  } else {
    ws = buildWorkspace(sources, cliWorkspaceOptions());
    for (const f of collectFindings(ws, cfg.config)) findings.push(f);
  }
  const cfgLines = cfg.text !== undefined ? new LineIndex(cfg.text) : undefined;
  const lines = (uri: string) => (uri === cfg.uri ? cfgLines : ws.file(uri)?.lines);
  const placed = placeFindings(findings, lines);
  const uris = sources.map((s) => s.uri);
  if (format === 'sarif') io.out(formatSarif(findings, { lines, files: uris, rules: RULES, version: '0.1.0' }));
  else io.out(format === 'json' ? formatJson(placed, uris) : formatText(placed, uris.length));
  if (skipped.length) {
    // Part of what was asked could not be read: not a clean result, whatever the rest says.
    io.err(`iam-workbench check: ${skipped.length} path${skipped.length === 1 ? '' : 's'} could not be read (listed above); the check is incomplete\n`);
    return 2;
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
