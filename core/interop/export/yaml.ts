/**
 * A small YAML writer for CloudFormation templates: block maps and lists, strings quoted whenever a
 * YAML 1.1 reader could take them for something else, and the short intrinsic tags (`!Ref`, `!GetAtt`).
 */

/** A value written with a YAML tag: `!Ref Name`, `!GetAtt Name.Arn`. */
export interface Tagged {
  $tag: string;
  value: string;
}

export function isTagged(v: unknown): v is Tagged {
  return !!v && typeof v === 'object' && '$tag' in (v as object);
}

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const PLAIN = /^[A-Za-z_/$][A-Za-z0-9_/:.*+@=$(), -]*$/;

export function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (PLAIN.test(s) && !RESERVED.test(s) && !/[: ]$/.test(s) && !s.includes(': ') && !s.includes(' #')) return s;
  return JSON.stringify(s);
}

export function toYaml(value: unknown): string {
  const lines: string[] = [];
  write(value, 0, lines);
  return lines.join('\n') + '\n';
}

function inline(v: unknown): string | undefined {
  if (isTagged(v)) return `${v.$tag} ${scalar(v.value)}`;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (v && typeof v === 'object') return Object.keys(v).length === 0 ? '{}' : undefined;
  return scalar(v);
}

function write(value: unknown, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value) && value.length) {
    for (const item of value) {
      const one = inline(item);
      if (one !== undefined) {
        lines.push(`${pad}- ${one}`);
        continue;
      }
      // A map or list inside a list: its first line follows the dash.
      const sub: string[] = [];
      write(item, indent + 2, sub);
      lines.push(`${pad}- ${sub[0].slice(indent + 2)}`, ...sub.slice(1));
    }
    return;
  }
  if (value && typeof value === 'object' && !isTagged(value) && !Array.isArray(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) {
      const one = inline(v);
      if (one !== undefined) lines.push(`${pad}${scalar(k)}: ${one}`);
      else {
        lines.push(`${pad}${scalar(k)}:`);
        write(v, Array.isArray(v) ? indent + 2 : indent + 2, lines);
      }
    }
    return;
  }
  lines.push(`${pad}${inline(value)}`);
}
