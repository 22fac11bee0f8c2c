import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSafeRegex, MAX_PROGRAM, safeRegexProblem } from '../../core/text/regex';
import { rng } from '../support/random';

// The naming patterns' engine: the same answers as JavaScript's RegExp (u flag) on the syntax it takes, in linear
// time on the patterns that make JavaScript backtrack, and a clear refusal of what it doesn't take.

function safe(pattern: string) {
  const c = compileSafeRegex(pattern);
  assert.ok(c.regex, `${pattern}: ${c.problem}`);
  return c.regex;
}

test('answers as JavaScript does on hand-picked patterns', () => {
  const cases: [string, string[]][] = [
    ['^[a-z][a-z0-9-]*$', ['web-1', 'Web', '1web', '', 'a', 'a_b', 'abc-']],
    ['^[A-Z][A-Za-z]+$', ['Admins', 'A', 'admins', 'AB1']],
    ['^(app|svc)-[a-z]+(-[0-9]{2,3})?$', ['app-web', 'svc-db-12', 'svc-db-1234', 'svc-db-1', 'ops-x', 'app-']],
    ['role', ['my-role-x', 'rol', 'ROLE']],
    ['^$', ['', 'a']],
    ['\\bci\\b', ['ci', 'my-ci-role', 'circle', 'a_ci']],
    ['\\Bx\\B', ['axb', 'x', 'ax']],
    ['^\\d{3}\\.\\w+\\s?$', ['123.abc', '123.abc ', '12.abc', '123.']],
    ['^\\p{Lu}\\p{Ll}+$', ['Émile', 'émile', 'Ab']],
    ['^[^-]+(?:-[^-]+)*$', ['a-b-c', 'a--b', '-a', 'a']],
    ['^.{1,3}$', ['', 'a', 'abc', 'abcd', '\n']],
    ['^😀+$', ['😀😀', '😀a', '\ud83d']],
    ['^\\u{1F600}\\uD83D\\uDE00$', ['😀😀', '😀']],
    ['^(?<team>[a-z]+)_\\x41[\\]\\\\]$', ['ops_A]', 'ops_A\\', 'ops_A[']],
    ['a*?b+?c??$', ['aabbc', 'b', 'ac']],
    ['(^)*a', ['a', 'ba']],
    ['^(a|ab)(c|bcd)(d*)$', ['abcd', 'abcdd', 'acd']],
    ['[]', ['', 'a']],
    ['^[^]$', ['\n', 'ab']],
  ];
  for (const [pattern, inputs] of cases) {
    const ours = safe(pattern);
    const js = new RegExp(pattern, 'u');
    for (const s of inputs) assert.equal(ours.test(s), js.test(s), `/${pattern}/ on ${JSON.stringify(s)}`);
  }
});

test('answers as JavaScript does on random patterns and texts', () => {
  const next = rng(1515);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const atoms = ['a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '-', '\\b'];
  const quantifiers = ['', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '*?'];
  const build = (depth: number): string => {
    const n = 1 + Math.floor(next() * 3);
    let out = '';
    for (let k = 0; k < n; k++) {
      const r = next();
      const atom = depth < 2 && r < 0.3 ? `(${build(depth + 1)}${next() < 0.4 ? '|' + build(depth + 1) : ''})` : pick(atoms);
      out += atom + (atom === '\\b' ? '' : pick(quantifiers));
    }
    return out;
  };
  let compared = 0;
  for (let round = 0; round < 400; round++) {
    const pattern = (next() < 0.4 ? '^' : '') + build(0) + (next() < 0.4 ? '$' : '');
    let js: RegExp;
    try {
      js = new RegExp(pattern, 'u');
    } catch {
      continue;
    }
    const ours = safe(pattern);
    for (let k = 0; k < 8; k++) {
      const text = Array.from({ length: Math.floor(next() * 8) }, () => pick(['a', 'b', '1', '-', ' ', '_'])).join('');
      assert.equal(ours.test(text), js.test(text), `/${pattern}/ on ${JSON.stringify(text)}`);
      compared++;
    }
  }
  assert.ok(compared > 2000, `${compared}`);
});

test('catastrophic patterns run in linear time: ^(a+)+$ against 100,000 a\'s and a b', () => {
  // JavaScript's engine needs ~2^n steps here (minutes at n = 30); this engine at most |program| per character.
  const a = 'a'.repeat(100_000);
  const cases: [string, string, boolean][] = [
    ['^(a+)+$', a + 'b', false],
    ['^(a+)+$', a, true],
    ['^(a|a)*$', a + 'b', false],
    ['^(a|aa)+$', a + 'b', false],
    ['^(\\w+\\s?)*$', a + '!', false],
    ['(x+x+)+y', 'x'.repeat(100_000), false],
    ['^(a*)*c$', a, false],
  ];
  for (const [pattern, text, expected] of cases) {
    assert.equal(safe(pattern).test(text), expected, pattern);
    // The same answer as JavaScript on a text short enough for it to finish.
    assert.equal(safe(pattern).test(text.slice(-12)), new RegExp(pattern, 'u').test(text.slice(-12)), pattern);
  }
});

test('refuses backreferences, lookaround and oversized patterns, saying where', () => {
  assert.match(safeRegexProblem('^(a)\\1$')!, /backreference \(\\1\) at character 5/);
  assert.match(safeRegexProblem('^(?<x>a)\\k<x>$')!, /named backreference/);
  assert.match(safeRegexProblem('^(?=.*\\d)[a-z0-9]+$')!, /lookahead \(\(\?=\.\.\.\) at character 2/);
  assert.match(safeRegexProblem('(?<!x)y')!, /lookbehind/);
  assert.match(safeRegexProblem('^(a{100}){100}$')!, new RegExp(`over ${MAX_PROGRAM} steps`));
  assert.match(safeRegexProblem('a'.repeat(1001))!, /longer than 1000 characters/);
  assert.match(safeRegexProblem('^[a-z')!, /is not a valid regular expression/);
  assert.equal(safeRegexProblem('^[a-z][a-z0-9-]*$'), undefined);
});
