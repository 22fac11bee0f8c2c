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
  // Plain loops and a module-level helper, no closure: this runs for every finding after a keystroke in a big file.
  const out: Finding = { ...f, span: movedSpan(f.uri, f.span, uri, at, delta) };
  const related = f.related;
  if (related) {
    const list: RelatedLocation[] = new Array(related.length);
    for (let i = 0; i < related.length; i++) {
      const r = related[i];
      list[i] = { ...r, span: movedSpan(r.uri, r.span, uri, at, delta) };
    }
    out.related = list;
  }
  const fixes = f.fixes;
  if (fixes) {
    const list: Fix[] = new Array(fixes.length);
    for (let i = 0; i < fixes.length; i++) {
      const fix = fixes[i];
      const edits: TextEdit[] = new Array(fix.edits.length);
      for (let k = 0; k < edits.length; k++) {
        const e = fix.edits[k];
        edits[k] = { ...e, span: movedSpan(e.uri, e.span, uri, at, delta) };
      }
      list[i] = { ...fix, edits };
    }
    out.fixes = list;
  }
  return out;
}

/** A span of `u` after the edit (see movedFinding): a copy when `u` is the edited file, else the same span. */
function movedSpan(u: string, s: Span, uri: string, at: number, delta: number): Span {
  if (u !== uri) return s;
  return s.start >= at ? { start: s.start + delta, end: s.end + delta } : { start: s.start, end: s.end >= at ? s.end + delta : s.end };
}
