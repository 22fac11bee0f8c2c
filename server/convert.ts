import type { Diagnostic as LspDiagnostic, Range, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Severity, TextEdit } from '../core/findings';
import type { Diagnostic } from '../core/ide/diagnostics';
import { LineIndex } from '../core/text/line-index';
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

  workspaceEdit(edits: TextEdit[]): WorkspaceEdit {
    const changes: Record<string, LspTextEdit[]> = {};
    for (const e of edits) (changes[e.uri] ??= []).push({ range: this.range(e.uri, e.span), newText: e.newText });
    return { changes };
  }
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * A fingerprint of a file's diagnostics as the editor sees them: lines and characters, not offsets. A
 * keystroke moves the offsets of every finding after it, but usually no diagnostic's line or character
 * (only those later on the same line, or all below a new line): the server then sends nothing, and the
 * editor keeps its diagnostics, which it has already moved with the text.
 */
export function lspDiagnosticsKey(list: LspDiagnostic[]): string {
  let s = '';
  for (const d of list) {
    const { start, end } = d.range;
    s += `${start.line},${start.character},${end.line},${end.character},${d.severity},${d.code},${d.message}`;
    if (d.relatedInformation) {
      for (const r of d.relatedInformation) {
        const { start: a, end: b } = r.location.range;
        s += `|${r.location.uri},${a.line},${a.character},${b.line},${b.character},${r.message}`;
      }
    }
    s += '\n';
  }
  return s;
}

export function toLspDiagnostic(uri: string, d: Diagnostic, positions: Positions): LspDiagnostic {
  const out: LspDiagnostic = {
    range: positions.range(uri, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'iam-workbench',
    message: d.message,
  };
  if (d.related.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: r.uri, range: positions.range(r.uri, r.span) },
      message: r.message,
    }));
  }
  if (/unused|never-used|stale/.test(d.code)) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}
