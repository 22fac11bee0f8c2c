import type { PolicyDocument, Statement, StringList } from '../../../policy/types';
import { arnFieldsWorthChecking, arnFormatCheck, arnFormatFine } from './arns';
import { getCatalog } from '../../../data/catalog';
import { memo } from './memo';
import { parseOperator } from './operators';

/**
 * Facts as bits, for `Rule.facts`: a rule whose policy returns at once unless the document has one of them declares
 * them, and the runner skips the call for other documents.
 */
export const FACT = {
  arnFields: 1, arnFormat: 2, conditionVariables: 4, multiValue: 8, nullSet: 16, ipAddress: 32, notPlainActions: 64,
  conditionKeys: 128, sourceIp: 256, sourceVpc: 512, wildcardString: 1024, multiBool: 2048, longList: 4096, everyResource: 8192,
  kmsArn: 16384, arnRegions: 32768, kmsKeys: 65536, regionKeys: 131072, principals: 262144,
} as const;

/**
 * Condition keys whose value is a region name (lower case), read by `catalog/unknown-region`. Each is checked against
 * the catalogue in test/rules/access-analyzer-more.test.ts, so a key AWS renames fails a test rather than going quiet.
 */
export const REGION_KEYS: ReadonlySet<string> = new Set(['aws:requestedregion', 'ec2:region', 'kms:primaryregion', 'kms:replicaregion']);

/** Operator families as bits, for `DocFacts.families`. */
export const FAMILY = { String: 1, Numeric: 2, Date: 4, Bool: 8, Binary: 16, IpAddress: 32, Arn: 64, Null: 128 } as const;

/**
 * What a document holds, gathered in one pass and kept per document: a dozen rules look for things most
 * documents don't have (a condition on a given key, an empty list, a NotAction...), and each would otherwise
 * walk every statement of every document to find nothing.
 */
export interface DocFacts {
  /** Lower-case condition keys. */
  keys: Set<string>;
  /** FAMILY bits of the condition operators. */
  families: number;
  /** A condition key with two values or more. */
  multiValue: boolean;
  /** A condition value holding "${". */
  conditionVariables: boolean;
  /** A string condition value holding "*" or "?". */
  conditionWildcards: boolean;
  /** Null under ForAllValues / ForAnyValue. */
  nullSet: boolean;
  /** An Action, NotAction, Resource or NotResource list of two values or more. */
  longList: boolean;
  /** "Resource": "*" or a NotResource somewhere. */
  everyResource: boolean;
  /** Something that may be empty: an empty list or principal, an empty Sid, a Condition without entries or with "{}". */
  maybeEmpty: boolean;
  /**
   * The distinct (partition, region) pairs of the Resource and NotResource ARNs whose region is written (not
   * empty, no wildcard or variable in the fields up to it): an account names a few regions thousands of times.
   */
  arnRegions: { partition: string; region: string }[];
  /** A Resource or NotResource ARN of the kms service. */
  kmsArn: boolean;
  /** A condition key of the kms service ("kms:..."). */
  kmsKeys: boolean;
  /** A condition key whose value is a region (`REGION_KEYS`). */
  regionKeys: boolean;
  /** A Principal or NotPrincipal element somewhere (identity policies, most of an account's documents, have none). */
  principals: boolean;
  /** Some Resource or NotResource value (not "*") that `grammar/arn-format` reports (`arnFormatCheck`). */
  arnFormat: boolean;
  /** Some Resource or NotResource value (not "*") that `catalog/arn-fields` must look at (`arnFieldsWorthChecking`). */
  arnFields: boolean;
  /**
   * Every Action and NotAction value is "*" or an action the catalogue knows, written without wildcard or variable
   * (`plainAction`): then `grammar/action-format`, `catalog/unknown-action`, `catalog/unknown-service` and
   * `catalog/wildcard-matches-nothing` have nothing to say about the document, and skip it without asking about
   * each value again.
   */
  plainActions: boolean;
  /** The `FACT` bits of the document (`Rule.facts`). */
  bits: number;
  /** Whether one of `arnRegions` is not a region of its partition: filled in by `catalog/unknown-region` on first use. */
  arnRegionBad?: boolean;
  /** One bit per rule that found nothing in the document (`unlessQuiet` in quiet.ts); 0 until one did. */
  quiet: number;
}

const cache = new WeakMap<PolicyDocument, DocFacts>();

const SERVICE = /^[a-z0-9][a-z0-9-]*$/i;
const ACTION_NAME = /^[A-Za-z0-9_-]+$/;
/**
 * The action value is "*" or `service:Action` with a service prefix and an action the catalogue knows, with no
 * `*`, `?` or `$`: a value none of the four action rules (see `DocFacts.plainActions`) reports.
 */
export const plainAction = memo((v: string): boolean => {
  if (v === '*') return true;
  const colon = v.indexOf(':');
  if (colon <= 0) return false;
  const service = v.slice(0, colon);
  const name = v.slice(colon + 1);
  if (!SERVICE.test(service) || !ACTION_NAME.test(name)) return false;
  const catalog = getCatalog();
  return !!catalog.service(service) && !!catalog.action(v);
});

/** Whether every value of the list is a plain action (`plainAction`). */
function plainList(l: StringList | undefined): boolean {
  if (!l) return true;
  const vs = l.values;
  for (let i = 0; i < vs.length; i++) if (!plainAction(vs[i].value)) return false;
  return true;
}
const NO_KEYS: Set<string> = new Set();
const NO_REGIONS: { partition: string; region: string }[] = [];

/** Notes what the ARN rules will ask of a resource value other than "*" (each answer memoised per value). */
function resourceFacts(f: DocFacts, v: string): void {
  if (!f.arnFormat && !arnFormatFine(v) && arnFormatCheck(v)) f.arnFormat = true;
  if (!f.arnFields && arnFieldsWorthChecking(v)) f.arnFields = true;
  arnFacts(f, v);
}

/** Adds the ARN's partition and region to the facts (once) and notes a kms ARN; no allocation for a pair already there. */
function arnFacts(f: DocFacts, v: string): void {
  if (!v.startsWith('arn:')) return;
  const c1 = v.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : v.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : v.indexOf(':', c2 + 1);
  if (c3 < 0) return;
  if (v.startsWith('kms:', c1 + 1)) f.kmsArn = true;
  if (c3 === c2 + 1) return;
  for (let i = 0, arnRegions = f.arnRegions; i < arnRegions.length; i++) {
    const r = arnRegions[i];
    if (c1 - 4 === r.partition.length && c3 - c2 - 1 === r.region.length && v.startsWith(r.region, c2 + 1) && v.startsWith(r.partition, 4)) return;
  }
  const partition = v.slice(4, c1);
  const region = v.slice(c2 + 1, c3);
  if (/[*?$]/.test(partition) || /[*?$]/.test(region)) return;
  if (f.arnRegions === NO_REGIONS) f.arnRegions = [];
  f.arnRegions.push({ partition, region });
}

/** The last document asked about and its facts: a run asks every rule about one document, then the next. */
let lastDoc: PolicyDocument | undefined;
let lastFacts: DocFacts | undefined;

export function docFacts(doc: PolicyDocument, text: string): DocFacts {
  if (doc === lastDoc) return lastFacts!;
  let f = cache.get(doc);
  if (f) {
    lastDoc = doc;
    lastFacts = f;
    return f;
  }
  f = { keys: NO_KEYS, families: 0, multiValue: false, conditionVariables: false, conditionWildcards: false, nullSet: false, longList: false, everyResource: false, maybeEmpty: false, arnRegions: NO_REGIONS, kmsArn: false, kmsKeys: false, regionKeys: false, principals: false, arnFormat: false, arnFields: false, plainActions: true, bits: 0, quiet: 0 };
  // Indexed loops, no list made per statement: the first run walks every document here once, before V8 optimises
  // this function, and each `for...of` there allocates an iterator and a result per element.
  const statements = doc.statements;
  for (let si = 0; si < statements.length; si++) {
    const st = statements[si];
    listFacts(f, st.action);
    listFacts(f, st.notAction);
    if (f.plainActions && !(plainList(st.action) && plainList(st.notAction))) f.plainActions = false;
    listFacts(f, st.resource);
    listFacts(f, st.notResource);
    if (st.notResource) {
      f.everyResource = true;
      const vs = st.notResource.values;
      for (let i = 0; i < vs.length; i++) if (vs[i].value !== '*') resourceFacts(f, vs[i].value);
    }
    if (st.resource) {
      const vs = st.resource.values;
      for (let i = 0; i < vs.length; i++) {
        const v = vs[i].value;
        if (v === '*') f.everyResource = true;
        else resourceFacts(f, v);
      }
    }
    principalFacts(f, st.principal);
    principalFacts(f, st.notPrincipal);
    if (st.sid && st.sid.value === '') f.maybeEmpty = true;
    if (st.conditionSpan && (st.conditions.length === 0 || emptyBraces(text, st.conditionSpan.start, st.conditionSpan.end))) f.maybeEmpty = true;
    const conditions = st.conditions;
    for (let ci = 0; ci < conditions.length; ci++) {
      const c = conditions[ci];
      if (f.keys === NO_KEYS) f.keys = new Set();
      const key = c.key.value.toLowerCase();
      f.keys.add(key);
      if (key.startsWith('kms:')) f.kmsKeys = true;
      if (REGION_KEYS.has(key)) f.regionKeys = true;
      const op = parseOperator(c.operator.value);
      if (op) {
        f.families |= FAMILY[op.family];
        if (op.family === 'Null' && op.set) f.nullSet = true;
      }
      if (c.values.length >= 2) f.multiValue = true;
      for (let i = 0; i < c.values.length; i++) {
        const v = c.values[i].value;
        if (typeof v !== 'string') continue;
        if (v.includes('${')) f.conditionVariables = true;
        if (v.includes('*') || v.includes('?')) f.conditionWildcards = true;
      }
    }
  }
  f.bits =
    (f.arnFields ? FACT.arnFields : 0) |
    (f.arnFormat ? FACT.arnFormat : 0) |
    (f.conditionVariables ? FACT.conditionVariables : 0) |
    (f.multiValue ? FACT.multiValue : 0) |
    (f.nullSet ? FACT.nullSet : 0) |
    (f.families & FAMILY.IpAddress ? FACT.ipAddress : 0) |
    (f.plainActions ? 0 : FACT.notPlainActions) |
    (f.keys.size !== 0 ? FACT.conditionKeys : 0) |
    (f.keys.has('aws:sourceip') ? FACT.sourceIp : 0) |
    (f.keys.has('aws:sourcevpc') || f.keys.has('aws:sourcevpce') ? FACT.sourceVpc : 0) |
    (f.conditionWildcards && f.families & FAMILY.String ? FACT.wildcardString : 0) |
    (f.multiValue && f.families & FAMILY.Bool ? FACT.multiBool : 0) |
    (f.longList ? FACT.longList : 0) |
    (f.everyResource ? FACT.everyResource : 0) |
    (f.kmsArn ? FACT.kmsArn : 0) |
    (f.kmsKeys ? FACT.kmsKeys : 0) |
    (f.regionKeys ? FACT.regionKeys : 0) |
    (f.principals ? FACT.principals : 0) |
    (f.arnRegions.length !== 0 ? FACT.arnRegions : 0);
  cache.set(doc, f);
  lastDoc = doc;
  lastFacts = f;
  return f;
}

/** An Action, NotAction, Resource or NotResource list's facts: long, or empty. */
function listFacts(f: DocFacts, l: StringList | undefined): void {
  if (!l) return;
  if (l.values.length >= 2) f.longList = true;
  else if (l.values.length === 0) f.maybeEmpty = true;
}

/** A Principal or NotPrincipal block's facts: there is one; it is empty, or an entry has no values. */
function principalFacts(f: DocFacts, b: Statement['principal']): void {
  if (!b) return;
  f.principals = true;
  if (b.wildcard) return;
  if (b.entries.length === 0) f.maybeEmpty = true;
  else for (let i = 0; i < b.entries.length; i++) if (b.entries[i].values.length === 0) f.maybeEmpty = true;
}

/** Text [start, end) holds "{", only whitespace, "}" (maybe an empty object: the JSON decides). No allocation. */
export function emptyBraces(text: string, start: number, end: number): boolean {
  for (let i = text.indexOf('{', start); i >= 0 && i < end; i = text.indexOf('{', i + 1)) {
    let j = i + 1;
    for (let c = text.charCodeAt(j); j < end && (c === 32 || c === 10 || c === 13 || c === 9); c = text.charCodeAt(++j));
    if (text.charCodeAt(j) === 125) return true;
  }
  return false;
}
