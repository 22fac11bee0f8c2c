import type { Span } from './text/span';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One text replacement in one file. Offsets refer to the file's text when the finding was made. */
export interface TextEdit {
  uri: string;
  span: Span;
  newText: string;
}

/** A mechanical fix the editor can offer as a quick fix. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  uri: string;
  span: Span;
  message: string;
}

/**
 * A problem found in a file: by the parser (code `parse/...`), the schema check (`schema/...`),
 * reference resolution (`ref/...`) or a rule of the catalogue (`area/name`).
 */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  uri: string;
  span: Span;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * A copy of a finding after an edit of `uri` that ended at `at` and changed the length by `delta`: its
 * spans in `uri` are copied, those at or after `at` moved and those that end at or after it grown.
 * Spans in other files are shared. (`at` 0 moves every span of the file; `delta` 0 only copies.)
 */
export function movedFinding(f: Finding, uri: string, at: number, delta: number): Finding {
  const move = (u: string, s: Span): Span =>
    u !== uri ? s : s.start >= at ? { start: s.start + delta, end: s.end + delta } : { start: s.start, end: s.end >= at ? s.end + delta : s.end };
  const out: Finding = { ...f, span: move(f.uri, f.span) };
  if (f.related) out.related = f.related.map((r) => ({ ...r, span: move(r.uri, r.span) }));
  if (f.fixes) out.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, span: move(e.uri, e.span) })) }));
  return out;
}
