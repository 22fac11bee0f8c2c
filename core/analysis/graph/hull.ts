/**
 * The outline drawn around each account's nodes: the convex hull (d3-polygon) of the nodes' positions, each
 * padded by a ring of points, so that one node gets an octagon and a row of nodes a rounded band. Shared by the
 * webview (canvas) and the SVG export.
 */
import { polygonHull } from 'd3-polygon';

export interface GroupHull {
  group: number;
  /** The hull's corners, counter-clockwise. */
  points: [number, number][];
  /** Its bounding box: the group's name goes above its top left. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** How many nodes it holds. */
  size: number;
}

const RING = 8;

/**
 * One hull per group with at least one shown node. `pos` is [x0, y0, ...]; `groups` the group per node (-1: none);
 * `shown(i)` says whether node i counts (visible, in view). `pad` is in the positions' units. `labelReach(i)`, when
 * given, is how far node i's label reaches to its right (same units): the outline holds the label too.
 */
export function groupHulls(pos: Float32Array, groups: Int32Array, shown: (i: number) => boolean, pad: number, labelReach?: (i: number) => number): GroupHull[] {
  const members = new Map<number, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g < 0 || !shown(i) || !Number.isFinite(pos[2 * i]) || !Number.isFinite(pos[2 * i + 1])) continue;
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(i);
  }
  const out: GroupHull[] = [];
  for (const [group, list] of [...members].sort((a, b) => a[0] - b[0])) {
    // The hull of the padded nodes is the hull of the rings around the corners of the nodes' own hull: only
    // those corners get a ring (a big account's hull has a few dozen corners, not thousands of nodes).
    const centres: [number, number][] = list.map((i) => [pos[2 * i], pos[2 * i + 1]]);
    if (labelReach) for (const i of list) centres.push([pos[2 * i] + Math.max(0, labelReach(i) || 0), pos[2 * i + 1]]);
    const corners = centres.length >= 3 ? polygonHull(centres) ?? centres : centres;
    const ring: [number, number][] = [];
    for (const [cx, cy] of corners) {
      for (let k = 0; k < RING; k++) {
        const a = (k * 2 * Math.PI) / RING + Math.PI / RING;
        ring.push([cx + pad * Math.cos(a), cy + pad * Math.sin(a)]);
      }
    }
    const points = polygonHull(ring) ?? ring;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const [x, y] of points) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    out.push({ group, points, x0, y0, x1, y1, size: list.length });
  }
  return out;
}
