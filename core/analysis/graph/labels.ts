/**
 * Node labels of the graph, as plain geometry (no DOM): their size, where each goes beside its node without
 * touching another label, a node or a badge, and the smallest zoom at which a layout's labels still fit.
 *
 * The page draws labels at a fixed size on screen (`LABEL_FONT_PX`), whatever the zoom, so shrinking the
 * drawing brings labels together. The layered layout (core/analysis/graph/layered.ts) spaces its rows and columns for the
 * labels' sizes at zoom 1; the page fits the drawing no smaller than `readableZoom` (it pans beyond) and then
 * places the labels here. What would still collide (a force layout, or the user zoomed far out) is moved to a
 * free side, else shortened with "…" (the full text stays in the hover and the details panel), else left out.
 * Screen coordinates throughout: x to the right, y down, in CSS pixels.
 */

/** The labels' font size and the height of a label's box (text and background), CSS pixels. */
export const LABEL_FONT_PX = 11;
export const LABEL_HEIGHT = 14;
/** Padding left and right of the text inside its box. */
export const LABEL_PAD = 2;
/** Between a node's edge and its label. */
export const LABEL_GAP = 3;
/** Labels longer than this are shortened before anything else (the full text is in the hover). */
export const LABEL_MAX_CHARS = 40;
/** A node is drawn at least this big on screen (its radius, CSS pixels), however far out the view is zoomed. */
export const MIN_NODE_RADIUS = 3;
/** The fitted view never gets smaller than this share of the readable zoom's floor (see `readableZoom`). */
export const MIN_READABLE_ZOOM = 0.25;

export type LabelSide = 'right' | 'below';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A label to place: the node's index, its full text, where the node is on screen and its radius there. */
export interface LabelRequest {
  node: number;
  text: string;
  x: number;
  y: number;
  r: number;
}

export interface PlacedLabel {
  node: number;
  /** The text drawn: the label, or its start with "…" when there was no room for all of it. */
  text: string;
  /** The label's box (the text is drawn at x + LABEL_PAD, y + 1); `width` includes the padding. */
  x: number;
  y: number;
  width: number;
  /** True when `text` is shortened: the page says where the full text is (hover, details). */
  elided: boolean;
}

export interface LabelPlacement {
  placed: PlacedLabel[];
  /** Nodes whose label found no free place even shortened: drawn without one (the hover names them). */
  hidden: number[];
}

/** The label as drawn at most: `LABEL_MAX_CHARS` characters, the rest as "…". */
export function clipLabel(text: string): string {
  return text.length > LABEL_MAX_CHARS ? text.slice(0, LABEL_MAX_CHARS - 1) + '…' : text;
}

/**
 * A width estimate for `text` in the label font (CSS pixels, padding included), for where no canvas measures
 * (the CLI's SVG, tests). Per character class of a proportional sans-serif, rounded up so that the estimate
 * is rarely below the real width.
 */
export function estimateLabelWidth(text: string, fontPx = LABEL_FONT_PX): number {
  let em = 0;
  for (const ch of text) {
    if ('iljtf.,:;\'|!()[]{} '.includes(ch)) em += 0.32;
    else if ('mwMW@%'.includes(ch)) em += 0.9;
    else if (ch >= 'A' && ch <= 'Z') em += 0.7;
    else if (ch.charCodeAt(0) > 0x2e80) em += 1; // CJK and the like: full width
    else em += 0.58;
  }
  return Math.ceil(em * fontPx) + 2 * LABEL_PAD;
}

/** Where a label of width `w` goes by `side` at offset step `d` (0 = right next to the node). */
type Side = 'right' | 'left' | 'below' | 'above' | 'belowRight' | 'aboveRight';

function sideBox(side: Side, x: number, y: number, r: number, w: number, d: number): [number, number] {
  switch (side) {
    case 'right':
      return [x + r + LABEL_GAP + d, y - LABEL_HEIGHT / 2];
    case 'left':
      return [x - r - LABEL_GAP - w - d, y - LABEL_HEIGHT / 2];
    case 'below':
      return [x - w / 2, y + r + LABEL_GAP + d];
    case 'above':
      return [x - w / 2, y - r - LABEL_GAP - LABEL_HEIGHT - d];
    case 'belowRight':
      return [x, y + r + LABEL_GAP + d];
    case 'aboveRight':
      return [x, y - r - LABEL_GAP - LABEL_HEIGHT - d];
  }
}

/** A uniform grid of boxes: near-linear overlap tests. */
class BoxGrid {
  private readonly cells = new Map<number, Box[]>();
  constructor(private readonly cell = 48) {}
  private range(b: Box): [number, number, number, number] {
    const c = this.cell;
    return [Math.floor(b.x / c), Math.floor((b.x + b.w) / c), Math.floor(b.y / c), Math.floor((b.y + b.h) / c)];
  }
  add(b: Box): void {
    const [cx0, cx1, cy0, cy1] = this.range(b);
    for (let cx = cx0; cx <= cx1; cx++)
      for (let cy = cy0; cy <= cy1; cy++) {
        const k = cx * 100003 + cy;
        const list = this.cells.get(k);
        if (list) list.push(b);
        else this.cells.set(k, [b]);
      }
  }
  /** True when `b` meets any box (touching edges do not count). */
  hits(b: Box): boolean {
    const [cx0, cx1, cy0, cy1] = this.range(b);
    for (let cx = cx0; cx <= cx1; cx++)
      for (let cy = cy0; cy <= cy1; cy++)
        for (const o of this.cells.get(cx * 100003 + cy) ?? [])
          if (Math.min(b.x + b.w, o.x + o.w) > Math.max(b.x, o.x) && Math.min(b.y + b.h, o.y + o.h) > Math.max(b.y, o.y)) return true;
    return false;
  }
}

/**
 * Places the labels in `requests` (in priority order: the first get the best places) so that no two labels'
 * boxes meet, and no label covers a node or an obstacle (badges, account names). Each label tries its
 * preferred side first (`prefer`: right for the layered layout, whose columns leave room there; below for the
 * force layout) when it is free and the label starts inside the area (`width` × `height`), then the other sides
 * and the same a little further out, a place inside the area winning over one partly outside. With no free place the label is shortened with "…" (down to a few
 * characters) at its node's four sides; failing that it is left out (`hidden`). Never two overlapping labels.
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  measure: (text: string) => number,
  width: number,
  height: number,
  obstacles: readonly Box[] = [],
  prefer: LabelSide = 'below',
): LabelPlacement {
  const grid = new BoxGrid();
  for (const n of requests) grid.add({ x: n.x - n.r, y: n.y - n.r, w: 2 * n.r, h: 2 * n.r });
  for (const b of obstacles) grid.add(b);
  const outside = (x: number, y: number, w: number) =>
    Math.max(0, -x) * LABEL_HEIGHT + Math.max(0, x + w - width) * LABEL_HEIGHT + (Math.max(0, -y) + Math.max(0, y + LABEL_HEIGHT - height)) * w;
  const sides: Side[] = prefer === 'right' ? ['right', 'left', 'below', 'above', 'belowRight', 'aboveRight'] : ['below', 'above', 'right', 'left', 'belowRight', 'aboveRight'];
  const placed: PlacedLabel[] = [];
  const hidden: number[] = [];
  /** The free place for a box of width w at the given steps, inside the area if possible. */
  const find = (n: LabelRequest, w: number, steps: readonly number[]): [number, number] | undefined => {
    let best: [number, number] | undefined;
    let bestOut = Infinity;
    for (const d of steps)
      for (const side of sides) {
        const [x, y] = sideBox(side, n.x, n.y, n.r, w, d);
        if (grid.hits({ x, y, w, h: LABEL_HEIGHT })) continue;
        const out = outside(x, y, w);
        if (out < bestOut) {
          best = [x, y];
          bestOut = out;
          if (out === 0) return best;
        }
      }
    return best;
  };
  // First pass: every label whose preferred place is free and starts inside the area takes it, in priority order (a layout spaced for
  // its labels needs nothing more, and no label is pushed to another side by a neighbour's detour).
  const rest: LabelRequest[] = [];
  const firstPlace = new Map<LabelRequest, PlacedLabel>();
  for (const n of requests) {
    const text = clipLabel(n.text);
    const w = measure(text);
    const [x, y] = sideBox(prefer, n.x, n.y, n.r, w, 0);
    const box = { x, y, w, h: LABEL_HEIGHT };
    // Its start must be inside the area: a label running off the right or bottom edge stays on its side (the
    // view pans to the rest), so that labels don't jump about at the edges; one cut at its start moves.
    const startInside = x >= 0 && y >= 0 && y + LABEL_HEIGHT <= height && x < width;
    if (grid.hits(box) || !startInside) {
      rest.push(n);
      continue;
    }
    grid.add(box);
    firstPlace.set(n, { node: n.node, text, x, y, width: w, elided: text !== n.text });
  }
  // Then the others: another side, further out, shortened, or left out.
  const later = new Map<LabelRequest, PlacedLabel>();
  for (const n of rest) {
    const full = clipLabel(n.text);
    let text = full;
    let w = measure(text);
    let at = find(n, w, [0, 8, 18]);
    if (!at) {
      // Shorter and shorter starts of the text, beside the node only.
      const chars = [...full.replace(/…$/, '')];
      for (const share of [0.7, 0.5, 0.35, 0.2]) {
        const keep = Math.max(3, Math.floor(chars.length * share));
        if (keep >= chars.length) continue;
        const shorter = chars.slice(0, keep).join('') + '…';
        const sw = measure(shorter);
        const spot = find(n, sw, [0]);
        if (spot) {
          text = shorter;
          w = sw;
          at = spot;
          break;
        }
        if (keep === 3) break;
      }
    }
    if (!at) {
      hidden.push(n.node);
      continue;
    }
    const box = { x: at[0], y: at[1], w, h: LABEL_HEIGHT };
    grid.add(box);
    later.set(n, { node: n.node, text, x: at[0], y: at[1], width: w, elided: text !== n.text });
  }
  for (const n of requests) {
    const l = firstPlace.get(n) ?? later.get(n);
    if (l) placed.push(l);
  }
  return { placed, hidden };
}

/**
 * The smallest zoom (at most `cap`, at least `floor`) at which every shown node's label fits on its preferred
 * side (`prefer`) without meeting another such label or another node: positions in graph units, label widths
 * and node radii in CSS pixels at zoom 1 (nodes scale with the zoom, labels don't). The layered layout's
 * labels fit at zoom 1 by construction, so for it this is at most 1; a force layout is capped at `cap`
 * (its leftover collisions go to `placeLabels`). Bisection over the zoom, each step a grid pass.
 */
export function readableZoom(
  pos: Float32Array,
  widths: ArrayLike<number>,
  radii: ArrayLike<number>,
  shown: readonly number[],
  prefer: LabelSide = 'right',
  cap = 1,
  floor = MIN_READABLE_ZOOM,
  /** Room kept free after each right-side label (CSS pixels): the next column's finding badges sit there. */
  trailing = 0,
): number {
  if (shown.length < 2) return floor;
  const fits = (k: number) => {
    const grid = new BoxGrid();
    for (const i of shown) {
      const r = Math.max(MIN_NODE_RADIUS, radii[i] * k);
      grid.add({ x: pos[2 * i] * k - r, y: pos[2 * i + 1] * k - r, w: 2 * r, h: 2 * r });
    }
    for (const i of shown) {
      const [x, y] = sideBox(prefer, pos[2 * i] * k, pos[2 * i + 1] * k, Math.max(MIN_NODE_RADIUS, radii[i] * k), widths[i], 0);
      const b = { x, y, w: widths[i] + (prefer === 'right' ? trailing : 0), h: LABEL_HEIGHT };
      if (grid.hits(b)) return false;
      grid.add(b);
    }
    return true;
  };
  if (!fits(cap)) return cap;
  if (fits(floor)) return floor;
  let lo = floor;
  let hi = cap;
  // To 2% of the zoom: finer buys nothing visible and costs a grid pass a step.
  for (let step = 0; step < 12 && hi - lo > 0.02 * hi; step++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface FitTransform {
  x: number;
  y: number;
  k: number;
  /** True when the drawing didn't fit at `minK`: the view shows part of it, to be panned. */
  clamped: boolean;
}

/**
 * The nodes a view that cannot show everything starts with: those of the first account (the lowest group index
 * 0, 1, ... among the shown nodes; -1 is outside every account), else all shown nodes. The layered layout puts
 * the outside principals (services, providers, other accounts) first; a short view starts at the first account.
 */
export function startNodes(shown: readonly number[], groups: ArrayLike<number> | undefined): number[] {
  if (!groups) return [...shown];
  let first = Infinity;
  for (const i of shown) if (groups[i] >= 0 && groups[i] < first) first = groups[i];
  return Number.isFinite(first) ? shown.filter((i) => groups[i] === first) : [...shown];
}

/** Where one axis of the view starts: the offset (screen = graph × k + offset) and how many boxes it cuts. */
interface AxisChoice {
  offset: number;
  cuts: number;
}

/**
 * One axis of a view too small for the drawing: the offset that keeps the box `keep` whole in view; that cuts no
 * node or label box (`lo`..`hi`, screen units at offset 0; those `active`, i.e. in view on the other axis) at
 * the area's edges (0..`size`), else as few as possible (a box whose node, at `centre`, is more than `cull` past
 * an edge is not drawn, so not cut); that has the most boxes of `prefer` whole in view and
 * the most boxes in all (`useCounts`); and is nearest `desired`: in that order. The best offsets have a box just inside an edge (`margin` from it) or just
 * past it (or its node just past the cull), so those and `desired` are the candidates: O(n²) for n boxes (the page labels at most 150 nodes).
 */
function chooseAxis(lo: Float64Array, hi: Float64Array, centre: Float64Array, cull: number, active: Uint8Array, size: number, margin: number, desired: number, keep: number, prefer: readonly number[] | undefined, useCounts: boolean): AxisChoice {
  const n = lo.length;
  const candidates = [desired];
  for (let i = 0; i < n; i++) if (active[i]) candidates.push(margin - lo[i], -hi[i], size - margin - hi[i], size - lo[i], -cull - centre[i] - 0.5, size + cull - centre[i] + 0.5);
  const inPrefer = new Uint8Array(n);
  for (const i of prefer ?? []) inPrefer[i] = 1;
  let best: AxisChoice = { offset: desired, cuts: Infinity };
  let bestScore: number[] | undefined;
  for (const off of candidates) {
    let cuts = 0;
    let whole = 0;
    let preferred = 0;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      const a = lo[i] + off;
      const b = hi[i] + off;
      const c = centre[i] + off;
      // Out of view: the box, or the node (the page draws neither it nor its label past `cull`).
      if (b <= 0 || a >= size || c < -cull || c > size + cull) continue;
      if (a < 0 || b > size) cuts++;
      else {
        whole++;
        preferred += inPrefer[i];
      }
    }
    const kept = keep < 0 || (lo[keep] + off >= 0 && hi[keep] + off <= size) ? 0 : 1;
    const score = [kept, cuts, useCounts ? -preferred : 0, useCounts ? -whole : 0, Math.abs(off - desired)];
    if (!bestScore || lessThan(score, bestScore)) {
      bestScore = score;
      best = { offset: off, cuts };
    }
  }
  return best;
}

function lessThan(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] - 1e-9;
  return false;
}

/**
 * The view transform (screen = graph × k + (x, y)) that shows the shown nodes and their labels (`labelRight`:
 * how far each node's label reaches right of it, CSS pixels; `labelBelow` likewise downwards; `reachLeft` and
 * `reachUp`: how far a node's drawing, badges included, reaches left of and above its centre) in a `width` ×
 * `height` area with `pad` around, zoomed at most `maxK` and at least `minK`, centred. When even `minK` is too
 * big for the area, the drawing is not shrunk further: per axis that doesn't fit, the view is placed so that
 * no node or label is cut by the area's edge (those that don't fit are wholly out of view, reached by
 * panning), keeping in view the node the user is looking at (`anchor`, centred if it can be) or else starting
 * with `start` (the first account, `startNodes`) at the top left: on the horizontal axis the window of whole
 * columns holding the most of `start`'s nodes, then the most nodes.
 */
export function fitTransform(
  pos: Float32Array,
  shown: readonly number[],
  width: number,
  height: number,
  options: {
    pad?: number;
    minK?: number;
    maxK?: number;
    labelRight?: ArrayLike<number>;
    labelBelow?: number;
    reachLeft?: number;
    reachUp?: number;
    anchor?: number;
    start?: readonly number[];
    /** How far past the area's edge (graph units) the page still draws a node and its label. */
    cull?: number;
  } = {},
): FitTransform {
  const pad = options.pad ?? 40;
  const maxK = options.maxK ?? 2;
  const minK = Math.min(options.minK ?? 0.01, maxK);
  const list = shown.filter((i) => Number.isFinite(pos[2 * i]) && Number.isFinite(pos[2 * i + 1]));
  if (!list.length) return { x: width / 2, y: height / 2, k: 1, clamped: false };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const i of list) {
    x0 = Math.min(x0, pos[2 * i]);
    x1 = Math.max(x1, pos[2 * i]);
    y0 = Math.min(y0, pos[2 * i + 1]);
    y1 = Math.max(y1, pos[2 * i + 1]);
  }
  const below = options.labelBelow ?? 0;
  const left = options.reachLeft ?? 0;
  const up = options.reachUp ?? 0;
  const reach = options.labelRight;
  const innerW = Math.max(1, width - 2 * pad);
  // Above a node's centre `up`, below it the larger of `up` and its label.
  const innerH = Math.max(1, height - 2 * pad - up - Math.max(up, below));
  // Widest zoom at which every node's label still ends inside: k × (x - x0) + reach <= innerW - left.
  let kx = Math.max(1e-6, innerW - left) / Math.max(1, x1 - x0);
  if (reach) {
    for (const i of list) {
      const dx = pos[2 * i] - x0;
      if (dx > 0) kx = Math.min(kx, Math.max(0, innerW - left - reach[i]) / dx);
    }
  }
  const ky = innerH / Math.max(1, y1 - y0);
  const fitK = Math.min(maxK, kx, ky);
  const k = Math.max(minK, fitK);
  const clamped = fitK < minK - 1e-9;
  // Each node's box on screen at offset 0: its drawing and its label.
  const n = list.length;
  const xLo = new Float64Array(n), xHi = new Float64Array(n), yLo = new Float64Array(n), yHi = new Float64Array(n);
  const index = new Map<number, number>();
  list.forEach((i, j) => {
    index.set(i, j);
    xLo[j] = k * pos[2 * i] - left;
    xHi[j] = k * pos[2 * i] + (reach ? reach[i] : 0);
    yLo[j] = k * pos[2 * i + 1] - up;
    yHi[j] = k * pos[2 * i + 1] + Math.max(up, below);
  });
  const extent = (lo: Float64Array, hi: Float64Array): [number, number] => [Math.min(...lo), Math.max(...hi)];
  const [L, R] = extent(xLo, xHi);
  const [T, B] = extent(yLo, yHi);
  const a = options.anchor !== undefined && index.has(options.anchor) ? index.get(options.anchor)! : -1;
  const start = (options.start ?? []).map((i) => index.get(i)).filter((j): j is number => j !== undefined);
  const first = start.length ? start : list.map((_, j) => j);
  const leftmost = first.reduce((m, j) => (xLo[j] < xLo[m] ? j : m), first[0]);
  const topmost = first.reduce((m, j) => (yLo[j] < yLo[m] ? j : m), first[0]);
  const margin = Math.min(pad, 4);
  const cull = (options.cull ?? 0) * k;
  const xC = Float64Array.from(list, (i) => k * pos[2 * i]);
  const yC = Float64Array.from(list, (i) => k * pos[2 * i + 1]);
  // Per axis: centred when it fits, else placed to cut nothing (around the anchor, or from the start). The two
  // axes depend on each other (a box out of view on one axis is cut by no edge of the other): the vertical
  // placement first among the boxes in view horizontally at the first guess, then the horizontal one among
  // those in view vertically, then the vertical one again.
  const fitsX = R - L <= innerW + 1e-6;
  const fitsY = B - T <= height - 2 * pad + 1e-6;
  const all = new Uint8Array(n).fill(1);
  const inView = (lo: Float64Array, hi: Float64Array, off: number, size: number) => Uint8Array.from(lo, (l, j) => (hi[j] + off > 0 && l + off < size ? 1 : 0));
  const chooseX = (active: Uint8Array) =>
    fitsX
      ? (width - (R - L)) / 2 - L
      : a >= 0
        ? chooseAxis(xLo, xHi, xC, cull, active, width, margin, width / 2 - k * pos[2 * list[a]], a, undefined, true).offset
        : chooseAxis(xLo, xHi, xC, cull, active, width, margin, pad - xLo[leftmost], -1, first, true).offset;
  const chooseY = (active: Uint8Array) =>
    fitsY
      ? (height - (B - T)) / 2 - T
      : a >= 0
        ? chooseAxis(yLo, yHi, yC, cull, active, height, margin, height / 2 - k * pos[2 * list[a] + 1], a, undefined, false).offset
        : chooseAxis(yLo, yHi, yC, cull, active, height, margin, pad - yLo[topmost], topmost, undefined, false).offset;
  const guessX = fitsX ? chooseX(all) : a >= 0 ? width / 2 - k * pos[2 * list[a]] : pad - xLo[leftmost];
  let y = chooseY(inView(xLo, xHi, guessX, width));
  const x = chooseX(inView(yLo, yHi, y, height));
  y = chooseY(inView(xLo, xHi, x, width));
  return { x, y, k, clamped };
}
