import type { GraphIndex } from '../../core/analysis/graph/query';
import { NODE_STYLE } from '../../core/analysis/graph/shapes';
import type { GraphEdgeKind } from '../../protocol';
import { el } from './dom';

/** How an edge reads from each of its ends. */
const PHRASES: Record<GraphEdgeKind, [outgoing: string, incoming: string]> = {
  memberOf: ['Member of', 'Members'],
  attached: ['Policies', 'Attached to'],
  boundary: ['Permissions boundary', 'Boundary of'],
  canAssume: ['Can assume', 'Can be assumed by'],
  instanceProfile: ['Instance profile of', 'Instance profile'],
  canBecome: ['Can become (escalation)', 'Reachable by escalation from'],
};

const LIMIT = 50;

/**
 * The selected node's links as lists of buttons (one per neighbour, with the edge's condition if
 * any): a way to walk the graph with the keyboard, and the only place edge labels are spelled out.
 */
export function linkLists(index: GraphIndex, node: number, choose: (id: string) => void): HTMLElement[] {
  const groups = new Map<string, { title: string; items: { id: string; text: string }[] }>();
  const add = (edgeIndex: number, outgoing: boolean) => {
    const edge = index.data.edges[edgeIndex];
    const other = index.ends[2 * edgeIndex + (outgoing ? 1 : 0)];
    if (other < 0) return;
    const title = PHRASES[edge.kind]?.[outgoing ? 0 : 1] ?? edge.kind;
    const group = groups.get(title) ?? { title, items: [] };
    groups.set(title, group);
    const n = index.data.nodes[other];
    group.items.push({ id: n.id, text: `${n.label} (${NODE_STYLE[n.kind].name})${edge.label ? `, ${edge.label}` : ''}` });
  };
  for (const e of index.out[node]) add(e, true);
  for (const e of index.in[node]) add(e, false);
  const out: HTMLElement[] = [];
  for (const { title, items } of groups.values()) {
    out.push(el('h3', {}, `${title} (${items.length})`));
    const list = el('ul', { class: 'links' });
    for (const item of items.slice(0, LIMIT)) {
      const button = el('button', { type: 'button', class: 'link', 'data-id': item.id }, item.text);
      button.addEventListener('click', () => choose(item.id));
      const li = el('li');
      li.append(button);
      list.append(li);
    }
    if (items.length > LIMIT) list.append(el('li', { class: 'more' }, `${items.length - LIMIT} more`));
    out.push(list);
  }
  return out;
}
