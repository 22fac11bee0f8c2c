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

const MARKER = 'iam-workbench-disable';
const PATTERN = /(\/\/|\/\*)\s*iam-workbench-disable-(next-line|line)\b([^\n\r]*)/g;

export function suppressionsOf(file: AccountFile): Suppression[] {
  if (!file.text.includes(MARKER)) return [];
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

/**
 * The suppressions of a file by line, remembered per file object for as long as its text is the same
 * string (suppressions depend on the text alone; a text never changes, an edit makes a new one):
 * finding none means reading the whole text.
 */
const byFile = new WeakMap<AccountFile, { text: string; lines: Map<number, Suppression[]> }>();

/**
 * How a file came from the previous one by an edit inside one entity (Workspace.derived): when the
 * previous text had no suppression comment and the entity's new text has none either, neither has the
 * new text (the edit sits strictly inside that entity), and the 5 MB scan is skipped.
 */
export interface SuppressionEdit {
  previous: AccountFile;
  /** The edited entity's range in the new text. */
  range: { start: number; end: number };
}

function suppressionsByLine(file: AccountFile, edit?: SuppressionEdit): Map<number, Suppression[]> {
  const known = byFile.get(file);
  if (known && known.text === file.text) return known.lines;
  const before = edit && byFile.get(edit.previous);
  if (before && before.text === edit.previous.text && before.lines.size === 0 && !file.text.slice(edit.range.start, edit.range.end).includes(MARKER)) {
    byFile.set(file, { text: file.text, lines: before.lines });
    return before.lines;
  }
  const lines = new Map<number, Suppression[]>();
  for (const s of suppressionsOf(file)) {
    const list = lines.get(s.line);
    if (list) list.push(s);
    else lines.set(s.line, [s]);
  }
  byFile.set(file, { text: file.text, lines });
  return lines;
}

/** Drops the findings an inline comment suppresses. */
export function applySuppressions(findings: Finding[], files: (uri: string) => AccountFile | undefined, edit?: SuppressionEdit): Finding[] {
  const cache = new Map<string, { file: AccountFile; lines: Map<number, Suppression[]> } | undefined>();
  const suppressed = (f: Finding) => {
    let entry = cache.get(f.uri);
    if (entry === undefined && !cache.has(f.uri)) {
      const file = files(f.uri);
      const lines = file ? suppressionsByLine(file, edit && file.uri === edit.previous.uri ? edit : undefined) : undefined;
      entry = file && lines!.size > 0 ? { file, lines: lines! } : undefined;
      cache.set(f.uri, entry);
    }
    if (!entry) return false;
    const list = entry.lines.get(entry.file.lines.positionAt(f.span.start).line);
    return !!list && list.some((s) => s.rules.size === 0 || s.rules.has(f.code));
  };
  return findings.filter((f) => !suppressed(f));
}
