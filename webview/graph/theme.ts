import type { GraphEdgeKind, GraphNodeKind } from '../../protocol';
import { EDGE_KINDS, NODE_KINDS } from '../../core/analysis/graph/shapes';

/** Colours for the canvas, read from CSS custom properties (VS Code's theme variables, see graph.css). */
export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  edge: string;
  highlight: string;
  match: string;
  nodes: Record<GraphNodeKind, string>;
  edges: Record<GraphEdgeKind, string>;
  font: string;
  /** Accounts' outlines: fill, border, and their names. */
  groupFill: string;
  groupBorder: string;
  groupLabel: string;
  /** Finding badges by worst severity, and the count's colour. */
  badges: { error: string; warning: string; info: string };
  badgeText: string;
}

export function readTheme(root: Element): Theme {
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const nodes = {} as Record<GraphNodeKind, string>;
  for (const k of NODE_KINDS) nodes[k] = v(`--graph-${k}`, '#888888');
  const edges = {} as Record<GraphEdgeKind, string>;
  for (const k of EDGE_KINDS) edges[k] = v(`--graph-edge-${k}`, '#888888');
  return {
    background: v('--graph-background', '#1e1e1e'),
    foreground: v('--graph-foreground', '#cccccc'),
    muted: v('--graph-muted', '#888888'),
    edge: v('--graph-edge', '#888888'),
    highlight: v('--graph-highlight', '#007fd4'),
    match: v('--graph-match', '#ffcc00'),
    nodes,
    edges,
    font: v('--graph-font', 'sans-serif'),
    groupFill: v('--graph-group-fill', '#f3f5f8'),
    groupBorder: v('--graph-group-border', '#9aa4b2'),
    groupLabel: v('--graph-group-label', '#3b4350'),
    badges: { error: v('--graph-badge-error', '#c62828'), warning: v('--graph-badge-warning', '#b25e00'), info: v('--graph-badge-info', '#1565c0') },
    badgeText: v('--graph-badge-text', '#ffffff'),
  };
}
