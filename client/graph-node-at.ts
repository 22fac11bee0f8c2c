import type { GraphNode } from '../protocol';

const ENTITY_KINDS = new Set(['user', 'group', 'role', 'policy', 'identityProvider']);

/**
 * The graph node of the entity being edited at `line` of `uri`: the last entity whose name starts at
 * or above the line (entities are objects that follow their names). For "Show in Graph" without a node id.
 */
export function nodeAt(nodes: readonly GraphNode[], uri: string, line: number): string | undefined {
  let best: GraphNode | undefined;
  for (const n of nodes) {
    if (!n.location || n.location.uri !== uri || !ENTITY_KINDS.has(n.kind)) continue;
    const l = n.location.range.start.line;
    if (l <= line && (!best || l > best.location!.range.start.line)) best = n;
  }
  return best?.id;
}
