/**
 * A layered (Sugiyama-style) layout for small and focused views: who → groups and roles → policies, left to
 * right, each account a horizontal band of its own. Pure arithmetic on typed arrays, like core/analysis/graph/layout.ts, so
 * the page, the CLI's SVG and the tests share it.
 *
 * 1. Layers by kind (`LAYER_OF_KIND`): outside principals (services, providers, accounts), then users and
 *    instance profiles, then groups and roles, then policies. Empty layers are dropped.
 * 2. Bands by group (an account): nodes outside every account first, then the accounts in order. A band is as
 *    tall as its fullest layer, so each account is one rectangle across all layers and bands never overlap.
 * 3. Order within a layer and band: barycenter sweeps (each node moves towards the mean height of its
 *    neighbours in other layers), alternately left to right and right to left.
 * 4. Coordinates, spaced for the labels (core/analysis/graph/labels.ts) at zoom 1: each node's label sits to its right, so
 *    rows are one label high apart (`ROW`) and each column is as wide as its widest label plus room for the
 *    edges (`EDGE_ROOM`); a very full layer wraps into side-by-side sub-columns, each cell centred in its band.
 *    The labels' widths come from the caller (the page measures them; the CLI estimates them).
 * 5. With the drawing area's shape (`aspect`), the bands are stacked in as many side-by-side columns as bring
 *    the drawing closest to that shape: three accounts in a wide, short area sit side by side instead of in a
 *    tall stack that the page would have to shrink until the labels overlap.
 */
import { LABEL_GAP, LABEL_HEIGHT, estimateLabelWidth } from './labels';
import { indexGraph } from './query';
import type { GraphData, GraphNodeKind } from './types';

export const LAYER_OF_KIND: Record<GraphNodeKind, number> = {
  service: 0,
  identityProvider: 0,
  externalAccount: 0,
  account: 0,
  user: 1,
  instanceProfile: 1,
  group: 2,
  role: 2,
  policy: 3,
  awsPolicy: 3,
};

/** Up to this many nodes the layered layout is the default (the page's automatic choice, the SVG export). */
export const LAYERED_LIMIT = 150;

/** The largest node radius (core/analysis/graph/shapes.ts), for the spacing. */
export const NODE_RADIUS = 9;
/** Vertical distance between two nodes of a column: the taller of a node and a label (beside it), and a gap. */
export const ROW = Math.max(2 * NODE_RADIUS, LABEL_HEIGHT) + 6;
/** Between the end of a column's widest label and the next column's nodes: room to see the edges. */
export const EDGE_ROOM = 56;
/** The same between sub-columns of a very full layer (no edges run between them). */
export const SUB_ROOM = 24;
/** A label's width when the caller gives none (a typical name). */
export const DEFAULT_LABEL_WIDTH = estimateLabelWidth('a-typical-name-here');
/** Between two bands (accounts): room for the group's outline and its name. */
export const BAND_GAP = 76;
/** A cell with more nodes than this wraps into sub-columns. */
export const MAX_ROWS = 30;
const SWEEPS = 6;

export interface LayeredInput {
  count: number;
  /** [source0, target0, source1, target1, ...] node indices. */
  links: Int32Array;
  /** Layer per node (any integers; only their order matters). */
  ranks: Int32Array;
  /** Group (account) per node; -1 for none. Groups are laid out as bands in this order: -1, 0, 1, ... */
  groups: Int32Array;
  /** Width / height of the area the drawing will be fitted to; absent: the bands in one stack. */
  aspect?: number;
  /** Each node's label width in CSS pixels (the label is drawn right of the node); absent: `DEFAULT_LABEL_WIDTH`. */
  labelWidths?: ArrayLike<number>;
}

/** The layered layout's input for a whole graph: its edges as node-index pairs (self-loops left out), a layer per
 * node by its kind, a group per account. */
export function layeredInputOf(data: GraphData, index = indexGraph(data)): LayeredInput {
  const links: number[] = [];
  for (let e = 0; e < data.edges.length; e++) {
    const s = index.ends[2 * e];
    const t = index.ends[2 * e + 1];
    if (s >= 0 && t >= 0 && s !== t) links.push(s, t);
  }
  return {
    count: data.nodes.length,
    links: Int32Array.from(links),
    ranks: Int32Array.from(data.nodes, (n) => LAYER_OF_KIND[n.kind] ?? 0),
    groups: groupIndices(data.nodes, data.accounts),
  };
}

/** A column's stride: a node, its gap and widest label, then the room before the next nodes. */
const stride = (widest: number, room: number) => 2 * NODE_RADIUS + LABEL_GAP + widest + room;

/** Positions [x0, y0, x1, y1, ...], centred on the origin. */
export function layeredLayout(input: LayeredInput): Float32Array {
  const { count, links, ranks, groups, aspect, labelWidths } = input;
  const pos = new Float32Array(2 * count);
  if (count === 0) return pos;

  // Layers (columns) and bands.
  const rankValues = [...new Set(ranks)].sort((a, b) => a - b);
  const column = new Map<number, number>(rankValues.map((r, i) => [r, i]));
  const groupValues = [...new Set(groups)].sort((a, b) => a - b);
  const band = new Map<number, number>(groupValues.map((g, i) => [g, i]));
  const columns = rankValues.length;
  const bands = groupValues.length;
  const cells: number[][] = Array.from({ length: bands * columns }, () => []);
  const colOf = new Int32Array(count);
  const bandOf = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    colOf[i] = column.get(ranks[i])!;
    bandOf[i] = band.get(groups[i])!;
    cells[bandOf[i] * columns + colOf[i]].push(i);
  }

  const adjacency: number[][] = Array.from({ length: count }, () => []);
  for (let k = 0; k + 1 < links.length; k += 2) {
    const s = links[k];
    const t = links[k + 1];
    if (s < 0 || t < 0 || s >= count || t >= count || s === t) continue;
    adjacency[s].push(t);
    adjacency[t].push(s);
  }

  // Sizes: sub-columns per cell, rows per band, extra width per column.
  const subColumns = (size: number) => Math.max(1, Math.ceil(size / MAX_ROWS));
  const rowsOf = (size: number) => Math.ceil(size / subColumns(size));
  const bandRows = new Int32Array(bands);
  const extra = new Int32Array(columns);
  for (let b = 0; b < bands; b++)
    for (let c = 0; c < columns; c++) {
      const size = cells[b * columns + c].length;
      bandRows[b] = Math.max(bandRows[b], rowsOf(size));
      extra[c] = Math.max(extra[c], subColumns(size) - 1);
    }
  // Each column's widest label sets its width (and its sub-columns' pitch).
  const widest = new Float32Array(columns);
  for (let i = 0; i < count; i++) {
    const w = labelWidths ? labelWidths[i] : DEFAULT_LABEL_WIDTH;
    widest[colOf[i]] = Math.max(widest[colOf[i]], Number.isFinite(w) && w > 0 ? w : DEFAULT_LABEL_WIDTH);
  }
  const subGap = Float32Array.from(widest, (w) => stride(w, SUB_ROOM));
  const bandTop = new Float32Array(bands);
  for (let b = 1; b < bands; b++) bandTop[b] = bandTop[b - 1] + Math.max(0, bandRows[b - 1] - 1) * ROW + BAND_GAP;
  const columnX = new Float32Array(columns);
  for (let c = 1; c < columns; c++) columnX[c] = columnX[c - 1] + extra[c - 1] * subGap[c - 1] + stride(widest[c - 1], EDGE_ROOM);

  const place = (b: number, c: number) => {
    const cell = cells[b * columns + c];
    const subs = subColumns(cell.length);
    const rows = rowsOf(cell.length);
    const offset = ((bandRows[b] - rows) / 2) * ROW;
    cell.forEach((i, k) => {
      const sub = Math.floor(k / rows);
      pos[2 * i] = columnX[c] + sub * subGap[c] + ((extra[c] - (subs - 1)) * subGap[c]) / 2;
      pos[2 * i + 1] = bandTop[b] + offset + (k % rows) * ROW;
    });
  };
  for (let b = 0; b < bands; b++) for (let c = 0; c < columns; c++) place(b, c);

  // Barycenter sweeps: order each cell by the mean height of the nodes' neighbours in other layers.
  const key = new Float64Array(count);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const forward = sweep % 2 === 0;
    for (let step = 0; step < columns; step++) {
      const c = forward ? step : columns - 1 - step;
      for (let b = 0; b < bands; b++) {
        const cell = cells[b * columns + c];
        if (cell.length < 2) continue;
        for (const i of cell) {
          let sum = 0;
          let n = 0;
          for (const m of adjacency[i]) {
            if (colOf[m] === c) continue;
            sum += pos[2 * m + 1];
            n++;
          }
          key[i] = n > 0 ? sum / n : pos[2 * i + 1];
        }
        cell.sort((a, z) => key[a] - key[z] || a - z);
        place(b, c);
      }
    }
  }

  if (aspect && aspect > 0 && Number.isFinite(aspect) && bands > 1) {
    // The drawing's width: to the end of the last column's widest label.
    const width = columnX[columns - 1] + extra[columns - 1] * subGap[columns - 1] + NODE_RADIUS + LABEL_GAP + widest[columns - 1];
    const heights = Array.from(bandRows, (r) => Math.max(0, r - 1) * ROW);
    const shift = arrangeBands(heights, width, aspect);
    for (let i = 0; i < count; i++) {
      const b = bandOf[i];
      pos[2 * i] += shift.dx[b];
      pos[2 * i + 1] += shift.top[b] - bandTop[b];
    }
  }

  // Centre on the origin.
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < count; i++) {
    x0 = Math.min(x0, pos[2 * i]);
    x1 = Math.max(x1, pos[2 * i]);
    y0 = Math.min(y0, pos[2 * i + 1]);
    y1 = Math.max(y1, pos[2 * i + 1]);
  }
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  for (let i = 0; i < count; i++) {
    pos[2 * i] -= cx;
    pos[2 * i + 1] -= cy;
  }
  return pos;
}

/**
 * The bands (heights in order; `width`: a band's, to its last labels' end) in k side-by-side stacks, k from 1 to the number of bands, each stack filled in
 * order up to an even share of the total height; the k whose drawing's width / height is closest (in ratio) to
 * `aspect` wins. Returns each band's x shift and new top.
 */
export function arrangeBands(heights: readonly number[], width: number, aspect: number): { dx: Float32Array; top: Float32Array } {
  const n = heights.length;
  const stride = width + EDGE_ROOM + BAND_GAP; // a stack's width (labels included) and the outlines' padding between stacks
  const total = heights.reduce((a, h) => a + h, 0) + (n - 1) * BAND_GAP;
  let best: { dx: Float32Array; top: Float32Array } | undefined;
  let bestScore = Infinity;
  for (let k = 1; k <= n; k++) {
    const dx = new Float32Array(n);
    const top = new Float32Array(n);
    const share = total / k;
    let stack = 0;
    let y = 0;
    let tallest = 0;
    for (let b = 0; b < n; b++) {
      // A new stack when this one holds its share and stacks remain for the bands left.
      if (y > 0 && y + heights[b] / 2 > share && stack < k - 1) {
        stack++;
        y = 0;
      }
      dx[b] = stack * stride;
      top[b] = y;
      y += heights[b] + BAND_GAP;
      tallest = Math.max(tallest, y - BAND_GAP);
    }
    const drawn = (stack + 1) * stride - EDGE_ROOM - BAND_GAP; // to the last stack's labels' end
    const score = Math.abs(Math.log(drawn / Math.max(ROW, tallest + BAND_GAP) / aspect));
    if (score < bestScore - 1e-9) {
      bestScore = score;
      best = { dx, top };
    }
  }
  return best!;
}

/**
 * Group (account) index per node, for the layouts and the hulls: the position of `node.account` in
 * `accounts`, or -1 (outside every account, or an account the list doesn't name).
 */
export function groupIndices(nodes: readonly { account?: string }[], accounts: readonly { id: string }[] | undefined): Int32Array {
  const at = new Map<string, number>();
  (accounts ?? []).forEach((a, i) => at.set(a.id, i));
  const out = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((n, i) => {
    const g = n.account === undefined ? undefined : at.get(n.account);
    if (g !== undefined) out[i] = g;
  });
  return out;
}
