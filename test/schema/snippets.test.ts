import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { EDITOR_KEYWORDS, explain, schema } from './helpers';

/**
 * The editor inserts `defaultSnippets` as they are, with the placeholders' defaults: each must then be valid where
 * it is offered. A snippet body's `${1:text}` becomes `text`; a string starting with `^` is inserted raw (a number).
 */
function expand(body: unknown): unknown {
  const text = (s: string) => s.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\}/g, '');
  if (typeof body === 'string') return body.startsWith('^') ? JSON.parse(text(body.slice(1))) : text(body);
  if (Array.isArray(body)) return body.map(expand);
  if (body && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [text(k), expand(v)]));
  }
  return body;
}

/** JSON pointers (within the schema) of every node offering snippets, with the snippets. */
function snippetSites(): { pointer: string; snippets: { label: string; body: unknown }[] }[] {
  const out: { pointer: string; snippets: { label: string; body: unknown }[] }[] = [];
  const walk = (node: unknown, pointer: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${pointer}/${i}`));
    for (const [key, child] of Object.entries(node)) {
      if (key === 'defaultSnippets') out.push({ pointer, snippets: child as { label: string; body: unknown }[] });
      else if (key !== 'enum') walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(schema, '');
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addVocabulary(EDITOR_KEYWORDS);
ajv.addSchema(schema, 'iam');

const sites = snippetSites();

test('the schema offers snippets for users, groups, roles, policies, statements and whole files', () => {
  const pointers = sites.map((s) => s.pointer);
  for (const p of [
    '', '/properties/users', '/properties/groups', '/properties/roles', '/properties/policies',
    '/definitions/user', '/definitions/group', '/definitions/role', '/definitions/policy',
    '/definitions/identityStatement', '/definitions/managedStatement', '/definitions/trustStatement', '/definitions/resourceStatement',
  ]) {
    assert.ok(pointers.includes(p), `no snippets at #${p}`);
  }
});

for (const { pointer, snippets } of sites) {
  for (const { label, body } of snippets) {
    test(`snippet "${label}" at #${pointer} is valid where it is offered`, () => {
      assert.equal(typeof label, 'string');
      const validate = ajv.compile({ $ref: `iam#${pointer}` });
      const value = expand(body);
      const ok = validate(value);
      assert.ok(ok, `${JSON.stringify(value)}\n${explain(validate.errors ?? [])}`);
    });
  }
}
