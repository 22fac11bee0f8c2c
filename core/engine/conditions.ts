/**
 * Condition operators, as the IAM User Guide ("IAM JSON policy elements: Condition operators",
 * "Set operators for multivalued context keys") documents them.
 */
import type { ConditionEntry } from '../policy/types';
import type { RequestContext } from './context';
import { cidrContains, parseCidr, parseIp, type Cidr } from './ip';
import { arnMatcher, globMatcher, parsePattern, partsText, resolveParts, variableMatcher, type Matcher, type Part } from './pattern';
import type { ConditionExplanation } from './types';

type Family = 'string' | 'stringIC' | 'stringLike' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
type Compare = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

interface OperatorInfo {
  family: Family;
  negated: boolean;
  compare: Compare;
}

const OPERATORS: Record<string, OperatorInfo> = {};
function op(name: string, family: Family, negated = false, compare: Compare = 'eq') {
  OPERATORS[name.toLowerCase()] = { family, negated, compare };
}
op('StringEquals', 'string');
op('StringNotEquals', 'string', true);
op('StringEqualsIgnoreCase', 'stringIC');
op('StringNotEqualsIgnoreCase', 'stringIC', true);
op('StringLike', 'stringLike');
op('StringNotLike', 'stringLike', true);
for (const [fam, prefix] of [['numeric', 'Numeric'], ['date', 'Date']] as const) {
  op(`${prefix}Equals`, fam);
  op(`${prefix}NotEquals`, fam, true);
  op(`${prefix}LessThan`, fam, false, 'lt');
  op(`${prefix}LessThanEquals`, fam, false, 'lte');
  op(`${prefix}GreaterThan`, fam, false, 'gt');
  op(`${prefix}GreaterThanEquals`, fam, false, 'gte');
}
op('Bool', 'bool');
op('BinaryEquals', 'binary');
op('IpAddress', 'ip');
op('NotIpAddress', 'ip', true);
op('ArnEquals', 'arn');
op('ArnLike', 'arn');
op('ArnNotEquals', 'arn', true);
op('ArnNotLike', 'arn', true);
op('Null', 'null');

/** Parses an operator name: `ForAllValues:StringLikeIfExists` → set operator, base, IfExists. */
export function parseOperator(name: string):
  | { info: OperatorInfo; set?: 'all' | 'any'; ifExists: boolean; base: string }
  | undefined {
  let rest = name;
  let set: 'all' | 'any' | undefined;
  const lower = name.toLowerCase();
  if (lower.startsWith('forallvalues:')) {
    set = 'all';
    rest = name.slice(13);
  } else if (lower.startsWith('foranyvalue:')) {
    set = 'any';
    rest = name.slice(12);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists') && rest.toLowerCase() !== 'null') {
    ifExists = true;
    rest = rest.slice(0, -8);
  }
  const key = rest.toLowerCase();
  // Own keys only: "constructor" or "__proto__" are not condition operators.
  const info = Object.hasOwn(OPERATORS, key) ? OPERATORS[key] : undefined;
  // Null takes no IfExists; under ForAllValues/ForAnyValue it still tests whether the key is there (docs/engine-notes.md).
  if (!info || (info.family === 'null' && ifExists)) return undefined;
  return { info, set, ifExists, base: rest };
}

/** Parses a date as AWS accepts it: ISO 8601 or epoch seconds. Milliseconds since the epoch. */
export function parseDate(s: string): number {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? NaN : ms;
}

function parseNumber(s: string): number {
  const t = s.trim();
  if (t === '' || !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

function compareNumbers(a: number, b: number, c: Compare): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  switch (c) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
  }
}

/** What an ARN operator can compare: `arn:partition:service:region:account:resource`. */
const ARN_SHAPE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:./;

/** One policy value, ready to test a request value against (the positive form of the operator). */
type ValueTest = (requestValue: string, ctx: RequestContext) => boolean;

/** Families whose values take policy variables. */
const SUBSTITUTES = new Set<Family>(['string', 'stringIC', 'stringLike', 'arn']);

function valueTest(family: Family, compare: Compare, raw: string, variables: boolean): ValueTest {
  const parts = parsePattern(raw, SUBSTITUTES.has(family) && variables);
  const dynamic = parts.some((p) => 'variable' in p);
  const lookup = (ctx: RequestContext) => (k: string) => ctx.single(k);
  const fromParts = (build: (resolved: Part[]) => Matcher): ValueTest => {
    if (!dynamic) {
      const m = build(parts);
      return (r) => m(r);
    }
    const vm = variableMatcher(parts, build);
    return (r, ctx) => vm(r, lookup(ctx));
  };
  switch (family) {
    case 'string':
      return fromParts((p) => {
        const lit = partsText(p);
        return (r) => r === lit;
      });
    case 'stringIC':
      return fromParts((p) => {
        const lit = partsText(p).toLowerCase();
        return (r) => r.toLowerCase() === lit;
      });
    case 'stringLike':
      return fromParts((p) => globMatcher(p, false));
    case 'arn':
      return fromParts((p) => arnMatcher(p));
    case 'numeric': {
      const n = parseNumber(raw);
      return (r) => compareNumbers(parseNumber(r), n, compare);
    }
    case 'date': {
      const d = parseDate(raw);
      return (r) => compareNumbers(parseDate(r), d, compare);
    }
    case 'bool': {
      const b = raw.toLowerCase();
      return (r) => r.toLowerCase() === b;
    }
    case 'binary':
      return (r) => r === raw;
    case 'ip': {
      const cidr: Cidr | undefined = parseCidr(raw);
      return (r) => {
        const ip = parseIp(r);
        return !!cidr && !!ip && cidrContains(cidr, ip);
      };
    }
    case 'null':
      return () => false;
  }
}

/** A compiled `"Operator": {"key": values}` entry. */
export interface CompiledCondition {
  entry: ConditionEntry;
  key: string;
  test(ctx: RequestContext): boolean;
  explain(ctx: RequestContext): ConditionExplanation;
}

export function compileCondition(entry: ConditionEntry, variables: boolean): CompiledCondition {
  const parsed = parseOperator(entry.operator.value);
  const key = entry.key.value;
  const rawValues = entry.values.map((v) => String(v.value));
  if (!parsed) {
    const why = `Unknown condition operator "${entry.operator.value}": the condition never holds.`;
    return {
      entry,
      key,
      test: () => false,
      explain: (ctx) => ({ operator: entry.operator.value, key, values: rawValues, requestValues: ctx.get(key)?.values, held: false, why, span: entry.span }),
    };
  }
  const { info, set, ifExists } = parsed;

  if (info.family === 'null') {
    const wants = rawValues.map((v) => v.toLowerCase() === 'true');
    const test = (ctx: RequestContext) => {
      const v = ctx.get(key);
      const absent = !v || v.values.length === 0;
      return wants.some((w) => w === absent);
    };
    return {
      entry,
      key,
      test,
      explain: (ctx) => {
        const held = test(ctx);
        const v = ctx.get(key);
        const present = !!v && v.values.length > 0;
        return {
          operator: entry.operator.value,
          key,
          values: rawValues,
          requestValues: v?.values,
          held,
          why: `${key} is ${present ? 'present' : 'absent'} in the request; Null ${rawValues.join(' or ')} ${held ? 'holds' : 'fails'}.`,
          span: entry.span,
        };
      },
    };
  }

  const tests = rawValues.map((raw) => valueTest(info.family, info.compare, raw, variables));
  // Positive form for one request value: OR across the policy's values.
  const anyMatch = (r: string, ctx: RequestContext) => {
    for (const t of tests) if (t(r, ctx)) return true;
    return false;
  };
  // The operator's own answer for one request value (negated operators: matches none).
  // A request value that is not an ARN (six colon-separated parts) matches no ARN operator, negated
  // ones included: there is nothing to compare part by part (docs/engine-notes.md).
  const single =
    info.family === 'arn' && info.negated
      ? (r: string, ctx: RequestContext) => ARN_SHAPE.test(r) && !anyMatch(r, ctx)
      : info.negated
        ? (r: string, ctx: RequestContext) => !anyMatch(r, ctx)
        : anyMatch;

  // A variable that cannot be resolved makes the statement invalid (IAM User Guide, "Policy variables").
  const dynamic = rawValues.map((raw) => parsePattern(raw, variables && SUBSTITUTES.has(info.family))).filter((p) => p.some((x) => 'variable' in x));
  const unresolved = (ctx: RequestContext) => dynamic.some((p) => !resolveParts(p, (k) => ctx.single(k)));

  const test = (ctx: RequestContext): boolean => {
    const v = ctx.get(key);
    const values = v?.values;
    if (!v && ifExists) return true;
    if (dynamic.length && unresolved(ctx)) return false;
    // Multivalued keys need ForAllValues / ForAnyValue; a single-valued operator never matches one.
    if (v?.multi && !set) return false;
    if (!values || values.length === 0) {
      if (ifExists) return true;
      if (set === 'all') return true;
      if (set === 'any') return false;
      return info.negated;
    }
    if (set === 'all') {
      for (const r of values) if (!single(r, ctx)) return false;
      return true;
    }
    if (set === 'any') {
      for (const r of values) if (single(r, ctx)) return true;
      return false;
    }
    // No set operator: a single-valued key.
    return single(values[0], ctx);
  };

  const explain = (ctx: RequestContext): ConditionExplanation => {
    const held = test(ctx);
    const v = ctx.get(key);
    const shown = variables
      ? rawValues.map((raw) => {
          const parts = parsePattern(raw, true);
          const resolved = resolveParts(parts, (k) => ctx.single(k));
          return resolved ? partsText(resolved) : raw;
        })
      : rawValues;
    let why: string;
    const opName = entry.operator.value;
    if (v && !ifExists && dynamic.length && unresolved(ctx)) {
      why = `A policy variable in the values of ${key} has no value in the request and no default, so the condition cannot hold.`;
    } else if (v?.multi && !set && !(ifExists && !v)) {
      why = `${key} is multivalued (${v.values.map((x) => JSON.stringify(x)).join(', ')}); ${opName} without ForAllValues/ForAnyValue never matches it.`;
    } else if (!v || v.values.length === 0) {
      why = ifExists
        ? `${key} is absent, so ${opName} holds (IfExists).`
        : set === 'all'
          ? `${key} is absent or empty, and ForAllValues holds for an empty set.`
          : set === 'any'
            ? `${key} is absent or empty, and ForAnyValue needs at least one value.`
            : info.negated
              ? `${key} is absent, and a negated operator holds when the key is absent.`
              : `${key} is absent from the request, so ${opName} cannot match.`;
    } else {
      const reqText = v.values.map((x) => JSON.stringify(x)).join(', ');
      const polText = shown.map((x) => JSON.stringify(x)).join(', ');
      why = `${key} = ${reqText} ${held ? 'satisfies' : 'does not satisfy'} ${opName} ${polText}.`;
    }
    return { operator: opName, key, values: shown, requestValues: v?.values, held, why, span: entry.span };
  };

  return { entry, key, test, explain };
}
