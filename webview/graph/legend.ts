import { path as d3path } from 'd3-path';
import type { GraphNodeKind } from '../../protocol';
import { el, svg } from './dom';
import { EDGE_KINDS, EDGE_STYLE, NODE_KINDS, NODE_STYLE, shapePath } from '../../core/analysis/graph/shapes';

/** The legend, which doubles as the kind filter: one checkbox per node kind, with its shape. */
export class Legend {
  readonly root: HTMLElement;
  private readonly boxes = new Map<GraphNodeKind, HTMLInputElement>();
  private readonly counts = new Map<GraphNodeKind, HTMLElement>();

  constructor(onToggle: (kind: GraphNodeKind, shown: boolean) => void) {
    this.root = el('section', { class: 'legend', 'aria-labelledby': 'legend-heading' });
    const heading = el('h2', { id: 'legend-heading' }, 'Show kinds');
    const list = el('ul');
    for (const kind of NODE_KINDS) {
      const style = NODE_STYLE[kind];
      const box = el('input', { type: 'checkbox', 'data-kind': kind });
      box.checked = true;
      box.addEventListener('change', () => onToggle(kind, box.checked));
      const icon = svg('svg', { class: 'swatch', width: 22, height: 22, viewBox: '-11 -11 22 22', 'aria-hidden': 'true' });
      const p = d3path();
      shapePath(p, style.shape, 0, 0, 7);
      icon.append(svg('path', { d: p.toString(), class: `kind-${kind}` }));
      const count = el('span', { class: 'count' });
      const label = el('label');
      label.append(box, icon, el('span', {}, style.name), count);
      const li = el('li');
      li.append(label);
      list.append(li);
      this.boxes.set(kind, box);
      this.counts.set(kind, count);
    }
    const edges = el('ul', { class: 'edge-legend', 'aria-label': 'Edge kinds' });
    for (const kind of EDGE_KINDS) {
      const icon = svg('svg', { class: 'swatch', width: 28, height: 10, 'aria-hidden': 'true' });
      const line = svg('line', { x1: 1, y1: 5, x2: 27, y2: 5, class: `edge-${kind}` });
      if (EDGE_STYLE[kind].dash.length) line.setAttribute('stroke-dasharray', EDGE_STYLE[kind].dash.join(' '));
      icon.append(line);
      const li = el('li');
      li.append(icon, el('span', {}, EDGE_STYLE[kind].name));
      edges.append(li);
    }
    // Finding badges: the disc's colour is the node's worst finding, its number how many it has.
    const badges = el('ul', { class: 'badge-legend', 'aria-label': 'Finding badges' });
    for (const [severity, words] of [['error', 'errors'], ['warning', 'warnings (worst)'], ['info', 'information (worst)']] as const) {
      const li = el('li', { class: 'badge-key' });
      li.append(el('span', { class: `dot ${severity}`, 'aria-hidden': 'true' }, 'n'), el('span', {}, `findings: ${words}`));
      badges.append(li);
    }
    this.root.append(heading, list, edges, badges);
  }

  update(hidden: ReadonlySet<GraphNodeKind>, counts: Map<GraphNodeKind, number>): void {
    for (const [kind, box] of this.boxes) {
      box.checked = !hidden.has(kind);
      const n = counts.get(kind) ?? 0;
      this.counts.get(kind)!.textContent = ` ${n}`;
      box.closest('li')?.classList.toggle('empty', n === 0);
    }
  }
}
