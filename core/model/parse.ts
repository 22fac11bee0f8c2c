import { append, nodeSpan, parseJsonLight, type Node, type Property } from '../json/tree';
import { LineIndex } from '../text/line-index';
import type { AccountFile } from './types';
import type { Finding } from '../findings';
import { Reader } from './reader';
import { readAccount } from './parse-account';
import { readGroup, readIdentityProvider, readManagedPolicy, readResource, readRole, readUser, type ReadContext } from './parse-entities';
import { ACCOUNT_ID } from './arn';
import { readOrganizationTree } from './parse-organization';
import { parseAccountFileDirect } from './parse-direct';

/** Files larger than this are reported and not modelled (a generated max-quota account is ~10 MB). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export const TOP_LEVEL_KEYS = [
  '$schema',
  'account',
  'policies',
  'groups',
  'users',
  'roles',
  'identityProviders',
  'resources',
  'organization',
] as const;

/** A placeholder account id for files that name none, so ARNs can still be derived. */
export const UNKNOWN_ACCOUNT_ID = '000000000000';

/** An account file with no account id and no entities yet: what a parse starts from, or a stand-in. */
export function emptyAccountFile(uri: string, text: string, lines: LineIndex, findings: Finding[]): AccountFile {
  return {
    uri,
    text,
    lines,
    accountId: UNKNOWN_ACCOUNT_ID,
    account: { partition: 'aws', quotas: new Map() },
    users: new Map(),
    groups: new Map(),
    roles: new Map(),
    policies: new Map(),
    identityProviders: new Map(),
    resources: [],
    findings,
  };
}

/**
 * Parses one iam.json file into the model. Never throws: syntax errors, wrong types, unknown
 * and duplicate keys become findings with spans, and whatever can be read is modelled.
 */
export function parseAccountFile(uri: string, text: string): AccountFile {
  if (text.length <= MAX_FILE_BYTES && text.indexOf('\u0000') < 0) {
    const direct = parseAccountFileDirect(uri, text);
    if (direct) return direct;
  }
  return parseAccountFileFromTree(uri, text);
}

/**
 * `parseAccountFile` the general way: a JSON tree first (jsonc-parser's, or the fast reader's for plain JSONC), then
 * the model read from it. Any text; the direct reader (`parse-direct.ts`) gives way to this one for what it does
 * not read itself (a syntax error, an organization file), and the tests hold the two equal.
 */
export function parseAccountFileFromTree(uri: string, text: string): AccountFile {
  const reader = new Reader(uri);
  const file = emptyAccountFile(uri, text, new LineIndex(text.length > MAX_FILE_BYTES ? '' : text), reader.findings);

  if (text.length > MAX_FILE_BYTES) {
    reader.report(
      { start: 0, end: 0 },
      `File too large to model (${(text.length / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB).`,
      'parse/too-large',
    );
    return file;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    reader.report({ start: nul, end: nul + 1 }, 'This file holds binary data (a NUL character), not JSON text.', 'parse/binary');
    return file;
  }

  // Entities (at depth 2) are built into nodes one at a time, as they are read: see parseTreeFast.
  const parsed = parseJsonLight(text, uri, 2);
  append(reader.findings, parsed.findings);
  const root = parsed.root;
  const expand = (p: Property): Property => (p.value ? { ...p, value: parsed.expand(p.value) } : p);
  if (!root) {
    if (text.trim() === '') reader.report({ start: 0, end: 0 }, 'The file is empty; an account file is a JSON object.', 'schema/type', 'warning');
    return file;
  }
  const top = reader.object(root, 'An account file', TOP_LEVEL_KEYS);
  if (!top) return file;

  const orgProp = top.get('organization');
  if (orgProp) {
    // An organization file: the tree and its SCPs/RCPs, no account of its own.
    const orgNode = orgProp.value && parsed.expand(orgProp.value);
    if (orgNode) file.organization = readOrganizationTree(reader, uri, orgNode);
    for (const key of [...top.keys()]) {
      if (key !== 'organization' && key !== '$schema') {
        reader.report(nodeSpan(top.get(key)!.keyNode), `An organization file describes the organization alone; "${key}" belongs in an account file (NAME.iam.json with "account").`, 'schema/organization-file');
      }
    }
    return file;
  }

  const accountProp = top.get('account');
  const accountNode = accountProp?.value && parsed.expand(accountProp.value);
  readAccountInto(file, reader, accountNode, accountProp?.keyNode, root.offset);

  const ctx: ReadContext = { reader, uri, partition: file.account.partition, accountId: file.accountId };
  /** Reads one top-level map (`"users": { name: {...} }`) into the file's map of that kind. */
  const readMap = <T extends { name: string }>(key: string, read: (c: ReadContext, p: Property) => T | undefined, into: Map<string, T>) => {
    for (const p of reader.entries(top.get(key)?.value, `"${key}"`)) {
      const entity = read(ctx, expand(p));
      if (entity) into.set(entity.name, entity);
    }
  };
  readMap('policies', readManagedPolicy, file.policies);
  readMap('groups', readGroup, file.groups);
  readMap('users', readUser, file.users);
  readMap('roles', readRole, file.roles);
  readMap('identityProviders', readIdentityProvider, file.identityProviders);
  for (const p of reader.entries(top.get('resources')?.value, '"resources"')) file.resources.push(readResource(ctx, expand(p)));
  return file;
}

/**
 * The file's `account` (its node, when the file has one, and that key's node) read into `file`: the account, and
 * the account id ARNs use; a file that names no id gets a warning (at the key, or at the root's brace).
 */
export function readAccountInto(file: AccountFile, reader: Reader, accountNode: Node | undefined, accountKey: Node | undefined, rootOffset: number): void {
  file.account = readAccount(reader, accountNode);
  if (file.account.id && ACCOUNT_ID.test(file.account.id.value)) file.accountId = file.account.id.value;
  else if (!file.account.id && !accountNode?.children?.some((c) => c.children?.[0]?.value === 'id' && c.children?.[1]?.type !== 'null')) {
    reader.report(
      accountKey ? nodeSpan(accountKey) : { start: rootOffset, end: rootOffset + 1 },
      'The account has no "id"; ARNs use 000000000000 until you add the 12-digit account id.',
      'schema/missing-account-id',
      'warning',
    );
  }
}

export type { Node };
