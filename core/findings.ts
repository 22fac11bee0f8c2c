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
