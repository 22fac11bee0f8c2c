/**
 * The graph's finding badges: each finding of the workspace (the rules' and the model's, as the editor shows
 * them) that lies inside an IAM entity's text (its name or its object: inline policies, trust policy, tags,
 * a customer managed policy's document) is put on that entity's node. The webview and the SVG export draw
 * the count and the worst severity; the details panel lists them. Hints are left out (they are not problems).
 */
import type { Finding } from '../../findings';
import { SEVERITY_ORDER } from '../../findings';
import { entitiesOf, type Workspace } from '../../model';
import type { GraphFinding, GraphNode } from './types';

/** At most this many findings are listed per node (the count is kept whole in `findingCount`). */
export const MAX_NODE_FINDINGS = 25;

interface Range {
  start: number;
  end: number;
  id: string;
}

/** Entity ranges of one file, sorted by start (entities don't nest in a file). */
function rangesOf(workspace: Workspace, uri: string): Range[] {
  const file = workspace.file(uri);
  if (!file) return [];
  const out: Range[] = [];
  for (const e of entitiesOf(file)) {
    out.push({ start: Math.min(e.nameSpan.start, e.span.start), end: Math.max(e.nameSpan.end, e.span.end), id: `${e.kind}:${file.accountId}:${e.name}` });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The range that holds an offset, by binary search over ranges sorted by start. */
function holder(ranges: Range[], offset: number): Range | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  let found: Range | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start <= offset) {
      found = ranges[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && offset < found.end ? found : undefined;
}

/** Puts every finding inside an entity on that entity's node (`findings`, `findingCount`), worst first. */
export function attachFindings(workspace: Workspace, nodes: Map<string, GraphNode>, findings: Iterable<Finding>): void {
  const ranges = new Map<string, Range[]>();
  const collected = new Map<string, GraphFinding[]>();
  for (const f of findings) {
    if (f.severity === 'hint') continue;
    let list = ranges.get(f.uri);
    if (!list) ranges.set(f.uri, (list = rangesOf(workspace, f.uri)));
    const at = holder(list, f.span.start);
    if (!at || !nodes.has(at.id)) continue;
    let mine = collected.get(at.id);
    if (!mine) collected.set(at.id, (mine = []));
    mine.push({ code: f.code, severity: f.severity, message: f.message });
  }
  for (const [id, list] of collected) {
    const node = nodes.get(id)!;
    list.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code));
    node.findingCount = list.length;
    node.findings = list.slice(0, MAX_NODE_FINDINGS);
  }
}

/** The worst severity of a node's findings, or undefined when it has none. */
export function worstSeverity(node: Pick<GraphNode, 'findings'>): GraphFinding['severity'] | undefined {
  return node.findings?.[0]?.severity;
}
