import { getCatalog, wildcardMatcher, type ActionInfo } from '../../../data/catalog';
import type { PolicyDocument, Statement } from '../../../policy/types';
import type { AccountFile, PolicyRef } from '../../../model/types';
import { memo } from './memo';
import { hasStar, isAllow, outsideServices, values } from './policy';
import { patternsIntersect } from './values';

/**
 * Actions whose answer holds a credential (a key, a password, a token, temporary credentials) or sets one
 * for someone else (a console password, an access key): Cloudsplaining's "credentials exposure" category,
 * derived from the catalogue by the shape of the action's name, so new services' actions are found too.
 */
const CREDENTIAL_NAME = /^(?:(?:Get|Create|Reset|Generate|Request|Rotate)\w*(?:Credentials?|AccessKeys?|AuthorizationToken|AuthToken|SessionToken|FederationToken|ApiKey|PasswordData|MasterUserPassword|ChallengePassword)|(?:Create|Update)LoginProfile|ResetUserPassword)$/;
/** The first letters of CREDENTIAL_NAME's words (G, C, R, U), as character codes. */
const CREDENTIAL_INITIALS = new Set([71, 67, 82, 85]);
/** Not credentials, or only the caller's own (sts:GetSessionToken re-issues the caller's permissions). */
const NOT_CREDENTIAL = /LastUsed|Info$|Policy$|Report$|Provider$|Locker$|^GetSessionToken$/;

export function returnsCredentials(a: Pick<ActionInfo, 'name' | 'accessLevels'>): boolean {
  if (!CREDENTIAL_NAME.test(a.name) || NOT_CREDENTIAL.test(a.name)) return false;
  // A Read-level token (ecr:GetAuthorizationToken, codeartifact:GetAuthorizationToken) acts as the caller, with the
  // caller's own permissions, like sts:GetSessionToken: not an exposure.
  return !(/Token$/.test(a.name) && a.accessLevels.every((l) => l === 'Read'));
}

/** Credential actions of access level Write or Permissions management: keys, passwords and credentials made or reset. */
export function setsCredentials(id: string): boolean {
  const a = getCatalog().action(id);
  return !!a && a.accessLevels.some((l) => l !== 'Read' && l !== 'List');
}

/**
 * Reads of data and secrets that Cloudsplaining lists as "data exfiltration" (S3 objects, SSM parameters,
 * Secrets Manager secrets), with KMS decryption, which turns any encrypted copy into plain text.
 */
export const DATA_READS = ['s3:GetObject', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue', 'kms:Decrypt'];

/**
 * Every credential action (ids in catalogue order), and those of each service (by lower-case prefix): from the
 * catalogue's names index, so no service's detail is decoded for them (an AWS managed policy such as ReadOnlyAccess
 * names ~300 services; indexing them all cost a first analysis ~0.3 s).
 */
let credentialIndex: { all: string[]; byService: Map<string, string[]> } | undefined;
function credentialIds(): { all: string[]; byService: Map<string, string[]> } {
  if (!credentialIndex) {
    const all: string[] = [];
    const byService = new Map<string, string[]>();
    // Only the names of the credential shape are made into entries (see `Catalog.actionNamesWhere`). Each such name
    // begins with Get, Create, Reset, Generate, Request, Rotate or Update: testing the first letter spares the
    // pattern (and its backtracking over \w*) 12,900 of the catalogue's 22,100 names.
    for (const a of getCatalog().actionNamesWhere((name) => CREDENTIAL_INITIALS.has(name.charCodeAt(0)) && CREDENTIAL_NAME.test(name))) {
      if (!returnsCredentials(a)) continue;
      all.push(a.id);
      const key = a.service.toLowerCase();
      const list = byService.get(key);
      if (list) list.push(a.id);
      else byService.set(key, [a.id]);
    }
    credentialIndex = { all, byService };
  }
  return credentialIndex;
}

/**
 * The credential actions an action pattern covers, memoised per pattern (none for "*": that is practice/full-admin's),
 * in catalogue order: what `actionsMatching(pattern)` filtered by `returnsCredentials` gives (an action id has one
 * colon, so the pattern matched against the whole id is its service part against the prefix and the rest against
 * the name).
 */
export const credentialActions = memo(credentialActionsOf);

/**
 * `credentialActions` without the memo: for the documents of AWS managed policies, which are answered once each
 * (`perDocument`) and whose patterns no other document repeats (ReadOnlyAccess has ~2,900): memoising them only
 * fills the memo.
 */
export function credentialActionsOf(pattern: string): string[] {
  if (pattern.includes('$') || pattern === '*' || pattern === '*:*') return [];
  const p = pattern.trim();
  const colon = p.indexOf(':');
  if (colon < 0) return [];
  const service = p.slice(0, colon);
  const index = credentialIds();
  const candidates = /[*?]/.test(service) ? index.all : index.byService.get(service.toLowerCase());
  if (!candidates || !someNameBegins(candidates, p, colon + 1)) return [];
  const re = wildcardMatcher(p);
  return candidates.filter((id) => re(id));
}

/**
 * Whether the action part of `pattern` (from `from`) up to its first wildcard begins the name of one of the action
 * ids, case-insensitively: else the pattern matches none of them (an id has one colon, so the pattern's name part
 * meets the id's name). No matcher is compiled for the many patterns of a service that has credential actions but
 * none of theirs ("iam:List*", "sts:Decode*": ReadOnlyAccess has ~2,900 patterns).
 */
function someNameBegins(ids: string[], pattern: string, from: number): boolean {
  let end = from;
  while (end < pattern.length && pattern.charCodeAt(end) !== 42 && pattern.charCodeAt(end) !== 63) end++; // * ?
  const head = pattern.slice(from, end).toLowerCase();
  for (let i = 0; i < ids.length; i++) if (ids[i].toLowerCase().startsWith(head, ids[i].indexOf(':') + 1)) return true;
  return false;
}

const DATA_SERVICES = new Set(DATA_READS.map((a) => a.slice(0, a.indexOf(':')).toUpperCase()));
export const dataReads = memo(dataReadsOf);

/** `dataReads` without the memo (see `credentialActionsOf`). */
export function dataReadsOf(pattern: string): string[] {
  if (pattern.includes('$') || outsideServices(pattern, DATA_SERVICES)) return [];
  const re = wildcardMatcher(pattern);
  return DATA_READS.filter((a) => re(a));
}

/** The statement reaches every resource: "*" in Resource, or a NotResource list. */
export function onEveryResource(st: Statement): boolean {
  return hasStar(st.resource) || (st.notResource !== undefined && !hasStar(st.notResource));
}

/** The resource values of the statement that can name one of the sensitive patterns (the patterns they meet). */
export function sensitiveIn(st: Statement, sensitive: readonly string[]): string[] {
  if (!sensitive.length) return [];
  const out: string[] = [];
  for (const r of values(st.resource)) { if (r.value !== '*') for (const s of sensitive) { if (patternsIntersect(r.value, s) && !out.includes(s)) out.push(s); } }
  return out;
}

const NONE: string[] = [];
Object.freeze(NONE);

/** What an Allow statement exposes: the actions of a kind it allows, written or through NotAction. */
export function exposedBy(st: Statement, of: (pattern: string) => string[], all: () => string[]): string[] {
  if (!isAllow(st)) return NONE;
  if (st.action) {
    let found: Set<string> | undefined;
    for (const a of values(st.action)) {
      const ids = of(a.value);
      if (ids.length) for (const id of ids) { (found ??= new Set()).add(id); }
    }
    return found ? [...found] : NONE;
  }
  if (!st.notAction) return NONE;
  const excluded = values(st.notAction).map((a) => wildcardMatcher(a.value));
  return all().filter((id) => !excluded.some((re) => re(id)));
}

let allCredentialIds: string[] | undefined;
export const allCredentialActions = () => (allCredentialIds ??= credentialIds().all);
export const allDataReads = () => DATA_READS;

/** A short list for messages. */
export function shortList(ids: string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}

/** Documents of AWS managed policies are shared by every account: their answers are kept per document. */
export function perDocument<T>(compute: (doc: PolicyDocument) => T): (doc: PolicyDocument) => T {
  const cache = new WeakMap<PolicyDocument, T>();
  // The last document asked about: several rules ask about one document in a row.
  let lastDoc: PolicyDocument | undefined;
  let last: T | undefined;
  return (doc) => {
    if (doc === lastDoc) return last as T;
    let v = cache.get(doc);
    if (v === undefined && !cache.has(doc)) {
      v = compute(doc);
      cache.set(doc, v);
    }
    lastDoc = doc;
    last = v;
    return v as T;
  };
}

/**
 * The AWS managed policies attached to users, groups and roles of a file, with where each is attached; with `keep`,
 * only those whose document it keeps (asked before anything is built: most attachments draw no finding).
 */
export function awsManagedAttachments(file: AccountFile, keep?: (document: PolicyDocument) => boolean): { owner: string; ref: PolicyRef; name: string; document: PolicyDocument }[] {
  const out: { owner: string; ref: PolicyRef; name: string; document: PolicyDocument }[] = [];
  for (const [kind, map] of [['user', file.users], ['group', file.groups], ['role', file.roles]] as const) {
    for (const e of map.values()) {
      for (const ref of e.policies) {
        const t = ref.target;
        if (t?.kind === 'aws' && (!keep || keep(t.document))) out.push({ owner: `${kind} "${e.name}"`, ref, name: t.name, document: t.document });
      }
    }
  }
  return out;
}

/** What an action pattern grants of each kind the exposure rules look for: one look-up per action value for all three. */
export interface ActionRisk {
  credentials: string[];
  data: string[];
  delegating: string[];
}
const DELEGATING = ['iam:CreateRole', 'iam:CreateUser', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:AttachUserPolicy', 'iam:PutUserPolicy'];
const IAM = new Set(['IAM']);
const NO_RISK: ActionRisk = { credentials: NONE, data: NONE, delegating: NONE };
export const actionRisk = memo((pattern: string): ActionRisk => {
  // "*" is every action: practice/full-admin's finding (and answering it would read the whole catalogue).
  if (pattern.includes('$') || pattern === '*' || pattern === '*:*') return NO_RISK;
  const credentials = credentialActions(pattern);
  const data = dataReads(pattern);
  const delegating = delegatingActionsOf(pattern);
  return credentials.length || data.length || delegating.length ? { credentials, data, delegating } : NO_RISK;
});

/**
 * The delegating actions (creating or empowering a user or role) an action pattern covers, without a memo (see
 * `credentialActionsOf`): patterns of other services are answered before any matcher is made.
 */
export function delegatingActionsOf(pattern: string): string[] {
  if (pattern.includes('$') || pattern === '*' || pattern === '*:*' || outsideServices(pattern, IAM)) return NONE;
  const re = wildcardMatcher(pattern);
  return DELEGATING.filter((a) => re(a));
}

/** Per statement of a document (by index), the risks its Action values grant, or undefined when none: one pass shared by three rules. */
export const documentRisks = perDocument((doc: PolicyDocument): (ActionRisk | undefined)[] | null => {
  let out: (ActionRisk | undefined)[] | null = null;
  for (const st of doc.statements) {
    if (!isAllow(st) || !st.action) continue;
    let risk: ActionRisk | undefined;
    for (const a of st.action.values) {
      const r = actionRisk(a.value);
      if (r === NO_RISK) continue;
      risk = risk ? { credentials: [...risk.credentials, ...r.credentials], data: [...risk.data, ...r.data], delegating: [...risk.delegating, ...r.delegating] } : r;
    }
    if (risk) (out ??= [])[st.index] = risk;
  }
  return out;
});
