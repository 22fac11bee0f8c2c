/**
 * The fuzz tier's generator: hostile and mutated inputs of every kind IAM Workbench reads, made from
 * real seeds (the examples and the test fixtures) by text mutations (byte flips, truncation, splicing,
 * deletion, deep nesting, control and bidi characters, huge strings, duplicate keys) and structural
 * ones (a random JSON value, a wrong type, a many-star wildcard in any position of the parsed value).
 * Deterministic: `generate(seed, i)` is the same input on every run and machine, so a failure found by
 * the long run can be regenerated from its seed and index alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { tooDeep } from '../../core/json/depth';
import { rng } from '../support/random';

export type FuzzKind = 'account' | 'policy' | 'scenario' | 'details' | 'report' | 'password' | 'edits';

export interface FuzzInput {
  kind: FuzzKind;
  /** The text (for `edits`: the text the edits start from). */
  text: string;
  /** `edits` only: each step's whole text, in order (what an editor sends while someone types). */
  steps?: string[];
  /** How it was made, for the report: the seed file and the mutations. */
  how: string;
}

export const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

interface Seed {
  name: string;
  text: string;
}

let seedCache: Record<Exclude<FuzzKind, 'edits'>, Seed[]> | undefined;

/** The seeds of each kind: real files of the repository, and the policies inside the example accounts. */
export function seeds(): Record<Exclude<FuzzKind, 'edits'>, Seed[]> {
  if (seedCache) return seedCache;
  const file = (p: string): Seed => ({ name: p, text: read(p) });
  const accounts = ['examples/acme-prod.iam.json', 'examples/acme-security.iam.json', 'examples/mistakes.iam.json', 'test/fixtures/interop/export-sample.iam.json'].map(file);
  const policies: Seed[] = [];
  for (const a of accounts) {
    const found: unknown[] = [];
    collectPolicies(parse(a.text), found);
    found.forEach((p, i) => policies.push({ name: `${a.name}#policy${i}`, text: JSON.stringify(p, null, i % 2 ? 2 : undefined) }));
  }
  const fx = 'test/fixtures/interop/';
  seedCache = {
    account: accounts,
    policy: policies,
    scenario: [file('examples/acme.iam-tests.json')],
    details: ['authorization-details-page1.json', 'authorization-details-page2.json', 'broken-document.json', 'list-roles.json', 'other-account.json'].map((n) => file(fx + n)),
    report: ['credential-report.csv', 'credential-report.json', 'credential-report.b64', 'broken-report.csv'].map((n) => file(fx + n)),
    password: [file(fx + 'password-policy.json')],
  };
  return seedCache;
}

function collectPolicies(v: unknown, out: unknown[]): void {
  if (!v || typeof v !== 'object') return;
  if (!Array.isArray(v) && 'Statement' in v) {
    out.push(v);
    return;
  }
  for (const x of Object.values(v)) collectPolicies(x, out);
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

/** Strings that mean something to IAM, or to a parser, or to a terminal. */
const NASTY_STRINGS = [
  '', '*', '?', '**', '*:*', 's3:*', 's3:Get*', 'iam:PassRole', 'sts:AssumeRole', 'arn:aws:s3:::*', 'arn:aws:iam::111111111111:root',
  'arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:user/${aws:username}', '${aws:username}', '${', '${*}', '$${x}', 'arn:', 'arn:aws',
  'arn:aws:iam::111111111111:policy/', ':::::::', '/', '//', '\\', '"', "'", '\u0000', '\u202e', '\u200b', '\ud800', '\udfff', '\u001b[31mred',
  'é', '日本', '𝔘', '\n', '\r\n', '\t', ' ', 'null', 'true', '0', '-1', '1e309', 'NaN', 'Infinity', '__proto__', 'constructor', 'prototype',
  'toString', 'hasOwnProperty', '2012-10-17', '2008-10-17', 'Allow', 'Deny', 'allow', 'StringLike', 'ForAllValues:StringEquals',
  'ForAnyValue:ArnLike', 'StringEqualsIfExists', 'Null', 'Bool', 'IpAddress', 'DateLessThan', 'aws:SourceIp', 'aws:PrincipalTag/${x}',
  '10.0.0.0/8', '::1/128', '999.1.1.1/40', '2026-13-45T25:61:61Z', 'AKIAIOSFODNN7EXAMPLE', 'a'.repeat(300),
];

/** A many-star wildcard (the shape that makes a backtracking matcher slow). */
function manyStars(r: Rand): string {
  const n = 2 + int(r, 8);
  const body = Array.from({ length: n }, () => pick(r, ['a', 'b', ':', '/', '?', ''])).join('*');
  return pick(r, ['arn:aws:s3:::*', 's3:*', 'arn:aws:iam::*:role/*', '*']) + body + '*' + pick(r, ['b', 'x', '']);
}

/** A random JSON value; depth-limited. */
function randomValue(r: Rand, depth = 0): unknown {
  const k = int(r, depth > 2 ? 6 : 9);
  switch (k) {
    case 0: return pick(r, NASTY_STRINGS);
    case 1: return manyStars(r);
    case 2: return pick(r, [0, -1, 1, 1.5, 1e21, -0, 2 ** 53 + 1, 1e-7, 123456789012, 111111111111]);
    case 3: return pick(r, [true, false]);
    case 4: return null;
    case 5: return pick(r, NASTY_STRINGS) + pick(r, NASTY_STRINGS);
    case 6: return Array.from({ length: int(r, 4) }, () => randomValue(r, depth + 1));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = int(r, 4); i > 0; i--) o[pick(r, [...KEYS, ...NASTY_STRINGS])] = randomValue(r, depth + 1);
      return o;
    }
    default: return [];
  }
}

/** Keys of the formats read (account file, policies, scenarios, import inputs): structural mutations rename to them. */
const KEYS = [
  'Version', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'AWS',
  'Service', 'Federated', 'CanonicalUser', 'account', 'id', 'policies', 'groups', 'users', 'roles', 'identityProviders', 'resources',
  'document', 'inlinePolicies', 'managedPolicies', 'permissionsBoundary', 'trustPolicy', 'assumeRolePolicy', 'tags', 'path', 'arn', 'members',
  'scenarios', 'name', 'principal', 'actions', 'action', 'resource', 'expect', 'context', 'chain', 'sessionPolicy', 'organization', 'scps',
  'quotas', 'passwordPolicy', 'root', 'UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies', 'PolicyDocument', 'PolicyVersionList',
  'AssumeRolePolicyDocument', 'PasswordPolicy', 'Content', 'Roles', 'IsTruncated', 'Marker', 'accessKeys', 'mfa', 'console',
];

/** Every path to a value inside `v` (objects by key, arrays by index). */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (out.length > 4000 || !v || typeof v !== 'object') return out;
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function structural(r: Rand, text: string): { text: string; how: string } | undefined {
  if (tooDeep(text, 200) >= 0 || text.length > 200_000) return undefined; // parse and stringify recurse
  const value = parse(text, [], { allowTrailingComma: true });
  if (value === undefined) return undefined;
  const all = paths(value);
  const box = { root: value as unknown };
  const at = pick(r, all);
  const parentPath = at.slice(0, -1);
  let parent: any = box.root;
  for (const k of parentPath) parent = parent?.[k];
  const key = at.length ? at[at.length - 1] : undefined;
  const get = () => (key === undefined ? box.root : parent?.[key]);
  const set = (x: unknown) => (key === undefined ? (box.root = x) : parent && typeof parent === 'object' && (parent[key] = x));
  const op = int(r, 7);
  let how: string;
  switch (op) {
    case 0: set(randomValue(r)); how = 'value'; break;
    case 1: set(manyStars(r)); how = 'stars'; break;
    case 2: set([get()]); how = 'wrap-array'; break;
    case 3: set(JSON.stringify(get()) ?? 'undefined'); how = 'stringify'; break;
    case 4: {
      if (parent && typeof parent === 'object' && !Array.isArray(parent) && typeof key === 'string') {
        const v = parent[key];
        delete parent[key];
        parent[pick(r, [...KEYS, ...NASTY_STRINGS])] = v;
        how = 'rename';
      } else {
        set(undefined);
        how = 'remove';
      }
      break;
    }
    case 5: {
      const v = get();
      if (Array.isArray(v)) for (let i = int(r, 50); i > 0; i--) v.push(pick(r, v.length ? v : [randomValue(r)]));
      else set(Array.from({ length: 1 + int(r, 200) }, () => v));
      how = 'repeat';
      break;
    }
    default: {
      const v = get();
      if (v && typeof v === 'object' && !Array.isArray(v)) (v as Record<string, unknown>)[pick(r, KEYS)] = randomValue(r);
      else set(randomValue(r));
      how = 'add-key';
    }
  }
  const out = JSON.stringify(box.root, null, pick(r, [undefined, 2, '\t']));
  return out === undefined ? undefined : { text: out, how: `structural:${how}@${at.join('.').slice(0, 60)}` };
}

const FLIP_CHARS = '{}[]":,\\/*\n\r\t 0123456789-+.eEtrufalsn$?\u0000\u0001\u001f\u007f\u00a0\u2028\u202e\ufeff\ud800';

/** One text mutation. */
function mutateText(r: Rand, text: string, other: () => string): { text: string; how: string } {
  const at = int(r, text.length + 1);
  const op = int(r, 11);
  switch (op) {
    case 0: {
      let t = text;
      const n = 1 + int(r, 8);
      for (let i = 0; i < n; i++) {
        const p = int(r, t.length);
        t = t.slice(0, p) + FLIP_CHARS[int(r, FLIP_CHARS.length)] + t.slice(p + 1);
      }
      return { text: t, how: `flip×${n}` };
    }
    case 1: return { text: text.slice(0, at), how: `truncate@${at}` };
    case 2: {
      const o = other();
      const s = int(r, o.length);
      return { text: text.slice(0, at) + o.slice(s, s + int(r, 2000)) + text.slice(at), how: `splice@${at}` };
    }
    case 3: return { text: text.slice(0, at) + text.slice(at + int(r, 400)), how: `delete@${at}` };
    case 4: {
      const n = pick(r, [5, 100, 511, 512, 513, 600, 3000, 10_000, 100_000]);
      const unit = pick(r, ['[', '{"a":', '{"Statement":', '{"Condition":{"StringLike":']);
      const close = unit === '[' ? ']' : '}';
      const balanced = r() < 0.7;
      const inner = unit === '[' ? '' : '1';
      const closeCount = unit.startsWith('{"Condition"') ? 2 : 1;
      const nest = unit.repeat(n) + (balanced ? inner + close.repeat(n * closeCount) : '');
      return { text: text.slice(0, at) + nest + text.slice(at), how: `deep${balanced ? '' : '-open'}×${n}@${at}` };
    }
    case 5: {
      // A string token becomes a many-star wildcard.
      const q = text.indexOf('"', at);
      const e = q < 0 ? -1 : text.indexOf('"', q + 1);
      if (e < 0) return { text: text + manyStars(r), how: 'stars-end' };
      return { text: text.slice(0, q + 1) + manyStars(r) + text.slice(e), how: `stars@${q}` };
    }
    case 6: {
      // A duplicate of the property at or after `at`.
      const m = /"([^"\\\n]{1,40})"\s*:\s*("(?:[^"\\\n]|\\.)*"|-?\d+|true|false|null)/g;
      m.lastIndex = at;
      const found = m.exec(text) ?? /"([^"\\\n]{1,40})"\s*:\s*("(?:[^"\\\n]|\\.)*"|-?\d+|true|false|null)/.exec(text);
      if (!found) return { text: text + ',', how: 'dup-none' };
      const end = found.index + found[0].length;
      return { text: `${text.slice(0, end)}, "${found[1]}": ${JSON.stringify(randomValue(r))}${text.slice(end)}`, how: `dup-key:${found[1]}` };
    }
    case 7: {
      const c = pick(r, ['\u0000', '\u0001', '\u0007', '\u001b[2J', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\u200f', '\ufeff', '\ud800', '\r']);
      const q = text.indexOf('"', at);
      const p = q < 0 ? at : q + 1;
      return { text: text.slice(0, p) + c + text.slice(p), how: `control:${c.charCodeAt(0).toString(16)}@${p}` };
    }
    case 8: {
      // (No run of thousands of '*': wildcard backtracking is being replaced elsewhere; see docs/benchmarks.md.)
      const q = text.indexOf('"', at);
      const p = q < 0 ? at : q + 1;
      const n = pick(r, [10_000, 100_000, 1_000_000]);
      return { text: text.slice(0, p) + pick(r, ['a', 'é', '\\\\', '${a}', '\\u0041']).repeat(n / 2) + text.slice(p), how: `huge×${n}@${p}` };
    }
    case 9: return { text: pick(r, ['', ' ', '\ufeff' + text, 'null', '[]', '"x"', '0', '{}', '{"a":1}{"b":2}', text + text, '/* open', '// only a comment']), how: 'whole' };
    default: {
      const t = text.slice(0, at) + pick(r, [',', ',,', ':', '}', ']', '{', '[', '"', '/*', '*/', '//', '\\', ' // x\n', ', "x": ']) + text.slice(at);
      return { text: t, how: `punct@${at}` };
    }
  }
}

const KINDS: FuzzKind[] = ['account', 'account', 'account', 'policy', 'policy', 'scenario', 'details', 'report', 'password', 'edits'];

/** Input `index` of the run seeded with `seed`. */
export function generate(seed: number, index: number): FuzzInput {
  const r = rng((seed * 1_000_003 + index * 7919) ^ 0x5bd1e995);
  const kind = KINDS[index % KINDS.length];
  const all = seeds();
  const pool = kind === 'edits' ? all.account : all[kind];
  const base = pick(r, pool);
  const other = () => {
    const kinds = Object.values(all);
    return pick(r, pick(r, kinds)).text;
  };
  let text = base.text;
  const hows: string[] = [];
  const n = 1 + int(r, 3);
  const steps: string[] = [];
  for (let i = 0; i < (kind === 'edits' ? 3 + int(r, 6) : n); i++) {
    const m = r() < 0.4 ? structural(r, text) ?? mutateText(r, text, other) : mutateText(r, text, other);
    // Keep inputs to a size the pipeline takes in well under a second (huge strings stay, bounded).
    if (m.text.length > 3_000_000) continue;
    text = m.text;
    hows.push(m.how);
    if (kind === 'edits') steps.push(text);
  }
  const how = `${base.name}: ${hows.join(', ') || 'unchanged'}`;
  return kind === 'edits' ? { kind, text: base.text, steps, how } : { kind, text, how };
}
