import { memo } from './memo';

/** IAM condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators"). */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

export const BASE_OPERATORS: Record<string, OperatorFamily> = {
  StringEquals: 'String', StringNotEquals: 'String', StringEqualsIgnoreCase: 'String',
  StringNotEqualsIgnoreCase: 'String', StringLike: 'String', StringNotLike: 'String',
  NumericEquals: 'Numeric', NumericNotEquals: 'Numeric', NumericLessThan: 'Numeric',
  NumericLessThanEquals: 'Numeric', NumericGreaterThan: 'Numeric', NumericGreaterThanEquals: 'Numeric',
  DateEquals: 'Date', DateNotEquals: 'Date', DateLessThan: 'Date', DateLessThanEquals: 'Date',
  DateGreaterThan: 'Date', DateGreaterThanEquals: 'Date',
  Bool: 'Bool',
  BinaryEquals: 'Binary',
  IpAddress: 'IpAddress', NotIpAddress: 'IpAddress',
  ArnEquals: 'Arn', ArnLike: 'Arn', ArnNotEquals: 'Arn', ArnNotLike: 'Arn',
  Null: 'Null',
};

export interface ParsedOperator {
  /** As written. */
  text: string;
  base: string;
  family: OperatorFamily;
  set?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
  /** The operator negates (StringNotEquals, NotIpAddress, ArnNotLike, ...). */
  negated: boolean;
}

const BY_LOWER = new Map(Object.keys(BASE_OPERATORS).map((k) => [k.toLowerCase(), k]));

/**
 * Reads an operator such as `ForAnyValue:StringLikeIfExists`. Undefined when the base operator is
 * unknown (or written in the wrong case; `canonicalOperator` gives the right spelling then).
 */
export function parseOperator(text: string): ParsedOperator | undefined {
  return parsed(text);
}

/** Operators repeat across thousands of conditions, and five rules read each: parsed once per text (results are shared; read only). */
const parsed = memo((text: string): ParsedOperator | undefined => {
  let rest = text;
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon);
    if (prefix !== 'ForAllValues' && prefix !== 'ForAnyValue') return undefined;
    set = prefix;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  // Own keys only: "toString" or "constructor" are not condition operators.
  const family = Object.hasOwn(BASE_OPERATORS, rest) ? BASE_OPERATORS[rest] : undefined;
  if (!family) return undefined;
  return { text, base: rest, family, set, ifExists, negated: /Not/.test(rest) };
});

/** The correct spelling of an operator written in the wrong case (`stringequals` → `StringEquals`). */
export function canonicalOperator(text: string): string | undefined {
  let rest = text;
  let prefix = '';
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const p = rest.slice(0, colon).toLowerCase();
    prefix = p === 'forallvalues' ? 'ForAllValues:' : p === 'foranyvalue' ? 'ForAnyValue:' : '';
    if (!prefix) return undefined;
    rest = rest.slice(colon + 1);
  }
  let suffix = '';
  if (rest.toLowerCase().endsWith('ifexists') && rest.length > 8) {
    suffix = 'IfExists';
    rest = rest.slice(0, -8);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  return base ? prefix + base + suffix : undefined;
}

/** Every operator name that can be written, for did-you-mean. */
export function allOperatorNames(): string[] {
  const out: string[] = [];
  for (const base of Object.keys(BASE_OPERATORS)) {
    out.push(base);
    if (base !== 'Null') out.push(base + 'IfExists');
  }
  return out;
}
