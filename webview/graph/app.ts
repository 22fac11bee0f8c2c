import { quadtree, type Quadtree } from 'd3-quadtree';
import { seedPositions } from '../../core/analysis/graph/layout';
import { LAYERED_LIMIT, LAYER_OF_KIND, NODE_RADIUS, groupIndices, layeredLayout } from '../../core/analysis/graph/layered';
import { LABEL_GAP, LABEL_HEIGHT, clipLabel, fitTransform, readableZoom, startNodes } from '../../core/analysis/graph/labels';
import {
  busiestPrincipal,
  indexGraph,
  neighbourhood,
  pathBetween,
  pathsToAdmin,
  reachablePolicies,
  searchNodes,
  type GraphIndex,
} from '../../core/analysis/graph/query';
import type { GraphData, GraphHostMessage, GraphNode, GraphNodeKind } from '../../protocol';
import { el, svg } from './dom';
import type { Host } from './host';
import { LayoutClient } from './layout-client';
import { Legend } from './legend';
import { linkLists } from './links';
import { NODE_KINDS, NODE_STYLE } from '../../core/analysis/graph/shapes';
import { CULL_MARGIN, FEW_NODES, Renderer, type FrameStats, type Scene, type Transform } from './render';
import { SideList } from './side-list';
import { readTheme, type Theme } from './theme';
import { Toolbar } from './toolbar';
import { Viewport } from './viewport';

/** A finding badge's reach left of its node (render.ts: radius × 0.8 + 0.6 × 8 + 8), in CSS pixels. */
const BADGE_ROOM = 20;
/** Above this many nodes the page opens on one principal's neighbourhood. */
export const LARGE_GRAPH = 1000;
/** Positions are kept in the saved state only for graphs up to this size. */
const SAVED_POSITIONS_LIMIT = 3000;
/** A layered layout asked for by the user, up to this many nodes (it runs in the page). */
const LAYERED_MAX = 5000;
const SEVERITY_RANK: Record<string, number> = { error: 1, warning: 2, info: 3 };

export type LayoutMode = 'auto' | 'layered' | 'force';

/** What survives a reload (VS Code's getState/setState). */
export interface SavedState {
  focusId?: string;
  depth: number;
  showAll: boolean;
  hidden: GraphNodeKind[];
  query: string;
  selectedId?: string;
  pathPolicyId?: string;
  /** "Paths to admin" is on: every path ending at an administrator is shown and highlighted. */
  adminPaths?: boolean;
  /** The layout chosen in the toolbar (automatic when absent). */
  layoutMode?: LayoutMode;
  transform?: Transform;
  positions?: Record<string, [number, number]>;
}

export class GraphApp {
  private data: GraphData = { nodes: [], edges: [] };
  private index: GraphIndex = indexGraph(this.data);
  private scene: Scene;
  private readonly known = new Map<string, [number, number]>();
  private state: SavedState;
  private theme: Theme;
  private hasData = false;
  private drawPending = false;
  private firstFrame = false;
  private tree: Quadtree<number> | undefined;
  private hoverIndex = -1;
  /** A focus that arrived before the data. */
  private pendingFocus: string | undefined;
  /** The last layered layout's nodes and the area's shape it was made for: laid out again when the shape changes. */
  private layered: { members: number[]; aspect: number } | undefined;
  /** Each node's label width as drawn (CSS pixels; NaN: not measured yet) and the font it was measured in. */
  private labelWidths = new Float32Array(0);
  private labelFont = '';
  /** The smallest zoom at which the shown nodes' labels fit (fitting stops there; beyond it the view pans). */
  private minZoom = 0.01;

  private readonly renderer: Renderer;
  private readonly layout = new LayoutClient();
  private readonly view: Viewport;
  private readonly canvas: HTMLCanvasElement;
  private readonly overlay: SVGSVGElement;
  private readonly stage: HTMLElement;
  private readonly toolbar: Toolbar;
  private readonly search: HTMLInputElement;
  private readonly depth: HTMLSelectElement;
  private readonly pathSelect: HTMLSelectElement;
  private readonly focusButton: HTMLButtonElement;
  private readonly allButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly details: HTMLElement;
  private readonly legend: Legend;
  private readonly sideList: SideList;

  constructor(private readonly host: Host, root: HTMLElement) {
    const saved = host.getState() as Partial<SavedState> | undefined;
    this.state = {
      depth: 2,
      showAll: false,
      hidden: [],
      query: '',
      ...(saved && typeof saved === 'object' ? saved : {}),
    };
    if (this.state.positions) for (const [id, p] of Object.entries(this.state.positions)) this.known.set(id, p);
    this.scene = this.emptyScene();

    const toolbar = new Toolbar(this.state.query, this.state.depth);
    this.toolbar = toolbar;
    this.search = toolbar.search;
    this.depth = toolbar.depth;
    this.focusButton = toolbar.focus;
    this.allButton = toolbar.all;
    this.pathSelect = toolbar.path;

    // Stage: the canvas, and an SVG overlay for the hovered node.
    this.stage = el('div', { class: 'stage' });
    this.canvas = el('canvas', {
      id: 'graph-canvas',
      tabindex: '0',
      role: 'img',
      'aria-label': 'IAM graph. Use the node list beside it to move through the nodes with the keyboard.',
    });
    this.overlay = svg('svg', { class: 'overlay', 'aria-hidden': 'true' });
    this.stage.append(this.canvas, this.overlay);

    // Side: legend and filter, the selected node, the node list.
    this.legend = new Legend((kind, shown) => this.toggleKind(kind, shown));
    this.details = el('section', { class: 'details', 'aria-live': 'polite', 'aria-labelledby': 'details-heading' });
    this.sideList = new SideList((id) => this.choose(id));
    const side = el('aside', { class: 'side', id: 'graph-side', 'aria-label': 'Legend and node list' });
    side.append(this.legend.root, this.details, this.sideList.root);
    // The status line: what the view shows, then the hint when the drawing continues past the area (at its
    // smallest readable size) or labels are shortened. Below the canvas, so that the hint covers no node.
    this.status = el('span', { class: 'status-text' });
    this.hint = el('span', { class: 'view-hint', id: 'graph-view-hint', role: 'note', hidden: '' });
    const footer = el('footer', { class: 'status', role: 'status' });
    footer.append(this.status, this.hint);
    root.replaceChildren(toolbar.root, this.stage, side, footer);

    this.renderer = new Renderer(this.canvas);
    this.theme = readTheme(document.body);
    // While the user pans or zooms, the layout waits (the page needs the CPU for the frames).
    let resumeTimer: ReturnType<typeof setTimeout> | undefined;
    this.view = new Viewport(
      this.canvas,
      this.stage,
      () => this.schedule(),
      () => {
        clearTimeout(resumeTimer);
        resumeTimer = setTimeout(() => this.layout.resume(), 400);
        this.save();
      },
      () => {
        clearTimeout(resumeTimer);
        this.layout.pause();
      },
    );
    this.view.onFitKey = () => this.fit(true);
    if (this.state.transform) this.view.restore(this.state.transform);

    this.wire();
    this.renderDetails();
    this.status.textContent = 'Waiting for the graph…';
    host.onMessage((m) => this.receive(m));
    host.post({ type: 'ready' });
  }

  private emptyScene(): Scene {
    return {
      labels: [],
      kinds: [],
      edgeKinds: [],
      ends: new Int32Array(0),
      pos: new Float32Array(0),
      visible: new Uint8Array(0),
      selected: -1,
      focus: -1,
    };
  }

  /** The layout a scope of `count` nodes gets: the user's choice, else layered when few. */
  private layoutFor(count: number): 'layered' | 'force' {
    const mode = this.state.layoutMode ?? 'auto';
    if (mode === 'layered') return count <= LAYERED_MAX ? 'layered' : 'force';
    if (mode === 'force') return 'force';
    return count <= LAYERED_LIMIT ? 'layered' : 'force';
  }

  private wire(): void {
    this.search.addEventListener('input', () => {
      this.state.query = this.search.value;
      this.refreshHighlights();
      this.save();
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const first = searchNodes(this.data.nodes, this.search.value)[0];
      if (first) this.choose(first.id);
    });
    this.depth.addEventListener('change', () => {
      this.state.depth = Number(this.depth.value) || 2;
      if (this.state.focusId && !this.state.showAll) this.applyView(true);
      this.save();
    });
    this.focusButton.addEventListener('click', () => {
      if (this.state.selectedId) this.setFocus(this.state.selectedId);
    });
    this.allButton.addEventListener('click', () => this.showAll());
    this.pathSelect.addEventListener('change', () => {
      this.state.pathPolicyId = this.pathSelect.value || undefined;
      const focused = this.state.focusId && !this.state.showAll;
      if (focused) this.applyView(true);
      else this.refreshHighlights();
      this.save();
    });
    this.toolbar.admin.addEventListener('click', () => {
      this.state.adminPaths = !this.state.adminPaths;
      this.applyView(Boolean(this.state.focusId && !this.state.showAll));
      this.save();
    });
    this.canvas.addEventListener('click', (e) => this.onCanvasClick(e));
    this.canvas.addEventListener('dblclick', (e) => {
      const i = this.pick(e);
      if (i >= 0) this.setFocus(this.data.nodes[i].id);
    });
    this.canvas.addEventListener('mousemove', (e) => this.onHover(this.pick(e)));
    this.canvas.addEventListener('mouseleave', () => this.onHover(-1));
    this.toolbar.fit.addEventListener('click', () => this.fit(true));
    this.toolbar.layout.value = this.state.layoutMode ?? 'auto';
    this.toolbar.layout.addEventListener('change', () => {
      const v = this.toolbar.layout.value;
      this.state.layoutMode = v === 'layered' || v === 'force' ? v : undefined;
      this.view.userMoved = false;
      this.applyView(true);
      this.save();
    });
    // The side panel: shown by default when the page is wider than 900 px (graph.css), toggled here.
    const app = this.stage.parentElement!;
    const side = app.querySelector('.side')!;
    const sideShown = () => getComputedStyle(side).display !== 'none';
    const syncToggle = () => this.toolbar.side.setAttribute('aria-expanded', String(sideShown()));
    this.toolbar.side.addEventListener('click', () => {
      const open = !sideShown();
      app.classList.toggle('side-open', open);
      app.classList.toggle('side-closed', !open);
      syncToggle();
    });
    new ResizeObserver(syncToggle).observe(app);
    syncToggle();
    new ResizeObserver(() => {
      // A layered view follows the area's shape (accounts side by side when wide) unless the user moved the view.
      const { width, height } = this.view.size();
      const last = this.layered;
      if (last && !this.view.userMoved && Math.abs(Math.log(width / height / last.aspect)) > 0.15) this.startLayout(last.members);
      else {
        if (!this.view.userMoved && this.hasData) this.fit(false);
        this.schedule();
      }
    }).observe(this.stage);
    // VS Code switches themes by changing the body's class: read the colours again.
    new MutationObserver(() => {
      this.theme = readTheme(document.body);
      this.schedule();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      this.theme = readTheme(document.body);
      this.schedule();
    });
  }

  private receive(m: GraphHostMessage): void {
    if (m.type === 'graphData') this.setData(m.data, m.focusId ?? this.pendingFocus);
    else if (m.type === 'focus') {
      if (this.hasData) this.setFocus(m.nodeId);
      else this.pendingFocus = m.nodeId;
    }
  }

  // ---- Data and view ----

  setData(data: GraphData, focusId?: string): void {
    const firstData = !this.hasData;
    this.pendingFocus = undefined;
    if (firstData) performance.mark('iam-graph-data');
    this.hasData = true;
    // Remember where everything was, so a refresh keeps the picture (warm start).
    this.rememberPositions();
    // Take only well-formed nodes and edges, with text where text is expected.
    const nodes: GraphNode[] = [];
    const seen = new Set<string>();
    for (const n of data.nodes) {
      if (!n || typeof n.id !== 'string' || !NODE_STYLE[n.kind] || seen.has(n.id)) continue;
      seen.add(n.id);
      const findings = Array.isArray(n.findings)
        ? n.findings.filter((f) => f && typeof f.code === 'string' && typeof f.message === 'string' && SEVERITY_RANK[f.severity] !== undefined)
        : undefined;
      nodes.push({
        ...n,
        label: typeof n.label === 'string' ? n.label : n.id,
        detail: typeof n.detail === 'string' ? n.detail : undefined,
        account: typeof n.account === 'string' ? n.account : undefined,
        findings: findings?.length ? findings : undefined,
        findingCount: findings?.length ? Math.max(findings.length, Number.isInteger(n.findingCount) ? n.findingCount! : 0) : undefined,
      });
    }
    const accounts = Array.isArray(data.accounts) ? data.accounts.filter((a) => a && typeof a.id === 'string' && typeof a.label === 'string') : [];
    const edges = data.edges.filter(
      // Kinds this page doesn't know (a newer server's) are kept and drawn plain (render.ts).
      (e) => e && typeof e.id === 'string' && seen.has(e.source) && seen.has(e.target) && typeof e.kind === 'string',
    );
    this.data = { nodes, edges, accounts };
    this.index = indexGraph(this.data);
    const n = this.data.nodes.length;
    const pos = new Float32Array(2 * n).fill(Number.NaN);
    this.data.nodes.forEach((node, i) => {
      const p = this.known.get(node.id);
      if (p) {
        pos[2 * i] = p[0];
        pos[2 * i + 1] = p[1];
      }
    });
    this.labelWidths = new Float32Array(n).fill(Number.NaN);
    this.scene = {
      labels: this.data.nodes.map((x) => x.label),
      kinds: this.data.nodes.map((x) => x.kind),
      edgeKinds: this.data.edges.map((e) => e.kind),
      ends: this.index.ends,
      pos,
      visible: new Uint8Array(n),
      selected: -1,
      focus: -1,
      groups: groupIndices(this.data.nodes, accounts),
      groupLabels: accounts.map((a) => a.label),
      badgeCount: Uint16Array.from(this.data.nodes.map((x) => Math.min(65535, x.findingCount ?? 0))),
      badgeSeverity: Uint8Array.from(this.data.nodes.map((x) => (x.findings ?? []).reduce((worst, f) => Math.min(worst || 3, SEVERITY_RANK[f.severity]), 0))),
    };
    this.moved();
    if (focusId && this.index.byId.has(focusId)) {
      this.state.focusId = focusId;
      this.state.showAll = false;
    } else if (this.state.focusId && !this.index.byId.has(this.state.focusId)) {
      this.state.focusId = undefined;
    }
    if (firstData && !this.state.focusId && !this.state.showAll && n > LARGE_GRAPH) {
      this.state.focusId = busiestPrincipal(this.index);
    }
    this.applyView(true);
  }

  private setFocus(id: string): void {
    if (!this.index.byId.has(id)) return;
    this.state.focusId = id;
    this.state.showAll = false;
    this.state.selectedId = id;
    this.view.userMoved = false;
    this.applyView(true);
    this.save();
  }

  private showAll(): void {
    this.state.showAll = true;
    this.state.focusId = undefined;
    this.state.pathPolicyId = undefined;
    this.view.userMoved = false;
    this.applyView(true);
    this.save();
  }

  private toggleKind(kind: GraphNodeKind, shown: boolean): void {
    const hidden = new Set(this.state.hidden);
    if (shown) hidden.delete(kind);
    else hidden.add(kind);
    this.state.hidden = [...hidden];
    this.applyView(false);
    this.save();
  }

  /** Which nodes the focus (or "show all") puts in scope; relayout when that set changed. */
  private applyView(relayout: boolean): void {
    const { nodes } = this.data;
    const focus = this.state.focusId && !this.state.showAll ? this.state.focusId : undefined;
    const scope = focus ? neighbourhood(this.index, focus, this.state.depth) : undefined;
    // A traced path may run deeper than the neighbourhood: show all of it.
    if (scope && this.state.pathPolicyId) for (const id of pathBetween(this.index, focus!, this.state.pathPolicyId).nodes) scope.add(id);
    // So may the paths to an administrator.
    if (scope && this.state.adminPaths) for (const i of pathsToAdmin(this.index).nodes) scope.add(this.data.nodes[i].id);
    const hidden = new Set(this.state.hidden);
    const inScope: number[] = [];
    nodes.forEach((node, i) => {
      const shown = !scope || scope.has(node.id);
      if (shown) inScope.push(i);
      this.scene.visible[i] = shown && !hidden.has(node.kind) ? 1 : 0;
    });
    this.scene.focus = focus ? this.index.byId.get(focus)! : -1;
    this.moved();
    this.refreshPathChoices();
    this.refreshHighlights();
    const counts = new Map<GraphNodeKind, number>();
    for (const i of inScope) counts.set(nodes[i].kind, (counts.get(nodes[i].kind) ?? 0) + 1);
    this.legend.update(hidden, counts);
    this.focusButton.disabled = !this.state.selectedId;
    this.allButton.disabled = !focus;
    const shownCount = this.scene.visible.reduce((a, b) => a + b, 0);
    this.status.textContent = focus
      ? `Showing ${shownCount} of ${nodes.length} nodes around ${nodes[this.scene.focus].label}. Show all to see everything.`
      : nodes.length === 0
        ? 'No users, groups, roles or policies yet: the graph shows what the iam.json files of the workspace describe.'
        : `Showing ${shownCount} of ${nodes.length} nodes.`;
    if (relayout) this.startLayout(inScope);
    else this.schedule();
  }

  private startLayout(members: number[]): void {
    const count = members.length;
    const local = new Int32Array(this.data.nodes.length).fill(-1);
    members.forEach((g, l) => (local[g] = l));
    const links: number[] = [];
    const { ends } = this.scene;
    for (let e = 0; e < this.data.edges.length; e++) {
      const s = local[ends[2 * e]];
      const t = local[ends[2 * e + 1]];
      if (ends[2 * e] >= 0 && ends[2 * e + 1] >= 0 && s >= 0 && t >= 0 && s !== t) links.push(s, t);
    }
    const linkArray = Int32Array.from(links);
    const positions = new Float32Array(2 * count);
    const pos = this.scene.pos;
    members.forEach((g, l) => {
      positions[2 * l] = pos[2 * g];
      positions[2 * l + 1] = pos[2 * g + 1];
    });
    const groups = new Int32Array(count);
    const allGroups = this.scene.groups;
    members.forEach((g, l) => (groups[l] = allGroups ? allGroups[g] : -1));
    const kind = this.layoutFor(count);
    this.canvas.setAttribute('data-layout-kind', kind);
    if (kind === 'layered') {
      // Layered: computed here at once (a few milliseconds for a focused view), nothing to stream.
      this.layout.stop();
      const ranks = Int32Array.from(members, (g) => LAYER_OF_KIND[this.data.nodes[g].kind] ?? 0);
      // The accounts' bands are arranged to the drawing area's shape (side by side when it is wide and short).
      const { width, height } = this.view.size();
      this.layered = { members, aspect: width / height };
      // Rows and columns spaced for the labels as the page draws them (right of each node).
      const widths = this.measureLabels(members);
      const labelWidths = Float32Array.from(members, (g) => widths[g]);
      this.scene.labelSide = 'right';
      this.scene.labelWidths = widths;
      const out = layeredLayout({ count, links: linkArray, ranks, groups, aspect: width / height, labelWidths });
      members.forEach((g, l) => {
        pos[2 * g] = out[2 * l];
        pos[2 * g + 1] = out[2 * l + 1];
      });
      this.moved();
      if (!this.view.userMoved) this.fit(false);
      this.canvas.setAttribute('data-layout', 'done');
      this.rememberPositions();
      this.save();
      this.schedule();
      return;
    }
    this.layered = undefined;
    this.scene.labelSide = 'below';
    // Place new nodes at once (near their neighbours), so the first frame needs no layout.
    const known = seedPositions(count, linkArray, positions);
    members.forEach((g, l) => {
      pos[2 * g] = positions[2 * l];
      pos[2 * g + 1] = positions[2 * l + 1];
    });
    this.moved();
    if (!this.view.userMoved) this.fit(false);
    this.schedule();
    this.canvas.setAttribute('data-layout', 'running');
    const alpha = count > 0 && known / count > 0.9 ? 0.25 : 1;
    // The focus of a neighbourhood view stays put; the rest arranges itself around it.
    const pinned = this.scene.focus >= 0 ? local[this.scene.focus] : -1;
    this.layout.start({ count, links: linkArray, positions, alpha, pinned, groups }, (out, done) => {
      for (let l = 0; l < count; l++) {
        pos[2 * members[l]] = out[2 * l];
        pos[2 * members[l] + 1] = out[2 * l + 1];
      }
      this.moved();
      // Until the user takes over, keep the growing picture in view.
      if (!this.view.userMoved) this.fit(false);
      if (done) {
        this.canvas.setAttribute('data-layout', 'done');
        this.rememberPositions();
        this.save();
      }
      this.schedule();
    });
  }

  /** Positions or visibility changed: the picking tree is stale, and so are the cached account outlines. */
  private moved(): void {
    this.tree = undefined;
    this.scene.version = (this.scene.version ?? 0) + 1;
  }

  private rememberPositions(): void {
    const { pos } = this.scene;
    this.data.nodes.forEach((n, i) => {
      if (Number.isFinite(pos[2 * i])) this.known.set(n.id, [pos[2 * i], pos[2 * i + 1]]);
    });
  }

  /** The node the path highlight starts from: the focus, else the selection. */
  private pathSource(): string | undefined {
    const id = (this.state.showAll ? undefined : this.state.focusId) ?? this.state.selectedId;
    return id && this.index.byId.has(id) ? id : undefined;
  }

  private refreshPathChoices(): void {
    const source = this.pathSource();
    this.state.pathPolicyId = this.toolbar.setPolicies(source ? reachablePolicies(this.index, source) : [], this.state.pathPolicyId);
  }

  private refreshHighlights(): void {
    const { byId } = this.index;
    const query = this.state.query.trim();
    const matches = searchNodes(this.data.nodes, query);
    this.scene.matches = new Set(matches.map((n) => byId.get(n.id)!));
    const source = this.pathSource();
    const admins = this.data.nodes.some((n) => n.admin);
    this.toolbar.admin.disabled = !admins;
    this.toolbar.admin.setAttribute('aria-pressed', String(Boolean(this.state.adminPaths && admins)));
    if (this.state.adminPaths && admins) {
      const paths = pathsToAdmin(this.index);
      this.scene.highlightNodes = paths.nodes;
      this.scene.highlightEdges = paths.edges;
    } else if (source && this.state.pathPolicyId) {
      const path = pathBetween(this.index, source, this.state.pathPolicyId);
      this.scene.highlightNodes = new Set([...path.nodes].map((id) => byId.get(id)!));
      const edgeIds = path.edges;
      const edges = new Set<number>();
      this.data.edges.forEach((e, i) => edgeIds.has(e.id) && edges.add(i));
      this.scene.highlightEdges = edges;
    } else {
      this.scene.highlightNodes = undefined;
      this.scene.highlightEdges = undefined;
    }
    this.scene.selected = this.state.selectedId ? byId.get(this.state.selectedId) ?? -1 : -1;
    const visibleNodes = this.data.nodes.filter((_, i) => this.scene.visible[i]);
    const listed = query ? matches : visibleNodes.slice().sort((a, b) => NODE_KINDS.indexOf(a.kind) - NODE_KINDS.indexOf(b.kind) || a.label.localeCompare(b.label));
    this.sideList.show(query ? 'Matches' : 'Nodes', listed, this.state.selectedId, (id) => !this.scene.visible[byId.get(id)!]);
    this.schedule();
  }

  // ---- Selection ----

  /** From the side list or the search box: select, bring into view (focusing if hidden), center. */
  private choose(id: string): void {
    const i = this.index.byId.get(id);
    if (i === undefined) return;
    if (!this.scene.visible[i]) {
      this.setFocus(id);
      return;
    }
    this.select(id);
    this.center(i);
  }

  private select(id: string | undefined): void {
    this.state.selectedId = id;
    this.focusButton.disabled = !id;
    if (this.state.showAll || !this.state.focusId) this.refreshPathChoices();
    this.refreshHighlights();
    this.renderDetails();
    // The details (and the node's findings) sit below the legend: bring them into the side panel's view.
    const side = this.details.parentElement;
    if (id && side) side.scrollTop = Math.max(0, this.details.offsetTop - side.offsetTop);
    this.save();
  }

  private renderDetails(): void {
    const i = this.state.selectedId ? this.index.byId.get(this.state.selectedId) : undefined;
    const heading = el('h2', { id: 'details-heading' }, 'Selected');
    if (i === undefined) {
      this.details.replaceChildren(heading, el('p', { class: 'hint' }, 'Click a node, or choose one in the list below.'));
      return;
    }
    const node = this.data.nodes[i];
    const reveal = el('button', { type: 'button', id: 'graph-reveal' }, this.host.standalone ? 'Show location' : 'Reveal in editor');
    reveal.disabled = !node.location;
    reveal.addEventListener('click', () => this.reveal(node));
    const focus = el('button', { type: 'button' }, 'Focus here');
    focus.addEventListener('click', () => this.setFocus(node.id));
    const actions = el('div', { class: 'actions' });
    actions.append(reveal, focus);
    const account = node.account ? this.data.accounts?.find((a) => a.id === node.account) : undefined;
    this.details.replaceChildren(
      heading,
      el('p', { class: 'selected-name' }, node.label),
      el('p', { class: 'selected-kind' }, account ? `${NODE_STYLE[node.kind].name} · account ${account.label}` : NODE_STYLE[node.kind].name),
      el('p', { class: 'selected-detail' }, node.detail ?? ''),
      actions,
      ...this.findingList(node),
      ...linkLists(this.index, i, (id) => this.choose(id)),
    );
  }

  /** The node's findings, as the Problems panel words them (text only). */
  private findingList(node: GraphNode): HTMLElement[] {
    const list = node.findings;
    if (!list || list.length === 0) return [];
    const total = node.findingCount ?? list.length;
    const ul = el('ul', { class: 'findings', 'aria-label': 'Findings' });
    for (const f of list) {
      const li = el('li', { class: `severity-${f.severity}` });
      li.append(el('span', { class: 'severity' }, `${f.severity[0].toUpperCase()}${f.severity.slice(1)}: `), el('span', { class: 'message' }, f.message), el('span', { class: 'code' }, ` (${f.code})`));
      ul.append(li);
    }
    if (total > list.length) ul.append(el('li', { class: 'more' }, `and ${total - list.length} more (Problems panel)`));
    return [el('h3', { id: 'details-findings' }, `Findings (${total})`), ul];
  }

  private reveal(node: GraphNode): void {
    if (this.host.standalone) {
      const loc = node.location;
      this.status.textContent = loc ? `${node.label}: ${loc.uri} line ${loc.range.start.line + 1}` : `${node.label} has no location.`;
      return;
    }
    this.host.post({ type: 'reveal', nodeId: node.id });
  }

  private onCanvasClick(e: MouseEvent): void {
    const i = this.pick(e);
    if (i < 0) {
      this.select(undefined);
      return;
    }
    const node = this.data.nodes[i];
    this.select(node.id);
    this.reveal(node);
  }

  private onHover(i: number): void {
    if (i === this.hoverIndex) return;
    this.hoverIndex = i;
    this.canvas.classList.toggle('over-node', i >= 0);
    this.drawOverlay();
  }

  private drawOverlay(): void {
    const i = this.hoverIndex;
    if (i < 0 || !this.scene.visible[i]) {
      this.overlay.replaceChildren();
      return;
    }
    const t = this.view.transform;
    const x = this.scene.pos[2 * i] * t.k + t.x;
    const y = this.scene.pos[2 * i + 1] * t.k + t.y;
    const r = NODE_STYLE[this.scene.kinds[i]].radius * t.k + 5;
    const node = this.data.nodes[i];
    const label = svg('text', { x: x + r + 4, y: y - r, class: 'hover-label' });
    label.textContent = `${node.label} (${NODE_STYLE[node.kind].name})`;
    this.overlay.replaceChildren(svg('circle', { cx: x, cy: y, r, class: 'hover-ring' }), label);
  }

  private pick(e: MouseEvent): number {
    const [x, y] = this.view.toGraph(e);
    if (!this.tree) {
      const { pos, visible } = this.scene;
      const members: number[] = [];
      for (let i = 0; i < visible.length; i++) if (visible[i]) members.push(i);
      this.tree = quadtree<number>()
        .x((i) => pos[2 * i])
        .y((i) => pos[2 * i + 1])
        .addAll(members);
    }
    return this.tree.find(x, y, Math.max(12, 6 / this.view.transform.k)) ?? -1;
  }

  /** Label widths as drawn for these nodes (measured once per node and font). */
  private measureLabels(nodes: Iterable<number>): Float32Array {
    if (this.labelFont !== this.theme.font) {
      this.labelFont = this.theme.font;
      this.labelWidths.fill(Number.NaN);
    }
    const widths = this.labelWidths;
    for (const i of nodes) if (Number.isNaN(widths[i])) widths[i] = this.renderer.labelWidth(clipLabel(this.scene.labels[i]), this.theme);
    return widths;
  }

  /**
   * Fits the shown nodes and their labels into view, but no smaller than the zoom at which their labels are
   * readable without colliding (core/analysis/graph/labels.ts `readableZoom`; when labels are drawn at all): beyond that the
   * drawing starts at the top left, or around the focus, and the rest is reached by panning (the hint says so).
   */
  private fit(byUser: boolean): void {
    const { pos, visible, kinds } = this.scene;
    const shown: number[] = [];
    for (let i = 0; i < visible.length; i++) if (visible[i] && Number.isFinite(pos[2 * i])) shown.push(i);
    const { width, height } = this.view.size();
    const labelled = shown.length > 0 && shown.length <= FEW_NODES;
    const side = this.scene.labelSide ?? 'below';
    let minK = 0.01;
    let labelRight: Float32Array | undefined;
    let labelBelow: number | undefined;
    if (labelled) {
      const widths = this.measureLabels(shown);
      const radii = Float32Array.from(kinds, (k) => NODE_STYLE[k].radius);
      // Right-side labels keep a badge's width free before the next column (badges sit at a node's upper left).
      // A force layout may put two nodes close together at any zoom: its floor is at most 0.5 (one grid pass
      // when the labels don't fit there, on every tick of the layout), and the labels that still meet are
      // moved or shortened (placeLabels).
      minK = readableZoom(pos, widths, radii, shown, side, side === 'right' ? 1 : 0.5, undefined, BADGE_ROOM);
      if (side === 'right') labelRight = Float32Array.from(radii, (r, i) => r + LABEL_GAP + (widths[i] || 0));
      else labelBelow = 9 + LABEL_GAP + LABEL_HEIGHT;
    }
    this.minZoom = minK;
    this.view.setMinZoom(minK);
    // A view too small for the drawing cuts no node or label at its edges, and starts at the focus, else at the
    // first account (not at the outside principals the layered layout puts first).
    const start = this.scene.focus >= 0 ? undefined : startNodes(shown, this.scene.groups);
    const t = fitTransform(pos, shown, width, height, {
      minK,
      maxK: 2,
      labelRight,
      labelBelow,
      reachLeft: labelled ? BADGE_ROOM : 0,
      reachUp: labelled ? NODE_RADIUS : 0,
      anchor: this.scene.focus,
      start,
      cull: CULL_MARGIN,
    });
    this.view.apply(t, byUser);
  }

  private center(i: number): void {
    this.view.center(this.scene.pos[2 * i], this.scene.pos[2 * i + 1]);
  }

  private schedule(): void {
    if (this.drawPending) return;
    this.drawPending = true;
    requestAnimationFrame(() => {
      this.drawPending = false;
      this.draw();
    });
  }

  private draw(): void {
    const { width, height } = this.view.size();
    if (this.renderer.resize(width, height, window.devicePixelRatio || 1)) this.overlay.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const stats = this.renderer.draw(this.scene, this.view.transform, this.theme);
    this.canvas.setAttribute('data-drawn-nodes', String(stats.nodes));
    this.canvas.setAttribute('data-drawn-edges', String(stats.edges));
    this.canvas.setAttribute('data-drawn-labels', String(stats.labels));
    this.canvas.setAttribute('data-drawn-groups', String(stats.groups));
    this.canvas.setAttribute('data-drawn-badges', String(stats.badges));
    this.canvas.setAttribute('data-highlighted-edges', String(this.scene.highlightEdges?.size ?? 0));
    this.canvas.setAttribute('data-draw-ms', stats.ms.toFixed(1));
    this.canvas.setAttribute('data-labels-elided', String(stats.elided));
    this.canvas.setAttribute('data-labels-missing', String(stats.unlabelled));
    this.canvas.setAttribute('data-offscreen', String(stats.offscreen));
    this.canvas.setAttribute('data-min-zoom', this.minZoom.toFixed(3));
    this.canvas.setAttribute('data-zoom', this.view.transform.k.toFixed(3));
    // The labels' boxes as drawn (screen pixels), for the page tests to measure.
    this.canvas.setAttribute('data-label-boxes', JSON.stringify(stats.placed.map((l) => [l.node, Math.round(l.x * 10) / 10, Math.round(l.y * 10) / 10, Math.round(l.width * 10) / 10, l.text])));
    this.showHint(stats);
    this.drawOverlay();
    if (!this.firstFrame && stats.nodes > 0) {
      this.firstFrame = true;
      performance.mark('iam-graph-first-frame');
    }
  }

  /** The hint in the status line: the drawing continues past the area, or labels are shortened (text only). */
  private showHint(stats: FrameStats): void {
    const parts: string[] = [];
    const atFloor = this.view.transform.k <= this.minZoom * 1.02 && this.minZoom > 0.01;
    if (stats.offscreen > 0 && atFloor)
      parts.push(`${stats.offscreen} more ${stats.offscreen === 1 ? 'node' : 'nodes'} out of view at a readable size: drag or use the arrow keys.`);
    const short = stats.elided + stats.unlabelled;
    if (short > 0) parts.push(`${short} ${short === 1 ? 'label' : 'labels'} shortened: point at a node for its name.`);
    const text = parts.join(' ');
    if (this.hint.textContent !== text) {
      this.hint.textContent = text;
      this.hint.title = text; // the whole text when a short page cuts it to one line
    }
    this.hint.hidden = text === '';
  }

  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const state: SavedState = { ...this.state, transform: this.view.transform, positions: undefined };
      if (this.data.nodes.length <= SAVED_POSITIONS_LIMIT) {
        const positions: Record<string, [number, number]> = {};
        const { pos } = this.scene;
        this.data.nodes.forEach((n, i) => {
          if (Number.isFinite(pos[2 * i])) positions[n.id] = [Math.round(pos[2 * i]), Math.round(pos[2 * i + 1])];
        });
        state.positions = positions;
      }
      this.host.setState(state);
    }, 200);
  }
}
