/** Value syntax checks for condition values, ARNs and policy variables. */

import { replaceVariables } from '../../../text/variables';
import { memo } from './memo';

export const NUMERIC = /^-?\d+(\.\d+)?$/;
/** ISO 8601 dates and times as IAM accepts them (date, date-time with optional fraction and zone). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
export const EPOCH = /^\d{1,12}$/;
const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
/** Hex digits, colons and dots, a colon before any dot, an optional prefix length (checked in isIpOrCidr: one pattern for both took quadratic time). */
const IPV6_CIDR = /^[0-9a-f:.]*(\/(12[0-8]|1[01]\d|\d?\d))?$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isIpOrCidr(s: string): boolean {
  if (IPV4_CIDR.test(s)) return true;
  const colon = s.indexOf(':');
  const dot = s.indexOf('.');
  return colon >= 0 && (dot < 0 || colon < dot) && IPV6_CIDR.test(s);
}

export function isBase64(s: string): boolean {
  return s.length % 4 === 0 && BASE64.test(s);
}

/** Policy variables in a string: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, `${*}`. */
export interface VariableUse {
  text: string;
  /** The key inside (without a default), trimmed. */
  key: string;
  /** Offset of `$` within the string. */
  index: number;
  /** An unclosed `${`. */
  unclosed: boolean;
}

export function variablesIn(s: string): VariableUse[] {
  const out: VariableUse[] = [];
  let i = s.indexOf('${');
  while (i >= 0) {
    const end = s.indexOf('}', i + 2);
    if (end < 0) {
      out.push({ text: s.slice(i), key: s.slice(i + 2).trim(), index: i, unclosed: true });
      break;
    }
    const inner = s.slice(i + 2, end);
    out.push({ text: s.slice(i, end + 1), key: inner.split(',')[0].trim(), index: i, unclosed: false });
    i = s.indexOf('${', end + 1);
  }
  return out;
}

/** The special variables IAM offers for characters that have a meaning: `${*}`, `${?}`, `${$}`. */
export const SPECIAL_VARIABLES = new Set(['*', '?', '$']);

/** Replaces policy variables by a wildcard (for matching a resource pattern against templates). */
export function variablesAsWildcards(s: string): string {
  return replaceVariables(s, () => '*');
}

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/**
 * What is wrong with a resource ARN as written in a policy (wildcards and variables allowed), or
 * undefined when it is well-formed.
 */
const arnProblems = memo(findArnProblem);
export function arnProblem(value: string): string | undefined {
  return value === '*' ? undefined : arnProblems(value);
}

function findArnProblem(value: string): string | undefined {
  if (!value.startsWith('arn:')) {
    if (/^arn:/i.test(value)) return 'ARNs start with lower-case "arn:"';
    return 'a resource must be "*" or an ARN (arn:partition:service:region:account:resource)';
  }
  // The colons ending the first five parts, found in place (no split: most values are well-formed and unique).
  const c1 = value.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : value.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : value.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : value.indexOf(':', c3 + 1);
  if (c4 < 0) {
    return `an ARN has six parts separated by colons (arn:partition:service:region:account:resource); this one has ${value.split(':').length}`;
  }
  const partition = value.slice(4, c1);
  if (partition && !partition.includes('*') && !partition.includes('$') && !PARTITIONS.includes(partition)) {
    return `"${partition}" is not a partition (aws, aws-cn, aws-us-gov, ...)`;
  }
  if (c2 === c1 + 1) return 'the service part of the ARN is empty';
  if (c4 > c3 + 1) {
    const account = value.slice(c3 + 1, c4);
    if (!/^(\d{12}|aws|\*|.*[*?$].*)$/.test(account)) return `the account part must be a 12-digit account id, not "${account}"`;
  }
  if (c4 === value.length - 1) return 'the resource part of the ARN is empty';
  return undefined;
}

/**
 * Whether two IAM wildcard patterns (`*` any run, `?` one character) can match a common string,
 * ignoring case. Used to ask whether a policy's resource ARN can name a resource of some type.
 */
export function patternsIntersect(a: string, b: string): boolean {
  // "*" matches every string, and every pattern matches some string (before lower-casing: a template's partition,
  // region and account are "*").
  if (a === '*' || b === '*') return true;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (!x.includes('*') && !x.includes('?') && !y.includes('*') && !y.includes('?')) return x === y;
  // "*" matches every string, and every pattern matches some string.
  if (x === '*' || y === '*') return true;
  // Before the first star of either pattern, each character of a common string is matched by one character of
  // each (a letter or "?"), and after the last star likewise from the end: two different letters there, and no
  // string can match both (the common case: an ARN's resource part against another resource type's template).
  for (let i = 0; i < x.length && i < y.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a === '*' || b === '*') break;
    if (a !== b && a !== '?' && b !== '?') return false;
  }
  for (let i = x.length - 1, j = y.length - 1; i >= 0 && j >= 0; i--, j--) {
    const a = x[i];
    const b = y[j];
    if (a === '*' || b === '*') break;
    if (a !== b && a !== '?' && b !== '?') return false;
  }
  // reach[i][j]: the prefixes x[0..i) and y[0..j) can match a common string. Filled row by row.
  const w = y.length + 1;
  const reach = new Uint8Array((x.length + 1) * w);
  reach[0] = 1;
  for (let i = 0; i <= x.length; i++) {
    for (let j = 0; j <= y.length; j++) {
      const k = i * w + j;
      if (!reach[k]) continue;
      const xi = x[i];
      const yj = y[j];
      if (xi === '*') {
        reach[k + w] = 1; // the star matches nothing more
        if (j < y.length) reach[k + 1] = 1; // the star swallows y[j] (or y's own star)
      }
      if (yj === '*') {
        reach[k + 1] = 1;
        if (i < x.length) reach[k + w] = 1;
      }
      if (i < x.length && j < y.length && xi !== '*' && yj !== '*' && (xi === yj || xi === '?' || yj === '?')) reach[k + w + 1] = 1;
    }
  }
  return reach[x.length * w + y.length] === 1;
}

/** ARN templates of the catalogue (`arn:${Partition}:s3:::${BucketName}`) as wildcard patterns. */
export function templateAsPattern(template: string): string {
  return template.replace(/\$\{[^}]*\}/g, '*');
}

/**
 * The ARN templates a catalogue entry holds. A few resource types have two ARN forms, which the
 * catalogue writes in one string separated by a comma (API Gateway's `Stage`: `.../apis/${ApiId}/stages/...,
 * .../restapis/${RestApiId}/stages/...`; Lex's `bot`).
 */
export function templatesOf(arn: string): string[] {
  return arn.includes(',') ? arn.split(/\s*,\s*(?=arn:)/) : [arn];
}

/**
 * Whether a resource ARN written in a policy can name a resource of the type an ARN template
 * describes (any of its forms, see templatesOf): segment by segment (partition, service, region,
 * account), then the resource part.
 */
export function arnFitsTemplate(arn: string, template: string): boolean {
  const a = arnSegments(arn);
  if (!a) return true;
  if (!template.includes(',')) return segmentsFit(a, template);
  return templatesOf(template).some((one) => segmentsFit(a, one));
}

/** Whether an ARN's segments (arnSegments) fit one form of a template, segment by segment. */
function segmentsFit(a: string[], one: string): boolean {
  const t = templateSegments(one);
  if (!t) return true;
  for (let i = 0; i < 5; i++) {
    if (!patternsIntersect(a[i], t[i])) return false;
  }
  return true;
}

/** Partition, service, region, account and resource of an ARN, variables as wildcards (undefined: not six parts). */
const arnSegments = memo((arn: string): string[] | undefined => {
  const a = variablesAsWildcards(arn).split(':');
  return a.length < 6 ? undefined : [a[1], a[2], a[3], a[4], a.slice(5).join(':')];
});

/** The same segments of a catalogue ARN template, as wildcard patterns. */
const templateSegments = memo((template: string): string[] | undefined => {
  const t = template.split(':');
  return t.length < 6 ? undefined : [...t.slice(1, 5).map(templateAsPattern), templateAsPattern(t.slice(5).join(':'))];
});
