import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, deref, explain, parseJsoncStrict, parserFindings, schema, schemaErrors, type SchemaNode } from './helpers';

const DOC = readFileSync(join(ROOT, 'docs', 'iam-json.md'), 'utf8');

/** Every `properties` entry of the schema, with where it sits. */
function allProperties(): { where: string; name: string; node: SchemaNode }[] {
  const out: { where: string; name: string; node: SchemaNode }[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, where: string) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    const n = node as SchemaNode;
    for (const [name, child] of Object.entries(n.properties ?? {})) out.push({ where, name, node: child });
    for (const [key, child] of Object.entries(n)) {
      // if/then/not hold constraints on keys declared elsewhere, not keys of their own.
      if (['defaultSnippets', 'enum', 'if', 'then', 'else', 'not'].includes(key)) continue;
      walk(child, `${where}/${key}`);
    }
  };
  walk(schema, '#');
  return out;
}

const properties = allProperties();

test('the schema has the properties the tests walk', () => {
  assert.ok(properties.length > 80, `only ${properties.length} properties found`);
});

test('every key of the schema has a description (its own, or its definition\'s)', () => {
  const missing = properties
    .filter(({ node }) => typeof node.description !== 'string' && typeof deref(node).description !== 'string')
    .map(({ where, name }) => `${where}/${name}`);
  assert.deepEqual(missing, []);
});

test('every key of the schema is documented in docs/iam-json.md', () => {
  const names = [...new Set(properties.map((p) => p.name))].sort();
  const undocumented = names.filter((name) => !DOC.includes(`\`${name}\``));
  assert.deepEqual(undocumented, []);
});

test('every enum value of the schema is documented in docs/iam-json.md', () => {
  const values = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [key, child] of Object.entries(node)) {
      if (key === 'defaultSnippets') continue;
      if (key === 'enum' && Array.isArray(child)) child.forEach((v) => typeof v === 'string' && values.add(v));
      else walk(child);
    }
  };
  walk(schema);
  const undocumented = [...values].filter((v) => !DOC.includes(v));
  assert.deepEqual(undocumented, []);
});

/** The ```jsonc blocks of a markdown text. Each is an account file or a fragment of one (top-level keys). */
function jsoncBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```jsonc\n([\s\S]*?)```/g)].map((m) => m[1]);
}

const blocks = jsoncBlocks(DOC);

test('docs/iam-json.md has examples', () => {
  assert.ok(blocks.length >= 10, `${blocks.length} jsonc blocks`);
});

blocks.forEach((block, i) => {
  const firstLine = block.split('\n').find((l) => l.trim() && !l.trim().startsWith('//')) ?? '';
  test(`docs example ${i + 1} (${firstLine.trim().slice(0, 60)}) validates and reads without schema findings`, () => {
    const value = parseJsoncStrict(block, `docs example ${i + 1}`) as Record<string, unknown>;
    const file = 'account' in value || 'organization' in value ? value : { account: { id: '123456789012' }, ...value };
    const errors = schemaErrors(file);
    assert.equal(errors.length, 0, explain(errors));
    assert.deepEqual(parserFindings(file).map((f) => `${f.code}: ${f.message}`), []);
  });
});

test("the README's format example validates", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The file format'));
  const [example] = jsoncBlocks(section);
  assert.ok(example, 'README has a ```jsonc example under "The file format"');
  const errors = schemaErrors(parseJsoncStrict(example, 'README'));
  assert.equal(errors.length, 0, explain(errors));
});
