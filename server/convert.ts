import type { Diagnostic as LspDiagnostic, Range, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Finding, Severity, TextEdit } from '../core/findings';
import { shownSeverities, type Diagnostic, type DiagnosticOptions } from '../core/ide/diagnostics';
import { LineIndex } from '../core/text/line-index';
import { docUrl } from '../core/ide/rule-docs';
import type { Span } from '../core/text/span';

/** Offsets ↔ positions: the only place the server turns the core's offsets into LSP ranges. */
export class Positions {
  private readonly cache = new Map<string, { text: string; index: LineIndex }>();

  constructor(
    private readonly textOf: (uri: string) => string | undefined,
    /** A line index already built for the current text (the model's), to reuse. */
    private readonly linesOf: (uri: string) => LineIndex | undefined = () => undefined,
  ) {}

  index(uri: string): LineIndex {
    const built = this.linesOf(uri);
    if (built) return built;
    const text = this.textOf(uri) ?? '';
    const hit = this.cache.get(uri);
    if (hit && hit.text === text) return hit.index;
    const index = new LineIndex(text);
    this.cache.set(uri, { text, index });
    return index;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  range(uri: string, span: Span): Range {
    return this.index(uri).rangeOf(span);
  }

  offset(uri: string, position: { line: number; character: number }): number {
    return this.index(uri).offsetAt(position);
  }

  /** The edits as an LSP edit; with `create`, that file is created first (when missing) and filled by its edits. */
  workspaceEdit(edits: TextEdit[], create?: string): WorkspaceEdit {
    const changes: Record<string, LspTextEdit[]> = {};
    for (const e of edits) (changes[e.uri] ??= []).push({ range: e.uri === create ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : this.range(e.uri, e.span), newText: e.newText });
    if (!create) return { changes };
    return {
      documentChanges: [
        { kind: 'create', uri: create, options: { ignoreIfExists: true } },
        ...Object.entries(changes).map(([uri, list]) => ({ textDocument: { uri, version: null }, edits: list })),
      ],
    };
  }
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Whether the diagnostics `list` of file `uri` would reach the editor as `before` (what it last got): same lines and
 * characters (not offsets), severities, codes, messages and related information. A keystroke moves the offsets of
 * every finding after it, but usually no diagnostic's line or character (only those later on the same line, or
 * all below a new line): the server then sends nothing, and the editor keeps its diagnostics, which it has already
 * moved with the text. Compared without converting `list` (a 5 MB account has ~2,800 diagnostics per keystroke,
 * each an LSP object of seven more): the answer is what converting it and comparing would give.
 */
export function samePublished(before: readonly LspDiagnostic[], uri: string, list: readonly Diagnostic[], positions: Positions): boolean {
  if (before.length !== list.length) return false;
  if (!list.length) return true;
  const lines = positions.index(uri);
  for (let i = 0; i < list.length; i++) {
    const x = before[i];
    const d = list[i];
    if (x.code !== d.code || x.message !== d.message || x.severity !== SEVERITY[d.severity] || !rangeIs(x.range, lines, d.span)) return false;
    const rx = x.relatedInformation ?? [];
    if (rx.length !== d.related.length) return false;
    for (let k = 0; k < rx.length; k++) {
      const p = rx[k];
      const q = d.related[k];
      if (p.location.uri !== q.uri || p.message !== q.message || !rangeIs(p.location.range, q.uri === uri ? lines : positions.index(q.uri), q.span)) return false;
    }
  }
  return true;
}

/**
 * `samePublished(before, uri, toDiagnostics(findings, options), positions)`, read off the findings themselves: a
 * keystroke in the max-quota account whose diagnostics the editor already has (most keystrokes) then makes no
 * diagnostic object at all (~2,000 of them, each with its own fields, a keystroke otherwise).
 */
export function sameFindingsPublished(before: readonly LspDiagnostic[], uri: string, findings: readonly Finding[], options: DiagnosticOptions, positions: Positions): boolean {
  const severityOf = shownSeverities(options);
  let lines: LineIndex | undefined;
  let n = 0;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    const severity = severityOf(f);
    if (severity === 'off') continue;
    const x = before[n++];
    if (!x) return false;
    lines ??= positions.index(uri);
    if (x.code !== f.code || x.message !== f.message || x.severity !== SEVERITY[severity] || !rangeIs(x.range, lines, f.span)) return false;
    const rx = x.relatedInformation ?? NONE;
    const related = f.related ?? NONE;
    if (rx.length !== related.length) return false;
    for (let k = 0; k < rx.length; k++) {
      const p = rx[k];
      const q = related[k];
      if (p.location.uri !== q.uri || p.message !== q.message || !rangeIs(p.location.range, q.uri === uri ? lines : positions.index(q.uri), q.span)) return false;
    }
  }
  return n === before.length;
}

/** No related information (one array for all: a keystroke compares ~2,000 findings, most without any). */
const NONE: readonly never[] = [];

/** Whether `span` is `range` in the text `lines` indexes. */
function rangeIs(range: Range, lines: LineIndex, span: Span): boolean {
  return lines.isAt(span.start, range.start.line, range.start.character) && lines.isAt(span.end, range.end.line, range.end.character);
}

export function toLspDiagnostic(uri: string, d: Diagnostic, positions: Positions): LspDiagnostic {
  const out: LspDiagnostic = {
    range: positions.range(uri, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'iam-workbench',
    message: d.message,
  };
  const href = docUrl(d.code);
  if (href) out.codeDescription = { href };
  if (d.related.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: r.uri, range: positions.range(r.uri, r.span) },
      message: r.message,
    }));
  }
  if (/unused|never-used|stale/.test(d.code)) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}
