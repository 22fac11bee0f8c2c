import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { parseAccountFile } from '../../core/model';
import { parseAccountFileFromTree } from '../../core/model/parse';
import { parseAccountFileDirect } from '../../core/model/parse-direct';
import { rng } from '../support/random';
import { generate } from '../fuzz/generate';

// The direct reader (core/model/parse-direct.ts) against the general one (parseAccountFileFromTree, the reader it
// replaced as the first path): the same model, deep and strict (prototypes included: documents' plain JSON has
// none), the same findings in the same order, for every fixture, the generated benchmark files when present, and
// random and hostile inputs. Where the direct reader gives way (undefined), parseAccountFile is the general one.

const ROOT = join(__dirname, '..', '..');

/** Compares the two readers on one text; 'direct' when the direct reader read it (else it gave way). */
function check(text: string, name: string): 'direct' | 'general' {
  const expected = parseAccountFileFromTree('file:///w/iam.json', text);
  const direct = parseAccountFileDirect('file:///w/iam.json', text, true);
  const got = direct ?? parseAccountFile('file:///w/iam.json', text);
  try {
    assert.deepStrictEqual(got, expected);
  } catch (e) {
    // Name the first difference by part: the whole model's diff is unreadable for a big file.
    for (const k of Object.keys(expected) as (keyof typeof expected)[]) {
      assert.deepStrictEqual(got[k], expected[k], `${name}: "${k}" differs`);
    }
    throw e;
  }
  return direct ? 'direct' : 'general';
}

function jsonFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) jsonFiles(p, out);
    else if (f.endsWith('.json')) out.push(p);
  }
  return out;
}

test('every fixture and example reads the same both ways', () => {
  const files = [...jsonFiles(join(ROOT, 'examples')), ...jsonFiles(join(ROOT, 'test', 'fixtures'))];
  assert.ok(files.length > 30, `${files.length} files`);
  let direct = 0;
  for (const f of files) if (check(readFileSync(f, 'utf8'), relative(ROOT, f)) === 'direct') direct++;
  // The account files read directly (not every fixture is an account file; those give way or read as wrong shapes).
  assert.ok(direct >= 5, `${direct} of ${files.length} read directly`);
  for (const f of ['acme-prod.iam.json', 'acme-security.iam.json', 'mistakes.iam.json']) {
    assert.ok(parseAccountFileDirect('x', readFileSync(join(ROOT, 'examples', f), 'utf8'), true), `${f} reads directly`);
  }
});

test('the generated benchmark accounts read the same both ways (bench/out, or IAM_WORKBENCH_BENCH_OUT; else a tenth of the max-quota account generated here)', (t) => {
  const out = process.env.IAM_WORKBENCH_BENCH_OUT ?? join(ROOT, 'bench', 'out');
  // The max-quota account (and, with IAM_WORKBENCH_ALL_BENCH_FILES=1, its variants); the organization's 300
  // accounts: every thirtieth (they are alike), all with that variable.
  const all = Boolean(process.env.IAM_WORKBENCH_ALL_BENCH_FILES);
  const files = [join(out, 'large', 'iam.json'), ...(all ? ['large-everyone', 'scale-0.1', 'scale-0.2', 'scale-0.4'] : []).map((d) => join(out, d, 'iam.json'))].filter(existsSync);
  const org = jsonFiles(join(out, 'org')).filter((f, i) => f.endsWith('.iam.json') && (all || i % 30 === 0));
  if (!files.length && !org.length) {
    // Not generated here (a fresh clone): a tenth of the max-quota account, as scripts/gen-large.mjs writes it.
    const dir = mkdtempSync(join(tmpdir(), 'iam-direct-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-large.mjs'), dir, '--scale', '0.1'], { stdio: 'ignore' });
    files.push(join(dir, 'iam.json'));
  }
  for (const f of [...files, ...org]) assert.equal(check(readFileSync(f, 'utf8'), relative(ROOT, f)), 'direct', f);
});

/** Every value node and property node of a text's tree, with offsets. */
function nodesOf(text: string): { values: Node[]; props: Node[] } {
  const values: Node[] = [];
  const props: Node[] = [];
  const walk = (n: Node | undefined) => {
    if (!n) return;
    if (n.type === 'property') props.push(n);
    else values.push(n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(parseTree(text));
  return { values, props };
}

const REPLACEMENTS = [
  'null', '0', '-1.5e3', '12', 'true', 'false', '"x"', '""', '"2026-01-31"', '"not a date"', '"Inactive"', '"Deny"', '"*"',
  '"arn:aws:iam::aws:policy/ReadOnlyAccess"', '[]', '{}', '["x"]', '[null]', '["a", 1]', '[{}]', '[[]]', '{"a": "b"}',
  '{"Version": "2012-10-17", "Statement": []}', '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}',
  '"{\\"Version\\": \\"2012-10-17\\"}"', '"\\u0061\\n\\t\\"q\\"\\\\"', '"\\ud800"', '{"__proto__": "x"}', '{"AWS": "*", "AWS": "*"}',
  '{"StringEquals": {"aws:username": ["a", "b"]}, "Bool": {"aws:SecureTransport": false}, "NumericLessThan": {"s3:max-keys": 10}}',
  '{"StringEquals": {"a": "1", "A": "2"}}', '{"StringEquals": {"__proto__": "1"}}', '{"constructor": "x", "toString": ["y"]}',
];

test('random changes of values, keys and layout read the same both ways', (t) => {
  const random = rng(20261207);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const seeds = ['acme-prod.iam.json', 'acme-security.iam.json', 'mistakes.iam.json'].map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));
  seeds.push(readFileSync(join(ROOT, 'test', 'fixtures', 'interop', 'export-sample.iam.json'), 'utf8'));
  const counts = { direct: 0, general: 0 };
  for (let k = 0; k < 800; k++) {
    let text = pick(seeds);
    const steps = 1 + Math.floor(random() * 3);
    const how: string[] = [];
    for (let s = 0; s < steps; s++) {
      const { values, props } = nodesOf(text);
      const r = random();
      if (r < 0.45 && values.length) {
        // A value of another type or shape.
        const v = pick(values);
        const with_ = pick(REPLACEMENTS);
        text = text.slice(0, v.offset) + with_ + text.slice(v.offset + v.length);
        how.push(`value at ${v.offset} → ${with_}`);
      } else if (r < 0.6 && props.length) {
        // A key written again, renamed, or spelled with escapes.
        const p = pick(props);
        const key = p.children![0];
        const raw = text.slice(p.offset, p.offset + p.length);
        const which = random();
        if (which < 0.4) text = text.slice(0, p.offset + p.length) + ', ' + raw + text.slice(p.offset + p.length);
        else if (which < 0.7) text = text.slice(0, key.offset) + pick(['"pathh"', '"Effekt"', '"__proto__"', '"tags"', '"x"']) + text.slice(key.offset + key.length);
        else text = text.slice(0, key.offset + 1) + '\\u00' + text.charCodeAt(key.offset + 1).toString(16).padStart(2, '0') + text.slice(key.offset + 2);
        how.push(`key at ${key.offset}`);
      } else if (r < 0.75 && props.length) {
        // A property removed (a required one, sometimes).
        const p = pick(props);
        const before = text.lastIndexOf(',', p.offset);
        text = before > 0 && /^\s*$/.test(text.slice(before + 1, p.offset)) ? text.slice(0, before) + text.slice(p.offset + p.length) : text.slice(0, p.offset) + text.slice(p.offset + p.length);
        how.push(`property at ${p.offset} removed`);
      } else if (r < 0.85) {
        // Layout: comments, trailing commas, CR LF, tabs.
        const kind = random();
        if (kind < 0.3) text = text.replace(/\n/g, '\r\n');
        else if (kind < 0.6) {
          const at = text.indexOf('\n', Math.floor(random() * text.length));
          if (at > 0) text = text.slice(0, at) + pick([' // a comment', ' /* a\ncomment */', '\t', ' /**/']) + text.slice(at);
        } else {
          const at = text.indexOf('"\n', Math.floor(random() * text.length));
          if (at > 0) text = text.slice(0, at + 1) + ',' + text.slice(at + 1);
        }
        how.push('layout');
      } else {
        // A character changed, inserted or removed (mostly syntax errors).
        const i = Math.floor(random() * text.length);
        const junk = pick(['"', '{', '}', '[', ']', ',', ':', ' ', '1', '/', '\\', '\u0001', '\u00a0', '\ufeff', '']);
        text = text.slice(0, i) + junk + text.slice(i + Math.floor(random() * 3));
        how.push(`junk at ${i}`);
      }
    }
    counts[check(text, how.join(', '))]++;
  }
  t.diagnostic(`read directly: ${counts.direct}, by the general reader: ${counts.general}`);
  // Most changes keep the text well-formed JSONC: the direct reader reads them (giving way per entity where needed).
  assert.ok(counts.direct > 400, JSON.stringify(counts));
  assert.ok(counts.general > 30, JSON.stringify(counts));
});

test('the fuzz tier\'s account inputs read the same both ways', () => {
  let n = 0;
  for (let i = 0; n < 150; i++) {
    const input = generate(20261206, i);
    if (input.kind === 'account') {
      check(input.text, input.how);
      n++;
    } else if (input.kind === 'edits') for (const step of input.steps ?? []) check(step, input.how);
  }
});

test('hostile inputs read the same both ways, and nesting never overflows the stack', () => {
  const base = readFileSync(join(ROOT, 'examples', 'acme-prod.iam.json'), 'utf8');
  const intoFirstUser = (insert: string) => base.replace(/("users"\s*:\s*\{\s*"[^"]+"\s*:\s*\{)/, `$1 "tags": ${insert},`);
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const cases: [string, string][] = [
    ['100,000 brackets in a user', intoFirstUser(deep(100_000))],
    ['510 levels in a user (at the limit)', intoFirstUser(deep(507))],
    ['511 levels in a user (past the limit)', intoFirstUser(deep(508))],
    ['100,000 brackets unclosed', intoFirstUser('['.repeat(100_000))],
    ['a whole file of brackets', deep(100_000)],
    ['a 2 MB string in a tag', intoFirstUser(`{"big": "${'x'.repeat(2_000_000)}"}`)],
    ['a 200 kB policy document', base.replace('"Statement": [', `"Statement": [{"Sid": "${'S'.repeat(200_000)}", "Effect": "Allow", "Action": "*", "Resource": "*"},`)],
    ['a control character in a string', intoFirstUser('{"a": "b\u0007c"}')],
    ['a raw line break in a string', intoFirstUser('{"a": "b\nc"}')],
    ['a NUL', base.replace('"users"', '"us\u0000ers"')],
    ['a byte order mark', '\ufeff' + base],
    ['an unterminated comment', base + '/* never closed'],
    ['a lone slash', base + '/'],
    ['trailing text', base + ' x'],
    ['empty', ''],
    ['only space and comments', '  // nothing\n/* at all */\n'],
    ['an array', '[]'],
    ['a string', '"x"'],
    ['an organization file', readFileSync(join(ROOT, 'examples', 'acme-organization.iam.json'), 'utf8')],
    ['no account', '{"users": {"a": {"groups": ["g"]}}, "groups": {"g": {}}}'],
    ['the account after the users', '{"users": {"a": {}}, "account": {"id": "123456789012"}}'],
    ['two accounts', '{"account": {"id": "123456789012"}, "users": {"a": {}}, "account": {"id": "210987654321"}}'],
    ['an account without an id', '{"account": {"alias": "x", "partition": "aws-cn"}, "roles": {"r": {"trustPolicy": null}}}'],
    ['an account whose id is null', '{"account": {"id": null}, "users": {}}'],
    ['sections of other types', '{"account": {"id": "123456789012"}, "users": [], "groups": null, "roles": "x", "policies": 1, "resources": {}, "identityProviders": true}'],
    ['a name written twice', '{"account": {"id": "123456789012"}, "users": {"a": {}, "b": 1, "a": {"path": "/x/"}, "b": {}}}'],
    ['a section written twice', '{"account": {"id": "123456789012"}, "users": {"a": {}}, "users": {"b": {}}}'],
    ['escaped names', '{"account": {"id": "123456789012"}, "users": {"\\u0061lice": {"groups": ["\\u0067"]}, "a\\"b": {}}}'],
    ['an entity named __proto__', '{"account": {"id": "123456789012"}, "users": {"__proto__": {}}, "groups": {"constructor": {}}}'],
    ['many tags', intoFirstUser(`{${Array.from({ length: 100 }, (_, i) => `"k${i}": "v"`).join(',')}}`)],
    ['many condition keys', base.replace('"Statement": [', `"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {${Array.from({ length: 100 }, (_, i) => `"k${i}": "v"`).join(',')}}}},`)],
    ['1e400 and -0 in conditions', base.replace('"Statement": [', '"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"a": 1e400, "b": -0, "c": [0.5, 1E-3]}}},')],
    ['a bad number', intoFirstUser('{"a": 01}')],
  ];
  for (const [name, text] of cases) check(text, name);
});
