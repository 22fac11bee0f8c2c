import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { EDITOR_KEYWORDS, schema, validate } from './helpers';

test('the schema declares JSON Schema draft-07 (what VS Code understands)', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
});

test('the schema is valid against the draft-07 meta-schema', () => {
  const ajv = new Ajv({ strict: false });
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
});

test('the schema compiles in strict mode: no unknown keywords beyond the editor ones, no dangling $ref', () => {
  assert.equal(typeof validate, 'function');
  const used = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [key, child] of Object.entries(node)) {
      if (EDITOR_KEYWORDS.includes(key)) used.add(key);
      if (key !== 'defaultSnippets' && key !== 'properties' && key !== 'definitions') walk(child);
      else if (key !== 'defaultSnippets') Object.values(child as object).forEach(walk);
    }
  };
  walk(schema);
  assert.deepEqual([...used].sort(), ['defaultSnippets', 'deprecationMessage', 'markdownDescription', 'patternErrorMessage']);
});

test('every pattern compiles with the unicode flag, as VS Code and ajv use it', () => {
  const patterns: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [key, child] of Object.entries(node)) {
      if (key === 'pattern' && typeof child === 'string') patterns.push(child);
      else if (key === 'patternProperties' && child && typeof child === 'object') {
        patterns.push(...Object.keys(child));
        Object.values(child).forEach(walk);
      } else if (key !== 'defaultSnippets') walk(child);
    }
  };
  walk(schema);
  assert.ok(patterns.length > 15, `${patterns.length} patterns`);
  for (const p of patterns) assert.doesNotThrow(() => new RegExp(p, 'u'), p);
});
