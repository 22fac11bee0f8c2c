import { renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EXPORT_FORMATS, exportAccount, type ExportFormat } from '../../core/interop/export';
import { buildWorkspace, parseAccountFile } from '../../core/model';
import { parseArgs, single } from '../args';
import { findAccountFiles, readSources, reportSkipped, type Skipped } from '../files';
import { formatText, placeFindings } from '../format/findings';
import { UsageError, type CliIO } from '../io';
import { cliWorkspaceOptions } from '../workspace';
import { workspaceErrors } from './check';

const HELP = `usage: iam-workbench export --format cloudformation|terraform [PATH ...] --out FILE [--force] [--adopt]

Writes the account described by an iam.json file as a CloudFormation template or as Terraform
configuration for the AWS provider. PATH is the account file, or a folder holding exactly one
(default: the current folder).

  --format cloudformation   AWS::IAM::* resources; YAML, or JSON when --out ends in .json
  --format terraform        aws_iam_* resources (HCL)
  --out FILE                the file to write ("-" for standard output)
  --force                   overwrite --out if it exists
  --adopt                   Terraform: add import blocks (Terraform 1.5+) so the first apply takes over
                            the account's existing entities instead of creating them

What a template cannot deploy (the root user, passwords, MFA devices, access keys, usage dates,
organization policies, resource policies, ...) is left out and listed on standard error.
Files with errors (\`iam-workbench check\`) are not exported.

Exit status: 0 written, 1 the file has errors (nothing written), 2 usage or I/O error.
`;

export async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { format: { value: true }, out: { value: true }, force: {}, adopt: {} });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  const formatName = single(parsed, 'format');
  if (!formatName) throw new UsageError(`--format is required: ${EXPORT_FORMATS.join(' or ')}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(formatName)) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not '${formatName}'`);
  }
  const format = formatName as ExportFormat;
  const adopt = parsed.options.has('adopt');
  if (adopt && format !== 'terraform') {
    throw new UsageError('--adopt is for Terraform; CloudFormation takes over existing resources through an IMPORT change set (see docs/import-export.md)');
  }
  const out = single(parsed, 'out');
  if (!out) throw new UsageError('--out FILE is required ("-" for standard output)');
  const outPath = out === '-' ? undefined : resolve(io.cwd, out);
  if (outPath && existsSync(outPath) && !parsed.options.has('force')) throw new UsageError(`'${out}' exists; pass --force to overwrite it`);
  if (outPath && !existsSync(dirname(outPath))) throw new UsageError(`cannot write '${out}': no such folder '${dirname(out)}'`);

  const skipped: Skipped[] = [];
  const files = findAccountFiles(parsed.positional, io.cwd, undefined, skipped);
  reportSkipped(io, 'export', skipped);
  if (files.length === 0) throw new UsageError('no iam.json or *.iam.json file found');
  const all = readSources(files, io.cwd);
  // Organization files (SCPs and RCPs) are never exported: AWS Organizations deploys them from the
  // management account, and an account's template must not create them as IAM policies.
  const organizations = all.filter((s) => isOrganizationText(s.text));
  const sources = all.filter((s) => !organizations.includes(s));
  if (sources.length === 0) {
    throw new UsageError(`${organizations.map((s) => s.uri).join(', ')}: an organization file; its SCPs and RCPs are deployed by AWS Organizations from the management account, not by an account's template. Name an account file`);
  }
  if (sources.length > 1) {
    throw new UsageError(`a template deploys one account; ${sources.length} account files found (${sources.map((s) => s.uri).join(', ')}): name one`);
  }
  const ws = buildWorkspace(sources, cliWorkspaceOptions());
  // The errors `check` reports (rules included, iam-workbench.json applied).
  const { errors, lines } = workspaceErrors(ws, io.cwd, parsed.positional);
  if (errors.length) {
    io.err(formatText(placeFindings(errors, lines), 1));
    io.err(`iam-workbench export: ${sources[0].uri} has errors; fix them first (nothing written)\n`);
    return 1;
  }
  const syntax = out.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
  const result = exportAccount(ws.files[0], format, { syntax, adopt });
  if (!outPath) io.out(result.text);
  else {
    const temp = `${outPath}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, result.text, { flag: 'wx' });
      renameSync(temp, outPath);
    } catch (e) {
      rmSync(temp, { force: true });
      throw new UsageError(`cannot write '${out}': ${(e as Error).message}`);
    }
    io.out(`wrote ${out} (${format === 'terraform' ? 'Terraform' : `CloudFormation, ${syntax.toUpperCase()}`}) from ${sources[0].uri}\n`);
  }
  if (result.notes.length) {
    io.err(`left out (${result.notes.length}):\n`);
    for (const n of result.notes) io.err(`  - ${n}\n`);
  }
  return 0;
}

/** True for an organization file's text (a top-level "organization"). */
function isOrganizationText(text: string): boolean {
  return parseAccountFile('probe.iam.json', text).organization !== undefined;
}
