/**
 * The overview renderer for large views: writes pixels straight into an ImageData (aliased lines,
 * small squares for nodes) and puts it on the canvas in one call. Software canvas paths with
 * thousands of anti-aliased subpaths cost hundreds of milliseconds per frame; this costs a few.
 */
import { NODE_STYLE } from '../../core/analysis/graph/shapes';
import type { Scene, Transform } from './render';
import type { Theme } from './theme';

const rgbCache = new Map<string, number>();

/** A CSS colour as 0xRRGGBB, resolved by the browser itself (any CSS colour syntax works). */
export function cssColour(colour: string): number {
  let v = rgbCache.get(colour);
  if (v !== undefined) return v;
  const c = document.createElement('canvas');
  c.width = c.height = 1;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#000000';
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  v = (r << 16) | (g << 8) | b;
  rgbCache.set(colour, v);
  return v;
}

export class Raster {
  private image: ImageData | undefined;
  private pixels: Uint32Array = new Uint32Array(0);
  private width = 0;
  private height = 0;

  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  private ensure(width: number, height: number): void {
    if (this.image && this.width === width && this.height === height) return;
    this.width = width;
    this.height = height;
    this.image = this.ctx.createImageData(width, height);
    this.pixels = new Uint32Array(this.image.data.buffer);
  }

  /** Draws edges and nodes; returns [nodes, edges] drawn. `dpr` maps CSS pixels to canvas pixels. */
  draw(scene: Scene, t: Transform, dpr: number, theme: Theme, width: number, height: number): [number, number] {
    this.ensure(width, height);
    const px = this.pixels;
    const W = width;
    const H = height;
    const bg = cssColour(theme.background);
    px.fill(0xff000000 | swap(bg));
    const { pos, visible, ends, highlightNodes, highlightEdges } = scene;
    const k = t.k * dpr;
    const ox = t.x * dpr;
    const oy = t.y * dpr;
    const dim = highlightNodes !== undefined;

    // Edges: aliased lines in the edge colour mixed with the background once (opaque writes, no
    // read-back per pixel), highlighted ones in the highlight colour.
    let edges = 0;
    const edgeAlpha = dim ? 0.12 : 0.4;
    const mixed = new Map<string, number>();
    const edgeColour = (kind: string, css: string) => {
      let c = mixed.get(kind);
      if (c === undefined) {
        c = mix(cssColour(css), bg, edgeAlpha);
        mixed.set(kind, c);
      }
      return c;
    };
    const lit = cssColour(theme.highlight);
    const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < W && y < H;
    const drawEdge = (e: number, colour: number, always: boolean) => {
      const s = ends[2 * e];
      const d = ends[2 * e + 1];
      if (s < 0 || d < 0 || !visible[s] || !visible[d]) return;
      const sx = pos[2 * s] * k + ox, sy = pos[2 * s + 1] * k + oy, dx = pos[2 * d] * k + ox, dy = pos[2 * d + 1] * k + oy;
      // With this many nodes on screen, an edge whose ends are both off screen only adds noise (and
      // costs a canvas-wide line each): leave it out.
      if (!always && !inside(sx, sy) && !inside(dx, dy)) return;
      if (line(px, W, H, sx, sy, dx, dy, colour)) edges++;
    };
    for (let e = 0; e < scene.edgeKinds.length; e++) {
      if (highlightEdges?.has(e)) continue;
      const kind = scene.edgeKinds[e];
      drawEdge(e, edgeColour(kind, theme.edges[kind] ?? theme.edge), false);
    }
    if (highlightEdges) for (const e of highlightEdges) drawEdge(e, lit, true);

    // Nodes: squares a few pixels wide, in the kind's colour.
    let nodes = 0;
    for (let i = 0; i < scene.kinds.length; i++) {
      if (!visible[i]) continue;
      const r = NODE_STYLE[scene.kinds[i]].radius * k;
      const half = Math.max(1, Math.min(4, Math.round(r)));
      const cx = Math.round(pos[2 * i] * k + ox);
      const cy = Math.round(pos[2 * i + 1] * k + oy);
      if (cx + half < 0 || cy + half < 0 || cx - half >= W || cy - half >= H) continue;
      nodes++;
      const colour = cssColour(theme.nodes[scene.kinds[i]]);
      const alpha = dim && !highlightNodes!.has(i) ? 0.25 : 1;
      square(px, W, H, cx, cy, half, colour, alpha);
    }
    this.ctx.putImageData(this.image!, 0, 0);
    return [nodes, edges];
  }
}

/** `a` of `fg` over `bg`, both 0xRRGGBB. */
function mix(fg: number, bg: number, a: number): number {
  const ch = (shift: number) => Math.round(((bg >> shift) & 0xff) + ((((fg >> shift) & 0xff) - ((bg >> shift) & 0xff)) * a)) << shift;
  return ch(16) | ch(8) | ch(0);
}

/** 0xRRGGBB → the little-endian ABGR layout of ImageData's Uint32 view (alpha not included). */
function swap(rgb: number): number {
  return ((rgb & 0xff) << 16) | (rgb & 0xff00) | ((rgb >> 16) & 0xff);
}

function blend(px: Uint32Array, i: number, rgb: number, a: number): void {
  if (a >= 1) {
    px[i] = 0xff000000 | swap(rgb);
    return;
  }
  const old = px[i];
  const r0 = old & 0xff, g0 = (old >> 8) & 0xff, b0 = (old >> 16) & 0xff;
  const r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  px[i] =
    0xff000000 |
    ((b0 + (b - b0) * a) << 16) |
    ((g0 + (g - g0) * a) << 8) |
    (r0 + (r - r0) * a);
}

function square(px: Uint32Array, W: number, H: number, cx: number, cy: number, half: number, rgb: number, a: number): void {
  const x0 = Math.max(0, cx - half), x1 = Math.min(W - 1, cx + half - 1);
  const y0 = Math.max(0, cy - half), y1 = Math.min(H - 1, cy + half - 1);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) blend(px, y * W + x, rgb, a);
}

/** Bresenham, clipped to the canvas (Liang–Barsky first); false when wholly outside. No allocation. */
function line(px: Uint32Array, W: number, H: number, fx0: number, fy0: number, fx1: number, fy1: number, rgb: number): boolean {
  const maxX = W - 1;
  const maxY = H - 1;
  if ((fx0 < 0 && fx1 < 0) || (fy0 < 0 && fy1 < 0) || (fx0 > maxX && fx1 > maxX) || (fy0 > maxY && fy1 > maxY)) return false;
  const ddx = fx1 - fx0;
  const ddy = fy1 - fy0;
  let t0 = 0;
  let t1 = 1;
  for (let side = 0; side < 4; side++) {
    const p = side === 0 ? -ddx : side === 1 ? ddx : side === 2 ? -ddy : ddy;
    const q = side === 0 ? fx0 : side === 1 ? maxX - fx0 : side === 2 ? fy0 : maxY - fy0;
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
  }
  let x0 = Math.round(fx0 + t0 * ddx);
  let y0 = Math.round(fy0 + t0 * ddy);
  const x1 = Math.round(fx0 + t1 * ddx);
  const y1 = Math.round(fy0 + t1 * ddy);
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  const value = 0xff000000 | swap(rgb);
  for (;;) {
    if (x0 >= 0 && y0 >= 0 && x0 <= maxX && y0 <= maxY) px[y0 * W + x0] = value;
    if (x0 === x1 && y0 === y1) break;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
  return true;
}
