import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, tooDeep, valueTooDeep } from '../../core/json/depth';
import { parseJson, parseJsonLight } from '../../core/json/tree';
import { parseAccountFile } from '../../core/model';
import { parsePolicyText } from '../../core/policy/parse';
import { parseScenarioFile } from '../../core/analysis/scenarios/parse';
import { parseRulesConfig } from '../../core/analysis/config';

const N = 100_000;
const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
const objects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

test('tooDeep: the offset of the bracket that opens one level too many, or -1', () => {
  assert.equal(tooDeep(arrays(MAX_JSON_DEPTH)), -1);
  assert.equal(tooDeep(arrays(MAX_JSON_DEPTH + 1)), MAX_JSON_DEPTH);
  assert.equal(tooDeep(objects(MAX_JSON_DEPTH)), -1);
  assert.equal(tooDeep(objects(MAX_JSON_DEPTH + 1)), 5 * MAX_JSON_DEPTH);
  assert.equal(tooDeep('[[[]]]', 2), 2);
  assert.equal(tooDeep('[[]][[]]', 2), -1, 'siblings do not add up');
  assert.equal(tooDeep(arrays(N)), MAX_JSON_DEPTH);
});

test('tooDeep: brackets in strings and comments do not count; strings end at a line break as jsonc-parser reads them', () => {
  assert.equal(tooDeep('["[[[[", "\\"[[[["]', 2), -1);
  assert.equal(tooDeep('[ // [[[[\n 1 /* [[[[ */ ]', 2), -1);
  assert.equal(tooDeep('["unterminated [[\n [[[]]]]', 2), 20, 'the string ends at the line break');
  assert.equal(tooDeep('[ /* never closed [[[[', 2), -1);
});

test('tooDeep: a closing bracket of the other kind does not close (a parser may still recurse on it)', () => {
  assert.equal(tooDeep('[}[}[}', 2), 4);
  assert.equal(tooDeep('[{}][{}]', 2), -1);
});

test('parseJson and parseJsonLight refuse 100,000 levels with one parse/too-deep finding at the crossing bracket', () => {
  for (const text of [arrays(N), objects(N), `// comment\n${arrays(N)}`]) {
    for (const parsed of [parseJson(text, 'file:///x.json'), parseJsonLight(text, 'file:///x.json'), parseJsonLight(text, 'file:///x.json', 2)]) {
      assert.equal(parsed.root, undefined);
      assert.equal(parsed.findings.length, 1);
      const f = parsed.findings[0];
      assert.equal(f.code, 'parse/too-deep');
      assert.equal(f.severity, 'error');
      assert.match(f.message, /nested deeper than 512 levels/);
      assert.equal(f.span.start, tooDeep(text));
      assert.ok('[{'.includes(text[f.span.start]));
    }
  }
});

test('512 levels still parse, by both readers, to the same tree depth', () => {
  for (const parsed of [parseJson(arrays(MAX_JSON_DEPTH), 'u'), parseJsonLight(arrays(MAX_JSON_DEPTH), 'u')]) {
    assert.deepEqual(parsed.findings, []);
    let depth = 0;
    for (let n = parsed.root; n; n = n.children?.[0]) depth++;
    assert.equal(depth, MAX_JSON_DEPTH);
  }
});

test('every reader of a document reports the depth at its position instead of overflowing', () => {
  const inPolicy = `{"users":{"u":{"inlinePolicies":{"p":{"Version":"2012-10-17","Statement":${arrays(N)}}}}}}`;
  const account = parseAccountFile('file:///a/iam.json', inPolicy);
  const f = account.findings.find((x) => x.code === 'parse/too-deep');
  assert.ok(f, 'account file');
  assert.equal(f.span.start, inPolicy.indexOf('[') + MAX_JSON_DEPTH - 5);
  assert.ok(!account.findings.some((x) => /empty/.test(x.message)), 'not "the file is empty"');

  const policy = parsePolicyText(`{"Statement":${objects(N)}}`, 'p', 'identity');
  assert.equal(policy.findings[0]?.code, 'parse/too-deep');

  const stringPolicy = parseAccountFile('u', `{"users":{"u":{"inlinePolicies":{"p":${JSON.stringify(arrays(600))}}}}}`);
  assert.ok(stringPolicy.findings.some((x) => x.code === 'schema/policy-type' && /string that does not hold valid JSON/.test(x.message)), 'a policy written as a JSON string');

  const scenarios = parseScenarioFile('s.iam-tests.json', `{"scenarios":${arrays(N)}}`);
  assert.ok(scenarios.findings.some((x) => /nested deeper than 512/.test(x.message) && x.span.start === 13 + MAX_JSON_DEPTH - 1), 'scenario file');

  const config = parseRulesConfig(objects(N), 'iam-workbench.json');
  assert.ok(config.findings.some((x) => x.code === 'parse/too-deep'), 'config file');
});

test('a text of 100,000+ syntax errors lists 100 and says how many more (it used to overflow the stack)', () => {
  const text = `{"Version":"2012-10-17","Statement":[{"Sid":"x"${'${a}'.repeat(60_000)}}]}`;
  const policy = parsePolicyText(text, 'p', 'identity');
  const syntax = policy.findings.filter((f) => f.code === 'parse/syntax');
  assert.equal(syntax.length, 101);
  assert.match(syntax[100].message, /\d+ more syntax errors from here on are not listed/);
});

test('a policy document over 128 KB is reported (schema/policy-too-large) and its statements are not read', () => {
  const statement = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}';
  const big = `{"Version":"2012-10-17","Statement":[${Array.from({ length: 3000 }, () => statement).join(',')}]}`;
  assert.ok(big.length > 128 * 1024);
  const policy = parsePolicyText(big, 'p', 'identity');
  assert.deepEqual(policy.findings.map((f) => f.code), ['schema/policy-too-large']);
  assert.equal(policy.statements.length, 0);
  const small = parsePolicyText(`{"Version":"2012-10-17","Statement":[${Array.from({ length: 100 }, () => statement).join(',')}]}`, 'p', 'identity');
  assert.equal(small.statements.length, 100);
});

test('valueTooDeep: a parsed value is too deep exactly when its text is (tooDeep), without overflowing the stack', () => {
  for (const n of [1, 2, MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, N]) {
    assert.equal(valueTooDeep(JSON.parse(arrays(n))), n > MAX_JSON_DEPTH, `arrays ${n}`);
    assert.equal(valueTooDeep(JSON.parse(objects(n))), n > MAX_JSON_DEPTH, `objects ${n}`);
  }
  for (const v of [null, 0, 'x', true, [], {}, [null, 'a', 1], { a: null }]) assert.equal(valueTooDeep(v), false);
  assert.equal(valueTooDeep(JSON.parse('{"__proto__":[[[1]]]}'), 3), true, 'a member named __proto__ is a member');
  // Random shapes, mixed objects and arrays, many siblings: the same answer as the text's measure, at several limits.
  let seed = 7;
  const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
  const make = (d: number): string => {
    if (d === 0 || rnd(4) === 0) return ['1', '"s"', 'null', '[]', '{}'][rnd(5)];
    const items = Array.from({ length: 1 + rnd(3) }, () => make(d - 1));
    return rnd(2) ? `[${items.join(',')}]` : `{${items.map((x, i) => `"k${i}":${x}`).join(',')}}`;
  };
  for (let i = 0; i < 300; i++) {
    const text = make(1 + rnd(9));
    for (const limit of [1, 2, 3, 5, 8]) assert.equal(valueTooDeep(JSON.parse(text), limit), tooDeep(text, limit) >= 0, `${text} at ${limit}`);
  }
});
