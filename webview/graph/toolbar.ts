import type { GraphNode } from '../../protocol';
import { el } from './dom';

/** The controls above the graph: search, focus, depth, show all, path to a policy, paths to admin, fit. */
export class Toolbar {
  readonly root: HTMLElement;
  readonly search: HTMLInputElement;
  readonly focus: HTMLButtonElement;
  readonly depth: HTMLSelectElement;
  readonly all: HTMLButtonElement;
  readonly path: HTMLSelectElement;
  /** Highlights every path that ends at an administrator ("can become", "can assume", group membership). */
  readonly admin: HTMLButtonElement;
  readonly fit: HTMLButtonElement;
  /** Shows or hides the side panel (legend, details, node list). */
  readonly side: HTMLButtonElement;
  /** Layered or force layout (automatic: layered up to LAYERED_LIMIT nodes in view). */
  readonly layout: HTMLSelectElement;

  constructor(query: string, depth: number) {
    this.root = el('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Graph tools' });
    this.search = el('input', { type: 'search', id: 'graph-search', placeholder: 'Search names', 'aria-label': 'Search nodes by name' });
    this.search.value = query;
    this.focus = el('button', { type: 'button', id: 'graph-focus' }, 'Focus on selected');
    this.depth = el('select', { id: 'graph-depth', 'aria-label': 'Neighbourhood depth' });
    for (const d of [1, 2, 3, 4, 6]) this.depth.append(el('option', { value: String(d) }, `Depth ${d}`));
    this.depth.value = String(depth);
    this.all = el('button', { type: 'button', id: 'graph-all' }, 'Show all');
    this.path = el('select', { id: 'graph-path', 'aria-label': 'Highlight the path to a policy' });
    this.admin = el('button', { type: 'button', id: 'graph-admin-paths', 'aria-pressed': 'false', title: 'Highlight every principal that is or can become an administrator, and how' }, 'Paths to admin');
    this.fit = el('button', { type: 'button', id: 'graph-fit' }, 'Fit');
    this.side = el('button', { type: 'button', id: 'graph-side-toggle', 'aria-controls': 'graph-side' }, 'Panel');
    this.layout = el('select', { id: 'graph-layout', 'aria-label': 'Layout', title: 'Layered: who → groups and roles → policies, one band per account. Force: for large views.' });
    this.layout.append(el('option', { value: 'auto' }, 'Layout: automatic'), el('option', { value: 'layered' }, 'Layered'), el('option', { value: 'force' }, 'Force'));
    this.root.append(this.search, this.focus, this.depth, this.all, this.path, this.admin, this.layout, this.fit, this.side);
  }

  /** Fills the path choices; returns the chosen policy id still on offer, if any. */
  setPolicies(policies: GraphNode[], chosen: string | undefined): string | undefined {
    const options = [el('option', { value: '' }, policies.length ? 'Path to policy…' : 'No policy to trace')];
    for (const p of policies) options.push(el('option', { value: p.id }, p.label));
    this.path.replaceChildren(...options);
    const keep = chosen && policies.some((p) => p.id === chosen) ? chosen : undefined;
    this.path.value = keep ?? '';
    this.path.disabled = policies.length === 0;
    return keep;
  }
}
