import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { formatImportError, formatImportNote, importFromAws, type ImportNote, type ImportSource } from '../../core/interop/import';
import { importOrganizations } from '../../core/interop/import/organizations';
import { importAwsConfig } from '../../core/interop/import/aws-config';
import { readResourcePolicies, splitArnPrefix, withResources } from '../../core/interop/import/resource-policies';
import { isAccountFileName } from '../../core/model';
import { parseArgs, single } from '../args';
import { UsageError, type CliIO } from '../io';

const HELP = `usage: iam-workbench import --authorization-details FILE [FILE ...]
                           [--credential-report FILE] [--password-policy FILE]
                           [--resource-policies [ARN=]FILE|DIR ...]
                           --out FILE.iam.json [--force]
       iam-workbench import --organizations FILE|DIR [...] --out organization.iam.json [--force]
       iam-workbench import --aws-config FILE|DIR [...] --out DIR [--force]

Builds an iam.json file from what the AWS CLI prints:

  --authorization-details FILE ...  aws iam get-account-authorization-details > FILE
                                    (one file per page, or one file; documents as JSON or URL-encoded);
                                    may include aws iam list-roles output for role descriptions and
                                    maximum session durations
  --credential-report FILE          aws iam generate-credential-report; aws iam get-credential-report > FILE
                                    (that JSON, the CSV, or the CSV base64-encoded)
  --password-policy FILE            aws iam get-account-password-policy > FILE
  --resource-policies [ARN=]FILE ... resource policies as the AWS CLI prints them: s3api get-bucket-policy,
                                    kms get-key-policy, sqs get-queue-attributes (--attribute-names
                                    Policy QueueArn), sns get-topic-attributes, lambda get-policy.
                                    Prefix a file with its resource's ARN and "=" when the output
                                    doesn't name it (a KMS key policy always needs it)
  --out FILE.iam.json               the file to write (never overwritten without --force)
  (any one input may be '-' for standard input: aws iam get-account-authorization-details | ...)
  --force                           overwrite --out if it exists

  --organizations FILE|DIR ...       AWS Organizations output, as files or folders of them: list-roots,
                                    list-organizational-units-for-parent, list-accounts-for-parent,
                                    list-policies, describe-policy, list-targets-for-policy (and
                                    describe-organization). A ...-for-parent or list-targets-for-policy
                                    file is named after its parent or policy id, e.g.
                                    list-accounts-for-parent.ou-ab12-11111111.json. Writes an
                                    organization file: root, OUs, accounts, SCPs and RCPs.

  --aws-config FILE|DIR ...          AWS Config configuration items, as files or folders of them: a
                                    configuration snapshot ("configurationItems"), the output of
                                    aws configservice select-resource-config or
                                    select-aggregate-resource-config ("Results", use SELECT *), or
                                    JSON lines of items. Writes one ACCOUNT-ID.iam.json per account
                                    into --out DIR: IAM users, groups, roles, customer managed
                                    policies, and the resource policies of buckets, keys, queues,
                                    topics, functions and other types Config records with a policy.

Whatever the inputs hold that iam.json cannot is listed on standard error. Nothing is written when
an input has errors.

Exit status: 0 written, 1 input errors (nothing written), 2 usage or I/O error.
`;

export async function importCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, {
    'authorization-details': { list: true },
    'credential-report': { value: true },
    'password-policy': { value: true },
    'resource-policies': { list: true },
    organizations: { list: true },
    'aws-config': { list: true },
    out: { value: true },
    force: {},
  });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  if (parsed.positional.length) throw new UsageError(`unexpected argument '${parsed.positional[0]}' (input files follow --authorization-details)`);
  if (parsed.options.has('aws-config')) return importAwsConfigCommand(parsed.options.get('aws-config') ?? [], parsed, io);
  if (parsed.options.has('organizations')) return importOrganizationsCommand(parsed.options.get('organizations') ?? [], parsed, io);
  const details = parsed.options.get('authorization-details') ?? [];
  if (!details.length) throw new UsageError('--authorization-details FILE is required (the output of `aws iam get-account-authorization-details`)');
  const out = single(parsed, 'out');
  if (!out) throw new UsageError('--out FILE.iam.json is required');
  if (!isAccountFileName(out)) throw new UsageError(`--out must be named iam.json or NAME.iam.json so the workspace finds it, not '${out}'`);
  const outPath = resolve(io.cwd, out);
  const force = parsed.options.has('force');
  if (existsSync(outPath) && !force) throw new UsageError(`'${out}' exists; pass --force to overwrite it`);
  if (!existsSync(dirname(outPath))) throw new UsageError(`cannot write '${out}': no such folder '${dirname(out)}'`);

  const names = [...details, single(parsed, 'credential-report'), single(parsed, 'password-policy')].filter((n) => n === '-');
  if (names.length > 1) throw new UsageError("standard input ('-') can be only one of the inputs");
  const stdin = names.length ? await readStdin(io) : undefined;
  const read = (name: string): ImportSource => {
    if (name === '-') return { name: '(stdin)', text: stdin ?? '' };
    try {
      return { name, text: readFileSync(resolve(io.cwd, name), 'utf8') };
    } catch (e) {
      throw new UsageError(`cannot read '${name}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
  };
  const report = single(parsed, 'credential-report');
  const password = single(parsed, 'password-policy');
  const result = importFromAws({
    authorizationDetails: details.map(read),
    credentialReport: report ? read(report) : undefined,
    passwordPolicy: password ? read(password) : undefined,
  });
  const extra = parsed.options.get('resource-policies') ?? [];
  const resourcePolicies = extra.length ? readResourcePolicies(resourcePolicyInputs(extra, io.cwd)) : undefined;
  if (resourcePolicies) {
    result.errors.push(...resourcePolicies.errors);
    result.notes.push(...resourcePolicies.notes);
  }
  if (result.errors.length || result.text === undefined) {
    for (const e of result.errors) io.err(`${formatImportError(e)}\n`);
    io.err(`iam-workbench import: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; nothing written\n`);
    return 1;
  }
  if (resourcePolicies) {
    result.text = withResources(result.text, resourcePolicies.resources, result.notes);
    if (Object.keys(resourcePolicies.resources).length) {
      result.notes = result.notes.map((n) => (n.subject === 'account' ? { ...n, message: n.message.replace(', resource policies and organization policies', ' and organization policies') } : n));
    }
  }
  // Write beside the target, then rename: a failed write never leaves half a file.
  const temp = `${outPath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, result.text, { flag: 'wx' });
    renameSync(temp, outPath);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new UsageError(`cannot write '${out}': ${(e as Error).message}`);
  }
  const s = result.summary;
  const nres = resourcePolicies ? Object.keys(resourcePolicies.resources).length : 0;
  io.out(`wrote ${out}: ${s.users} users, ${s.groups} groups, ${s.roles} roles, ${s.policies} customer managed policies${nres ? `, ${nres} resource policies` : ''}\n`);
  if (result.notes.length) {
    io.err(`not imported or not known (${result.notes.length}):\n`);
    for (const n of result.notes) io.err(`  - ${formatImportNote(n)}\n`);
  }
  return 0;
}

/** The JSON files a list of files and folders names (a folder: its `*.json` files, sorted). */
export function jsonInputs(names: string[], cwd: string): ImportSource[] {
  const out: ImportSource[] = [];
  for (const name of names) {
    const path = resolve(cwd, name);
    let files: string[] = [path];
    try {
      if (statSync(path).isDirectory()) files = readdirSync(path).filter((f) => /\.(json|jsonl)$/i.test(f)).sort().map((f) => join(path, f));
    } catch (e) {
      throw new UsageError(`cannot read '${name}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`);
    }
    if (!files.length) throw new UsageError(`'${name}' holds no .json file`);
    for (const f of files) {
      const shown = f === path ? name : join(name, relative(path, f));
      try {
        out.push({ name: shown, text: readFileSync(f, 'utf8') });
      } catch (e) {
        throw new UsageError(`cannot read '${shown}': ${(e as Error).message}`);
      }
    }
  }
  return out;
}

/** `--resource-policies` inputs: files and folders, a single file possibly written `ARN=FILE`. */
function resourcePolicyInputs(names: string[], cwd: string): ImportSource[] {
  return names.flatMap((name) => {
    const { arn, file } = splitArnPrefix(name);
    const read = jsonInputs([file], cwd);
    if (arn && read.length !== 1) throw new UsageError(`'${name}': ARN= names one file, not a folder`);
    return arn ? [{ name: `${arn}=${read[0].name}`, text: read[0].text }] : read;
  });
}

/** Writes beside the target, then renames: a failed write never leaves half a file. */
function writeAtomically(outPath: string, shown: string, text: string): void {
  const temp = `${outPath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, outPath);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new UsageError(`cannot write '${shown}': ${(e as Error).message}`);
  }
}

function reportNotes(notes: ImportNote[], io: CliIO): void {
  if (!notes.length) return;
  io.err(`not imported or not known (${notes.length}):\n`);
  for (const n of notes) io.err(`  - ${formatImportNote(n)}\n`);
}

async function importOrganizationsCommand(names: string[], parsed: ReturnType<typeof parseArgs>, io: CliIO): Promise<number> {
  for (const other of ['authorization-details', 'credential-report', 'password-policy']) {
    if (parsed.options.has(other)) throw new UsageError(`--organizations writes an organization file; --${other} belongs to an account's import (run them separately)`);
  }
  if (!names.length) throw new UsageError('--organizations FILE|DIR is required (the output of aws organizations list-roots, ...)');
  const out = single(parsed, 'out');
  if (!out) throw new UsageError('--out FILE.iam.json is required (e.g. organization.iam.json)');
  if (!isAccountFileName(out)) throw new UsageError(`--out must be named NAME.iam.json so the workspace finds it, not '${out}'`);
  const outPath = resolve(io.cwd, out);
  if (existsSync(outPath) && !parsed.options.has('force')) throw new UsageError(`'${out}' exists; pass --force to overwrite it`);
  if (!existsSync(dirname(outPath))) throw new UsageError(`cannot write '${out}': no such folder '${dirname(out)}'`);
  const result = importOrganizations(jsonInputs(names, io.cwd));
  if (result.errors.length || result.text === undefined) {
    for (const e of result.errors) io.err(`${formatImportError(e)}\n`);
    io.err(`iam-workbench import: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; nothing written\n`);
    return 1;
  }
  writeAtomically(outPath, out, result.text);
  const s = result.summary;
  io.out(`wrote ${out}: ${s.accounts} accounts, ${s.organizationalUnits} OUs, ${s.policies} SCPs and RCPs\n`);
  reportNotes(result.notes, io);
  return 0;
}

async function importAwsConfigCommand(names: string[], parsed: ReturnType<typeof parseArgs>, io: CliIO): Promise<number> {
  for (const other of ['authorization-details', 'credential-report', 'password-policy', 'organizations']) {
    if (parsed.options.has(other)) throw new UsageError(`--aws-config writes one file per account; --${other} is a separate import (run it separately)`);
  }
  if (!names.length) throw new UsageError('--aws-config FILE|DIR is required (a configuration snapshot, select-resource-config output, or JSON lines of configuration items)');
  const out = single(parsed, 'out');
  if (!out) throw new UsageError('--out DIR is required: the folder that receives one ACCOUNT-ID.iam.json per account');
  if (isAccountFileName(out)) throw new UsageError(`--out is a folder (one file per account), not '${out}'`);
  const dir = resolve(io.cwd, out);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`'${out}' exists and is not a folder`);
  if (!existsSync(dirname(dir))) throw new UsageError(`cannot write into '${out}': no such folder '${dirname(out)}'`);
  const result = importAwsConfig(jsonInputs(names, io.cwd));
  if (result.errors.length) {
    for (const e of result.errors) io.err(`${formatImportError(e)}\n`);
    io.err(`iam-workbench import: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; nothing written\n`);
    return 1;
  }
  if (!result.accounts.length) {
    io.err(`iam-workbench import: the inputs hold no configuration item of an account (${result.items} item(s) read); nothing written\n`);
    reportNotes(result.notes, io);
    return 1;
  }
  const targets = result.accounts.map((a) => ({ a, name: `${a.accountId}.iam.json`, path: join(dir, `${a.accountId}.iam.json`) }));
  const existing = targets.filter((t) => existsSync(t.path));
  if (existing.length && !parsed.options.has('force')) throw new UsageError(`${existing.map((t) => join(out, t.name)).join(', ')} exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite`);
  mkdirSync(dir, { recursive: true });
  for (const t of targets) writeAtomically(t.path, join(out, t.name), t.a.text!);
  for (const t of targets) {
    const s = t.a.summary;
    io.out(`wrote ${join(out, t.name)}: ${s.users} users, ${s.groups} groups, ${s.roles} roles, ${s.policies} customer managed policies, ${s.resources} resource policies\n`);
  }
  const notes = [...result.notes, ...result.accounts.flatMap((a) => a.notes.map((n) => ({ subject: `${a.accountId}: ${n.subject}`, message: n.message })))];
  reportNotes(notes, io);
  return 0;
}

async function readStdin(io: CliIO): Promise<string> {
  if (!io.stdin) throw new UsageError("cannot read standard input ('-') here");
  return io.stdin();
}
