/**
 * A small HCL writer for Terraform configuration: blocks with aligned arguments (as `terraform fmt`
 * lays them out), strings escaped for HCL templates (`${` → `$${`), and bare expressions.
 */

/** A Terraform expression written as is: `aws_iam_role.app.arn`. */
export interface Expr {
  $expr: string;
}

export const expr = (s: string): Expr => ({ $expr: s });

export function isExpr(v: unknown): v is Expr {
  return !!v && typeof v === 'object' && '$expr' in (v as object);
}

/** A `jsonencode(...)` of a JSON value (which may hold expressions). */
export interface JsonEncode {
  $jsonencode: unknown;
}

export const jsonencode = (v: unknown): JsonEncode => ({ $jsonencode: v });

function isJsonEncode(v: unknown): v is JsonEncode {
  return !!v && typeof v === 'object' && '$jsonencode' in (v as object);
}

export function hclString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if ((c === '$' || c === '%') && s[i + 1] === '{') out += c + c;
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out + '"';
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const key = (k: string) => (IDENT.test(k) ? k : hclString(k));
const MAX_LINE = 100;

/** A value as HCL; multi-line values are indented to `indent`. */
export function value(v: unknown, indent: number): string {
  if (isExpr(v)) return v.$expr;
  if (isJsonEncode(v)) return `jsonencode(${value(v.$jsonencode, indent)})`;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => value(x, indent + 2));
    const one = `[${items.join(', ')}]`;
    if (!one.includes('\n') && one.length + indent < MAX_LINE && v.every((x) => typeof x !== 'object' || isExpr(x))) return one;
    return `[\n${items.map((i) => `${pad}  ${i},`).join('\n')}\n${pad}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${attributes(entries, indent + 2).join('\n')}\n${pad}}`;
}

/**
 * `name = value` lines as `terraform fmt` writes them: the `=` of consecutive one-line attributes
 * aligned; an attribute whose value spans several lines is not aligned (hclwrite gives such a line no
 * "assign" cell) and ends the run, so the attributes after it align among themselves.
 */
export function attributes(entries: [string, unknown][], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const rendered = entries.map(([k, v]) => ({ k: key(k), v: value(v, indent) }));
  const lines: string[] = [];
  let i = 0;
  while (i < rendered.length) {
    if (rendered[i].v.includes('\n')) {
      lines.push(`${pad}${rendered[i].k} = ${rendered[i].v}`);
      i++;
      continue;
    }
    let j = i;
    while (j < rendered.length && !rendered[j].v.includes('\n')) j++;
    const width = Math.max(...rendered.slice(i, j).map((r) => r.k.length));
    for (const r of rendered.slice(i, j)) lines.push(`${pad}${r.k.padEnd(width)} = ${r.v}`);
    i = j;
  }
  return lines;
}

/** `resource "type" "name" { ... }` (or any block with labels). */
export function block(type: string, labels: string[], body: [string, unknown][]): string {
  const head = [type, ...labels.map(hclString)].join(' ');
  const defined = body.filter(([, v]) => v !== undefined);
  return `${head} {\n${attributes(defined, 2).join('\n')}\n}\n`;
}
