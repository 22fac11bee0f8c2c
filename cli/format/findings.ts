import { SEVERITY_ORDER, type Finding } from '../../core/findings';
import type { LineIndex } from '../../core/text/line-index';

/** A finding with 1-based line/column, as terminals and CI tools print them. */
export interface PlacedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  code: string;
  message: string;
  fixes?: string[];
}

export function placeFindings(findings: Finding[], lines: (uri: string) => LineIndex | undefined): PlacedFinding[] {
  const placed = findings.map((f) => {
    const index = lines(f.uri);
    const start = index?.positionAt(f.span.start) ?? { line: 0, character: 0 };
    const end = index?.positionAt(f.span.end) ?? start;
    return {
      file: f.uri,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: f.severity,
      code: f.code,
      message: f.message,
      ...(f.fixes?.length ? { fixes: f.fixes.map((x) => x.title) } : {}),
    };
  });
  return placed.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** `file:line:col severity code message`, one line per finding, then a summary line. */
export function formatText(placed: PlacedFinding[], fileCount: number): string {
  const lines = placed.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${oneLine(f.message)}`);
  const count = (s: Finding['severity']) => placed.filter((f) => f.severity === s).length;
  lines.push(
    `${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info') + count('hint')} note(s)`,
  );
  return lines.join('\n') + '\n';
}

export function formatJson(placed: PlacedFinding[], files: string[]): string {
  return JSON.stringify({ files, findings: placed }, null, 2) + '\n';
}

function oneLine(s: string): string {
  // Messages quote file content: keep one finding on one line, and show control characters.
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
