/**
 * Checks exports against real specifications: the CloudFormation resource specification
 * (@aws-cdk/cfnspec, AWS's published spec) and the AWS provider's IAM resource schema for Terraform
 * (extracted from @cdktf/provider-aws into a fixture; see extract-terraform-schema.mjs). HCL is
 * parsed with HashiCorp's own parser (@cdktf/hcl2json, the Go HCL library compiled to wasm).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specification } from '@aws-cdk/cfnspec';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml, type Tags } from 'yaml';
import { FIXTURES } from './helpers';

// --- CloudFormation -------------------------------------------------------------------------

export interface CfnRef { Ref: string }
export interface CfnGetAtt { 'Fn::GetAtt': [string, string] }

/** YAML with the short intrinsic tags, read into the JSON form (`{Ref}`, `{Fn::GetAtt}`). */
const CFN_TAGS: Tags = [
  { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
  { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': [v.slice(0, v.indexOf('.')), v.slice(v.indexOf('.') + 1)] }) },
];

export function readCfnYaml(text: string): Record<string, unknown> {
  // YAML 1.1 is what CloudFormation reads: "yes", "on", "2012-10-17" must come back as strings.
  return parseYaml(text, { customTags: CFN_TAGS, version: '1.1', schema: 'yaml-1.1' }) as Record<string, unknown>;
}

interface SpecProperty {
  Required?: boolean;
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
}

/** Every problem of a template against the CloudFormation resource specification; [] when valid. */
export function cfnSpecProblems(template: Record<string, unknown>): string[] {
  const spec = specification();
  const problems: string[] = [];
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const ids = new Set(Object.keys(resources));
  for (const [id, r] of Object.entries(resources)) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(id)) problems.push(`${id}: logical ids are alphanumeric`);
    const type = spec.ResourceTypes[r.Type];
    if (!type) {
      problems.push(`${id}: unknown resource type ${r.Type}`);
      continue;
    }
    const props = type.Properties as Record<string, SpecProperty>;
    for (const [name, p] of Object.entries(props)) {
      if (p.Required && !(name in r.Properties)) problems.push(`${id}: ${r.Type} needs ${name}`);
    }
    for (const [name, value] of Object.entries(r.Properties)) {
      const p = props[name];
      if (!p) problems.push(`${id}: ${r.Type} has no property ${name}`);
      else checkValue(`${id}.${name}`, value, p, r.Type, problems);
    }
  }
  // Every Ref and GetAtt names a resource of the template; GetAtt an attribute the spec declares.
  const walk = (v: unknown, where: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Ref' in o && !ids.has(o.Ref as string) && !String(o.Ref).startsWith('AWS::')) problems.push(`${where}: Ref to unknown ${o.Ref}`);
      if ('Fn::GetAtt' in o) {
        const [target, attr] = o['Fn::GetAtt'] as [string, string];
        const t = resources[target];
        if (!t) problems.push(`${where}: GetAtt of unknown ${target}`);
        else if (!(attr in (spec.ResourceTypes[t.Type]?.Attributes ?? {}))) problems.push(`${where}: ${t.Type} has no attribute ${attr}`);
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${where}.${k}`);
    }
  };
  walk(template.Resources, 'Resources');
  walk(template.Outputs, 'Outputs');
  return problems;
}

const isIntrinsic = (v: unknown) => !!v && typeof v === 'object' && ('Ref' in v || 'Fn::GetAtt' in v);

function checkValue(where: string, value: unknown, p: SpecProperty, resourceType: string, problems: string[]): void {
  const primitive = (type: string | undefined, v: unknown, at: string) => {
    if (isIntrinsic(v)) return;
    const ok =
      type === 'String' ? typeof v === 'string'
      : type === 'Integer' ? Number.isInteger(v)
      : type === 'Boolean' ? typeof v === 'boolean'
      : type === 'Json' ? !!v && typeof v === 'object' && !Array.isArray(v)
      : true;
    if (!ok) problems.push(`${at}: expected ${type}, got ${JSON.stringify(v)}`);
  };
  if (p.PrimitiveType) return primitive(p.PrimitiveType, value, where);
  if (p.Type === 'List') {
    if (!Array.isArray(value)) return void problems.push(`${where}: expected a list`);
    value.forEach((item, i) => {
      if (p.PrimitiveItemType) primitive(p.PrimitiveItemType, item, `${where}[${i}]`);
      else if (p.ItemType) checkStruct(`${where}[${i}]`, item, p.ItemType, resourceType, problems);
    });
    return;
  }
  if (p.Type) checkStruct(where, value, p.Type, resourceType, problems);
}

function checkStruct(where: string, value: unknown, typeName: string, resourceType: string, problems: string[]): void {
  const spec = specification();
  const def = spec.PropertyTypes[`${resourceType}.${typeName}`] ?? spec.PropertyTypes[typeName];
  if (!def) return void problems.push(`${where}: unknown property type ${typeName}`);
  if (!value || typeof value !== 'object') return void problems.push(`${where}: expected ${typeName}`);
  const props = ((def as { Properties?: unknown }).Properties ?? {}) as Record<string, SpecProperty>;
  for (const [name, p] of Object.entries(props)) {
    if (p.Required && !(name in (value as object))) problems.push(`${where}: ${typeName} needs ${name}`);
  }
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (!props[name]) problems.push(`${where}: ${typeName} has no property ${name}`);
    else checkValue(`${where}.${name}`, v, props[name], resourceType, problems);
  }
}

// --- Terraform ----------------------------------------------------------------------------

interface TfSchema {
  source: string;
  resources: Record<string, { arguments: Record<string, 'required' | 'optional'>; attributes: string[] }>;
}

export const terraformSchema = (): TfSchema =>
  JSON.parse(readFileSync(join(FIXTURES, 'terraform-aws-iam-schema.json'), 'utf8')) as TfSchema;

export type TfResources = Record<string, Record<string, Record<string, unknown>[]>>;

/** Parses HCL with HashiCorp's parser; throws with its message on a syntax error. */
export async function readHcl(text: string): Promise<{ resource?: TfResources; terraform?: unknown[] }> {
  return (await parseHcl('main.tf', text)) as { resource?: TfResources };
}

/** Every problem of a configuration against the AWS provider's schema; [] when valid. */
export function terraformSchemaProblems(parsed: { resource?: TfResources }, text: string): string[] {
  const schema = terraformSchema();
  const problems: string[] = [];
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(parsed.resource ?? {})) {
    const s = schema.resources[type];
    for (const [name, bodies] of Object.entries(byName)) {
      declared.add(`${type}.${name}`);
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) problems.push(`${type}.${name}: not a valid resource name`);
      if (bodies.length !== 1) problems.push(`${type}.${name}: declared ${bodies.length} times`);
      if (!s) {
        problems.push(`${type}: not a resource of ${schema.source}`);
        continue;
      }
      const body = bodies[0];
      for (const [arg, need] of Object.entries(s.arguments)) {
        if (need === 'required' && !(arg in body)) problems.push(`${type}.${name}: needs ${arg}`);
      }
      for (const arg of Object.keys(body)) if (!(arg in s.arguments)) problems.push(`${type}.${name}: ${type} has no argument ${arg}`);
    }
  }
  // Every reference names a declared resource and an attribute its type exports.
  for (const m of text.matchAll(/\b(aws_iam_[a-z_]+)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z_]+)\b/g)) {
    const [, type, name, attr] = m;
    if (!declared.has(`${type}.${name}`)) problems.push(`reference to undeclared ${type}.${name}`);
    else if (!schema.resources[type]?.attributes.includes(attr)) problems.push(`${type} has no attribute ${attr}`);
  }
  return problems;
}

/**
 * Evaluates the HCL expressions the exporter writes inside `jsonencode(...)`: objects, tuples,
 * strings (with `$${` / `%%{` escapes), numbers, booleans, null and references (returned through
 * `resolve`). Enough to read a document back for the round trip.
 */
export function evalHclExpression(src: string, resolve: (ref: string) => unknown): unknown {
  let i = 0;
  const ws = () => {
    while (i < src.length && /[\s,]/.test(src[i])) i++;
  };
  const value = (): unknown => {
    ws();
    const c = src[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      for (ws(); src[i] !== '}'; ws()) {
        const k = src[i] === '"' ? str() : ident();
        ws();
        if (src[i] !== '=' && src[i] !== ':') throw new Error(`expected = at ${i}: ${src.slice(i, i + 20)}`);
        i++;
        out[k] = value();
      }
      i++;
      return out;
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      for (ws(); src[i] !== ']'; ws()) out.push(value());
      i++;
      return out;
    }
    if (c === '"') return str();
    const word = ident();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (/^-?\d/.test(word)) return Number(word);
    return resolve(word);
  };
  const ident = () => {
    const m = /^[A-Za-z0-9_.\-]+/.exec(src.slice(i));
    if (!m) throw new Error(`unexpected ${src.slice(i, i + 20)}`);
    i += m[0].length;
    return m[0];
  };
  const str = () => {
    let out = '';
    i++;
    while (src[i] !== '"') {
      if (src[i] === '\\') {
        const e = src[++i];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(src.slice(i + 1, i + 5), 16));
          i += 5;
          continue;
        }
        out += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e;
        i++;
      } else if ((src[i] === '$' || src[i] === '%') && src[i + 1] === src[i] && src[i + 2] === '{') {
        out += `${src[i]}{`;
        i += 3;
      } else out += src[i++];
    }
    i++;
    return out;
  };
  const v = value();
  return v;
}
