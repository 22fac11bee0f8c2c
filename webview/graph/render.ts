import type { GraphEdgeKind, GraphNodeKind } from '../../protocol';
import { EDGE_KINDS, EDGE_STYLE, NODE_KINDS, NODE_STYLE, shapePath } from '../../core/analysis/graph-shapes';
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
}

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export interface FrameStats {
  nodes: number;
  edges: number;
  ms: number;
}

const LABEL_LIMIT = 500;
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

  draw(scene: Scene, t: Transform, theme: Theme): FrameStats {
    const start = performance.now();
    const { ctx, dpr } = this;
    const { pos, visible, ends, highlightNodes, highlightEdges } = scene;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);

    const margin = 20;
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
    for (let i = 0; i < visible.length; i++) if (visible[i] && inView(i)) inViewCount++;
    if (inViewCount > RASTER_THRESHOLD) {
      const [nodes, edges] = this.raster.draw(scene, t, dpr, theme, this.canvas.width, this.canvas.height);
      ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);
      this.rings(scene, t, theme, inView);
      return { nodes, edges, ms: performance.now() - start };
    }

    // Edges, one path per kind; faint when a path is highlighted.
    let edgeCount = 0;
    const arrows = t.k > 0.6;
    ctx.lineWidth = 1 / t.k;
    for (const kind of EDGE_KINDS) {
      ctx.beginPath();
      // Arrowheads fill in batches, in the edge colour, as the loop goes.
      ctx.fillStyle = theme.edges[kind];
      ctx.globalAlpha = dim ? 0.15 : 0.55;
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
      ctx.strokeStyle = theme.edges[kind];
      // Dashes cost a segment each: only when zoomed in on a modest number of edges.
      const dashed = kindCount < 1500 && t.k >= 0.3;
      ctx.setLineDash(dashed ? EDGE_STYLE[kind].dash.map((v) => v / t.k) : []);
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

    // Labels in screen space, when zoomed in enough and not too many.
    // Few nodes: label them all; more: only once zoomed in far enough for the text to fit.
    if (!tiny && t.k >= 0.55 && shown.length <= LABEL_LIMIT && (shown.length <= 150 || t.k >= 1.3)) {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.font = `11px ${theme.font}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillStyle = theme.foreground;
      for (const i of shown) {
        ctx.globalAlpha = dim && !highlightNodes!.has(i) ? 0.35 : 1;
        const label = scene.labels[i];
        const text = label.length > 40 ? label.slice(0, 39) + '…' : label;
        ctx.fillText(text, pos[2 * i] * t.k + t.x, (pos[2 * i + 1] + NODE_STYLE[scene.kinds[i]].radius) * t.k + t.y + 3);
      }
      ctx.globalAlpha = 1;
    }
    return { nodes: nodeCount, edges: edgeCount, ms: performance.now() - start };
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
