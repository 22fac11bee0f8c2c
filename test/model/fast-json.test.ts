import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { BAIL, expandNode, parseTreeFast } from '../../core/json/fast';
import { rng } from '../support/random';
import { exampleSources } from './helpers';

/** A node as plain data, without parent links, for comparing trees. */
function plain(n: Node | undefined): unknown {
  if (!n) return n;
  return {
    type: n.type,
    offset: n.offset,
    length: n.length,
    value: n.value,
    colonOffset: n.colonOffset,
    children: n.children?.map(plain),
  };
}

/** The fast reader either gives up or builds exactly jsonc-parser's tree, for a text jsonc-parser reads without errors. */
function check(text: string): 'fast' | 'bail' {
  const errors: ParseError[] = [];
  const expected = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const fast = parseTreeFast(text);
  if (fast === BAIL) {
    assert.equal(parseTreeFast(text, 2), BAIL);
    return 'bail';
  }
  assert.deepEqual(errors, [], `fast reader accepted a text with errors: ${JSON.stringify(text.slice(0, 200))}`);
  assert.deepEqual(plain(fast), plain(expected), JSON.stringify(text.slice(0, 200)));
  // Deferred containers, expanded, are the same tree.
  const deferred = parseTreeFast(text, 2);
  assert.notEqual(deferred, BAIL);
  const expand = (n: Node | undefined, depth: number): Node | undefined => {
    if (!n) return n;
    if (depth === 2 && (n.type === 'object' || n.type === 'array')) {
      assert.equal(n.children, undefined);
      return expandNode(text, n);
    }
    return { ...n, children: n.children?.map((c) => (c.type === 'property' ? { ...c, children: [c.children![0], expand(c.children![1], depth + 1)!] } : expand(c, depth + 1)!)) };
  };
  assert.deepEqual(plain(expand(deferred as Node, 0)), plain(expected));
  return 'fast';
}

const CASES = [
  '', '  ', '// only a comment', '/* c */', '{}', '[]', '{ }', '[ ]', '"x"', '1', '-0', '0.5', '-1.25e+10', '1E-3', 'true', 'false', 'null',
  '{"a":1,}', '[1,2,]', '{"a":[1,{"b":null}],"c":"d"}', '{"a" : /* c */ 1 // x\n}', '{"a":"\\u00e9\\n\\"\\\\\\/"}', '{"a":"\\ud800"}',
  '{"a":1,"a":2}', '\r\n{\r\n\t"a": true\r\n}\r\n', '{"é":"ü"}',
  // errors and unusual input: the fast reader must give up on all of these
  '{', '}', '[1 2]', '{"a" 1}', '{"a":}', '{,}', '[,]', '{"a":1,,}', '01', '1.', '1e', '-', '+1', '.5', 'tru', 'truex', 'nul', '{"a":1}x',
  '{} {}', '/* open', '{"a":"\\x"}', '{"a":"\\u12"}', '{"a":"line\nbreak"}', '{"a":"tab\there"}', '"open', '{a:1}', "{'a':1}",
  '\u00a0{}', '\ufeff{}', '{"a":1/}', '{"a":NaN}', '{"a":Infinity}', '[1/**/,2]', '1 // c', '{"a":1}/* c */', '{"a":1}/',
];

test('the fast JSON reader builds the same tree as jsonc-parser, or gives up', () => {
  for (const text of CASES) check(text);
  assert.equal(check('{"a":[1,true,null,"x",{"b":-2.5e3}],}'), 'fast');
  assert.equal(check('{"a":1}x'), 'bail');
});

test('the fast JSON reader agrees with jsonc-parser on the examples and on random edits of them', () => {
  const random = rng(7);
  const junk = ['"', '{', '}', '[', ']', ',', ':', ' ', '\n', '1', '-', '.', 'e', 'null', 'true', '"x"', '/*c*/', '//c\n', '/', '*', '\\', '\\u', '\u00a0', '\t'];
  let fast = 0;
  for (const { text } of exampleSources()) {
    assert.equal(check(text), 'fast');
    for (let k = 0; k < 150; k++) {
      const i = Math.floor(random() * text.length);
      const j = Math.min(text.length, i + Math.floor(random() * 4));
      const insert = random() < 0.5 ? junk[Math.floor(random() * junk.length)] : '';
      if (check(text.slice(0, i) + insert + text.slice(j)) === 'fast') fast++;
    }
  }
  assert.ok(fast > 0);
});
