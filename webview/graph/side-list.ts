import type { GraphNode } from '../../protocol';
import { el } from './dom';
import { NODE_STYLE } from '../../core/analysis/graph/shapes';

const LIMIT = 300;

/**
 * The list of nodes beside the canvas, for keyboard and screen-reader users: one button per node
 * (name and kind as text). Shows the search matches when there is a query, else the visible nodes.
 */
export class SideList {
  readonly root: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly more: HTMLElement;

  constructor(private readonly onChoose: (id: string) => void) {
    this.root = el('section', { class: 'node-list', 'aria-labelledby': 'node-list-heading' });
    this.heading = el('h2', { id: 'node-list-heading' }, 'Nodes');
    this.list = el('ul', { class: 'nodes' });
    this.more = el('p', { class: 'more' });
    this.root.append(this.heading, this.list, this.more);
  }

  show(title: string, nodes: GraphNode[], selectedId: string | undefined, outside: (id: string) => boolean): void {
    this.heading.textContent = `${title} (${nodes.length})`;
    const items: HTMLElement[] = [];
    for (const n of nodes.slice(0, LIMIT)) {
      const button = el('button', { type: 'button', class: 'node', 'data-id': n.id });
      if (n.id === selectedId) button.setAttribute('aria-current', 'true');
      const name = el('span', { class: 'name' }, n.label);
      const kind = el('span', { class: `kind kind-${n.kind}` }, NODE_STYLE[n.kind].name + (outside(n.id) ? ' · outside focus' : ''));
      button.append(name, kind);
      if (n.detail) button.title = n.detail;
      button.addEventListener('click', () => this.onChoose(n.id));
      const li = el('li');
      li.append(button);
      items.push(li);
    }
    this.list.replaceChildren(...items);
    this.more.textContent = nodes.length > LIMIT ? `${nodes.length - LIMIT} more: refine the search to see them.` : '';
  }
}
