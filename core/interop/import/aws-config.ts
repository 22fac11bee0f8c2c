/**
 * Import from AWS Config configuration items into one account file per account.
 *
 * Inputs, told apart by shape:
 * - a configuration snapshot or `get-resource-config-history` output: `{ "configurationItems": [item...] }`;
 * - `aws configservice select-resource-config` / `select-aggregate-resource-config` output:
 *   `{ "Results": ["<item as a JSON string>", ...] }` (pages: one file each);
 * - JSON lines: one item (or one such page) per line; a JSON array of items; a single item.
 * An item as Config delivers it: `resourceType`, `awsAccountId` (snapshots, history) or `accountId`
 * (advanced queries), `ARN` or `arn`, `configurationItemCaptureTime`, `configurationItemStatus`,
 * `configuration` (an object, or a JSON string in the history API), `supplementaryConfiguration` (its
 * values objects or JSON strings), `tags` (a map, or `[{ key, value }]`).
 *
 * IAM items (AWS::IAM::User, Group, Role, Policy) mirror the IAM API in camelCase with their own
 * enum values (`permissionsBoundaryType: "Policy"`) and URL-encoded documents; they are read into the
 * authorization-details model and written by the same builder (`build.ts`). Resource policies come
 * from the items that carry one: S3 (`supplementaryConfiguration.BucketPolicy.policyText`), KMS keys and
 * Lambda functions (`supplementaryConfiguration.Policy`), SQS queues and SNS topics
 * (`configuration.Policy`), and any other type whose configuration holds a policy document under a
 * policy-named field.
 */
import { findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';
import type { AttachedPolicy, AuthorizationDetails, AwsInstanceProfile, InlineDocument } from './authorization-details';
import { emptyDetails } from './authorization-details';
import { buildAccountFile } from './build';
import { decodeDocument, formatPosition, JsonInput, Notes, toDate, type Position } from './input';
import type { ImportError, ImportNote, ImportSource } from './types';

export interface ConfigAccountFile {
  accountId: string;
  /** The iam.json text; undefined when the account has errors. */
  text?: string;
  notes: ImportNote[];
  summary: { users: number; groups: number; roles: number; policies: number; resources: number };
}

export interface ConfigImportResult {
  accounts: ConfigAccountFile[];
  /** Errors stop the import as a whole: nothing must be written then. */
  errors: ImportError[];
  /** Notes about the inputs as a whole (not one account). */
  notes: ImportNote[];
  items: number;
}

type Obj = Record<string, unknown>;

interface Item {
  at: Position;
  resourceType: string;
  accountId: string;
  arn?: string;
  resourceId?: string;
  resourceName?: string;
  captured?: string;
  configuration: Obj;
  supplementary: Obj;
  tags: [string, string][];
}

const IAM_TYPES = new Set(['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::Policy']);
/** Configuration items that say the resource is gone (Config API, ConfigurationItemStatus). */
const GONE = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);
/** Fields of IAM configurations that only AWS assigns (ids, dates, counts): not configuration. */
const ASSIGNED = new Set(['userId', 'groupId', 'roleId', 'policyId', 'createDate', 'updateDate', 'attachmentCount', 'permissionsBoundaryUsageCount', 'isAttachable', 'arn']);
const KNOWN: Record<string, string[]> = {
  'AWS::IAM::User': ['userName', 'path', 'groupList', 'userPolicyList', 'attachedManagedPolicies', 'permissionsBoundary', 'tags'],
  'AWS::IAM::Group': ['groupName', 'path', 'groupPolicyList', 'attachedManagedPolicies'],
  'AWS::IAM::Role': ['roleName', 'path', 'assumeRolePolicyDocument', 'rolePolicyList', 'attachedManagedPolicies', 'permissionsBoundary', 'instanceProfileList', 'tags', 'description', 'maxSessionDuration', 'roleLastUsed'],
  'AWS::IAM::Policy': ['policyName', 'path', 'description', 'defaultVersionId', 'policyVersionList', 'tags'],
};
/** Field names under which Config items of other types carry a resource policy document. */
const POLICY_FIELD = /^(policy|policytext|policydocument|accesspolicies|accesspolicy|repositorypolicytext|resourcepolicy|keypolicy|bucketpolicy)$/i;

/** Reads every input, then builds one account file per account. Pure: the caller writes the files. */
export function importAwsConfig(sources: ImportSource[]): ConfigImportResult {
  const errors: ImportError[] = [];
  const global = new Notes();
  const raw: Item[] = [];
  if (!sources.length) errors.push({ file: '(command line)', line: 1, column: 1, message: 'no AWS Config items given' });
  for (const source of sources) readSource(source, raw, errors, global);
  if (errors.length) return { accounts: [], errors, notes: global.list, items: raw.length };

  // Several items of one resource (history, overlapping snapshots): the latest capture wins.
  const latest = new Map<string, Item>();
  for (const item of raw) {
    const key = `${item.accountId}\u0000${item.resourceType}\u0000${item.arn ?? item.resourceId ?? item.resourceName}`;
    const known = latest.get(key);
    if (!known || (item.captured ?? '') >= (known.captured ?? '')) latest.set(key, item);
  }
  if (latest.size < raw.length) global.add('items', `${raw.length - latest.size} older item(s) of resources also given in a later capture; the latest capture of each resource is used`);

  const byAccount = new Map<string, Item[]>();
  for (const item of latest.values()) byAccount.set(item.accountId, [...(byAccount.get(item.accountId) ?? []), item]);
  const accounts: ConfigAccountFile[] = [];
  for (const [accountId, items] of [...byAccount].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    accounts.push(buildAccount(accountId, items, errors));
  }
  // An error in any account stops the whole import: nothing is written.
  return { accounts: errors.length ? [] : accounts, errors, notes: global.list, items: raw.length };
}

/** One input file: a snapshot, a page of query results, JSON lines, an array or one item. */
function readSource(source: ImportSource, out: Item[], errors: ImportError[], notes: Notes): void {
  const text = source.text;
  const lines = text.split('\n');
  const nonEmpty = lines.filter((l) => l.trim()).length;
  // JSON lines: more than one line, each a whole JSON value.
  if (nonEmpty > 1 && lines.every((l) => !l.trim() || (l.trim().startsWith('{') && l.trim().endsWith('}')))) {
    let offsetLine = 0;
    for (const line of lines) {
      offsetLine++;
      if (!line.trim()) continue;
      const local: ImportError[] = [];
      const input = new JsonInput(source.name, line, local, notes);
      if (input.root) readTop(input, input.root, out, notes);
      for (const e of local) errors.push({ ...e, line: e.line + offsetLine - 1 });
    }
    return;
  }
  // A snapshot (the large case: ~100 KB per account) is read with JSON.parse; positions, needed only for
  // messages, come from a positional parse made on first need. Anything else goes the positional way.
  let fast: unknown;
  try {
    fast = text.length > 65536 ? JSON.parse(text) : undefined;
  } catch {
    fast = undefined;
  }
  const list = isObj(fast) && Array.isArray(fast.configurationItems) ? fast.configurationItems : undefined;
  if (isObj(fast) && list && Object.keys(fast).every((k) => ['configurationItems', 'fileVersion', 'configSnapshotId', 'nextToken', 'NextToken'].includes(k))) {
    let slow: JsonInput | undefined;
    const nodeAt = (i: number): Node => {
      slow ??= new JsonInput(source.name, text, [], notes);
      return findNodeAtLocation(slow.root!, ['configurationItems', i]) ?? slow.root!;
    };
    list.forEach((value, i) => {
      const at = lazyPosition(() => {
        const node = nodeAt(i);
        return slow!.pos(node);
      });
      readItem(at, (message) => errors.push({ ...at, message }), value, out, notes);
    });
    return;
  }
  const input = new JsonInput(source.name, text, errors, notes);
  if (input.root) readTop(input, input.root, out, notes);
}

const noted = new WeakMap<Notes, Set<string>>();
/** Adds a note once per key, making its message only then (messages that name a position cost a positional parse). */
function noteOnce(notes: Notes, key: string, subject: string, message: () => string): void {
  let seen = noted.get(notes);
  if (!seen) noted.set(notes, (seen = new Set()));
  if (seen.has(key)) return;
  seen.add(key);
  notes.add(subject, message(), key);
}

/** A position worked out when first read (only messages read it). */
function lazyPosition(locate: () => Position): Position {
  let p: Position | undefined;
  const get = () => (p ??= locate());
  return {
    get file() { return get().file; },
    get line() { return get().line; },
    get column() { return get().column; },
  } as Position;
}

function readTop(input: JsonInput, root: Node, out: Item[], notes: Notes): void {
  if (root.type === 'array') {
    for (const child of root.children ?? []) readTop(input, child, out, notes);
    return;
  }
  const top = input.object(root, 'the input');
  if (!top) return;
  if (top.has('configurationItems')) {
    for (const n of input.array(top.get('configurationItems'), 'configurationItems')) readItem(input.pos(n), (m) => input.error(n, m), getNodeValue(n), out, notes);
    for (const k of top.keys()) if (!['configurationItems', 'fileVersion', 'configSnapshotId', 'nextToken', 'NextToken'].includes(k)) notes.add(input.name, `field "${k}" is not part of a configuration snapshot; not imported`);
    return;
  }
  if (top.has('Results')) {
    for (const n of input.array(top.get('Results'), 'Results')) {
      if (n.type !== 'string') {
        input.error(n, 'each of "Results" is a configuration item as a JSON string, as select-resource-config prints it');
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(n.value as string);
      } catch (e) {
        input.error(n, `this result is not JSON (${(e as Error).message})`);
        continue;
      }
      readItem(input.pos(n), (m) => input.error(n, m), value, out, notes);
    }
    const q = top.get('QueryInfo');
    if (q) {
      const fields = getNodeValue(q)?.SelectFields as { Name?: string }[] | undefined;
      if (fields && !fields.some((f) => f.Name === '*' || f.Name === 'configuration')) {
        notes.add(input.name, 'the query did not select "configuration" (use SELECT *): items without it have only names');
      }
    }
    return;
  }
  if (top.has('resourceType')) {
    readItem(input.pos(root), (m) => input.error(root, m), getNodeValue(root), out, notes);
    return;
  }
  input.error(root, 'this is not AWS Config output: expected a configuration snapshot ("configurationItems"), select-resource-config output ("Results"), or configuration items (JSON lines, an array or one item, each with "resourceType")');
}

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A value that Config may give as JSON text (the history API's `configuration`, supplementary values). */
function unwrap(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return JSON.parse(t);
      } catch {
        return v;
      }
    }
  }
  return v;
}

function readItem(at: Position, fail: (message: string) => void, value: unknown, out: Item[], notes: Notes): void {
  if (!isObj(value)) {
    fail('a configuration item should be an object');
    return;
  }
  const resourceType = value.resourceType;
  if (typeof resourceType !== 'string' || !resourceType) {
    fail('this configuration item has no "resourceType"');
    return;
  }
  const accountId = value.awsAccountId ?? value.accountId;
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
    fail(`this ${resourceType} item has no 12-digit "awsAccountId" (or "accountId")`);
    return;
  }
  const status = value.configurationItemStatus;
  if (typeof status === 'string' && GONE.has(status)) {
    noteOnce(notes, `gone\u0000${accountId}\u0000${status}`, `account ${accountId}`, () => `items whose configurationItemStatus says the resource is gone (${status}) are not imported (first at ${formatPosition(at)})`);
    return;
  }
  const configuration = unwrap(value.configuration);
  if (configuration !== undefined && configuration !== null && !isObj(configuration)) {
    fail(`the "configuration" of this ${resourceType} item should be an object (or its JSON text)`);
    return;
  }
  const supplementary = unwrap(value.supplementaryConfiguration);
  const tags: [string, string][] = [];
  const t = unwrap(value.tags);
  if (Array.isArray(t)) {
    for (const x of t) if (isObj(x) && typeof x.key === 'string') tags.push([x.key, String(x.value ?? '')]);
  } else if (isObj(t)) for (const [k, v] of Object.entries(t)) tags.push([k, String(v ?? '')]);
  const arn = value.ARN ?? value.arn;
  out.push({
    at,
    resourceType,
    accountId,
    arn: typeof arn === 'string' && arn ? arn : undefined,
    resourceId: typeof value.resourceId === 'string' ? value.resourceId : undefined,
    resourceName: typeof value.resourceName === 'string' ? value.resourceName : undefined,
    captured: typeof value.configurationItemCaptureTime === 'string' ? value.configurationItemCaptureTime : undefined,
    configuration: isObj(configuration) ? configuration : {},
    supplementary: isObj(supplementary) ? supplementary : {},
    tags,
  });
}

/** Builds one account's file from its items. */
function buildAccount(accountId: string, items: Item[], errors: ImportError[]): ConfigAccountFile {
  const notes = new Notes();
  const details = emptyDetails();
  const resources: Record<string, { policy: unknown }> = {};
  const skipped = new Map<string, number>();
  let latest = '';
  for (const item of items) {
    if (item.captured && item.captured > latest) latest = item.captured;
    if (IAM_TYPES.has(item.resourceType)) readIam(item, details, errors, notes);
    else if (!readResourcePolicy(item, resources, errors, notes)) skipped.set(item.resourceType, (skipped.get(item.resourceType) ?? 0) + 1);
  }
  for (const [type, n] of [...skipped].sort()) {
    notes.add('other resources', `${n} ${type} item${n === 1 ? '' : 's'} without a resource policy: not imported (the format holds IAM and resource policies)`);
  }
  const summary = { users: 0, groups: 0, roles: 0, policies: 0, resources: Object.keys(resources).length };
  const before = errors.length;
  const built = buildAccountFile({ details }, errors, notes);
  if (!built || errors.length > before) return { accountId, notes: notes.list, summary };
  const file = built.file as Obj;
  const account = (file.account ?? {}) as Obj;
  account.id ??= accountId;
  const asOf = latest ? toDate(latest) : undefined;
  if (asOf) account.asOf = asOf;
  file.account = { id: account.id, ...account };
  if (Object.keys(resources).length) {
    file.resources = Object.fromEntries(Object.entries(resources).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }
  // The builder speaks of authorization details; say what holds for Config items.
  const list = notes.list.filter((n) => !/not in the authorization details; pass the output of `aws iam list-roles`/.test(n.message));
  if (details.users.length) {
    list.push({ subject: 'users', message: 'console access, MFA devices and access keys are not in Config items; not imported (import the credential report per account with --authorization-details ... --credential-report to add them)' });
  }
  if (Object.keys(resources).length) {
    list.push({ subject: 'resources', message: 'of each resource with a policy only the policy is imported; its other configuration is not modelled' });
  }
  if (details.roles.length && !details.roles.some((r) => r.maxSessionDuration !== undefined)) {
    list.push({ subject: 'roles', message: 'maximum session durations are not in the Config items; the format\'s default (1 hour) applies until you add them' });
  }
  return { accountId, text: JSON.stringify(file, null, 2) + '\n', notes: list, summary: { ...built.counts, resources: summary.resources } };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function arr(v: unknown): unknown[] {
  const u = unwrap(v);
  return Array.isArray(u) ? u : [];
}

function iamDocument(item: Item, v: unknown, what: string, errors: ImportError[]): unknown {
  if (isObj(v)) return v;
  if (typeof v !== 'string') {
    errors.push({ ...item.at, message: `${what} should be a policy document (URL-encoded JSON text, as Config records it), not ${v === undefined ? 'missing' : typeof v}` });
    return undefined;
  }
  const d = decodeDocument(v);
  if (typeof d === 'string') {
    errors.push({ ...item.at, message: `${what}: ${d}` });
    return undefined;
  }
  return d.value;
}

function attached(v: unknown): AttachedPolicy[] {
  return arr(v).flatMap((a) => (isObj(a) && str(a.policyArn) ? [{ name: str(a.policyName), arn: a.policyArn as string }] : []));
}

function inline(item: Item, v: unknown, owner: string, errors: ImportError[]): InlineDocument[] {
  const out: InlineDocument[] = [];
  for (const p of arr(v)) {
    if (!isObj(p) || !str(p.policyName)) continue;
    const document = iamDocument(item, p.policyDocument, `the inline policy "${p.policyName}" of ${owner}`, errors);
    if (document !== undefined) out.push({ name: p.policyName as string, document });
  }
  return out;
}

/** `permissionsBoundary: { permissionsBoundaryType: "Policy", permissionsBoundaryArn }` as Config writes it. */
function boundary(item: Item, v: unknown, owner: string, errors: ImportError[]): string | undefined {
  const b = unwrap(v);
  if (!isObj(b)) return undefined;
  const type = b.permissionsBoundaryType;
  // Config writes "Policy"; the IAM API writes "PermissionsBoundaryPolicy" for the same thing.
  if (type !== undefined && type !== null && type !== 'Policy' && type !== 'PermissionsBoundaryPolicy') {
    errors.push({ ...item.at, message: `the permissions boundary of ${owner} has permissionsBoundaryType "${String(type)}"; Config writes "Policy"` });
    return undefined;
  }
  return str(b.permissionsBoundaryArn);
}

function iamTags(item: Item): [string, string][] {
  const own = arr(item.configuration.tags).flatMap((t) => (isObj(t) && str(t.key) ? [[t.key as string, String(t.value ?? '')] as [string, string]] : []));
  return own.length ? own : item.tags;
}

function unknownFields(item: Item, notes: Notes): void {
  const known = KNOWN[item.resourceType] ?? [];
  for (const [k, v] of Object.entries(item.configuration)) {
    if (known.includes(k) || v === null || v === undefined || (Array.isArray(v) && !v.length)) continue;
    if (ASSIGNED.has(k)) {
      notes.add('every entity', 'ids, ARNs, creation dates and attachment counts are assigned by AWS; not kept');
      continue;
    }
    noteOnce(notes, `${item.resourceType}\u0000${k}`, item.resourceType, () => `field "${k}" of the configuration is not imported (the format has no place for it; first at ${formatPosition(item.at)})`);
  }
}

function readIam(item: Item, details: AuthorizationDetails, errors: ImportError[], notes: Notes): void {
  const c = item.configuration;
  unknownFields(item, notes);
  const path = str(c.path) ?? '/';
  switch (item.resourceType) {
    case 'AWS::IAM::User': {
      const name = str(c.userName) ?? item.resourceName;
      if (!name) return void errors.push({ ...item.at, message: 'this AWS::IAM::User item has no "configuration.userName"' });
      const what = `user "${name}"`;
      details.users.push({
        name, at: item.at, path, arn: str(c.arn) ?? item.arn,
        groups: arr(c.groupList).filter((g): g is string => typeof g === 'string'),
        attached: attached(c.attachedManagedPolicies),
        inline: inline(item, c.userPolicyList, what, errors),
        boundary: boundary(item, c.permissionsBoundary, what, errors),
        tags: iamTags(item),
      });
      return;
    }
    case 'AWS::IAM::Group': {
      const name = str(c.groupName) ?? item.resourceName;
      if (!name) return void errors.push({ ...item.at, message: 'this AWS::IAM::Group item has no "configuration.groupName"' });
      details.groups.push({ name, at: item.at, path, arn: str(c.arn) ?? item.arn, attached: attached(c.attachedManagedPolicies), inline: inline(item, c.groupPolicyList, `group "${name}"`, errors) });
      return;
    }
    case 'AWS::IAM::Role': {
      const name = str(c.roleName) ?? item.resourceName;
      if (!name) return void errors.push({ ...item.at, message: 'this AWS::IAM::Role item has no "configuration.roleName"' });
      const what = `role "${name}"`;
      const profiles: AwsInstanceProfile[] = arr(c.instanceProfileList).flatMap((p) =>
        isObj(p) && str(p.instanceProfileName)
          ? [{ name: p.instanceProfileName as string, path: str(p.path) ?? '/', roles: arr(p.roles).flatMap((r) => (isObj(r) && str(r.roleName) ? [r.roleName as string] : [])), tags: [] }]
          : [],
      );
      const lastUsed = unwrap(c.roleLastUsed);
      const max = c.maxSessionDuration;
      details.roles.push({
        name, at: item.at, path, arn: str(c.arn) ?? item.arn,
        trust: c.assumeRolePolicyDocument === undefined ? undefined : iamDocument(item, c.assumeRolePolicyDocument, `the trust policy of ${what}`, errors),
        attached: attached(c.attachedManagedPolicies),
        inline: inline(item, c.rolePolicyList, what, errors),
        boundary: boundary(item, c.permissionsBoundary, what, errors),
        tags: iamTags(item),
        instanceProfiles: profiles,
        lastUsed: isObj(lastUsed) && str(lastUsed.lastUsedDate) ? toDate(lastUsed.lastUsedDate as string) : undefined,
        lastUsedRegion: isObj(lastUsed) ? str(lastUsed.region) : undefined,
        description: str(c.description),
        maxSessionDuration: typeof max === 'number' ? max : undefined,
      });
      return;
    }
    case 'AWS::IAM::Policy': {
      const name = str(c.policyName) ?? item.resourceName;
      if (!name) return void errors.push({ ...item.at, message: 'this AWS::IAM::Policy item has no "configuration.policyName"' });
      const arn = str(c.arn) ?? item.arn ?? '';
      if (/^arn:[^:]+:iam::aws:policy\//.test(arn)) {
        notes.add('AWS managed policies', 'items of AWS managed policies: referenced by ARN; their documents come from the bundled AWS data');
        return;
      }
      const versions = arr(c.policyVersionList).flatMap((v) => {
        if (!isObj(v)) return [];
        const id = str(v.versionId) ?? '';
        const isDefault = v.isDefaultVersion === true || (!!id && id === c.defaultVersionId);
        // Only the default version's document is needed; the others are counted.
        const document = isDefault ? iamDocument(item, v.document, `the default version of policy "${name}"`, errors) : null;
        return [{ id, isDefault, document, created: str(v.createDate) }];
      });
      details.policies.push({ name, at: item.at, path, arn, description: str(c.description), defaultVersionId: str(c.defaultVersionId), versions, tags: iamTags(item) });
      return;
    }
  }
}

/** The policy document a value holds (an object, or JSON text), or undefined. */
function policyOf(v: unknown): Obj | undefined {
  const u = unwrap(v);
  if (isObj(u) && ('Statement' in u || 'statement' in u)) return u;
  if (typeof u === 'string' && u.trim()) {
    const d = decodeDocument(u);
    if (typeof d !== 'string' && isObj(d.value) && 'Statement' in d.value) return d.value;
  }
  return undefined;
}

/** A resource policy of a non-IAM item into `resources` by the resource's ARN; false when the item has none. */
function readResourcePolicy(item: Item, resources: Record<string, { policy: unknown }>, errors: ImportError[], notes: Notes): boolean {
  const c = item.configuration;
  const s = item.supplementary;
  let arn = item.arn;
  let value: unknown;
  let field = '';
  switch (item.resourceType) {
    case 'AWS::S3::Bucket': {
      const bp = unwrap(s.BucketPolicy);
      value = isObj(bp) ? bp.policyText : bp;
      field = 'supplementaryConfiguration.BucketPolicy.policyText';
      arn ??= str(c.name) ? `arn:aws:s3:::${c.name}` : undefined;
      break;
    }
    case 'AWS::KMS::Key':
      value = s.Policy ?? s.KeyPolicy;
      field = 'supplementaryConfiguration.Policy';
      arn ??= str(c.arn);
      break;
    case 'AWS::Lambda::Function':
      value = s.Policy;
      field = 'supplementaryConfiguration.Policy';
      arn ??= str(c.functionArn);
      break;
    case 'AWS::SQS::Queue':
      value = c.Policy;
      field = 'configuration.Policy';
      arn ??= str(c.QueueArn);
      break;
    case 'AWS::SNS::Topic':
      value = c.Policy;
      field = 'configuration.Policy';
      arn ??= str(c.TopicArn);
      break;
    default:
      break;
  }
  // Any other type, or a known type whose policy is not where the reader expects it (the documented shapes
  // vary between Config's item formats): a field named like a policy, at the top of the configuration or
  // the supplementary configuration.
  if (value === undefined || value === null || value === '') {
    for (const [where, obj] of [['configuration', c], ['supplementaryConfiguration', s]] as const) {
      for (const [k, v] of Object.entries(obj)) {
        if (POLICY_FIELD.test(k) && policyOf(v)) {
          value = v;
          field = `${where}.${k}`;
          break;
        }
      }
      if (value !== undefined && value !== null && value !== '') break;
    }
  }
  if (value === undefined || value === null || value === '') return false;
  const policy = policyOf(value);
  if (!policy) {
    errors.push({ ...item.at, message: `the ${field} of this ${item.resourceType} item is not a policy document` });
    return true;
  }
  if (!arn) {
    noteOnce(notes, `noarn\u0000${item.resourceType}`, item.resourceType, () => `an item with a policy but no ARN (first at ${formatPosition(item.at)}); not imported`);
    return true;
  }
  if (resources[arn]) notes.add(`resource ${arn}`, 'two items carry a policy for it; the first is kept');
  else resources[arn] = { policy };
  if (item.tags.length) notes.add('resource tags', 'the tags of resources other than IAM entities are not imported (the format\'s "resources" hold policies only)');
  return true;
}
