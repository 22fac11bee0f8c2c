import type { GraphEdgeKind, GraphNodeKind } from '../../protocol';
import { EDGE_KINDS, EDGE_STYLE, NODE_KINDS, NODE_STYLE, shapePath } from '../../core/analysis/graph/shapes';
import { groupHulls, type GroupHull } from '../../core/analysis/graph/hull';
import { LABEL_FONT_PX, LABEL_GAP, LABEL_HEIGHT, LABEL_PAD, MIN_NODE_RADIUS, placeLabels, type Box, type LabelSide, type PlacedLabel } from '../../core/analysis/graph/labels';
import { Raster } from './raster';
import type { Theme } from './theme';

/** What one frame shows. Indices are node / edge indices of the graph data. */
export interface Scene {
  labels: string[];
  kinds: GraphNodeKind[];
  edgeKinds: GraphEdgeKind[];
  /** [source, target] node index per edge; -1 for an edge to an unknown node. */
  ends: Int32Array;
  /** [x, y] per node. */
  pos: Float32Array;
  /** 1 when the node is shown (focus and kind filter). */
  visible: Uint8Array;
  /** Path highlight: when set, everything else is drawn faint. */
  highlightNodes?: Set<number>;
  highlightEdges?: Set<number>;
  /** Search matches, outlined. */
  matches?: Set<number>;
  selected: number;
  focus: number;
  /** Group (account) per node, -1 for none, and each group's name: an outline around each account's nodes. */
  groups?: Int32Array;
  groupLabels?: string[];
  /** Finding badges: how many findings per node (0: none) and the worst severity (1 error, 2 warning, 3 info). */
  badgeCount?: Uint16Array;
  badgeSeverity?: Uint8Array;
  /** Bumped whenever positions or visibility change: the account outlines are computed again only then. */
  version?: number;
  /** Where labels go first: right of the node (the layered layout leaves room there) or below (force). */
  labelSide?: LabelSide;
  /** Each node's label width as drawn (CSS pixels): with labels to the right, account outlines hold them. */
  labelWidths?: Float32Array;
}

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export interface FrameStats {
  nodes: number;
  edges: number;
  /** Node labels drawn. */
  labels: number;
  /** Account outlines and finding badges drawn. */
  groups: number;
  badges: number;
  ms: number;
  /** The labels drawn (screen boxes), how many of them are shortened, and how many nodes in view have none. */
  placed: PlacedLabel[];
  elided: number;
  unlabelled: number;
  /** Shown nodes outside the view (the drawing continues past the edges: pan to see them). */
  offscreen: number;
}

/** Above this many shown nodes, accounts get no outline (the hull costs a sort of 8 points per node a frame). */
export const HULL_LIMIT = 3000;
/** Padding of an account's outline around its nodes, in graph units. */
const HULL_PAD = 24;
const SEVERITY_NAMES = ['', 'error', 'warning', 'info'] as const;

const LABEL_LIMIT = 500;
/** Up to this many nodes in view, every node is labelled whatever the zoom. */
export const FEW_NODES = 150;
/** Nodes up to this far past the area's edge (graph units) are still drawn, with their labels. */
export const CULL_MARGIN = 20;

/** Which labels go first when space is short: focus and selection, then principals, then the rest. */
function labelOrder(shown: number[], scene: Scene): number[] {
  const rank = (i: number) => (i === scene.focus || i === scene.selected ? 0 : scene.kinds[i] === 'role' || scene.kinds[i] === 'user' ? 1 : scene.kinds[i] === 'group' ? 2 : 3);
  return [...shown].sort((a, b) => rank(a) - rank(b));
}

/** Above this many nodes in view, the overview renderer (raster.ts) draws the frame. */
export const RASTER_THRESHOLD = 800;
/** Shapes per fill call: one path with thousands of subpaths is very slow to fill in software. */
const BATCH = 100;

/** Fills shapes in batches of BATCH subpaths. */
class Batch {
  private path = new Path2D();
  private count = 0;
  constructor(private readonly ctx: CanvasRenderingContext2D) {}
  get target(): Path2D {
    if (this.count++ >= BATCH) this.flush();
    return this.path;
  }
  flush(): void {
    if (this.count > 0) this.ctx.fill(this.path);
    this.path = new Path2D();
    this.count = 0;
  }
}

/** Draws a scene on a canvas: one path per node kind and per edge kind, culled to the viewport. */
export class Renderer {
  private readonly ctx: CanvasRenderingContext2D;
  width = 0;
  height = 0;
  private dpr = 1;
  private readonly raster: Raster;
  /** The last outlines and the scene version they were computed for (panning and zooming reuse them). */
  private hullCache: { scene: Scene; version: number | undefined; zoom: number; hulls: GroupHull[] } | undefined;

  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('no 2d canvas context');
    this.ctx = ctx;
    this.raster = new Raster(ctx);
  }

  /** Matches the backing store to the element's size; returns true when it changed. */
  resize(width: number, height: number, dpr: number): boolean {
    if (width === this.width && height === this.height && dpr === this.dpr) return false;
    this.width = width;
    this.height = height;
    this.dpr = dpr;
    this.canvas.width = Math.max(1, Math.round(width * dpr));
    this.canvas.height = Math.max(1, Math.round(height * dpr));
    return true;
  }

  /** A label's box width as drawn (text in the label font and its padding), for the layout's spacing. */
  labelWidth(text: string, theme: Theme): number {
    this.ctx.font = `${LABEL_FONT_PX}px ${theme.font}`;
    return Math.ceil(this.ctx.measureText(text).width) + 2 * LABEL_PAD;
  }

  draw(scene: Scene, t: Transform, theme: Theme): FrameStats {
    const start = performance.now();
    const { ctx, dpr } = this;
    const { pos, visible, ends, highlightNodes, highlightEdges } = scene;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);

    const margin = CULL_MARGIN;
    const x0 = (0 - t.x) / t.k - margin;
    const y0 = (0 - t.y) / t.k - margin;
    const x1 = (this.width - t.x) / t.k + margin;
    const y1 = (this.height - t.y) / t.k + margin;
    const inView = (i: number) => {
      const x = pos[2 * i];
      const y = pos[2 * i + 1];
      return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    };
    const dim = highlightNodes !== undefined;

    let inViewCount = 0;
    let visibleCount = 0;
    for (let i = 0; i < visible.length; i++) {
      if (!visible[i]) continue;
      visibleCount++;
      if (inView(i)) inViewCount++;
    }
    if (inViewCount > RASTER_THRESHOLD) {
      const [nodes, edges] = this.raster.draw(scene, t, dpr, theme, this.canvas.width, this.canvas.height);
      ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);
      this.rings(scene, t, theme, inView);
      return { nodes, edges, labels: 0, groups: 0, badges: 0, ms: performance.now() - start, placed: [], elided: 0, unlabelled: 0, offscreen: 0 };
    }

    // Accounts: an outline around each one's shown nodes, under everything else.
    // With labels to the right of their nodes (and drawn: few nodes in view), the outlines hold the labels.
    const reach =
      scene.labelSide === 'right' && scene.labelWidths && inViewCount <= FEW_NODES
        ? (i: number) => (NODE_STYLE[scene.kinds[i]].radius * t.k + LABEL_GAP + (scene.labelWidths![i] || 0)) / t.k
        : undefined;
    const hulls = this.hulls(scene, theme, reach ? t.k : 0, reach);

    // Edges, one path per kind; faint when a path is highlighted.
    let edgeCount = 0;
    const arrows = t.k > 0.6;
    ctx.lineWidth = 1 / t.k;
    // Known kinds, then whatever kinds the data has that this page doesn't know (drawn plain, dashed).
    const kinds: string[] = [...EDGE_KINDS];
    for (const k of scene.edgeKinds) if (!kinds.includes(k)) kinds.push(k);
    for (const kind of kinds as GraphEdgeKind[]) {
      ctx.beginPath();
      const known = (EDGE_KINDS as readonly string[]).includes(kind);
      // Trust ("can assume") and boundaries are what matter most: opaque and thicker.
      const prominent = kind === 'canAssume' || kind === 'boundary';
      ctx.lineWidth = (prominent ? 2.2 : 1.2) / t.k;
      // Arrowheads fill in batches, in the edge colour, as the loop goes.
      ctx.fillStyle = theme.edges[kind] ?? theme.edge;
      ctx.globalAlpha = dim ? 0.15 : prominent ? 1 : 0.8;
      const heads = new Batch(ctx);
      let kindCount = 0;
      for (let e = 0; e < scene.edgeKinds.length; e++) {
        if (scene.edgeKinds[e] !== kind) continue;
        const s = ends[2 * e];
        const d = ends[2 * e + 1];
        if (s < 0 || d < 0 || !visible[s] || !visible[d]) continue;
        if (highlightEdges?.has(e)) continue;
        if (!inView(s) && !inView(d)) {
          // Both ends outside: skip unless the segment could cross the view (cheap box test).
          const sx = pos[2 * s], sy = pos[2 * s + 1], dx = pos[2 * d], dy = pos[2 * d + 1];
          if (Math.max(sx, dx) < x0 || Math.min(sx, dx) > x1 || Math.max(sy, dy) < y0 || Math.min(sy, dy) > y1) continue;
        }
        edgeCount++;
        kindCount++;
        ctx.moveTo(pos[2 * s], pos[2 * s + 1]);
        ctx.lineTo(pos[2 * d], pos[2 * d + 1]);
        if (arrows) this.arrowHead(heads.target, pos, s, d, NODE_STYLE[scene.kinds[d]].radius);
      }
      heads.flush();
      ctx.strokeStyle = theme.edges[kind] ?? theme.edge;
      // Dashes cost a segment each: only when zoomed in on a modest number of edges.
      const dashed = kindCount < 1500 && t.k >= 0.3;
      ctx.setLineDash(dashed ? (known ? EDGE_STYLE[kind].dash : [4, 2]).map((v) => v / t.k) : []);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    // Highlighted edges on top, thick.
    if (highlightEdges && highlightEdges.size > 0) {
      ctx.globalAlpha = 1;
      ctx.lineWidth = 3 / t.k;
      ctx.strokeStyle = theme.highlight;
      ctx.beginPath();
      const head = new Path2D();
      for (const e of highlightEdges) {
        const s = ends[2 * e];
        const d = ends[2 * e + 1];
        if (s < 0 || d < 0 || !visible[s] || !visible[d]) continue;
        edgeCount++;
        ctx.moveTo(pos[2 * s], pos[2 * s + 1]);
        ctx.lineTo(pos[2 * d], pos[2 * d + 1]);
        this.arrowHead(head, pos, s, d, NODE_STYLE[scene.kinds[d]].radius + 2);
      }
      ctx.stroke();
      ctx.fillStyle = theme.highlight;
      ctx.fill(head);
    }

    // Nodes, batched per kind.
    let nodeCount = 0;
    const shown: number[] = [];
    const tiny = t.k * 7 < 2.5;
    const strong = new Batch(ctx);
    const faint = new Batch(ctx);
    for (const kind of NODE_KINDS) {
      const style = NODE_STYLE[kind];
      ctx.fillStyle = theme.nodes[kind];
      ctx.globalAlpha = 1;
      for (let i = 0; i < scene.kinds.length; i++) {
        if (scene.kinds[i] !== kind || !visible[i] || !inView(i)) continue;
        nodeCount++;
        if (shown.length <= LABEL_LIMIT) shown.push(i);
        const x = pos[2 * i];
        const y = pos[2 * i + 1];
        const batch = dim && !highlightNodes!.has(i) ? faint : strong;
        if (tiny) batch.target.rect(x - style.radius, y - style.radius, style.radius * 2, style.radius * 2);
        else shapePath(batch.target, style.shape, x, y, style.radius);
      }
      strong.flush();
      ctx.globalAlpha = 0.2;
      faint.flush();
      ctx.globalAlpha = 1;
    }

    this.rings(scene, t, theme, inView);

    // Screen space from here: account names above their outlines, badges, then node labels around both.
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const obstacles: Box[] = [];
    const groupNames: { text: string; x: number; y: number; w: number }[] = [];
    ctx.font = `600 12px ${theme.font}`;
    for (const h of hulls) {
      const text = scene.groupLabels?.[h.group] ?? '';
      if (!text) continue;
      const w = ctx.measureText(text).width;
      const x = Math.max(2, Math.min(this.width - w - 4, h.x0 * t.k + t.x + 6));
      const y = h.y0 * t.k + t.y - 17;
      groupNames.push({ text, x, y, w });
      obstacles.push({ x: x - 3, y: y - 1, w: w + 6, h: 16 });
    }
    const badges: { i: number; x: number; y: number; r: number; text: string }[] = [];
    if (scene.badgeCount && shown.length <= LABEL_LIMIT) {
      for (const i of shown) {
        const count = scene.badgeCount[i];
        if (!count) continue;
        const r = Math.max(3, NODE_STYLE[scene.kinds[i]].radius * t.k);
        const text = count > 99 ? '99+' : String(count);
        const br = text.length > 1 ? 8 : 7;
        // Upper left: the label's first place is to the right (or below).
        const x = pos[2 * i] * t.k + t.x - r * 0.8 - br * 0.6;
        const y = pos[2 * i + 1] * t.k + t.y - r * 0.8 - br * 0.6;
        badges.push({ i, x, y, r: br, text });
        obstacles.push({ x: x - br, y: y - br, w: 2 * br, h: 2 * br });
      }
    }

    // Labels in screen space. Up to FEW_NODES nodes in view: every one, at any zoom; more: once zoomed
    // in far enough for the text to fit. Placed without overlapping each other or the nodes.
    let labelCount = 0;
    let placed: PlacedLabel[] = [];
    let elided = 0;
    let unlabelled = 0;
    if (shown.length <= FEW_NODES || (!tiny && t.k >= 1.3 && shown.length <= LABEL_LIMIT)) {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.font = `${LABEL_FONT_PX}px ${theme.font}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      const requests = labelOrder(shown, scene).map((i) => ({
        node: i,
        text: scene.labels[i],
        x: pos[2 * i] * t.k + t.x,
        y: pos[2 * i + 1] * t.k + t.y,
        r: Math.max(MIN_NODE_RADIUS, NODE_STYLE[scene.kinds[i]].radius * t.k),
      }));
      const result = placeLabels(requests, (text) => Math.ceil(ctx.measureText(text).width) + 2 * LABEL_PAD, this.width, this.height, obstacles, scene.labelSide ?? 'below');
      placed = result.placed;
      unlabelled = result.hidden.length;
      for (const l of placed) {
        const faint = dim && !highlightNodes!.has(l.node);
        ctx.globalAlpha = faint ? 0.3 : 0.88;
        ctx.fillStyle = theme.background;
        ctx.fillRect(l.x, l.y, l.width, LABEL_HEIGHT);
        ctx.globalAlpha = faint ? 0.35 : 1;
        ctx.fillStyle = theme.foreground;
        ctx.fillText(l.text, l.x + LABEL_PAD, l.y + 1);
        labelCount++;
        if (l.elided) elided++;
      }
      ctx.globalAlpha = 1;
    }

    // Badges: a disc in the worst severity's colour with the count, at the node's upper right.
    ctx.globalAlpha = 1;
    ctx.font = `700 10px ${theme.font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const b of badges) {
      const severity = SEVERITY_NAMES[scene.badgeSeverity?.[b.i] ?? 3] || 'info';
      ctx.globalAlpha = dim && !highlightNodes!.has(b.i) ? 0.35 : 1;
      ctx.beginPath();
      ctx.arc(b.x, b.y, b.r, 0, 2 * Math.PI);
      ctx.fillStyle = theme.badges[severity];
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = theme.background;
      ctx.stroke();
      ctx.fillStyle = theme.badgeText;
      ctx.fillText(b.text, b.x, b.y + 0.5);
    }
    ctx.globalAlpha = 1;

    // Account names, on a background box so that no edge runs through them.
    ctx.font = `600 12px ${theme.font}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    for (const g of groupNames) {
      ctx.fillStyle = theme.groupFill;
      ctx.fillRect(g.x - 3, g.y - 1, g.w + 6, 16);
      ctx.strokeStyle = theme.groupBorder;
      ctx.lineWidth = 1;
      ctx.strokeRect(g.x - 3 + 0.5, g.y - 1 + 0.5, g.w + 5, 15);
      ctx.fillStyle = theme.groupLabel;
      ctx.fillText(g.text, g.x, g.y + 1);
    }
    return {
      nodes: nodeCount,
      edges: edgeCount,
      labels: labelCount,
      groups: hulls.length,
      badges: badges.length,
      ms: performance.now() - start,
      placed,
      elided,
      unlabelled,
      offscreen: visibleCount - inViewCount,
    };
  }

  /** Draws each account's outline (graph units); returns the hulls for their names. */
  private hulls(scene: Scene, theme: Theme, zoom: number, reach: ((i: number) => number) | undefined): GroupHull[] {
    const { groups, visible, pos } = scene;
    if (!groups || !scene.groupLabels || scene.groupLabels.length === 0) return [];
    let shownCount = 0;
    for (let i = 0; i < visible.length; i++) if (visible[i]) shownCount++;
    if (shownCount > HULL_LIMIT) return [];
    const cached = this.hullCache;
    const hulls =
      cached && scene.version !== undefined && cached.version === scene.version && cached.scene === scene && cached.zoom === zoom
        ? cached.hulls
        : groupHulls(pos, groups, (i) => visible[i] === 1, HULL_PAD, reach);
    this.hullCache = { scene, version: scene.version, zoom, hulls };
    const { ctx } = this;
    ctx.globalAlpha = 1;
    for (const h of hulls) {
      ctx.beginPath();
      h.points.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.closePath();
      ctx.fillStyle = theme.groupFill;
      ctx.fill();
    }
    // Borders after all fills, so an overlapping group's fill never hides another's border.
    const scale = ctx.getTransform().a / (window.devicePixelRatio || 1);
    ctx.lineWidth = 1.5 / scale;
    ctx.strokeStyle = theme.groupBorder;
    ctx.setLineDash([6 / scale, 3 / scale]);
    for (const h of hulls) {
      ctx.beginPath();
      h.points.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.closePath();
      ctx.stroke();
    }
    ctx.setLineDash([]);
    return hulls;
  }

  /** Outlines: search matches (the first 500 in view), the focus, the selection. */
  private rings(scene: Scene, t: Transform, theme: Theme, inView: (i: number) => boolean): void {
    const { ctx } = this;
    const { pos, visible } = scene;
    ctx.globalAlpha = 1;
    const ring = (set: Iterable<number>, colour: string, width: number, grow: number) => {
      const p = new Path2D();
      let any = false;
      let n = 0;
      for (const i of set) {
        if (i < 0 || !visible[i] || !inView(i)) continue;
        if (++n > 500) break;
        any = true;
        shapePath(p, NODE_STYLE[scene.kinds[i]].shape, pos[2 * i], pos[2 * i + 1], NODE_STYLE[scene.kinds[i]].radius + grow / t.k);
      }
      if (!any) return;
      ctx.lineWidth = width / t.k;
      ctx.strokeStyle = colour;
      ctx.stroke(p);
    };
    if (scene.matches && scene.matches.size > 0) ring(scene.matches, theme.match, 2, 2);
    ring([scene.focus], theme.foreground, 2, 3);
    ring([scene.selected], theme.highlight, 3, 4);
  }

  private arrowHead(p: Path2D, pos: Float32Array, s: number, d: number, r: number): void {
    const sx = pos[2 * s], sy = pos[2 * s + 1], dx = pos[2 * d], dy = pos[2 * d + 1];
    const len = Math.hypot(dx - sx, dy - sy);
    if (len < r * 2) return;
    const ux = (dx - sx) / len;
    const uy = (dy - sy) / len;
    const tipX = dx - ux * (r + 2);
    const tipY = dy - uy * (r + 2);
    const size = 5;
    p.moveTo(tipX, tipY);
    p.lineTo(tipX - ux * size - uy * size * 0.5, tipY - uy * size + ux * size * 0.5);
    p.lineTo(tipX - ux * size + uy * size * 0.5, tipY - uy * size - ux * size * 0.5);
    p.closePath();
  }
}
