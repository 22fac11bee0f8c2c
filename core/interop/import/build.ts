import type { AttachedPolicy, AuthorizationDetails, AwsPolicy, AwsRole, InlineDocument } from './authorization-details';
import type { CredentialReport, ReportKey, ReportRow } from './credential-report';
import { formatPosition, type Notes, type Position } from './input';
import type { ImportedPasswordPolicy } from './password-policy';
import type { ImportError } from './types';

type Json = Record<string, unknown>;

export interface BuildInput {
  details: AuthorizationDetails;
  report?: CredentialReport;
  passwordPolicy?: ImportedPasswordPolicy;
}

export interface Built {
  file: Json;
  counts: { users: number; groups: number; roles: number; policies: number };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;

/**
 * Builds the iam.json object from what was read. Maps are sorted by name so the same inputs
 * always give the same bytes; what the format cannot hold becomes a note.
 */
export function buildAccountFile(input: BuildInput, errors: ImportError[], notes: Notes): Built | undefined {
  const { details, report } = input;
  const users = dedupe(details.users, 'user', notes);
  const groups = dedupe(details.groups, 'group', notes);
  const roles = dedupe(details.roles, 'role', notes);
  const allPolicies = dedupe(details.policies, 'managed policy', notes);

  const account = accountOf(input, errors, notes);
  if (!account) return undefined;

  if (details.pages > 0 && details.truncatedPages >= details.pages) {
    notes.add('authorization details', 'every page says "IsTruncated": true, so at least one page is missing; run the command again without --max-items (the AWS CLI then fetches every page) or pass every page');
  }

  // Customer managed policies: this account's, by name. AWS managed ones stay ARNs.
  const customer = new Map<string, AwsPolicy>();
  let awsManaged = 0;
  for (const p of allPolicies.values()) {
    if (AWS_MANAGED.test(p.arn)) awsManaged++;
    else customer.set(p.name, p);
  }
  if (awsManaged) {
    notes.add('AWS managed policies', `${plural(awsManaged, 'AWS managed policy', 'AWS managed policies')} in "Policies": referenced by ARN; their documents come from the bundled AWS data, not from the input`);
  }
  const arnToName = new Map([...customer.values()].map((p) => [p.arn, p.name]));
  const ref = (a: AttachedPolicy | string, owner: string): string => {
    const arn = typeof a === 'string' ? a : a.arn;
    const name = arnToName.get(arn);
    if (name) return name;
    if (!AWS_MANAGED.test(arn)) {
      notes.add(owner, `policy ${arn} is attached but not among the input's "Policies"; kept as an ARN (\`iam-workbench check\` will report it until the policy is added)`);
    }
    return arn;
  };

  const policies: Json = {};
  for (const p of [...customer.values()].sort((a, b) => byName(a.name, b.name))) {
    const what = `policy "${p.name}"`;
    const def = p.versions.find((v) => v.isDefault) ?? p.versions.find((v) => v.id === p.defaultVersionId);
    if (!def || def.document === undefined) {
      errors.push({
        ...p.at,
        message: `managed policy "${p.name}" has no default version with a document in "PolicyVersionList" (run the command without --filter, or with LocalManagedPolicy)`,
      });
      continue;
    }
    const older = p.versions.filter((v) => v !== def).map((v) => v.id).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (older.length) {
      notes.add(what, `${plural(older.length, 'version', 'versions')} ${older.join(', ')} not imported; only the default version ${def.id} is`);
    }
    policies[p.name] = compact({
      path: p.path,
      description: p.description || undefined,
      document: def.document,
      versions: p.versions.length > 1 ? p.versions.length : undefined,
      tags: tagMap(p.tags),
    });
  }

  const reportRows = new Map((report?.rows ?? []).map((r) => [r.user, r]));
  const groupsOut: Json = {};
  for (const g of [...groups.values()].sort((a, b) => byName(a.name, b.name))) {
    const what = `group "${g.name}"`;
    groupsOut[g.name] = {
      path: g.path,
      policies: sorted(g.attached.map((a) => ref(a, what))),
      inlinePolicies: inlineMap(g.inline, what, notes),
    };
  }

  const usersOut: Json = {};
  for (const u of [...users.values()].sort((a, b) => byName(a.name, b.name))) {
    const what = `user "${u.name}"`;
    for (const g of u.groups) {
      if (!groups.has(g)) notes.add(what, `is a member of group "${g}", which is not in the input's "GroupDetailList"`);
    }
    const row = reportRows.get(u.name);
    reportRows.delete(u.name);
    if (report && !row) notes.add(what, 'has no row in the credential report; console access, MFA and access keys are unknown and left out');
    usersOut[u.name] = compact({
      path: u.path,
      groups: sorted(u.groups),
      policies: sorted(u.attached.map((a) => ref(a, what))),
      inlinePolicies: inlineMap(u.inline, what, notes),
      permissionsBoundary: u.boundary ? ref(u.boundary, what) : undefined,
      ...(row ? credentials(row, what, notes) : {}),
      tags: tagMap(u.tags),
    });
  }
  for (const r of reportRows.values()) {
    notes.add(`user "${r.user}"`, 'is in the credential report but not in the authorization details; not imported');
  }

  const extras = new Map(details.roleExtras.map((x) => [x.name, x]));
  const rolesOut: Json = {};
  for (const r of [...roles.values()].sort((a, b) => byName(a.name, b.name))) {
    const extra = extras.get(r.name);
    extras.delete(r.name);
    rolesOut[r.name] = role({ ...r, description: r.description ?? extra?.description, maxSessionDuration: r.maxSessionDuration ?? extra?.maxSessionDuration }, ref, notes);
  }
  for (const x of extras.values()) {
    notes.add(`role "${x.name}"`, `is in the list-roles output (${formatPosition(x.at)}) but not in the authorization details; not imported`);
  }
  if (roles.size && !details.roleExtras.length) {
    notes.add('roles', 'descriptions and maximum session durations are not in the authorization details; pass the output of `aws iam list-roles` among --authorization-details to import them');
  }

  return {
    file: compact({
      account,
      policies,
      groups: groupsOut,
      users: usersOut,
      roles: rolesOut,
    }, true),
    counts: {
      users: Object.keys(usersOut).length,
      groups: Object.keys(groupsOut).length,
      roles: Object.keys(rolesOut).length,
      policies: Object.keys(policies).length,
    },
  };
}

function role(r: AwsRole, ref: (a: AttachedPolicy | string, owner: string) => string, notes: Notes): Json {
  const what = `role "${r.name}"`;
  const [profile, ...extra] = r.instanceProfiles;
  if (extra.length) {
    notes.add(what, `is in ${r.instanceProfiles.length} instance profiles; only "${profile.name}" is kept (the format holds one), not ${extra.map((p) => `"${p.name}"`).join(', ')}`);
  }
  if (profile && profile.path !== '/') notes.add(what, `instance profile "${profile.name}" has path ${profile.path}; the format keeps only the name (its path becomes /)`);
  if (profile?.tags.length) notes.add(what, `the tags of instance profile "${profile.name}" are not imported`);
  if (r.lastUsedRegion) notes.add('roles', 'the region of each role\'s last use ("RoleLastUsed.Region") is not kept; the date is');
  return compact({
    path: r.path,
    description: r.description || undefined,
    trustPolicy: r.trust,
    policies: sorted(r.attached.map((a) => ref(a, what))),
    inlinePolicies: inlineMap(r.inline, what, notes),
    permissionsBoundary: r.boundary ? ref(r.boundary, what) : undefined,
    maxSessionDuration: r.maxSessionDuration,
    instanceProfile: profile?.name,
    serviceLinked: r.path.startsWith('/aws-service-role/') ? true : undefined,
    lastUsed: r.lastUsed,
    tags: tagMap(r.tags),
  });
}

/** Console access, MFA and access keys of a user from its credential report row. */
function credentials(row: ReportRow, what: string, notes: Notes): Json {
  const out: Json = {};
  if (row.passwordEnabled) {
    out.console = compact({ enabled: true, passwordLastChanged: row.passwordLastChanged, lastSignIn: row.passwordLastUsed });
  } else if (row.passwordEnabled === false) {
    out.console = { enabled: false };
    if (row.passwordLastUsed) notes.add(what, `signed in last on ${row.passwordLastUsed} with a password that no longer exists; not kept`);
  }
  if (row.mfaActive !== undefined) {
    out.mfa = row.mfaActive ? [{}] : [];
    if (row.mfaActive) notes.add('MFA devices', 'the credential report says whether MFA is active, not which devices; each such user gets one device of unknown serial and type (`aws iam list-mfa-devices --user-name NAME` tells them)');
  }
  if (row.keys) out.accessKeys = row.keys.map((k) => accessKey(k, notes));
  if (row.activeCertificates) notes.add(what, `${plural(row.activeCertificates, 'active signing certificate', 'active signing certificates')} not imported (the format has no place for them)`);
  return out;
}

function accessKey(k: ReportKey, notes: Notes): Json {
  notes.add('access keys', 'key ids are not in the credential report; each key is written without "id" (`aws iam list-access-keys` gives them)');
  if (k.lastUsedRegion || k.lastUsedService) {
    notes.add('access keys', 'the region and service of each key\'s last use are not kept; the date is');
  }
  return compact({ status: k.active ? 'Active' : 'Inactive', created: k.created, lastUsed: k.lastUsed });
}

/** The account block: id and partition from the ARNs, asOf, root user, password policy. */
function accountOf(input: BuildInput, errors: ImportError[], notes: Notes): Json | undefined {
  const { details, report } = input;
  const seen = new Map<string, { partition: string; where: () => string; at?: Position }>();
  // `where` is made only for the message (a position may cost a positional parse of its input).
  const look = (arn: string | undefined, where: () => string, at?: Position) => {
    const m = arn && /^arn:([^:]+):iam::(\d{12}):/.exec(arn);
    if (m && !seen.has(m[2])) seen.set(m[2], { partition: m[1], where, at });
  };
  for (const u of details.users) look(u.arn, () => `user "${u.name}" at ${formatPosition(u.at)}`, u.at);
  for (const g of details.groups) look(g.arn, () => `group "${g.name}" at ${formatPosition(g.at)}`, g.at);
  for (const r of details.roles) look(r.arn, () => `role "${r.name}" at ${formatPosition(r.at)}`, r.at);
  for (const p of details.policies) look(p.arn, () => `policy "${p.name}" at ${formatPosition(p.at)}`, p.at);
  if (report?.root) look(report.root.arn, () => `the credential report's root row (line ${report.root!.line})`);
  for (const r of report?.rows ?? []) look(r.arn, () => `the credential report's row for "${r.user}" (line ${r.line})`);
  const ids = [...seen.entries()];
  if (ids.length > 1) {
    const [[a, first], [b, second]] = ids;
    const at = second.at ?? first.at ?? { file: '(inputs)', line: 1, column: 1 };
    errors.push({
      ...at,
      message: `the inputs describe more than one account: ${a} (${first.where()}) and ${b} (${second.where()}); import one account at a time`,
    });
    return undefined;
  }
  const [id, info] = ids[0] ?? [];
  if (!id) notes.add('account', 'no ARN in the inputs names the account; "account.id" is left out (add it by hand)');
  const account: Json = { id, partition: info?.partition ?? 'aws', asOf: report?.generated };
  if (report?.root) account.root = rootOf(report.root);
  if (input.passwordPolicy) account.passwordPolicy = input.passwordPolicy;
  return compact(account);
}

function rootOf(row: ReportRow): Json {
  return compact({
    // Unknown stays unknown: a report without the column says nothing about the root user's MFA or keys.
    mfa: row.mfaActive,
    accessKeys: row.keys?.map((k) => compact({ status: k.active ? 'Active' : 'Inactive', created: k.created, lastUsed: k.lastUsed })),
    lastUsed: row.passwordLastUsed,
  });
}

function inlineMap(list: InlineDocument[], owner: string, notes: Notes): Json {
  const out: Json = {};
  for (const p of [...list].sort((a, b) => byName(a.name, b.name))) {
    if (p.name in out) {
      notes.add(owner, `has two inline policies named "${p.name}"; the first is kept`);
      continue;
    }
    out[p.name] = p.document;
  }
  return out;
}

function tagMap(tags: [string, string][]): Json | undefined {
  if (!tags.length) return undefined;
  const out: Json = {};
  for (const [k, v] of [...tags].sort((a, b) => byName(a[0], b[0]))) out[k] = v;
  return out;
}

/**
 * Entities by name over every page: an identical repeat (overlapping pages) is dropped, a
 * different one is noted and the first kept.
 */
function dedupe<T extends { name: string; at: Position }>(list: T[], kind: string, notes: Notes): Map<string, T> {
  const out = new Map<string, T>();
  for (const e of list) {
    const first = out.get(e.name);
    if (!first) out.set(e.name, e);
    else if (same(first, e)) continue;
    else {
      notes.add(
        `${kind} "${e.name}"`,
        `appears twice with different content (${formatPosition(first.at)} and ${formatPosition(e.at)}); the first is kept`,
      );
    }
  }
  return out;
}

function same(a: { at: Position }, b: { at: Position }): boolean {
  return JSON.stringify({ ...a, at: undefined }) === JSON.stringify({ ...b, at: undefined });
}

/** Drops undefined fields (and, for the top level, empty maps). */
function compact(o: Json, dropEmptyMaps = false): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (dropEmptyMaps && v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0 && k !== 'account') continue;
    out[k] = v;
  }
  return out;
}

/** Names first (customer policies), then ARNs; each alphabetically. Attachment order means nothing to IAM. */
function sorted(list: string[]): string[] {
  return [...new Set(list)].sort((a, b) => Number(a.startsWith('arn:')) - Number(b.startsWith('arn:')) || byName(a, b));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

