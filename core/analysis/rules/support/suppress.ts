import type { Finding } from '../../../findings';
import type { AccountFile } from '../../../model/types';

/**
 * Inline suppression. In an iam.json file (JSON with comments):
 *
 *   // iam-workbench-disable-next-line practice/policy-on-user, quota/groups-per-user -- reason
 *   "policies": ["S3ReadOnly"],
 *
 *   "Action": "*", // iam-workbench-disable-line practice/full-admin
 *
 * `disable-next-line` silences the listed rules (every rule when none is listed) for findings that
 * start on the next line; `disable-line` for findings that start on the comment's own line. Text
 * after ` -- ` is a free reason. Block comments work too.
 */
export const SUPPRESS_NEXT_LINE = 'iam-workbench-disable-next-line';
export const SUPPRESS_LINE = 'iam-workbench-disable-line';

interface Suppression {
  line: number;
  /** Empty: every rule. */
  rules: Set<string>;
}

const PATTERN = /(\/\/|\/\*)\s*iam-workbench-disable-(next-line|line)\b([^\n\r]*)/g;

export function suppressionsOf(file: AccountFile): Suppression[] {
  if (!file.text.includes('iam-workbench-disable')) return [];
  const out: Suppression[] = [];
  for (const m of file.text.matchAll(PATTERN)) {
    let rest = m[3];
    if (m[1] === '/*') rest = rest.split('*/')[0];
    rest = rest.split(' -- ')[0];
    const rules = new Set(rest.split(/[\s,]+/).filter((r) => r.includes('/')));
    const line = file.lines.positionAt(m.index ?? 0).line + (m[2] === 'next-line' ? 1 : 0);
    out.push({ line, rules });
  }
  return out;
}

/** Drops the findings an inline comment suppresses. */
export function applySuppressions(findings: Finding[], files: (uri: string) => AccountFile | undefined): Finding[] {
  const cache = new Map<string, Map<number, Suppression[]>>();
  const byLine = (uri: string) => {
    let m = cache.get(uri);
    if (!m) {
      m = new Map();
      const file = files(uri);
      for (const s of file ? suppressionsOf(file) : []) m.set(s.line, [...(m.get(s.line) ?? []), s]);
      cache.set(uri, m);
    }
    return m;
  };
  return findings.filter((f) => {
    const lines = byLine(f.uri);
    if (lines.size === 0) return true;
    const line = files(f.uri)!.lines.positionAt(f.span.start).line;
    return !(lines.get(line) ?? []).some((s) => s.rules.size === 0 || s.rules.has(f.code));
  });
}
