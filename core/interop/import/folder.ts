/**
 * Import of a folder of AWS outputs in one go (the editor's "Import an AWS organization" command):
 * each file is told apart by its content and routed to its importer —
 * AWS Config items → one account file per account (aws-config.ts); AWS Organizations outputs → an
 * organization file (organizations.ts); get-account-authorization-details pages → one account file
 * (index.ts); resource-policy outputs (s3api get-bucket-policy, ...) → the `resources` of the account
 * their ARN names (resource-policies.ts). Pure: the caller reads and writes the files.
 */
import { importAwsConfig } from './aws-config';
import { importFromAws } from './index';
import { importOrganizations } from './organizations';
import { readResourcePolicies, withResources } from './resource-policies';
import type { ImportError, ImportNote, ImportSource } from './types';

export type InputKind = 'config' | 'organizations' | 'authorizationDetails' | 'resourcePolicy' | 'unknown';

/** What a file holds, from its first keys (cheap: no full parse of large snapshots). */
export function inputKind(text: string): InputKind {
  const head = text.slice(0, 4096);
  const has = (key: string) => {
    const quoted = `"${key}"`;
    for (let at = head.indexOf(quoted); at >= 0; at = head.indexOf(quoted, at + 1)) {
      let i = at + quoted.length;
      while (i < head.length && (head[i] === ' ' || head[i] === '\t' || head[i] === '\n' || head[i] === '\r')) i++;
      if (head[i] === ':') return true;
    }
    return false;
  };
  if (has('configurationItems') || has('resourceType') || /^\s*\{\s*"Results"\s*:\s*\[\s*"/.test(head)) return 'config';
  if (has('UserDetailList') || has('GroupDetailList') || has('RoleDetailList')) return 'authorizationDetails';
  if (has('Roots') || has('OrganizationalUnits') || has('Accounts') || has('Targets') || has('Organization') || (has('Policies') && has('AwsManaged')) || (has('Policy') && has('PolicySummary'))) return 'organizations';
  if (has('Attributes') || has('Policy')) return 'resourcePolicy';
  return 'unknown';
}

export interface FolderImportResult {
  /** The files to write, by file name (`organization.iam.json`, `ACCOUNT.iam.json`). */
  files: { name: string; text: string }[];
  errors: ImportError[];
  notes: ImportNote[];
}

export function importFolder(sources: ImportSource[]): FolderImportResult {
  const groups: Record<InputKind, ImportSource[]> = { config: [], organizations: [], authorizationDetails: [], resourcePolicy: [], unknown: [] };
  for (const s of sources) groups[inputKind(s.text)].push(s);
  const errors: ImportError[] = [];
  const notes: ImportNote[] = [];
  const files: { name: string; text: string }[] = [];
  for (const s of groups.unknown) notes.push({ subject: s.name, message: 'not AWS Config, Organizations, authorization-details or resource-policy output; skipped' });
  if (!groups.config.length && !groups.organizations.length && !groups.authorizationDetails.length) {
    errors.push({ file: '(folder)', line: 1, column: 1, message: 'the folder holds no AWS Config items, AWS Organizations output or get-account-authorization-details output' });
    return { files, errors, notes };
  }
  if (groups.organizations.length) {
    const r = importOrganizations(groups.organizations);
    errors.push(...r.errors);
    notes.push(...r.notes.map((n) => ({ subject: `organization: ${n.subject}`, message: n.message })));
    if (r.text) files.push({ name: 'organization.iam.json', text: r.text });
  }
  if (groups.config.length) {
    const r = importAwsConfig(groups.config);
    errors.push(...r.errors);
    notes.push(...r.notes);
    for (const a of r.accounts) {
      if (a.text) files.push({ name: `${a.accountId}.iam.json`, text: a.text });
      notes.push(...a.notes.map((n) => ({ subject: `${a.accountId}: ${n.subject}`, message: n.message })));
    }
  }
  if (groups.authorizationDetails.length) {
    const r = importFromAws({ authorizationDetails: groups.authorizationDetails });
    errors.push(...r.errors);
    const id = r.text && /"id": "(\d{12})"/.exec(r.text)?.[1];
    if (r.text && id && files.some((f) => f.name === `${id}.iam.json`)) {
      notes.push({ subject: `account ${id}`, message: 'described by both Config items and authorization details; the Config items are used' });
    } else if (r.text) files.push({ name: `${id ?? 'account'}.iam.json`, text: r.text });
    notes.push(...r.notes.map((n) => ({ subject: `${id ?? 'account'}: ${n.subject}`, message: n.message })));
  }
  if (groups.resourcePolicy.length) {
    const r = readResourcePolicies(groups.resourcePolicy);
    errors.push(...r.errors);
    notes.push(...r.notes);
    const accounts = files.filter((f) => f.name !== 'organization.iam.json');
    for (const [arn, entry] of Object.entries(r.resources)) {
      const owner = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
      const target = owner ? accounts.find((f) => f.name === `${owner}.iam.json`) : accounts.length === 1 ? accounts[0] : undefined;
      if (!target) {
        notes.push({ subject: `resource ${arn}`, message: owner ? `its account ${owner} has no file among the imported ones; not imported` : 'its ARN names no account and several accounts were imported; not imported (import it with the account: --resource-policies)' });
        continue;
      }
      target.text = withResources(target.text, { [arn]: entry }, notes);
    }
  }
  return { files: errors.length ? [] : files, errors, notes };
}
