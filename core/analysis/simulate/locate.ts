/**
 * Source positions for the simulator's answers: offsets plus line/character for every text the
 * core knows (workspace files, AWS managed policies, texts handed in such as scenario files).
 */
import { getManagedPolicy, managedPolicyText } from '../../data/managed-policies';
import type { Workspace } from '../../model';
import { LineIndex } from '../../text/line-index';
import type { Span } from '../../text/span';
import type { SimLocation } from './types';

const managedLines = new Map<string, LineIndex | null>();

function awsManagedLines(uri: string): LineIndex | undefined {
  const name = uri.slice('aws-managed-policy:'.length);
  let lines = managedLines.get(name);
  if (lines === undefined) {
    let text: string | undefined;
    try {
      const p = getManagedPolicy(name);
      text = p ? managedPolicyText(p) : undefined;
    } catch {
      text = undefined;
    }
    lines = text === undefined ? null : new LineIndex(text);
    managedLines.set(name, lines);
  }
  return lines ?? undefined;
}

export class Locator {
  constructor(
    private readonly ws: Workspace,
    private readonly extra: ReadonlyMap<string, LineIndex> = new Map(),
  ) {}

  lines(uri: string): LineIndex | undefined {
    return this.ws.file(uri)?.lines ?? this.extra.get(uri) ?? (uri.startsWith('aws-managed-policy:') ? awsManagedLines(uri) : undefined);
  }

  at(uri: string, span: Span): SimLocation {
    const lines = this.lines(uri);
    if (!lines) return { uri, span: { start: span.start, end: span.end } };
    return { uri, span: { start: span.start, end: span.end }, range: { start: lines.positionAt(span.start), end: lines.positionAt(span.end) } };
  }
}
