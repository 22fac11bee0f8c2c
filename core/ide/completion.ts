import { getLocation, type Node as JsonNode } from 'jsonc-parser';
import { getCatalog, type ActionInfo } from '../data/catalog';
import { listManagedPolicies } from '../data/managed-policies';
import { managedPolicyUsage, usageSortText } from '../data/usage';
import type { AccountFile } from '../model/types';
import type { Workspace } from '../model/workspace';
import type { Statement } from '../policy/types';
import type { Span } from '../text/span';
import { itemAt } from './entity-index';
import { inside, siteAt } from './locate';
import { OPERATORS } from './operators';
import { ENTITY_SNIPPETS, POLICY_DOCUMENT_SNIPPET, STATEMENT_SNIPPETS, TRUST_SNIPPETS, type Snippet } from './snippets';

export type CompletionKind = 'value' | 'property' | 'snippet' | 'reference' | 'action' | 'service' | 'operator' | 'key' | 'keyword' | 'arn' | 'policy';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces `span`; a snippet when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  span: Span;
  filterText?: string;
  sortText?: string;
  /** Ask the editor to complete again after inserting (a service prefix, then its actions). */
  retrigger?: boolean;
  /** Shown after the label, less prominent (a service's full name). */
  labelDescription?: string;
}

export interface CompletionList {
  items: CompletionItem[];
  /** More items exist than were returned (the editor should ask again as the user types). */
  incomplete: boolean;
}

type Path = (string | number)[];

interface Context {
  ws: Workspace;
  file: AccountFile;
  offset: number;
  path: Path;
  atKey: boolean;
  /** The string token the cursor is in (quotes included), or an empty span at the cursor. */
  span: Span;
  /** What is typed in the string so far (without the opening quote). */
  typed: string;
  inString: boolean;
}

/** Parse findings for a text that was not read at all. */
const REFUSED = new Set(['parse/too-deep', 'parse/binary', 'parse/too-large']);

const ENTITY_SECTIONS = ['policies', 'groups', 'users', 'roles', 'identityProviders', 'resources'];
const MAX_ITEMS = 500;

/** Completion at `offset`: entity names, policy ARNs, actions, condition operators and keys, ARN skeletons, snippets. */
export function completion(ws: Workspace, uri: string, offset: number): CompletionList {
  const file = ws.file(uri);
  if (!file) return { items: [], incomplete: false };
  const ctx = context(ws, file, offset);
  if (!ctx) return { items: [], incomplete: false };
  return complete(ctx);
}

/** The JSON path at the offset, computed on the enclosing entity's text only (cheap in big files). */
function context(ws: Workspace, file: AccountFile, offset: number): Context | undefined {
  const text = file.text;
  let base: Path = [];
  let start = 0;
  let end = text.length;
  // On an entity's own key: the section's key completion, without reading the file around it.
  const item = itemAt(file, offset);
  if (item?.entity && offset > item.entity.nameSpan.start && offset < item.entity.nameSpan.end && text[item.entity.nameSpan.start] === '"') {
    const span = item.entity.nameSpan;
    return { ws, file, offset, path: [item.section], atKey: true, span, typed: text.slice(span.start + 1, offset), inString: true };
  }
  const enclosing = enclosingEntity(file, offset);
  if (enclosing) {
    base = enclosing.path;
    start = enclosing.span.start;
    end = enclosing.span.end;
  }
  // A file the parse refused (nested too deep for getLocation's recursion, binary, too large) gets no completion.
  if (!enclosing && file.findings.some((f) => REFUSED.has(f.code))) return undefined;
  const sub = start === 0 && end === text.length ? text : text.slice(start, end);
  const loc = getLocation(sub, offset - start);
  const path: Path = [...base, ...loc.path];
  // At a property key, jsonc-parser ends the path with the key being typed: drop it.
  if (loc.isAtPropertyKey && typeof path[path.length - 1] === 'string') path.pop();
  const prev: JsonNode | undefined = loc.previousNode;
  let span: Span = { start: offset, end: offset };
  let typed = '';
  let inString = false;
  if (prev && (prev.type === 'string' || prev.type === 'property') && text[start + prev.offset] === '"' && offset - start > prev.offset && offset - start <= prev.offset + prev.length) {
    const s = { start: start + prev.offset, end: start + prev.offset + prev.length };
    const raw = text.slice(s.start, s.end);
    const closed = raw.length >= 2 && raw.endsWith('"') && offset < s.end;
    if (closed || !raw.endsWith('"') || raw.length === 1 || offset <= s.end) {
      span = s;
      typed = text.slice(s.start + 1, offset);
      inString = true;
    }
  }
  return { ws, file, offset, path, atKey: loc.isAtPropertyKey, span, typed, inString };
}

function enclosingEntity(file: AccountFile, offset: number): { path: Path; span: Span } | undefined {
  const item = itemAt(file, offset);
  const span = item?.entity?.span ?? item?.resource?.span;
  const name = item?.entity?.name ?? item?.resource?.arn;
  if (!item || !span || name === undefined) return undefined;
  if (offset > span.start && offset < span.end && file.text[span.start] === '{') return { path: [item.section, name], span };
  return undefined;
}

function quoted(ctx: Context, value: string): { insertText: string; filterText: string } {
  const q = JSON.stringify(value);
  return { insertText: q, filterText: ctx.inString ? q : value };
}

function valueItem(ctx: Context, label: string, kind: CompletionKind, detail?: string, documentation?: string, sortText?: string): CompletionItem {
  return { label, kind, detail, documentation, span: ctx.span, sortText, ...quoted(ctx, label) };
}

function snippetItem(ctx: Context, s: Snippet, sortText = '~'): CompletionItem {
  return { label: s.label, kind: 'snippet', detail: s.detail, insertText: s.body, snippet: true, span: ctx.span, sortText, filterText: s.label };
}

function keyItems(ctx: Context, keys: [string, string][]): CompletionItem[] {
  return keys.map(([k, detail]) => ({ label: k, kind: 'property' as const, detail, span: ctx.span, ...quoted(ctx, k) }));
}

/** Where a policy document starts in a path, or -1. */
function documentStart(path: Path): number {
  if (path[0] === 'policies' && path[2] === 'document') return 3;
  if ((path[0] === 'users' || path[0] === 'groups' || path[0] === 'roles') && path[2] === 'inlinePolicies' && path.length >= 4) return 4;
  if (path[0] === 'roles' && path[2] === 'trustPolicy') return 3;
  if (path[0] === 'resources' && path[2] === 'policy') return 3;
  return -1;
}

function complete(ctx: Context): CompletionList {
  const { path, atKey } = ctx;
  const items: CompletionItem[] = [];
  let incomplete = false;
  const d = documentStart(path);
  if (d >= 0) return completeInDocument(ctx, path.slice(d), path[2] === 'trustPolicy');

  if (path.length === 0 && atKey) {
    items.push(...keyItems(ctx, [['$schema', 'the JSON schema'], ['account', 'the account: id, alias, password policy, organization'], ...ENTITY_SECTIONS.map((s): [string, string] => [s, 'entities keyed by name'])]));
  } else if (path.length === 1 && atKey && ENTITY_SNIPPETS[path[0] as string]) {
    items.push(snippetItem(ctx, ENTITY_SNIPPETS[path[0] as string], '0'));
  } else if (path.length === 2 && atKey) {
    items.push(...keyItems(ctx, entityKeys(path[0] as string)));
  } else if ((path[0] === 'users' && path[2] === 'groups' && path.length === 4) || (path[0] === 'groups' && path[2] === 'groups')) {
    for (const g of ctx.file.groups.values()) items.push(valueItem(ctx, g.name, 'reference', `group (${g.members.length} members)`));
  } else if ((path[0] === 'users' || path[0] === 'groups' || path[0] === 'roles') && path[2] === 'policies' && path.length === 4) {
    incomplete = policyItems(ctx, items);
  } else if ((path[0] === 'users' || path[0] === 'roles') && path[2] === 'permissionsBoundary' && path.length === 3) {
    incomplete = policyItems(ctx, items);
  } else if (path[0] === 'account' && path[1] === 'organization' && (path[2] === 'serviceControlPolicies' || path[2] === 'resourceControlPolicies') && path.length === 5) {
    items.push(valueItem(ctx, path[2] === 'serviceControlPolicies' ? 'FullAWSAccess' : 'RCPFullAWSAccess', 'policy', 'provided by AWS Organizations'));
    for (const p of ctx.file.policies.values()) items.push(valueItem(ctx, p.name, 'reference', p.description?.value ?? 'customer managed policy'));
  } else if (path[0] === 'roles' && path[2] === 'instanceProfile' && path.length === 3) {
    items.push(valueItem(ctx, path[1] as string, 'reference', 'an instance profile named like the role'));
  } else if (path[0] === 'identityProviders' && path[2] === 'type') {
    items.push(valueItem(ctx, 'oidc', 'keyword'), valueItem(ctx, 'saml', 'keyword'));
  } else if (path[0] === 'account' && atKey && path.length === 1) {
    items.push(...keyItems(ctx, [['id', '12-digit account id'], ['alias', 'account alias'], ['partition', 'aws, aws-cn, aws-us-gov'], ['root', 'root user: mfa, accessKeys'], ['passwordPolicy', 'password policy'], ['quotas', 'raised quotas'], ['organization', 'SCPs and RCPs'], ['asOf', 'the date the file describes']]));
  } else if ((path[2] === 'policy' || path[2] === 'document' || path[2] === 'trustPolicy') && path.length === 3 && !atKey) {
    items.push(snippetItem(ctx, POLICY_DOCUMENT_SNIPPET, '0'));
  }
  return { items, incomplete };
}

function entityKeys(section: string): [string, string][] {
  switch (section) {
    case 'users':
      return [['path', ''], ['groups', 'group names'], ['policies', 'managed policies'], ['inlinePolicies', 'inline policies by name'], ['permissionsBoundary', 'a policy'], ['console', 'console access'], ['mfa', 'MFA devices'], ['accessKeys', 'access keys'], ['tags', '']];
    case 'groups':
      return [['path', ''], ['policies', 'managed policies'], ['inlinePolicies', 'inline policies by name']];
    case 'roles':
      return [['path', ''], ['trustPolicy', 'who can assume the role'], ['policies', 'managed policies'], ['inlinePolicies', 'inline policies by name'], ['permissionsBoundary', 'a policy'], ['maxSessionDuration', 'seconds, 3600–43200'], ['instanceProfile', 'instance profile name'], ['serviceLinked', 'boolean'], ['description', ''], ['tags', '']];
    case 'policies':
      return [['path', ''], ['description', ''], ['document', 'the policy document'], ['versions', 'stored versions'], ['tags', '']];
    case 'identityProviders':
      return [['type', 'oidc or saml'], ['url', 'OIDC issuer URL'], ['clientIds', 'audiences'], ['thumbprints', '']];
    case 'resources':
      return [['policy', 'the resource-based policy']];
    default:
      return [];
  }
}

/** Customer policy names and AWS managed policy ARNs. Returns true when the list was cut. */
function policyItems(ctx: Context, items: CompletionItem[]): boolean {
  const typed = ctx.typed.toLowerCase();
  let own = 0;
  for (const p of ctx.file.policies.values()) {
    if (typed && !p.name.toLowerCase().includes(typed)) continue;
    if (++own > MAX_ITEMS) return true;
    items.push(valueItem(ctx, p.name, 'reference', p.description?.value || 'customer managed policy', undefined, '0' + p.name));
  }
  const partition = ctx.file.account.partition;
  let count = 0;
  let cut = false;
  try {
    for (const p of listManagedPolicies()) {
      const arn = `arn:${partition}:iam::aws:policy${p.path}${p.name}`;
      if (typed && !arn.toLowerCase().includes(typed) && !p.name.toLowerCase().includes(typed.slice(typed.lastIndexOf('/') + 1))) continue;
      if (++count > MAX_ITEMS) {
        cut = true;
        break;
      }
      const item = valueItem(ctx, arn, 'policy', `AWS managed, ${p.versionId}`, undefined, '1' + p.name);
      item.filterText = ctx.inString ? JSON.stringify(arn) : arn;
      items.push(item);
    }
  } catch {
    // no bundled data: customer policies only
  }
  return cut;
}

function statementAt(ctx: Context): Statement | undefined {
  return siteAt(ctx.file, ctx.offset)?.doc.statements.find((s) => inside(s.span, ctx.offset));
}

function statementActions(st: Statement | undefined): ActionInfo[] {
  if (!st?.action) return [];
  const catalog = getCatalog();
  const out = new Set<ActionInfo>();
  for (const v of st.action.values) {
    if (v.value === '*' || !v.value.includes(':')) continue;
    for (const a of catalog.actionsMatching(v.value)) {
      out.add(a);
      if (out.size > 200) return [...out];
    }
  }
  return [...out];
}

function completeInDocument(ctx: Context, rel: Path, trust: boolean): CompletionList {
  const items: CompletionItem[] = [];
  const at = rel.length;
  if (at === 0 && ctx.atKey) return { items: keyItems(ctx, [['Version', '"2012-10-17"'], ['Statement', 'the statements'], ['Id', '']]), incomplete: false };
  if (rel[0] === 'Version') return { items: [valueItem(ctx, '2012-10-17', 'keyword', 'the current policy language version')], incomplete: false };
  if (rel[0] !== 'Statement') return { items, incomplete: false };
  // Inside the Statement array, between statements: snippets.
  if (at === 1 || (at === 2 && !ctx.atKey && typeof rel[1] === 'number' && !ctx.inString)) {
    const snippets = trust ? [...TRUST_SNIPPETS, ...STATEMENT_SNIPPETS.slice(0, 2)] : STATEMENT_SNIPPETS;
    return { items: snippets.map((s, i) => snippetItem(ctx, s, String(i))), incomplete: false };
  }
  if (at === 2 && ctx.atKey) {
    const keys: [string, string][] = [['Sid', 'statement id'], ['Effect', 'Allow or Deny'], ['Action', 'actions'], ['NotAction', 'every action except'], ['Resource', 'resources'], ['NotResource', 'every resource except'], ['Condition', 'conditions']];
    if (trust || ctx.path[0] === 'resources') keys.splice(2, 0, ['Principal', 'who'], ['NotPrincipal', 'everyone except']);
    return { items: keyItems(ctx, keys), incomplete: false };
  }
  const element = rel[2];
  if (element === 'Effect') return { items: [valueItem(ctx, 'Allow', 'keyword'), valueItem(ctx, 'Deny', 'keyword')], incomplete: false };
  if ((element === 'Action' || element === 'NotAction') && !ctx.atKey) return actionItems(ctx, trust);
  if ((element === 'Resource' || element === 'NotResource') && !ctx.atKey) return { items: resourceItems(ctx), incomplete: false };
  if (element === 'Condition') {
    if (at === 3 && ctx.atKey) return { items: operatorItems(ctx), incomplete: false };
    if (at === 4 && ctx.atKey) return conditionKeyItems(ctx);
    if (at >= 5 && !ctx.atKey && rel[4] === 'aws:MultiFactorAuthPresent') return { items: [valueItem(ctx, 'true', 'keyword'), valueItem(ctx, 'false', 'keyword')], incomplete: false };
  }
  if (element === 'Principal' || element === 'NotPrincipal') {
    if (at === 3 && ctx.atKey) return { items: keyItems(ctx, [['AWS', 'accounts, users, roles'], ['Service', 'AWS services'], ['Federated', 'identity providers'], ['CanonicalUser', '']]), incomplete: false };
    if (at >= 4 && !ctx.atKey) return { items: principalItems(ctx, rel[3] as string), incomplete: false };
  }
  return { items, incomplete: false };
}

function actionItems(ctx: Context, trust: boolean): CompletionList {
  const catalog = getCatalog();
  const items: CompletionItem[] = [];
  const typed = ctx.typed;
  const colon = typed.indexOf(':');
  if (trust) {
    for (const a of ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity']) {
      const info = catalog.action(a);
      items.push(valueItem(ctx, a, 'action', info?.accessLevel, info?.description, '0'));
    }
    return { items, incomplete: false };
  }
  // The most used first (how often AWS managed policies name them: core/data/usage.ts).
  const usage = managedPolicyUsage();
  if (colon < 0) {
    // Service prefixes first; the editor asks again once a colon is typed.
    for (const s of catalog.services()) {
      const item = valueItem(ctx, `${s.prefix}:`, 'service', s.name, undefined, usageSortText(usage.services.get(s.prefix.toLowerCase()) ?? 0, s.prefix));
      item.labelDescription = s.name;
      item.insertText = `"${s.prefix}:$0"`;
      item.snippet = true;
      item.retrigger = true;
      item.filterText = ctx.inString ? `"${s.prefix}:` : `${s.prefix}:`;
      items.push(item);
    }
    return { items, incomplete: true };
  }
  const service = catalog.service(typed.slice(0, colon));
  if (!service) return { items, incomplete: false };
  items.push(valueItem(ctx, `${service.prefix}:*`, 'action', 'every action of the service', undefined, '~'));
  for (const a of catalog.actionsOf(service.prefix)) {
    const item = valueItem(ctx, a.id, 'action', a.accessLevel, a.description, usageSortText(usage.actions.get(a.id.toLowerCase()) ?? 0, a.id));
    item.labelDescription = a.accessLevel;
    items.push(item);
  }
  return { items, incomplete: false };
}

/** ARN skeletons for the resource types of the statement's actions. */
function resourceItems(ctx: Context): CompletionItem[] {
  const st = statementAt(ctx);
  const acts = statementActions(st);
  const items: CompletionItem[] = [valueItem(ctx, '*', 'value', 'every resource', undefined, '~')];
  const seen = new Set<string>();
  const partition = ctx.file.account.partition;
  const account = ctx.file.accountId;
  for (const a of acts) {
    for (const r of a.resourceTypes) {
      if (!r.arn || seen.has(r.arn)) continue;
      seen.add(r.arn);
      let n = 0;
      const body = r.arn
        .replace('${Partition}', partition)
        .replace('${Region}', '*')
        .replace('${Account}', account)
        .replace(/\$\{([^}]+)\}/g, (_m, name: string) => `\${${++n}:${name}}`);
      items.push({
        label: r.arn.replace('${Partition}', partition).replace('${Account}', account),
        kind: 'arn',
        detail: `${a.service} ${r.name}${r.required ? '' : ' (optional)'}`,
        insertText: JSON.stringify(body),
        snippet: true,
        span: ctx.span,
        filterText: ctx.inString ? `"${r.arn}` : r.arn,
        sortText: '0' + r.name,
      });
    }
  }
  // ARNs of the workspace's roles for iam:PassRole and sts:AssumeRole.
  if (acts.some((a) => a.id === 'iam:PassRole' || a.id === 'sts:AssumeRole')) {
    for (const r of ctx.ws.roles()) items.push(valueItem(ctx, r.arn, 'reference', `role ${r.name}`, undefined, '1' + r.name));
  }
  return items;
}

function operatorItems(ctx: Context): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const o of OPERATORS) {
    items.push({ label: o.name, kind: 'operator', detail: o.types.join(', '), documentation: o.doc, span: ctx.span, ...quoted(ctx, o.name), sortText: '0' + o.name });
    if (o.name !== 'Null') items.push({ label: `${o.name}IfExists`, kind: 'operator', detail: 'also holds when the key is absent', span: ctx.span, ...quoted(ctx, `${o.name}IfExists`), sortText: '1' + o.name });
  }
  for (const p of ['ForAnyValue:', 'ForAllValues:']) {
    for (const o of ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike']) {
      items.push({ label: p + o, kind: 'operator', detail: 'multivalued keys', span: ctx.span, ...quoted(ctx, p + o), sortText: '2' + p + o });
    }
  }
  return items;
}

/** Condition keys that fit the statement's actions (their service keys) plus global keys. */
function conditionKeyItems(ctx: Context): CompletionList {
  const catalog = getCatalog();
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (key: string, sort: string) => {
    const lower = key.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    const info = catalog.conditionKey(key);
    const item: CompletionItem = { label: key, kind: 'key', detail: info ? `${info.type}${info.global ? ', global' : ''}` : undefined, documentation: info?.description, span: ctx.span, ...quoted(ctx, key), sortText: sort + key };
    if (/\$\{[^}]+\}|<[^>]+>/.test(key)) {
      let n = 0;
      item.insertText = JSON.stringify(key.replace(/\$\{([^}]+)\}|<([^>]+)>/g, (_m, a: string | undefined, b: string | undefined) => `\${${++n}:${a ?? b}}`));
      item.snippet = true;
    }
    items.push(item);
  };
  const st = statementAt(ctx);
  const acts = statementActions(st);
  for (const a of acts) for (const k of catalog.conditionKeysFor(a)) add(k, '0');
  if (st?.principal?.entries.some((e) => e.type.value === 'Federated' || e.type.value === 'AWS')) {
    for (const k of ['sts:ExternalId', 'sts:RoleSessionName', 'sts:SourceIdentity', 'saml:aud', 'token.actions.githubusercontent.com:sub', 'token.actions.githubusercontent.com:aud']) add(k, '0');
  }
  for (const k of catalog.globalConditionKeys()) add(k.key, '1');
  return { items, incomplete: false };
}

const SERVICE_PRINCIPALS = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'states.amazonaws.com', 'events.amazonaws.com', 'apigateway.amazonaws.com', 'codebuild.amazonaws.com', 'glue.amazonaws.com', 'sagemaker.amazonaws.com', 'cloudformation.amazonaws.com', 'eks.amazonaws.com', 'scheduler.amazonaws.com', 'firehose.amazonaws.com', 'backup.amazonaws.com', 'ssm.amazonaws.com'];

function principalItems(ctx: Context, type: string): CompletionItem[] {
  if (type === 'Service') return SERVICE_PRINCIPALS.map((s) => valueItem(ctx, s, 'value', 'AWS service'));
  if (type === 'Federated') {
    const items: CompletionItem[] = [];
    for (const f of ctx.ws.files) for (const idp of f.identityProviders.values()) items.push(valueItem(ctx, idp.arn, 'reference', `${idp.type} provider ${idp.name}`));
    items.push(valueItem(ctx, 'cognito-identity.amazonaws.com', 'value'));
    return items;
  }
  if (type === 'AWS') {
    const items: CompletionItem[] = [];
    for (const f of ctx.ws.files) {
      items.push(valueItem(ctx, `arn:${f.account.partition}:iam::${f.accountId}:root`, 'reference', `account ${f.account.alias?.value ?? f.accountId}`, undefined, '0'));
      for (const e of [...f.roles.values(), ...f.users.values()]) items.push(valueItem(ctx, e.arn, 'reference', `${e.kind} ${e.name}`, undefined, '1' + e.name));
    }
    return items.slice(0, MAX_ITEMS);
  }
  return [];
}
