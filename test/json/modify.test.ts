import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, getNodePath, getNodeValue, modify, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import { modifyFormatted, modifyWithin } from '../../core/json/modify';
import { rng } from '../support/random';

// modifyFormatted must return exactly what jsonc-parser's modify returns with formatting (it only applies the
// formatting edits in one pass instead of one whole-text copy each).

const root = join(import.meta.dirname, '..', '..');
const example = readFileSync(join(root, 'examples', 'mistakes.iam.json'), 'utf8');
/** The example's value (comments dropped) on one line. */
const plain = JSON.stringify(getNodeValue(parseTree(example)!));

const TEXTS: [string, string][] = [
  ['commented, two spaces', example],
  ['one line', plain],
  ['tabs, CRLF', JSON.stringify(JSON.parse(plain), null, '\t').replace(/\n/g, '\r\n')],
  ['four spaces, compact arrays', JSON.stringify(JSON.parse(plain), null, 4).replace(/\[\s+"/g, '["')],
];

function paths(text: string): JSONPath[] {
  const out: JSONPath[] = [];
  const walk = (n: Node) => {
    if (n.parent) out.push(getNodePath(n));
    if (n.type === 'property') walk(n.children![1]);
    else if (n.type === 'object' || n.type === 'array') for (const c of n.children ?? []) walk(c);
  };
  walk(parseTree(text)!);
  return out.filter((p) => p.length > 0);
}

test('modifyFormatted returns the edits of jsonc-parser modify with formatting', () => {
  const next = rng(15);
  let compared = 0;
  for (const [name, text] of TEXTS) {
    const all = paths(text);
    for (let round = 0; round < 150; round++) {
      const p = all[Math.floor(next() * all.length)];
      const formattingOptions = { insertSpaces: !name.startsWith('tabs'), tabSize: name.startsWith('four') ? 4 : 2, eol: name.includes('CRLF') ? '\r\n' : '\n' };
      const kind = Math.floor(next() * 4);
      const parent = p.slice(0, -1);
      const last = p[p.length - 1];
      const change: { path: JSONPath; value: unknown; isArrayInsertion?: boolean } =
        kind === 0 ? { path: p, value: { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } }
          : kind === 1 ? { path: p, value: undefined }
            : kind === 2 ? { path: typeof last === 'number' ? [...parent, last] : [...parent, 'NewKey'], value: ['a', { b: 1 }], isArrayInsertion: typeof last === 'number' }
              : { path: [...p, 'Deeper', 'Still'], value: 'x' };
      let expected: unknown;
      try {
        expected = modify(text, change.path, change.value, { formattingOptions, isArrayInsertion: change.isArrayInsertion });
      } catch (e) {
        expected = (e as Error).message;
      }
      let actual: unknown;
      try {
        actual = modifyFormatted(text, change.path, change.value, { formattingOptions, isArrayInsertion: change.isArrayInsertion });
      } catch (e) {
        actual = (e as Error).message;
      }
      assert.deepEqual(actual, expected, `${name}: ${JSON.stringify(change)}`);
      compared++;
    }
  }
  assert.equal(compared, 600);
});

test('a statement on one long line: the same edit as jsonc-parser, its formatting included', () => {
  // The shape the fuzz tier found slow (seed 1, #10249): a policy written on one line with thousands of values;
  // inserting a condition formats that whole line. (jsonc-parser copies the whole text once per formatting edit.)
  const actions = Array.from({ length: 2000 }, (_, i) => `"s3:Get${i}*"`).join(', ');
  const text = `{\n  "policies": {\n    "P": { "document": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": [${actions}], "Resource": "*" }] } }\n  }\n}\n`;
  const change: JSONPath = ['policies', 'P', 'document', 'Statement', 0, 'Condition', 'Bool', 'aws:MultiFactorAuthPresent'];
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  const ours = modifyFormatted(text, change, 'true', { formattingOptions });
  assert.deepEqual(ours, modify(text, change, 'true', { formattingOptions }));
  assert.equal(ours.length, 1);
  assert.ok(ours[0].content.includes('"aws:MultiFactorAuthPresent": "true"'));
});

test('modifyWithin: on one value\'s text alone, the same edit as on the whole text, or none', () => {
  // The policy documents of the example (several lines each, and some on one line), random changes inside them.
  const next = rng(150);
  const tree = parseTree(example)!;
  const docs: Node[] = [];
  const walk = (n: Node) => {
    if (n.type === 'property' && n.children![0].value === 'document' && n.children![1].type === 'object') docs.push(n.children![1]);
    for (const c of n.children ?? []) walk(c);
  };
  walk(tree);
  assert.ok(docs.length >= 3);
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  let same = 0;
  let declined = 0;
  for (let round = 0; round < 300; round++) {
    const doc = docs[Math.floor(next() * docs.length)];
    const inner = paths(example.slice(doc.offset, doc.offset + doc.length));
    const rel = inner[Math.floor(next() * inner.length)];
    const base = getNodePath(doc);
    const change = next() < 0.5 ? [...rel, 'Condition', 'Bool', 'aws:MultiFactorAuthPresent'] : rel;
    const value = next() < 0.2 ? undefined : 'arn:aws:iam::111111111111:role/app';
    let whole: string;
    try {
      whole = applyEdits(example, modify(example, [...base, ...change], value, { formattingOptions }));
    } catch {
      continue;
    }
    const ours = modifyWithin(example, { start: doc.offset, end: doc.offset + doc.length }, change, value, { formattingOptions });
    if (!ours) {
      declined++;
      continue;
    }
    assert.equal(applyEdits(example, ours), whole, JSON.stringify([...base, ...change]));
    same++;
  }
  assert.ok(same > 100 && declined > 0, `${same} the same, ${declined} declined`);
});

test('a value nested deeper than jsonc-parser formats (200 levels) is inserted unformatted, not thrown on', () => {
  // jsonc-parser's own modify throws here (its indentation cache ends at 200 levels); found by the fuzz tier.
  const deep = `${'{"a":'.repeat(300)}1${'}'.repeat(300)}`;
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  assert.throws(() => modify(deep, ['scenarios'], [{ x: 1 }], { formattingOptions }));
  const edited = applyEdits(deep, modifyFormatted(deep, ['scenarios'], [{ x: 1 }], { formattingOptions }));
  const value = JSON.parse(edited) as Record<string, unknown>;
  assert.deepEqual(value.scenarios, [{ x: 1 }]);
  assert.ok(edited.startsWith(deep.slice(0, -1)), 'the rest of the text is kept');
});
