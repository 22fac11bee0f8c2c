/**
 * Wildcard matching is linear in pattern × text (core/text/glob.ts), and decides exactly as the regular
 * expressions it replaced. The bound is checked by counting the matcher's character comparisons
 * (`globWork.steps`), not by timing: adversarial patterns (many stars against long strings) must stay
 * within |pattern| × |text| comparisons, where the former regular expressions backtracked exponentially.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { arnMatcher, globMatcher, parsePattern, type Part } from '../../core/engine/pattern';
import { compileGlob, globWork } from '../../core/text/glob';
import { getCatalog, wildcardMatcher } from '../../core/data/catalog';
import { readDataFile } from '../../core/data/location';
import { rng } from '../support/random';
import { replaceVariables, variableRanges } from '../../core/text/variables';
import { isIpOrCidr } from '../../core/analysis/rules/support/values';
import { snake } from '../../core/interop/export/links';
import type { ContextInput } from '../../core/engine';
import { cond, decide, stmt } from './helpers';

// The regular expressions the engine used before (reference for small inputs only: they backtrack).
function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function referenceGlob(parts: Part[], ignoreCase: boolean): (s: string) => boolean {
  const re = new RegExp(
    '^' + parts.map((p) => ('lit' in p ? escapeRegex(p.lit) : 'wild' in p ? (p.wild === '*' ? '[\\s\\S]*' : '[\\s\\S]') : '')).join('') + '$',
    ignoreCase ? 'i' : '',
  );
  return (s) => re.test(s);
}
function referenceArn(parts: Part[]): (s: string) => boolean {
  const literal = parts.filter((p) => 'lit' in p).map((p) => (p as { lit: string }).lit).join('');
  if (!literal.toLowerCase().startsWith('arn:')) return referenceGlob(parts, false);
  let field = 0;
  let src = '^';
  for (const p of parts) {
    if ('lit' in p) {
      for (const ch of p.lit) {
        if (ch === ':' && field < 5) field++;
        src += escapeRegex(ch);
      }
    } else if ('wild' in p) {
      if (field < 5) src += p.wild === '*' ? '[^:]*' : '[^:]';
      else src += p.wild === '*' ? '[\\s\\S]*' : '[\\s\\S]';
    }
  }
  if (field < 5) src = src.replace(/\[\^:\]\*$/, '[\\s\\S]*');
  const re = new RegExp(src + '$');
  return (s) => re.test(s);
}

/** Characters that exercise the corners: colons, slashes, line breaks, case pairs, and non-ASCII case folding. */
const TEXT_CHARS = ['a', 'A', 'b', ':', '/', '\n', 'é', 'É', 'ſ', 's', 'S', 'K', 'k', 'ß'];
const PATTERN_CHARS = [...TEXT_CHARS, '*', '?', '*', '?'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** A random text, often built from the pattern (wildcards filled in) so that matches are frequent. */
function textFor(r: () => number, pattern: string): string {
  if (r() < 0.5) {
    let out = '';
    for (const ch of pattern) {
      if (ch === '*') for (let k = Math.floor(r() * 4); k > 0; k--) out += pick(r, TEXT_CHARS);
      else if (ch === '?') out += pick(r, TEXT_CHARS);
      else out += r() < 0.1 ? pick(r, TEXT_CHARS) : r() < 0.2 ? ch.toUpperCase() : ch;
    }
    return out;
  }
  let out = r() < 0.5 ? 'arn:' : '';
  for (let k = Math.floor(r() * 12); k > 0; k--) out += pick(r, TEXT_CHARS);
  if (r() < 0.3) out = `arn:${out}:a:b::${out}`;
  return out;
}

function randomPattern(r: () => number): string {
  if (r() < 0.3) {
    // ARN-shaped: six fields, wildcards in some of them.
    const field = () => {
      let f = '';
      for (let k = Math.floor(r() * 4); k > 0; k--) f += pick(r, PATTERN_CHARS.filter((c) => c !== ':'));
      return f;
    };
    return ['arn', field(), field(), field(), field(), field() + (r() < 0.3 ? ':' + field() : '')].join(':');
  }
  let out = r() < 0.6 ? 'arn:' : '';
  for (let k = Math.floor(r() * 10); k > 0; k--) out += pick(r, PATTERN_CHARS);
  return out;
}

test('the linear matchers decide exactly as the former regular expressions (random patterns and texts)', () => {
  const r = rng(15);
  let matches = 0;
  for (let i = 0; i < 4000; i++) {
    const pattern = randomPattern(r);
    const parts = parsePattern(pattern, false);
    const glob = globMatcher(parts, false);
    const globIC = globMatcher(parts, true);
    const arn = arnMatcher(parts);
    const refGlob = referenceGlob(parts, false);
    const refGlobIC = referenceGlob(parts, true);
    const refArn = referenceArn(parts);
    const catalog = wildcardMatcher(pattern);
    const refCatalog = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegex(c))).join('')}$`, 'is');
    for (let j = 0; j < 8; j++) {
      const text = textFor(r, pattern);
      const show = `${JSON.stringify(pattern)} vs ${JSON.stringify(text)}`;
      assert.equal(glob(text), refGlob(text), `glob ${show}`);
      assert.equal(globIC(text), refGlobIC(text), `glob (any case) ${show}`);
      assert.equal(arn(text), refArn(text), `ARN ${show}`);
      assert.equal(catalog(text), refCatalog.test(text), `catalogue ${show}`);
      if (refArn(text)) matches++;
    }
  }
  assert.ok(matches > 1000, `the random texts match often enough to test both answers (${matches})`);
});

test('policy variables resolve before matching, and their values are literal text', () => {
  const parts = parsePattern('arn:aws:s3:::home/${aws:username}/*', true);
  const resolved = parts.map((p) => ('variable' in p ? { lit: 'a*b' } : p));
  const m = arnMatcher(resolved);
  assert.equal(m('arn:aws:s3:::home/a*b/x'), true);
  assert.equal(m('arn:aws:s3:::home/axxb/x'), false);
});

/** The comparisons one call makes. */
function work(f: () => boolean): { steps: number; result: boolean } {
  const before = globWork.steps;
  const result = f();
  return { steps: globWork.steps - before, result };
}

const ADVERSARIAL: { pattern: string; text: string }[] = [];
for (const stars of [4, 8, 16, 24, 32]) {
  for (const length of [200, 2000, 10000]) {
    const body = Array.from({ length: stars }, () => '*a').join('') + '*b';
    ADVERSARIAL.push({ pattern: `arn:aws:s3:::${body}`, text: `arn:aws:s3:::${'a'.repeat(length)}` });
    ADVERSARIAL.push({ pattern: body, text: 'a'.repeat(length) });
    ADVERSARIAL.push({ pattern: Array.from({ length: stars }, () => '*a?').join('') + '*ab', text: 'a'.repeat(length) + 'b' });
    ADVERSARIAL.push({ pattern: `arn:aws:*:*:*:${'*aa'.repeat(stars)}x`, text: `arn:aws:s3:us-east-1:111111111111:${'a'.repeat(length)}` });
    // The matcher's own worst case: a middle segment that fails only at its last character, at every place.
    ADVERSARIAL.push({ pattern: `arn:aws:s3:::*${'a'.repeat(stars)}b*`, text: `arn:aws:s3:::${'a'.repeat(length)}` });
    ADVERSARIAL.push({ pattern: `arn:*:s3:::*${'a'.repeat(stars)}b*`, text: `arn:aws:s3:::${'a'.repeat(length)}` });
  }
}

test('adversarial patterns stay within |pattern| × |text| comparisons (ARN, glob, any case, catalogue)', () => {
  for (const { pattern, text } of ADVERSARIAL) {
    const bound = (pattern.length + 1) * (text.length + 1);
    const parts = parsePattern(pattern, false);
    for (const [name, m] of [
      ['ARN', arnMatcher(parts)],
      ['glob', globMatcher(parts, false)],
      ['glob (any case)', globMatcher(parts, true)],
      ['catalogue', wildcardMatcher(pattern)],
    ] as const) {
      const { steps } = work(() => m(text));
      assert.ok(steps <= bound, `${name}: ${pattern.length}-character pattern vs ${text.length} characters took ${steps} comparisons (bound ${bound})`);
    }
  }
});

test('the matcher counts its comparisons (the bound above can fail)', () => {
  // Its worst case comes near the bound: (stars + 1) comparisons at each place of the text.
  const worst = work(() => compileGlob(`*${'a'.repeat(30)}b*`, false)('a'.repeat(10000)));
  assert.equal(worst.result, false);
  assert.ok(worst.steps > 30 * 9000, `${worst.steps} comparisons`);
  const m = compileGlob('*a*c*b', false);
  const { steps, result } = work(() => m(`${'a'.repeat(1000)}b`));
  assert.equal(result, false);
  assert.ok(steps > 1000, `a failing search compares characters (${steps})`);
});

test('the issue\'s example: Resource arn:aws:s3:::*a*a*a*a*b against a 200-character ARN', () => {
  const p = stmt({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*a*a*a*a*b' });
  const long = `arn:aws:s3:::${'a'.repeat(200)}`;
  const a = work(() => decide({ identity: [p] }, 's3:GetObject', long) === 'implicitDeny');
  assert.ok(a.result);
  assert.ok(a.steps <= 30 * 220, `${a.steps} comparisons`);
  assert.equal(decide({ identity: [p] }, 's3:GetObject', `${long}b`), 'allowed');
  const n = stmt({ Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::*a*a*a*a*b' });
  assert.equal(decide({ identity: [stmt({ Effect: 'Allow', Action: '*', Resource: '*' }), n] }, 's3:GetObject', long), 'explicitDeny');
});

test('StringLike, ArnLike and their negations: 25 stars against a 10,000-character value', () => {
  const value = 'a'.repeat(10000);
  const arnValue = `arn:aws:iam::111111111111:role/${value}`;
  const pattern = `${'*a'.repeat(25)}*b`;
  const arnPattern = `arn:aws:iam::111111111111:role/${pattern}`;
  const bound = (arnPattern.length + 1) * (arnValue.length + 1);
  for (const [operator, key, patternText, context, expected] of [
    ['StringLike', 'aws:username', pattern, { 'aws:username': value }, 'implicitDeny'],
    ['StringNotLike', 'aws:username', pattern, { 'aws:username': value }, 'allowed'],
    ['StringLike', 'aws:username', pattern, { 'aws:username': `${value}b` }, 'allowed'],
    ['ArnLike', 'aws:PrincipalArn', arnPattern, { 'aws:PrincipalArn': arnValue }, 'implicitDeny'],
    ['ArnNotLike', 'aws:PrincipalArn', arnPattern, { 'aws:PrincipalArn': arnValue }, 'allowed'],
    ['ArnLike', 'aws:PrincipalArn', arnPattern, { 'aws:PrincipalArn': `${arnValue}b` }, 'allowed'],
    ['ForAnyValue:StringLike', 'aws:TagKeys', pattern, { 'aws:TagKeys': [value, value] }, 'implicitDeny'],
  ] as const) {
    const { steps, result } = work(() => cond({ [operator]: { [key]: patternText } }, context as ContextInput) === expected);
    assert.ok(result, `${operator} decides ${expected}`);
    assert.ok(steps <= 2 * bound, `${operator}: ${steps} comparisons (bound ${2 * bound})`);
  }
});

test('catalogue look-ups: an adversarial action pattern and a long templated condition key', () => {
  const catalog = getCatalog();
  const { steps, result } = work(() => catalog.actionsMatching(`s3:${'*e'.repeat(30)}*z`).length === 0);
  assert.ok(result);
  // Every action name of the service, each within |pattern| × |name|.
  assert.ok(steps < 400 * 65 * 70, `${steps} comparisons`);
  assert.ok(catalog.actionsMatching('s3:*Object*').length > 10);
  const key = `aws:PrincipalTag/${'x'.repeat(10000)}`;
  assert.equal(catalog.conditionKey(key)?.key, 'aws:PrincipalTag/${TagKey}');
});

test('the catalogue\'s condition-key patterns use only the operators its glob reading knows (".+?" and ".")', () => {
  const { head } = readDataFile<{ conditionPatterns: Record<string, Record<string, string>> }>('catalog.data');
  const all = Object.values(head.conditionPatterns).flatMap((m) => Object.keys(m));
  assert.ok(all.length > 50);
  for (const p of all) assert.match(p, /^(?:[A-Za-z0-9/:_-]|\.\+\?|\.)+$/, p);
  const catalog = getCatalog();
  assert.equal(catalog.conditionKey('codebuild:secondarySources/src1.location')?.key, 'codebuild:secondarySources/${sourceIdentifier}.location');
  assert.equal(catalog.conditionKey('CODEBUILD:secondarySources/src1.LOCATION')?.key, 'codebuild:secondarySources/${sourceIdentifier}.location');
  assert.equal(catalog.conditionKey('codebuild:secondarySources/.location')?.key, undefined);
  const long = work(() => catalog.conditionKey(`codebuild:secondarySources/${'s.'.repeat(5000)}.auth.typo`) === undefined);
  assert.ok(long.result);
});

test('no regular expression is built from a value in core/, cli/, server/ or webview/ but in the naming patterns\' linear-time engine', () => {
  // core/text/regex.ts checks a naming pattern's syntax with RegExp (compiling runs nothing) and tests its
  // one-character atoms (a class, \\p{L}) with RegExp, one character at a time; the pattern itself never runs there.
  const allowed = new Set(['core/text/regex.ts']);
  const root = join(__dirname, '..', '..');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const rel = `${dir}/${name}`;
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else if (/\.ts$/.test(name) && /\bRegExp\s*\(/.test(readFileSync(join(root, rel), 'utf8')) && !allowed.has(rel)) found.push(rel);
    }
  };
  for (const dir of ['core', 'cli', 'server', 'webview', 'client', 'protocol']) walk(dir);
  assert.deepEqual(found, [], 'wildcards go through core/text/glob.ts');
});

// Regular expressions over user text that took quadratic time, rewritten; each must read values as before.

test('policy variables: the linear scan finds the `${...}` the former regular expression found', () => {
  const r = rng(151);
  const chars = ['$', '{', '}', 'a', ' ', ',', "'"];
  for (let i = 0; i < 20000; i++) {
    let text = '';
    for (let k = Math.floor(r() * 14); k > 0; k--) text += pick(r, chars);
    const expected = [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, inner: m[1] }));
    assert.deepEqual(variableRanges(text), expected, JSON.stringify(text));
    assert.equal(replaceVariables(text, (inner) => `<${inner}>`), text.replace(/\$\{([^}]*)\}/g, (_m, inner: string) => `<${inner}>`));
  }
});

test('a policy variable\'s default value is read as the former regular expression read it', () => {
  const r = rng(152);
  const chars = ['a', ' ', ',', "'", '\n', ':'];
  for (let i = 0; i < 20000; i++) {
    let inner = '';
    for (let k = Math.floor(r() * 10); k > 0; k--) inner += pick(r, chars);
    inner = inner.trim();
    const def = /^([^,]*?)\s*,\s*'([^']*)'$/.exec(inner);
    const expected = inner === '*' || inner === '?' || inner === '$' || inner === '' ? undefined : def ? { variable: def[1].trim(), fallback: def[2] } : { variable: inner };
    const parts = parsePattern(`\${${inner}}`, true);
    if (expected) assert.deepEqual(parts, [expected], JSON.stringify(inner));
  }
});

test('numbers in Numeric conditions: the same syntax as before (sign, fraction, exponent)', () => {
  const ok = ['5', '+5', '-5', '5.', '5.0', '.5', '1e3', '1E+3', '-1.5e-2', '007'];
  const bad = ['', '.', '+', '1.2.3', 'e3', '1e', '1e+', '0x10', '5 5', 'five', `${'0'.repeat(100000)}x`];
  for (const v of ok) assert.equal(cond({ NumericEquals: { n: v } }, { n: v }), 'allowed', v);
  for (const v of bad) assert.equal(cond({ NumericEquals: { n: '5' } }, { n: v }), 'implicitDeny', v.slice(0, 20));
  assert.equal(cond({ NumericEquals: { n: `${'0'.repeat(100000)}5` } }, { n: '5' }), 'allowed');
});

test('IPv6 values in condition checks: the same reading as the former single pattern', () => {
  const former = (s: string) => /^[0-9a-f:]*:[0-9a-f:.]*(\/(12[0-8]|1[01]\d|\d?\d))?$/i.test(s) && s.includes(':');
  const r = rng(153);
  const chars = ['a', 'F', '0', ':', '.', '/', '1', '2', '8', 'g'];
  for (let i = 0; i < 20000; i++) {
    let s = '';
    for (let k = Math.floor(r() * 10); k > 0; k--) s += pick(r, chars);
    const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/.test(s);
    assert.equal(isIpOrCidr(s), ipv4 || former(s), s);
  }
  assert.equal(isIpOrCidr(`${':'.repeat(100000)}x`), false);
});

test('Terraform names from entity names: the same snake case as before', () => {
  const former = (name: string) => {
    const s = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    if (!s) return 'x';
    return /^[0-9]/.test(s) ? `_${s}` : s;
  };
  const r = rng(154);
  const chars = ['A', 'B', 'a', 'b', '0', '-', '_'];
  for (let i = 0; i < 20000; i++) {
    let s = '';
    for (let k = Math.floor(r() * 10); k > 0; k--) s += pick(r, chars);
    assert.equal(snake(s), former(s), s);
  }
  assert.equal(snake('S3ReadOnly'), 's3_read_only');
  assert.equal(snake('A'.repeat(100000)), 'a'.repeat(100000));
});
