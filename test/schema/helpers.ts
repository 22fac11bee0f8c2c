import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parseAccountFile } from '../../core/model';
import type { Finding } from '../../core/findings';

export const ROOT = join(__dirname, '..', '..');
export const SCHEMA_PATH = join(ROOT, 'schemas', 'iam.schema.json');
export const EXAMPLES = join(ROOT, 'examples');

/** The schema as plain JSON, typed loosely for walking. */
export type SchemaNode = {
  [key: string]: unknown;
  properties?: Record<string, SchemaNode>;
  definitions?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
  $ref?: string;
};

export const schema: SchemaNode = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));

/** Keywords VS Code's JSON support understands beyond JSON Schema; ajv ignores them (they don't validate). */
export const EDITOR_KEYWORDS = ['markdownDescription', 'defaultSnippets', 'patternErrorMessage', 'deprecationMessage', 'errorMessage'];

function compile() {
  // strict: unknown keywords, formats and ignored keyword combinations are errors, so a typo in the schema fails here.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addVocabulary(EDITOR_KEYWORDS);
  return ajv.compile(schema);
}

export const validate = compile();

export function schemaErrors(value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** Parses JSONC (comments, trailing commas) the way the editor and the model do; throws on syntax errors. */
export function parseJsoncStrict(text: string, what: string): unknown {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length) throw new Error(`${what}: ${errors.length} JSONC syntax error(s), first at offset ${errors[0].offset}`);
  return value;
}

export function exampleFiles(): { name: string; text: string }[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.iam.json') || f === 'iam.json')
    .sort()
    .map((name) => ({ name, text: readFileSync(join(EXAMPLES, name), 'utf8') }));
}

/** Parse and schema findings the model reports for a document (reference findings are not part of the schema). */
export function parserFindings(value: unknown): Finding[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return parseAccountFile('test.iam.json', text).findings.filter((f) => f.code.startsWith('schema/') || f.code.startsWith('parse/'));
}

/** Follows a `$ref` to a definition (one level). */
export function deref(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (!ref) return node;
  const name = ref.replace('#/definitions/', '');
  const target = schema.definitions?.[name];
  if (!target) throw new Error(`dangling $ref ${ref}`);
  return target;
}

/** The object branch of a schema: the node itself, or the `anyOf` branch that is an object (following `$ref`s). */
export function objectBranch(node: SchemaNode): SchemaNode {
  const n = deref(node);
  if (n.type === 'object' || n.properties) return n;
  for (const b of n.anyOf ?? []) {
    const d = deref(b);
    if (d.type === 'object' || d.properties) return d;
  }
  throw new Error('no object branch');
}

export function propertyNames(node: SchemaNode): string[] {
  return Object.keys(objectBranch(node).properties ?? {}).sort();
}

export function def(name: string): SchemaNode {
  const d = schema.definitions?.[name];
  if (!d) throw new Error(`no definition ${name}`);
  return d;
}

/** A minimal valid account file to mutate in tests. */
export function minimal(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { account: { id: '123456789012' }, ...extra };
}

/** Readable summary of schema errors for assertion messages. */
export function explain(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`).join('\n');
}
